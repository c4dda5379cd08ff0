package io.dtlsingest.device;

import io.dtlsingest.secrets.SecretBox;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the devices file needs to know beyond {@link DeviceService}: which devices it owns, and the
 * stored credential of a device, so that an unchanged entry can be left alone.
 */
@Repository
class ManagedDevices {

    /** Advisory lock key that serialises devices file syncs across instances: "devfile". */
    private static final long SYNC_LOCK = 0x646576_66696c65L;

    private final JdbcClient jdbc;
    private final DataSource dataSource;

    ManagedDevices(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /**
     * Makes the devices file the owner of a device.
     *
     * @return true when the device was owned by the API until now
     */
    boolean takeOver(String id) {
        return jdbc.sql(
                                "update devices set managed_by = 'file'"
                                        + " where id = ? and managed_by <> 'file'")
                        .param(id)
                        .update()
                > 0;
    }

    /** Enabled devices the devices file owns. */
    List<String> enabledOwnedByFile() {
        return jdbc.sql("select id from devices where managed_by = 'file' and enabled order by id")
                .query(String.class)
                .list();
    }

    /** How many devices the devices file owns. */
    long ownedByFile() {
        return jdbc.sql("select count(*) from devices where managed_by = 'file'")
                .query(Long.class)
                .single();
    }

    /** The current credential of a device, key still sealed. */
    Optional<StoredCredential> currentCredential(String deviceId) {
        return jdbc.sql(
                        """
                        select psk_identity, psk_key_sealed, kek_id, public_key
                        from device_credentials where device_id = ? and slot = 'current'
                        """)
                .param(deviceId)
                .query(
                        (rs, row) ->
                                new StoredCredential(
                                        rs.getString("psk_identity") == null
                                                ? null
                                                : new PskCredential(
                                                        deviceId,
                                                        rs.getString("psk_identity"),
                                                        new SecretBox.Sealed(
                                                                rs.getString("kek_id"),
                                                                rs.getBytes("psk_key_sealed"))),
                                        rs.getBytes("public_key")))
                .optional();
    }

    /**
     * Runs {@code work} while holding a PostgreSQL advisory lock, so that instances sharing a
     * database apply the devices file one after the other and the later ones find nothing to do.
     * The lock ends with its connection, should this instance die while holding it. It is not
     * waited for: a start or a scheduler thread must not hang behind another instance.
     *
     * @throws DataAccessResourceFailureException when another instance holds the lock; the next
     *     check tries again
     */
    <T> T underSyncLock(Supplier<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            if (!tryLock(connection)) {
                throw new DataAccessResourceFailureException(
                        "another instance is applying the devices file");
            }
            try {
                return work.get();
            } finally {
                execute(connection, "select pg_advisory_unlock(?)");
            }
        } catch (SQLException e) {
            throw new DataAccessResourceFailureException(
                    "Cannot take the devices file lock: " + e.getMessage(), e);
        }
    }

    private static boolean tryLock(Connection connection) throws SQLException {
        try (PreparedStatement statement =
                connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            statement.setLong(1, SYNC_LOCK);
            try (var result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setLong(1, SYNC_LOCK);
            statement.execute();
        }
    }

    /**
     * A device's current credential as stored.
     *
     * @param psk the PSK, sealed, for a PSK device
     * @param publicKey the DER SubjectPublicKeyInfo, for a raw public key device
     */
    record StoredCredential(@Nullable PskCredential psk, byte @Nullable [] publicKey) {}
}
