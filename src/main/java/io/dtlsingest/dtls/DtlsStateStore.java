package io.dtlsingest.dtls;

import io.dtlsingest.secrets.KeyEncryptionKeys;
import io.dtlsingest.secrets.SealedFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.util.ClockUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Saves the DTLS connections when the service stops and restores them when it starts, so that
 * devices go on sending after a restart without a new handshake. The state holds session keys, so
 * it is sealed with the secrets key; state older than {@code ingest.dtls.state-max-age} is
 * discarded. Without a configured state file nothing is saved.
 */
@Component
class DtlsStateStore {

    private static final Logger log = LoggerFactory.getLogger(DtlsStateStore.class);

    private final Path file;
    private final Duration maxAge;
    private final KeyEncryptionKeys keys;

    DtlsStateStore(DtlsProperties properties, KeyEncryptionKeys keys) {
        this.file = properties.stateFile();
        this.maxAge = properties.stateMaxAge();
        this.keys = keys;
    }

    /** Restores saved connections into a connector that is not started yet; returns how many. */
    int load(DTLSConnector connector) {
        if (file == null || !Files.exists(file)) {
            return 0;
        }
        try {
            SealedFile.Content saved = sealed().read();
            Duration age = Duration.between(saved.writtenAt(), Instant.now());
            if (age.compareTo(maxAge) > 0) {
                log.info("Discarded DTLS state saved {} ago, older than {}", age, maxAge);
                return 0;
            }
            int loaded = restore(connector, saved.plaintext(), age);
            log.info("Restored {} DTLS connections saved {} ago", loaded, age);
            return loaded;
        } catch (IOException | RuntimeException e) {
            log.warn("Could not restore DTLS state from {}; devices will handshake again", file, e);
            return 0;
        } finally {
            deleteQuietly();
        }
    }

    /** Saves the connections of a stopped connector that were active within the maximum age. */
    void save(DTLSConnector stopped) {
        if (file == null) {
            return;
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            int saved;
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                // Scandium's timestamps count from an arbitrary origin of this JVM; the next one
                // needs this one's clock reading to shift them into its own.
                out.writeLong(ClockUtil.nanoRealtime());
                saved = stopped.saveConnections(out, maxAge.toSeconds());
            }
            sealed().write(bytes.toByteArray());
            log.info("Saved {} DTLS connections to {}", saved, file);
        } catch (IOException | RuntimeException e) {
            log.warn("Could not save DTLS state to {}; devices will handshake again", file, e);
        }
    }

    private static int restore(DTLSConnector connector, byte[] state, Duration age)
            throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(state))) {
            long savedNanos = in.readLong();
            long delta = ClockUtil.nanoRealtime() - TimeUnit.MILLISECONDS.toNanos(age.toMillis());
            return connector.loadConnections(in, delta - savedNanos);
        }
    }

    private SealedFile sealed() {
        return new SealedFile(file, keys.current().key());
    }

    private void deleteQuietly() {
        try {
            // Loaded once: a crash later must not bring back sessions that moved on since.
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not delete the loaded DTLS state {}", file, e);
        }
    }
}
