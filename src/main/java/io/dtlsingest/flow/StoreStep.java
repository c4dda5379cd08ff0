package io.dtlsingest.flow;

import io.dtlsingest.dtls.DtlsHeaders;
import io.dtlsingest.store.ReadingWriter;
import io.dtlsingest.store.ReceivedDatagram;
import io.dtlsingest.store.StoreResult;
import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Rejection;
import io.dtlsingest.telemetry.Reply;
import io.dtlsingest.telemetry.ReplyCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.InvalidDataAccessResourceUsageException;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.support.MessageBuilder;

/**
 * Stores a batch of accepted datagrams and then replies to each. A reply goes out only after the
 * commit, so "ok" always means the readings are in the database.
 *
 * <p>When the database is away the batch is retried with a doubling pause, for as long as it takes;
 * meanwhile the queue in front fills and new datagrams are answered "busy". A batch the database
 * refuses for its content is stored datagram by datagram, so one bad datagram fails alone. Stopping
 * interrupts the retries; the datagrams of that batch are then not answered and their devices
 * retransmit.
 */
final class StoreStep implements Consumer<List<Message<?>>> {

    private static final Logger log = LoggerFactory.getLogger(StoreStep.class);

    private final ReadingWriter writer;
    private final MessageChannel replies;
    private final IngestMetrics metrics;
    private final PipelineStatus status;
    private final Duration initialBackoff;
    private final Duration maxBackoff;

    StoreStep(
            ReadingWriter writer,
            MessageChannel replies,
            IngestMetrics metrics,
            PipelineStatus status,
            PipelineProperties properties) {
        this.writer = writer;
        this.replies = replies;
        this.metrics = metrics;
        this.status = status;
        this.initialBackoff = properties.retryInitialBackoff();
        this.maxBackoff = properties.retryMaxBackoff();
    }

    @Override
    public void accept(List<Message<?>> batch) {
        List<ReceivedDatagram> datagrams = new ArrayList<>(batch.size());
        for (Message<?> message : batch) {
            datagrams.add((ReceivedDatagram) message.getPayload());
        }

        List<Optional<StoreResult>> results;
        try {
            results = storeBatch(datagrams);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.warn("Stopped while retrying; {} datagrams left unanswered", batch.size());
            return;
        }

        for (int i = 0; i < batch.size(); i++) {
            replies.send(replyMessage(batch.get(i), datagrams.get(i), results.get(i)));
        }
    }

    private List<Optional<StoreResult>> storeBatch(List<ReceivedDatagram> datagrams)
            throws InterruptedException {
        try {
            return storeWithRetry(datagrams).stream().map(Optional::of).toList();
        } catch (RuntimeException e) {
            if (!refusedForContent(e)) {
                throw e;
            }
            log.warn("The database refused a batch of {}; storing one by one", datagrams.size(), e);
            return storeOneByOne(datagrams);
        }
    }

    private List<Optional<StoreResult>> storeOneByOne(List<ReceivedDatagram> datagrams)
            throws InterruptedException {
        List<Optional<StoreResult>> results = new ArrayList<>(datagrams.size());
        for (ReceivedDatagram datagram : datagrams) {
            try {
                results.add(Optional.of(storeWithRetry(List.of(datagram)).get(0)));
            } catch (RuntimeException e) {
                if (!refusedForContent(e)) {
                    throw e;
                }
                log.warn("The database refused a datagram of device {}", datagram.deviceId(), e);
                results.add(Optional.empty());
            }
        }
        return results;
    }

    private List<StoreResult> storeWithRetry(List<ReceivedDatagram> datagrams)
            throws InterruptedException {
        Duration backoff = initialBackoff;
        int attempt = 1;
        while (true) {
            long started = System.nanoTime();
            try {
                List<StoreResult> results = writer.store(datagrams);
                status.committed();
                metrics.committed(
                        datagrams,
                        results.stream().mapToInt(StoreResult::stored).sum(),
                        Duration.ofNanos(System.nanoTime() - started));
                if (attempt > 1) {
                    log.info("Database writes resumed after {} attempts", attempt);
                }
                return results;
            } catch (RuntimeException e) {
                if (refusedForContent(e)) {
                    throw e;
                }
                status.failed();
                logFailure(attempt, backoff, e);
            }
            metrics.retried();
            Thread.sleep(backoff.toMillis());
            backoff = min(backoff.multipliedBy(2), maxBackoff);
            attempt++;
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Logs the first failure and then every tenth, so an outage does not flood the log. */
    private static void logFailure(int attempt, Duration backoff, RuntimeException e) {
        if (attempt == 1 || attempt % 10 == 0) {
            log.warn(
                    "Storing a batch failed (attempt {}), retrying in {} ms: {}",
                    attempt,
                    backoff.toMillis(),
                    e.getMessage());
        }
    }

    /** Failures that retrying cannot cure: the database rejects the data itself. */
    private static boolean refusedForContent(RuntimeException e) {
        return e instanceof DataIntegrityViolationException
                || e instanceof InvalidDataAccessResourceUsageException
                || e instanceof InvalidDataAccessApiUsageException;
    }

    private static Message<Reply> replyMessage(
            Message<?> request, ReceivedDatagram datagram, Optional<StoreResult> result) {
        return MessageBuilder.withPayload(replyFor(datagram.decoded(), result))
                .setHeader(DtlsHeaders.DEVICE_ID, datagram.deviceId())
                .setHeader(DtlsHeaders.SESSION_ID, datagram.sessionId())
                .setHeader(
                        DtlsHeaders.ENDPOINT_CONTEXT,
                        request.getHeaders().get(DtlsHeaders.ENDPOINT_CONTEXT))
                .build();
    }

    private static Reply replyFor(Decoded decoded, Optional<StoreResult> result) {
        if (result.isEmpty()) {
            Rejection refused =
                    new Rejection(ReplyCode.INTERNAL, "the database refused the readings");
            return Reply.rejected(decoded.encoding(), decoded.messageId(), refused);
        }
        StoreResult stored = result.get();
        return stored.duplicate()
                ? Reply.duplicate(decoded.encoding(), decoded.messageId())
                : Reply.ok(decoded.encoding(), decoded.messageId(), stored.stored());
    }
}
