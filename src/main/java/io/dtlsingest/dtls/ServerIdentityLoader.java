package io.dtlsingest.dtls;

import io.dtlsingest.secrets.SecretBox;
import io.dtlsingest.secrets.SecretFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import org.eclipse.californium.elements.util.SslContextUtil;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Provides the server's key pair: from the configured PEM file, or else the one kept in the
 * database, generated there at the first start. Keeping a generated key in the database rather than
 * on local disk gives every replica and every restart the same key, which devices pin; it is kept
 * sealed under the key-encryption key, and re-sealed at start when that key has changed.
 */
@Component
class ServerIdentityLoader {

    private static final Logger log = LoggerFactory.getLogger(ServerIdentityLoader.class);
    private static final String KEY_NAME = "dtls";
    private static final String SEAL_CONTEXT = "server-key:" + KEY_NAME;

    private final DtlsProperties properties;
    private final JdbcClient jdbc;
    private final SecretBox box;

    ServerIdentityLoader(DtlsProperties properties, JdbcClient jdbc, SecretBox box) {
        this.properties = properties;
        this.jdbc = jdbc;
        this.box = box;
    }

    /**
     * Loads or generates the key pair and logs its public key.
     *
     * @throws IllegalStateException naming the file and the problem when a configured key file
     *     cannot be used
     */
    ServerIdentity load() {
        Path file = properties.serverKey();
        ServerIdentity identity = file != null ? fromFile(file) : fromDatabase();
        log.info("DTLS server public key for devices to pin:\n{}", identity.publicKeyPem());
        return identity;
    }

    private ServerIdentity fromFile(Path file) {
        SecretFiles.checkPrivate(file, "ingest.dtls.server-key");
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, "ingest.dtls.server-key " + file.toAbsolutePath());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "ingest.dtls.server-key: cannot read " + file.toAbsolutePath(), e);
        }
    }

    private ServerIdentity fromDatabase() {
        Optional<StoredKey> stored = storedKey();
        if (stored.isEmpty()) {
            // Two replicas starting together both generate; the first insert wins and both
            // read it back.
            SecretBox.Sealed sealed = seal(generate().keyPairPem());
            jdbc.sql(
                            "insert into server_keys (name, key_sealed, kek_id) values (?, ?, ?)"
                                    + " on conflict do nothing")
                    .params(KEY_NAME, sealed.bytes(), sealed.keyId())
                    .update();
            stored = storedKey();
            log.info("Generated the DTLS server key pair and stored it sealed in the database");
        }
        StoredKey key = stored.orElseThrow();
        byte[] pem = key.pem(box);
        try {
            ServerIdentity identity =
                    parse(new ByteArrayInputStream(pem), "the server key stored in the database");
            if (!box.currentKeyId().equals(key.kekId())) {
                reseal(pem);
            }
            return identity;
        } finally {
            Arrays.fill(pem, (byte) 0);
        }
    }

    /** Seals the key under the current key-encryption key, so the earlier one can be retired. */
    private void reseal(byte[] pem) {
        SecretBox.Sealed sealed = box.seal(pem, SEAL_CONTEXT);
        jdbc.sql("update server_keys set key_pem = null, key_sealed = ?, kek_id = ? where name = ?")
                .params(sealed.bytes(), sealed.keyId(), KEY_NAME)
                .update();
        log.info("Sealed the DTLS server key under the current key-encryption key");
    }

    private SecretBox.Sealed seal(String pem) {
        byte[] bytes = pem.getBytes(StandardCharsets.US_ASCII);
        try {
            return box.seal(bytes, SEAL_CONTEXT);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private Optional<StoredKey> storedKey() {
        return jdbc.sql("select key_pem, key_sealed, kek_id from server_keys where name = ?")
                .param(KEY_NAME)
                .query(
                        (row, number) ->
                                new StoredKey(
                                        row.getString("key_pem"),
                                        row.getBytes("key_sealed"),
                                        row.getString("kek_id")))
                .optional();
    }

    /**
     * The server key as stored: sealed, or in plaintext when an earlier version wrote it.
     *
     * @param kekId the key-encryption key that sealed it; null for plaintext
     */
    private record StoredKey(
            @Nullable String plaintextPem, byte @Nullable [] sealed, @Nullable String kekId) {

        /** The PEM bytes; the caller wipes them. */
        byte[] pem(SecretBox box) {
            if (sealed == null || kekId == null) {
                return Objects.requireNonNull(plaintextPem).getBytes(StandardCharsets.US_ASCII);
            }
            return box.open(new SecretBox.Sealed(kekId, sealed), SEAL_CONTEXT);
        }
    }

    private static ServerIdentity generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            return new ServerIdentity(pair.getPrivate(), pair.getPublic());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("This JVM cannot generate EC P-256 keys", e);
        }
    }

    private static ServerIdentity parse(InputStream pem, String source) {
        SslContextUtil.Credentials credentials;
        try {
            credentials = SslContextUtil.loadPemCredentials(pem);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(source + " is not a readable PEM EC key", e);
        }
        if (credentials.getPrivateKey() == null || credentials.getPublicKey() == null) {
            throw new IllegalStateException(
                    source
                            + " must hold an EC private key that includes its public key"
                            + " (PKCS#8 or SEC1 as written by openssl genpkey or ecparam)");
        }
        if (!(credentials.getPublicKey() instanceof ECPublicKey ec)
                || ec.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalStateException(source + " must be an EC key on curve P-256");
        }
        return new ServerIdentity(credentials.getPrivateKey(), credentials.getPublicKey());
    }
}
