package io.dtlsingest.telemetry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What the decoder has learned so far about one datagram: the readings, how many records it has
 * seen and the message id. Used by one thread for one datagram only.
 */
final class DecodeSession {

    private final DecodeLimits limits;
    private final Instant receivedAt;
    private final List<Reading> readings = new ArrayList<>();
    private int recordCount;
    private boolean hasMessageId;
    private long messageId;

    DecodeSession(DecodeLimits limits, Instant receivedAt) {
        this.limits = limits;
        this.receivedAt = receivedAt;
    }

    DecodeLimits limits() {
        return limits;
    }

    /** "Now" for relative times. */
    Instant receivedAt() {
        return receivedAt;
    }

    /** The time of readings that state none, at the precision of all reading times. */
    Instant defaultTime() {
        return receivedAt.truncatedTo(ChronoUnit.MICROS);
    }

    /** Counts a record (or flat reading) and returns its 1-based index in the datagram. */
    int nextRecordIndex() {
        return ++recordCount;
    }

    void addReading(Reading reading) {
        if (readings.size() >= limits.maxRecords()) {
            throw DecodeRejection.limitExceeded("more than " + limits.maxRecords() + " records");
        }
        readings.add(reading);
    }

    /**
     * Records the datagram's message id. It may be repeated in several records, but one datagram
     * cannot answer to two ids.
     */
    void noteMessageId(long id) {
        if (hasMessageId && messageId != id) {
            throw DecodeRejection.invalid(
                    "two different message ids in one datagram: " + messageId + " and " + id);
        }
        hasMessageId = true;
        messageId = id;
    }

    OptionalLong messageId() {
        return hasMessageId ? OptionalLong.of(messageId) : OptionalLong.empty();
    }

    List<Reading> readings() {
        return readings;
    }
}
