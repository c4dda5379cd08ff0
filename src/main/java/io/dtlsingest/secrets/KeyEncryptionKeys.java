package io.dtlsingest.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The configured key-encryption keys: the current one and earlier ones kept for reading. Each is
 * known by an id made of the first eight bytes of its SHA-256, in hex, so ids need no configuration
 * and never reveal a key.
 *
 * <p>The service does not start without a current key; the message says how to make one.
 */
@Component
public class KeyEncryptionKeys {

    private static final int KEY_BYTES = 32;

    private final Kek current;
    private final Map<String, SecretKey> byId = new LinkedHashMap<>();

    KeyEncryptionKeys(SecretsProperties properties) {
        this.current = kek(currentKey(properties), "ingest.secrets.key (INGEST_SECRETS_KEY)");
        byId.put(current.id(), current.key());
        for (String previous : properties.previousKeys()) {
            Kek earlier = kek(previous, "ingest.secrets.previous-keys");
            byId.putIfAbsent(earlier.id(), earlier.key());
        }
    }

    /** A key-encryption key and its id. */
    public record Kek(String id, SecretKey key) {}

    /** The key that seals everything written now. */
    public Kek current() {
        return current;
    }

    /** The ids of the earlier keys, kept for reading only. */
    public Set<String> earlierIds() {
        Set<String> ids = new LinkedHashSet<>(byId.keySet());
        ids.remove(current.id());
        return ids;
    }

    /** The key with this id, current or earlier. */
    public Optional<SecretKey> byId(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    private static String currentKey(SecretsProperties properties) {
        if (properties.key() != null && !properties.key().isBlank()) {
            return properties.key();
        }
        Path file = properties.keyFile();
        if (file == null) {
            throw new IllegalStateException(
                    "ingest.secrets.key (INGEST_SECRETS_KEY) or ingest.secrets.key-file must be"
                            + " set: device keys are stored sealed under it. Make one with"
                            + " 'openssl rand -base64 32' and keep it safe: without it the stored"
                            + " keys cannot be read.");
        }
        SecretFiles.checkPrivate(file, "ingest.secrets.key-file");
        try {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "ingest.secrets.key-file: cannot read " + file.toAbsolutePath(), e);
        }
    }

    private static Kek kek(String base64, String property) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(property + " is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(
                    property
                            + " must be 32 bytes in base64, as 'openssl rand -base64 32' prints,"
                            + " but has "
                            + bytes.length);
        }
        return new Kek(idOf(bytes), new SecretKeySpec(bytes, "AES"));
    }

    private static String idOf(byte[] key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This JVM has no SHA-256", e);
        }
    }
}
