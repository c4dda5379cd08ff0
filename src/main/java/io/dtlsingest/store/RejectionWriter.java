package io.dtlsingest.store;

import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Rejection;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.List;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Records rejected datagrams with their reason and the first bytes of their payload, so an operator
 * can see what a device sent wrong.
 */
@Component
public class RejectionWriter {

    private static final String INSERT =
            """
            insert into rejected_datagrams (device_id, received_at, code, reason, payload,
                                            payload_size)
            values (?, ?, ?, ?, ?, ?)
            """;

    private final JdbcTemplate jdbc;
    private final int payloadBytes;

    RejectionWriter(JdbcTemplate jdbc, StoreProperties properties) {
        this.jdbc = jdbc;
        this.payloadBytes = properties.rejectedPayloadBytes();
    }

    /**
     * Records a batch of rejected datagrams in one statement batch.
     *
     * @throws DataAccessException when they could not be recorded
     */
    public void record(List<ReceivedDatagram> rejected) {
        jdbc.batchUpdate(
                INSERT,
                rejected,
                rejected.size(),
                (statement, datagram) -> {
                    Rejection rejection = rejectionOf(datagram);
                    byte[] payload = datagram.payload();
                    statement.setString(1, datagram.deviceId());
                    statement.setTimestamp(2, Timestamp.from(datagram.receivedAt()));
                    statement.setString(3, rejection.code().wireName());
                    // PostgreSQL text cannot hold NUL, and a detail may quote device input.
                    statement.setString(4, rejection.detail().replace('\0', '?'));
                    statement.setBytes(
                            5, Arrays.copyOf(payload, Math.min(payload.length, payloadBytes)));
                    statement.setInt(6, payload.length);
                });
    }

    private static Rejection rejectionOf(ReceivedDatagram datagram) {
        if (datagram.decoded() instanceof Decoded.Rejected rejected) {
            return rejected.rejection();
        }
        throw new IllegalArgumentException("Only rejected datagrams are recorded as rejections");
    }
}
