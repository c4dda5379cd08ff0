package io.dtlsingest.store;

import io.dtlsingest.telemetry.Reading;
import io.dtlsingest.telemetry.ReadingValue;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The readings of one batch as one {@code COPY readings ... FROM STDIN} in PostgreSQL's binary
 * format. Compared with an insert of column arrays this spares the writer thread rendering every
 * value as text and the database parsing it back.
 *
 * <p>Not thread-safe; one instance serves one batch. Its buffer holds the rows of that batch only,
 * so it is bounded by the batch size times the largest datagram.
 */
final class ReadingCopy {

    private static final String COPY =
            "copy readings (device_id, name, time, num_value, str_value, bool_value, data_value,"
                    + " sum_value, unit, received_at) from stdin (format binary)";
    private static final byte[] SIGNATURE = {
        'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0
    };
    private static final short FIELDS = 10;
    private static final int NULL = -1;

    /** 2000-01-01T00:00:00Z, where PostgreSQL counts timestamps from, in microseconds. */
    private static final long POSTGRES_EPOCH_MICROS = 946_684_800_000_000L;

    private byte[] buffer;
    private int length;
    private int rows;

    ReadingCopy(int expectedRows) {
        buffer = new byte[64 + expectedRows * 96];
        append(SIGNATURE);
        appendInt(0); // flags: no OIDs
        appendInt(0); // no header extension
    }

    /**
     * Adds one row: a reading of a datagram received from {@code deviceId} at {@code receivedAt}.
     */
    void add(String deviceId, Instant receivedAt, Reading reading) {
        appendShort(FIELDS);
        appendText(deviceId);
        appendText(reading.name());
        appendTimestamp(reading.time());
        ReadingValue value = reading.value();
        appendDouble(value instanceof ReadingValue.Numeric numeric ? numeric.value() : null);
        appendText(value instanceof ReadingValue.Text text ? text.value() : null);
        appendBoolean(value instanceof ReadingValue.Bool bool ? bool.value() : null);
        appendBytes(value instanceof ReadingValue.Data data ? data.value() : null);
        appendDouble(reading.sum());
        appendText(reading.unit());
        appendTimestamp(receivedAt);
        rows++;
    }

    int rows() {
        return rows;
    }

    /** Sends the rows on {@code connection}, in its current transaction. */
    void copyTo(Connection connection) throws SQLException {
        appendShort((short) -1); // end of data
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(COPY);
        try {
            copy.writeToCopy(buffer, 0, length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private void appendText(@Nullable String text) {
        appendBytes(text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    private void appendBytes(byte @Nullable [] bytes) {
        if (bytes == null) {
            appendInt(NULL);
            return;
        }
        appendInt(bytes.length);
        append(bytes);
    }

    private void appendTimestamp(Instant instant) {
        appendInt(Long.BYTES);
        appendLong(ReadingWriter.micros(instant) - POSTGRES_EPOCH_MICROS);
    }

    private void appendDouble(@Nullable Double number) {
        if (number == null) {
            appendInt(NULL);
            return;
        }
        appendInt(Double.BYTES);
        appendLong(Double.doubleToRawLongBits(number));
    }

    private void appendBoolean(@Nullable Boolean flag) {
        if (flag == null) {
            appendInt(NULL);
            return;
        }
        appendInt(1);
        room(1);
        buffer[length++] = (byte) (flag ? 1 : 0);
    }

    private void appendShort(short value) {
        room(Short.BYTES);
        buffer[length++] = (byte) (value >>> 8);
        buffer[length++] = (byte) value;
    }

    private void appendInt(int value) {
        room(Integer.BYTES);
        for (int shift = 24; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void appendLong(long value) {
        room(Long.BYTES);
        for (int shift = 56; shift >= 0; shift -= 8) {
            buffer[length++] = (byte) (value >>> shift);
        }
    }

    private void append(byte[] bytes) {
        room(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    private void room(int bytes) {
        if (length + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + bytes));
        }
    }
}
