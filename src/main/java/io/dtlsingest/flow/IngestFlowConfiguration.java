package io.dtlsingest.flow;

import io.dtlsingest.dtls.DtlsEndpoint;
import io.dtlsingest.dtls.DtlsInboundChannelAdapter;
import io.dtlsingest.store.ReadingWriter;
import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.store.RejectionWriter;
import io.dtlsingest.telemetry.PayloadDecoder;
import io.dtlsingest.telemetry.PayloadProperties;
import io.dtlsingest.telemetry.ReplyEncoder;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.integration.channel.DirectChannel;
import org.springframework.integration.channel.QueueChannel;
import org.springframework.integration.dsl.IntegrationFlow;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.ErrorMessage;

/**
 * The ingest pipeline, as named channels and small flows:
 *
 * <pre>
 * DTLS adapter -> dtls.inbound -> decode, within rate limits? --no--> "rate_limited" reply
 *                                              |
 *                                              accepted? --yes--> ingest.accepted (bounded queue)
 *                                              |                 -> store batch -> ingest.replies
 *                                              no
 *                                              v
 *                                       ingest.rejected -> answer -> ingest.replies
 *                                              '-> ingest.rejections (bounded queue) -> record
 * failures -> ingest.errors -> busy / internal -> ingest.replies
 * ingest.replies -> send on the DTLS session
 * </pre>
 *
 * Decoding runs on the DTLS thread that received the record; storing runs on writer threads of
 * their own, so no DTLS thread ever waits for the database. Several writers take batches from the
 * one queue of accepted datagrams, so two datagrams of a session may be committed, and answered, in
 * either order; devices match replies by message id.
 */
@Configuration(proxyBeanMethods = false)
class IngestFlowConfiguration {

    static final String INBOUND = "dtls.inbound";
    static final String ACCEPTED = "ingest.accepted";
    static final String REJECTED = "ingest.rejected";
    static final String REJECTIONS = "ingest.rejections";
    static final String REPLIES = "ingest.replies";
    static final String ERRORS = "ingest.errors";

    // Lifecycle phases: components start from the lowest and stop from the highest. On stop
    // the adapter stops taking records first, the writers drain and reply, then the flows stop
    // (at phase 0, their own) and last the DTLS socket closes (DtlsEndpoint.PHASE).
    private static final int RECEIVE_PHASE = 1000;
    private static final int DECODE_PHASE = 900;
    private static final int WRITER_PHASE = 500;
    private static final int REPLY_PHASE = 100;
    private static final Duration REJECTIONS_DRAIN_TIMEOUT = Duration.ofSeconds(5);

    @Bean(ACCEPTED)
    QueueChannel acceptedChannel(PipelineProperties properties, MeterRegistry meters) {
        QueueChannel accepted = new BatchQueueChannel(properties.queueCapacity());
        Gauge.builder("ingest.queue.depth", accepted, QueueChannel::getQueueSize)
                .description("Accepted datagrams waiting to be stored")
                .register(meters);
        Gauge.builder("ingest.queue.capacity", properties, PipelineProperties::queueCapacity)
                .description("Accepted datagrams that may wait at most")
                .register(meters);
        return accepted;
    }

    @Bean(REJECTIONS)
    QueueChannel rejectionsChannel(PipelineProperties properties) {
        return new BatchQueueChannel(properties.rejectionQueueCapacity());
    }

    @Bean(REPLIES)
    DirectChannel repliesChannel() {
        return new DirectChannel();
    }

    @Bean(ERRORS)
    DirectChannel errorsChannel() {
        return new DirectChannel();
    }

    @Bean
    IntegrationFlow receiveFlow(
            DtlsInboundChannelAdapter dtlsInboundAdapter,
            PayloadDecoder decoder,
            RateLimitProperties rateLimits,
            PayloadProperties payloadLimits) {
        dtlsInboundAdapter.setErrorChannelName(ERRORS);
        dtlsInboundAdapter.setPhase(RECEIVE_PHASE);
        DecodeStep decode = new DecodeStep(decoder);
        RateLimitStep limit =
                new RateLimitStep(
                        new DeviceRateLimits(checked(rateLimits, payloadLimits), System::nanoTime));
        // Decoding and the rate limits are one step: a message of its own between them cost a
        // copy of every header for each datagram, which showed in the profile of the DTLS threads.
        return IntegrationFlow.from(dtlsInboundAdapter)
                .channel(INBOUND)
                .handle(
                        byte[].class,
                        (payload, headers) -> limit.apply(decode.decode(payload, headers), headers),
                        e -> e.phase(DECODE_PHASE))
                .route(
                        Object.class,
                        IngestFlowConfiguration::destination,
                        router -> router.sendTimeout(0).phase(DECODE_PHASE))
                .get();
    }

    /** Accepted datagrams are stored, rejected ones answered; a rate-limited one is a reply. */
    private static String destination(Object payload) {
        if (payload instanceof ReceivedDatagram datagram) {
            return datagram.accepted() ? ACCEPTED : REJECTED;
        }
        return REPLIES;
    }

    private static RateLimitProperties checked(
            RateLimitProperties rateLimits, PayloadProperties payloadLimits) {
        if (rateLimits.readingBurst() < payloadLimits.maxRecords()) {
            throw new IllegalStateException(
                    "ingest.rate-limit.reading-burst ("
                            + rateLimits.readingBurst()
                            + ") must be at least ingest.payload.max-records ("
                            + payloadLimits.maxRecords()
                            + "), or datagrams with the most readings would always be refused");
        }
        return rateLimits;
    }

    @Bean
    IntegrationFlow rejectionFlow(
            @Qualifier(REJECTIONS) QueueChannel rejectionsChannel, IngestMetrics metrics) {
        RejectionStep step = new RejectionStep(rejectionsChannel, metrics);
        return IntegrationFlow.from(REJECTED)
                .handle(
                        Message.class,
                        (message, headers) -> step.reject(message),
                        e -> e.phase(REPLY_PHASE))
                .channel(REPLIES)
                .get();
    }

    @Bean
    IntegrationFlow errorFlow() {
        ErrorReplies errorReplies = new ErrorReplies();
        return IntegrationFlow.from(ERRORS)
                .handle(
                        ErrorMessage.class,
                        (error, headers) -> errorReplies.toReply(error),
                        e -> e.phase(REPLY_PHASE))
                .channel(REPLIES)
                .get();
    }

    @Bean
    IntegrationFlow replyFlow(DtlsEndpoint endpoint, ReplyEncoder encoder, IngestMetrics metrics) {
        return IntegrationFlow.from(REPLIES)
                .handle(new ReplySender(endpoint, encoder, metrics), e -> e.phase(REPLY_PHASE))
                .get();
    }

    @Bean
    SmartLifecycle readingWriterEndpoints(
            @Qualifier(ACCEPTED) QueueChannel acceptedChannel,
            @Qualifier(REPLIES) DirectChannel repliesChannel,
            ReadingWriter writer,
            IngestMetrics metrics,
            PipelineStatus status,
            PipelineProperties properties) {
        StoreStep store = new StoreStep(writer, repliesChannel, metrics, status, properties);
        List<BatchingEndpoint> writers = new ArrayList<>(properties.writers());
        for (int i = 1; i <= properties.writers(); i++) {
            writers.add(
                    new BatchingEndpoint(
                            "ingest-writer-" + i,
                            acceptedChannel,
                            properties.batchSize(),
                            properties.flushInterval(),
                            store,
                            WRITER_PHASE,
                            properties.drainTimeout()));
        }
        return new EndpointGroup(writers, WRITER_PHASE);
    }

    @Bean
    SmartLifecycle rejectionWriterEndpoint(
            @Qualifier(REJECTIONS) QueueChannel rejectionsChannel,
            RejectionWriter writer,
            PipelineProperties properties) {
        return new BatchingEndpoint(
                "ingest-rejections",
                rejectionsChannel,
                properties.batchSize(),
                properties.flushInterval(),
                batch -> recordRejections(writer, batch),
                WRITER_PHASE,
                rejectionsDrainTimeout(properties));
    }

    /**
     * Rejections were answered already, and recording them matters less than saving the DTLS state
     * before the process is killed; so their writer drains for a few seconds at most, which the
     * grace period's margin covers.
     */
    private static Duration rejectionsDrainTimeout(PipelineProperties properties) {
        Duration drain = properties.drainTimeout();
        return drain.compareTo(REJECTIONS_DRAIN_TIMEOUT) < 0 ? drain : REJECTIONS_DRAIN_TIMEOUT;
    }

    private static void recordRejections(RejectionWriter writer, List<Message<?>> batch) {
        List<ReceivedDatagram> rejected = new ArrayList<>(batch.size());
        for (Message<?> message : batch) {
            rejected.add((ReceivedDatagram) message.getPayload());
        }
        writer.record(rejected);
    }
}
