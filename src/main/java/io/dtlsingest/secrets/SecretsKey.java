package io.dtlsingest.secrets;

import java.util.Base64;
import java.util.Optional;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * The configured secrets key as an AES key. Checked at start, so that a malformed key fails the
 * start with a message saying what is wrong instead of failing later when something is saved.
 */
@Component
public class SecretsKey {

    private static final int KEY_BYTES = 32;

    private final Optional<SecretKey> key;

    SecretsKey(SecretsProperties properties) {
        this.key = Optional.ofNullable(properties.key()).map(SecretsKey::decode);
    }

    /** The AES-256 key, if one is configured. */
    public Optional<SecretKey> key() {
        return key;
    }

    private static SecretKey decode(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(
                    "ingest.secrets.key (INGEST_SECRETS_KEY) is not base64");
        }
        if (bytes.length != KEY_BYTES) {
            throw new IllegalStateException(
                    "ingest.secrets.key (INGEST_SECRETS_KEY) must be 32 bytes in base64, as"
                            + " 'openssl rand -base64 32' prints, but has "
                            + bytes.length);
        }
        return new SecretKeySpec(bytes, "AES");
    }
}
