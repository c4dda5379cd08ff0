package io.dtlsingest.dtls;

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
import java.util.Optional;
import org.eclipse.californium.elements.util.SslContextUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Provides the server's key pair: from the configured PEM file, or else the one kept in the
 * database, generated there at the first start. Keeping a generated key in the database rather than
 * on local disk gives every replica and every restart the same key, which devices pin.
 */
@Component
class ServerIdentityLoader {

    private static final Logger log = LoggerFactory.getLogger(ServerIdentityLoader.class);
    private static final String KEY_NAME = "dtls";

    private final DtlsProperties properties;
    private final JdbcClient jdbc;

    ServerIdentityLoader(DtlsProperties properties, JdbcClient jdbc) {
        this.properties = properties;
        this.jdbc = jdbc;
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
        Optional<String> stored = storedPem();
        if (stored.isEmpty()) {
            // Two replicas starting together both generate; the first insert wins and both
            // read it back.
            jdbc.sql("insert into server_keys (name, key_pem) values (?, ?) on conflict do nothing")
                    .params(KEY_NAME, generate().keyPairPem())
                    .update();
            stored = storedPem();
            log.info("Generated the DTLS server key pair and stored it in the database");
        }
        String pem = stored.orElseThrow();
        return parse(
                new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)),
                "the server key stored in the database");
    }

    private Optional<String> storedPem() {
        return jdbc.sql("select key_pem from server_keys where name = ?")
                .param(KEY_NAME)
                .query(String.class)
                .optional();
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
