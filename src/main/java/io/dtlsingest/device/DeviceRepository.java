package io.dtlsingest.device;

import io.dtlsingest.dtls.AuthType;
import io.dtlsingest.secrets.SecretBox;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Devices and their credentials in PostgreSQL. PSKs are sealed before they are written and leave
 * this class sealed; nothing here ever holds a key in plaintext longer than one call.
 */
@Repository
class DeviceRepository implements DeviceCredentials {

    private static final String SELECT_DEVICE =
            """
            select d.id, d.enabled, d.created_at, d.updated_at,
                   c.kind, c.psk_identity, c.public_key,
                   n.kind as next_kind, n.psk_identity as next_psk_identity,
                   n.public_key as next_public_key, n.promote_at as next_promote_at
            from devices d
                join device_credentials c on c.device_id = d.id and c.slot = 'current'
                left join device_credentials n on n.device_id = d.id and n.slot = 'next'
            """;

    private static final String INSERT_CREDENTIAL =
            """
            insert into device_credentials
                (device_id, slot, kind, psk_identity, psk_key_sealed, kek_id, public_key,
                 promote_at)
            values (?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private final JdbcClient jdbc;
    private final SecretBox box;

    DeviceRepository(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
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
        } catch (DuplicateKeyException e) {
            throw new DeviceConflictException(
                    "a device with id " + device.id() + " already exists");
        }
        insertCredential(device.id(), "current", device.credential(), null);
    }

    /**
     * Adds the credential a device moves to, valid alongside the current one until promoted.
     *
     * @throws DeviceConflictException when a next credential is pending already, or the identity or
     *     key is taken
     */
    @Transactional
    public void insertNext(String deviceId, NewCredential credential, Instant promoteAt) {
        if (credentialIn(deviceId, "next").isPresent()) {
            throw new DeviceConflictException(
                    "device " + deviceId + " has a next credential already; promote or cancel it");
        }
        insertCredential(deviceId, "next", credential, promoteAt);
        touch(deviceId);
    }

    /**
     * Makes the next credential current and drops the old one.
     *
     * @return the dropped credential, or empty when no next credential was pending
     */
    @Transactional
    public Optional<CredentialId> promote(String deviceId) {
        Optional<CredentialId> next = credentialIn(deviceId, "next");
        if (next.isEmpty()) {
            return Optional.empty();
        }
        Optional<CredentialId> dropped = credentialIn(deviceId, "current");
        jdbc.sql("delete from device_credentials where device_id = ? and slot = 'current'")
                .param(deviceId)
                .update();
        jdbc.sql(
                        """
                        update device_credentials set slot = 'current', promote_at = null
                        where device_id = ? and slot = 'next'
                        """)
                .param(deviceId)
                .update();
        touch(deviceId);
        return dropped;
    }

    /** Drops a pending next credential; returns it, or empty when none was pending. */
    @Transactional
    public Optional<CredentialId> deleteNext(String deviceId) {
        Optional<CredentialId> next = credentialIn(deviceId, "next");
        next.ifPresent(
                id -> {
                    jdbc.sql("delete from device_credentials where device_id = ? and slot = 'next'")
                            .param(deviceId)
                            .update();
                    touch(deviceId);
                });
        return next;
    }

    /** Replaces all credentials of a device by one; returns those it had. */
    @Transactional
    public List<CredentialId> replace(String deviceId, NewCredential credential) {
        List<CredentialId> old =
                jdbc.sql(
                                "select psk_identity, public_key from device_credentials where device_id = ?")
                        .param(deviceId)
                        .query(DeviceRepository::credentialId)
                        .list();
        jdbc.sql("delete from device_credentials where device_id = ?").param(deviceId).update();
        insertCredential(deviceId, "current", credential, null);
        touch(deviceId);
        return old;
    }

    /** Devices whose next credential is due to replace the current one. */
    List<String> dueForPromotion(Instant now) {
        return jdbc.sql(
                        "select device_id from device_credentials where slot = 'next'"
                                + " and promote_at <= ? order by promote_at limit 1000")
                .param(Timestamp.from(now))
                .query(String.class)
                .list();
    }

    /**
     * Re-seals under the current key-encryption key up to {@code limit} PSKs sealed under an
     * earlier key that is still configured. Rows are locked and skipped by concurrent callers.
     *
     * @return how many keys were re-sealed; fewer than {@code limit} when none are left
     */
    @Transactional
    public int resealBatch(int limit) {
        Set<String> earlier = box.earlierKeyIds();
        if (earlier.isEmpty()) {
            return 0;
        }
        List<PskCredential> stale =
                jdbc.sql(
                                "select device_id, psk_identity, psk_key_sealed, kek_id"
                                        + " from device_credentials"
                                        + " where kind = 'psk' and kek_id in (:earlier)"
                                        + " limit :limit for update skip locked")
                        .param("earlier", earlier)
                        .param("limit", limit)
                        .query(DeviceRepository::pskCredential)
                        .list();
        for (PskCredential psk : stale) {
            byte[] key = psk.open(box);
            try {
                SecretBox.Sealed sealed =
                        box.seal(key, PskCredential.sealContext(psk.deviceId(), psk.identity()));
                jdbc.sql(
                                "update device_credentials set psk_key_sealed = ?, kek_id = ?"
                                        + " where device_id = ? and psk_identity = ?")
                        .params(sealed.bytes(), sealed.keyId(), psk.deviceId(), psk.identity())
                        .update();
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
        return stale.size();
    }

    /** How many PSKs are sealed under a key that is no longer configured, and so unusable. */
    public int countSealedUnderUnknownKeys() {
        Set<String> known = new HashSet<>(box.earlierKeyIds());
        known.add(box.currentKeyId());
        return jdbc.sql(
                        "select count(*) from device_credentials"
                                + " where kind = 'psk' and kek_id not in (:known)")
                .param("known", known)
                .query(Integer.class)
                .single();
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
                        select c.device_id, c.psk_identity, c.psk_key_sealed, c.kek_id
                        from device_credentials c join devices d on d.id = c.device_id
                        where c.psk_identity = ? and d.enabled
                        """)
                .param(identity)
                .query(DeviceRepository::pskCredential)
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

    private void insertCredential(
            String deviceId, String slot, NewCredential credential, @Nullable Instant promoteAt) {
        SecretBox.Sealed sealed =
                credential.pskKey() == null
                        ? null
                        : box.seal(
                                credential.pskKey(),
                                PskCredential.sealContext(deviceId, credential.pskIdentity()));
        try {
            jdbc.sql(INSERT_CREDENTIAL)
                    .params(
                            deviceId,
                            slot,
                            credential.auth().wireName(),
                            credential.pskIdentity(),
                            sealed == null ? null : sealed.bytes(),
                            sealed == null ? null : sealed.keyId(),
                            credential.publicKey(),
                            promoteAt == null ? null : Timestamp.from(promoteAt))
                    .update();
        } catch (DuplicateKeyException e) {
            throw new DeviceConflictException(
                    credential.publicKey() == null
                            ? "another device already uses the PSK identity "
                                    + credential.pskIdentity()
                            : "another device already uses this public key");
        }
    }

    private Optional<CredentialId> credentialIn(String deviceId, String slot) {
        return jdbc.sql(
                        "select psk_identity, public_key from device_credentials"
                                + " where device_id = ? and slot = ?")
                .params(deviceId, slot)
                .query(DeviceRepository::credentialId)
                .optional();
    }

    private void touch(String deviceId) {
        jdbc.sql("update devices set updated_at = now() where id = ?").param(deviceId).update();
    }

    private static CredentialId credentialId(ResultSet rs, int row) throws SQLException {
        String identity = rs.getString("psk_identity");
        return identity != null
                ? CredentialId.psk(identity)
                : CredentialId.rpk(rs.getBytes("public_key"));
    }

    private static PskCredential pskCredential(ResultSet rs, int row) throws SQLException {
        return new PskCredential(
                rs.getString("device_id"),
                rs.getString("psk_identity"),
                new SecretBox.Sealed(rs.getString("kek_id"), rs.getBytes("psk_key_sealed")));
    }

    private static Device device(ResultSet rs, int row) throws SQLException {
        Device.Credential next =
                rs.getString("next_kind") == null
                        ? null
                        : credential(
                                rs.getString("next_kind"),
                                rs.getString("next_psk_identity"),
                                rs.getBytes("next_public_key"),
                                rs.getTimestamp("next_promote_at"));
        return new Device(
                rs.getString("id"),
                rs.getBoolean("enabled"),
                credential(
                        rs.getString("kind"),
                        rs.getString("psk_identity"),
                        rs.getBytes("public_key"),
                        null),
                next,
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }

    private static Device.Credential credential(
            String kind,
            @Nullable String identity,
            byte @Nullable [] publicKey,
            @Nullable Timestamp promoteAt) {
        return new Device.Credential(
                "psk".equals(kind) ? AuthType.PSK : AuthType.RPK,
                identity,
                publicKey == null ? null : PublicKeys.toPem(publicKey),
                promoteAt == null ? null : promoteAt.toInstant());
    }
}
