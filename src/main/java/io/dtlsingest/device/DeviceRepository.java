package io.dtlsingest.device;

import io.dtlsingest.dtls.AuthType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Devices and their credentials in PostgreSQL. */
@Repository
class DeviceRepository implements DeviceCredentials {

    private static final String SELECT_DEVICE =
            """
            select d.id, d.enabled, d.created_at, d.updated_at, c.kind, c.psk_identity,
                   c.public_key
            from devices d join device_credentials c on c.device_id = d.id
            """;

    private final JdbcClient jdbc;

    DeviceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Registers a device with its credential.
     *
     * @throws DeviceConflictException naming what clashes with an existing device
     */
    @Transactional
    public void insert(NewDevice device) {
        try {
            jdbc.sql("insert into devices (id, enabled) values (?, ?)")
                    .params(device.id(), device.enabled())
                    .update();
            jdbc.sql(
                            """
                            insert into device_credentials
                                (device_id, kind, psk_identity, psk_key, public_key)
                            values (?, ?, ?, ?, ?)
                            """)
                    .params(
                            device.id(),
                            device.publicKey() == null ? "psk" : "rpk",
                            device.pskIdentity(),
                            device.pskKey(),
                            device.publicKey())
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DeviceConflictException(conflictMessage(device, e));
        }
    }

    private static String conflictMessage(NewDevice device, DuplicateKeyException e) {
        String detail = String.valueOf(e.getMessage());
        if (detail.contains("device_credentials_psk_identity")) {
            return "another device already uses the PSK identity " + device.pskIdentity();
        }
        if (detail.contains("device_credentials_public_key")) {
            return "another device already uses this public key";
        }
        return "a device with id " + device.id() + " already exists";
    }

    List<Device> findAll(int limit, long offset) {
        return jdbc.sql(SELECT_DEVICE + " order by d.id limit ? offset ?")
                .params(limit, offset)
                .query(DeviceRepository::device)
                .list();
    }

    Optional<Device> findById(String id) {
        return jdbc.sql(SELECT_DEVICE + " where d.id = ?")
                .param(id)
                .query(DeviceRepository::device)
                .optional();
    }

    boolean exists(String id) {
        return jdbc.sql("select count(*) from devices where id = ?")
                        .param(id)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /**
     * @return false when there is no such device
     */
    boolean setEnabled(String id, boolean enabled) {
        return jdbc.sql("update devices set enabled = ?, updated_at = now() where id = ?")
                        .params(enabled, id)
                        .update()
                > 0;
    }

    /**
     * @return false when there is no such device
     */
    boolean delete(String id) {
        return jdbc.sql("delete from devices where id = ?").param(id).update() > 0;
    }

    @Override
    public Optional<PskCredential> findPsk(String identity) {
        return jdbc.sql(
                        """
                        select c.device_id, c.psk_key
                        from device_credentials c join devices d on d.id = c.device_id
                        where c.psk_identity = ? and d.enabled
                        """)
                .param(identity)
                .query((rs, row) -> new PskCredential(rs.getString(1), rs.getBytes(2)))
                .optional();
    }

    @Override
    public Optional<String> findDeviceIdByPublicKey(byte[] subjectPublicKeyInfo) {
        return jdbc.sql(
                        """
                        select c.device_id
                        from device_credentials c join devices d on d.id = c.device_id
                        where c.public_key = ? and d.enabled
                        """)
                .param(subjectPublicKeyInfo)
                .query(String.class)
                .optional();
    }

    private static Device device(ResultSet rs, int row) throws SQLException {
        boolean psk = "psk".equals(rs.getString("kind"));
        byte[] publicKey = rs.getBytes("public_key");
        return new Device(
                rs.getString("id"),
                rs.getBoolean("enabled"),
                psk ? AuthType.PSK : AuthType.RPK,
                rs.getString("psk_identity"),
                publicKey == null ? null : PublicKeys.toPem(publicKey),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
