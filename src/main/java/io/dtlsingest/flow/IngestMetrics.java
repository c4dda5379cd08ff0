package io.dtlsingest.flow;

import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.telemetry.ReplyCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Counts what becomes of every datagram, exactly once each, when its reply is sent: stored,
 * duplicate, rejected (by reason), busy, rate-limited or failed. Meters are created up front so
 * that the hot path only increments.
 */
@Component
public class IngestMetrics {

    /**
     * The codes of a datagram refused for what it holds; the other codes have outcomes of their
     * own.
     */
    private static final Set<ReplyCode> REJECTIONS =
            EnumSet.of(
                    ReplyCode.MALFORMED,
                    ReplyCode.INVALID,
                    ReplyCode.LIMIT_EXCEEDED,
                    ReplyCode.TOO_LARGE,
                    ReplyCode.UNSUPPORTED_FORMAT);

    private final Counter stored;
    private final Counter duplicate;
    private final Map<ReplyCode, Counter> rejected = new EnumMap<>(ReplyCode.class);
    private final Counter busy;
    private final Counter rateLimited;
    private final Counter failed;
    private final Counter readings;
    private final Counter unrecordedRejections;
    private final Counter retries;
    private final Counter repliesSent;
    private final DistributionSummary batchSize;
    private final Timer commitLatency;
    private final Timer receiveToCommit;

    IngestMetrics(MeterRegistry registry) {
        stored = outcome(registry, "stored", "none");
        duplicate = outcome(registry, "duplicate", "none");
        for (ReplyCode code : REJECTIONS) {
            rejected.put(code, outcome(registry, "rejected", code.wireName()));
        }
        busy = outcome(registry, "busy", "none");
        rateLimited = outcome(registry, "rate_limited", "none");
        failed = outcome(registry, "failed", "none");
        readings =
                Counter.builder("ingest.readings.stored")
                        .description("Readings committed to the database")
                        .register(registry);
        unrecordedRejections =
                Counter.builder("ingest.rejections.unrecorded")
                        .description("Rejections answered but not recorded: their queue was full")
                        .register(registry);
        retries =
                Counter.builder("ingest.store.retries")
                        .description("Batches retried after the database failed them")
                        .register(registry);
        repliesSent =
                Counter.builder("ingest.replies.sent")
                        .description("Replies sent to devices")
                        .register(registry);
        receiveToCommit =
                Timer.builder("ingest.receive.to.commit")
                        .description("Time from receiving a datagram to committing its readings")
                        .register(registry);
        batchSize =
                DistributionSummary.builder("ingest.batch.size")
                        .description("Datagrams per committed batch")
                        .register(registry);
        commitLatency =
                Timer.builder("ingest.commit.latency")
                        .description("Time to store one batch, commit included")
                        .register(registry);
    }

    private static Counter outcome(MeterRegistry registry, String outcome, String reason) {
        return Counter.builder("ingest.datagrams")
                .description("Datagrams by final outcome")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry);
    }

    /** Counts the outcome a reply announces. */
    void replied(ReplyCode code, boolean duplicateReply) {
        repliesSent.increment();
        switch (code) {
            case OK -> (duplicateReply ? duplicate : stored).increment();
            case BUSY -> busy.increment();
            case RATE_LIMITED -> rateLimited.increment();
            case INTERNAL -> failed.increment();
            default -> rejected.get(code).increment();
        }
    }

    void committed(List<ReceivedDatagram> datagrams, int readingsStored, Duration took) {
        batchSize.record(datagrams.size());
        readings.increment(readingsStored);
        commitLatency.record(took);
        Instant now = Instant.now();
        for (ReceivedDatagram datagram : datagrams) {
            receiveToCommit.record(Duration.between(datagram.receivedAt(), now));
        }
    }

    void rejectionUnrecorded() {
        unrecordedRejections.increment();
    }

    void retried() {
        retries.increment();
    }
}
