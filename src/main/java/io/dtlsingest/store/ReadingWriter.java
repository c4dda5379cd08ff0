package io.dtlsingest.store;

import io.dtlsingest.telemetry.Decoded;
import io.dtlsingest.telemetry.Reading;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores batches of accepted datagrams: one transaction per batch, whatever its size, with one
 * statement for the message ids, whose rows travel as PostgreSQL arrays expanded by {@code unnest},
 * and one binary {@code COPY} for the readings ({@link ReadingCopy}).
 *
 * <p>A datagram with a message id is stored at most once per DTLS session: the first one claims its
 * id in {@code datagram_receipts} in the same transaction as its readings, and a retransmission
 * finds the id taken.
 */
@Component
public class ReadingWriter {

    private static final String CLAIM_MESSAGE_IDS =
            """
            insert into datagram_receipts (device_id, session_id, message_id, received_at)
            select d, s, m, timestamptz 'epoch' + r * interval '1 microsecond'
            from unnest(?::text[], ?::text[], ?::bigint[], ?::bigint[]) as x (d, s, m, r)
            on conflict do nothing
            returning device_id, session_id, message_id
            """;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    ReadingWriter(JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    /**
     * Stores the readings of a batch of accepted datagrams in one transaction.
     *
     * @param batch accepted datagrams only
     * @return one result per datagram, in batch order
     * @throws DataAccessException when the transaction failed; then nothing of it is stored
     */
    public List<StoreResult> store(List<ReceivedDatagram> batch) {
        return transaction.execute(
                status ->
                        jdbc.execute((ConnectionCallback<List<StoreResult>>) c -> store(c, batch)));
    }

    private static List<StoreResult> store(Connection connection, List<ReceivedDatagram> batch)
            throws SQLException {
        boolean[] fresh = claimMessageIds(connection, batch);
        insertReadings(connection, batch, fresh);

        List<StoreResult> results = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            results.add(
                    fresh[i]
                            ? new StoreResult(readingsOf(batch.get(i)).size(), false)
                            : new StoreResult(0, true));
        }
        return results;
    }

    /**
     * Claims the message ids of the batch. A datagram is fresh when it carries no message id or
     * when it is the first to claim its id; a later one in the same batch, or one whose id is
     * already in the table, is a retransmission.
     */
    private static boolean[] claimMessageIds(Connection connection, List<ReceivedDatagram> batch)
            throws SQLException {
        boolean[] fresh = new boolean[batch.size()];
        Map<ReceiptKey, Integer> firstClaim = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            ReceiptKey key = ReceiptKey.of(batch.get(i));
            fresh[i] = key == null || firstClaim.putIfAbsent(key, i) == null;
        }
        if (firstClaim.isEmpty()) {
            return fresh;
        }

        Set<ReceiptKey> claimed = insertReceipts(connection, batch, firstClaim);
        firstClaim.forEach((key, index) -> fresh[index] = claimed.contains(key));
        return fresh;
    }

    private static Set<ReceiptKey> insertReceipts(
            Connection connection, List<ReceivedDatagram> batch, Map<ReceiptKey, Integer> claims)
            throws SQLException {
        int size = claims.size();
        String[] devices = new String[size];
        String[] sessions = new String[size];
        Long[] messageIds = new Long[size];
        Long[] receivedAt = new Long[size];
        // Writers run side by side. Claiming in one order everywhere makes a batch that meets an id
        // another batch holds wait for that batch to end, where two batches each holding an id the
        // other wants would deadlock until the database aborts one of them.
        List<Map.Entry<ReceiptKey, Integer>> ordered = new ArrayList<>(claims.entrySet());
        ordered.sort(Map.Entry.comparingByKey(ReceiptKey.ORDER));
        int row = 0;
        for (Map.Entry<ReceiptKey, Integer> claim : ordered) {
            ReceiptKey key = claim.getKey();
            devices[row] = key.deviceId();
            sessions[row] = key.sessionId();
            messageIds[row] = key.messageId();
            receivedAt[row] = micros(batch.get(claim.getValue()).receivedAt());
            row++;
        }

        Set<ReceiptKey> claimed = new HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement(CLAIM_MESSAGE_IDS)) {
            statement.setArray(1, connection.createArrayOf("text", devices));
            statement.setArray(2, connection.createArrayOf("text", sessions));
            statement.setArray(3, connection.createArrayOf("int8", messageIds));
            statement.setArray(4, connection.createArrayOf("int8", receivedAt));
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    claimed.add(
                            new ReceiptKey(rows.getString(1), rows.getString(2), rows.getLong(3)));
                }
            }
        }
        return claimed;
    }

    private static void insertReadings(
            Connection connection, List<ReceivedDatagram> batch, boolean[] fresh)
            throws SQLException {
        ReadingCopy copy = new ReadingCopy(countReadings(batch, fresh));
        for (int i = 0; i < batch.size(); i++) {
            if (fresh[i]) {
                ReceivedDatagram datagram = batch.get(i);
                for (Reading reading : readingsOf(datagram)) {
                    copy.add(datagram.deviceId(), datagram.receivedAt(), reading);
                }
            }
        }
        if (copy.rows() > 0) {
            copy.copyTo(connection);
        }
    }

    private static int countReadings(List<ReceivedDatagram> batch, boolean[] fresh) {
        int count = 0;
        for (int i = 0; i < batch.size(); i++) {
            if (fresh[i]) {
                count += readingsOf(batch.get(i)).size();
            }
        }
        return count;
    }

    private static List<Reading> readingsOf(ReceivedDatagram datagram) {
        if (datagram.decoded() instanceof Decoded.Accepted accepted) {
            return accepted.readings();
        }
        throw new IllegalArgumentException("Only accepted datagrams have readings to store");
    }

    static long micros(Instant instant) {
        return Math.addExact(
                Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                instant.getNano() / 1_000);
    }

    /** The identity of a message: its id within the device's DTLS session. */
    private record ReceiptKey(String deviceId, String sessionId, long messageId) {

        static final Comparator<ReceiptKey> ORDER =
                Comparator.comparing(ReceiptKey::deviceId)
                        .thenComparing(ReceiptKey::sessionId)
                        .thenComparingLong(ReceiptKey::messageId);

        static ReceiptKey of(ReceivedDatagram datagram) {
            var messageId = datagram.decoded().messageId();
            return messageId.isPresent()
                    ? new ReceiptKey(
                            datagram.deviceId(), datagram.sessionId(), messageId.getAsLong())
                    : null;
        }
    }
}
