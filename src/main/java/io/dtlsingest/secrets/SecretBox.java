package io.dtlsingest.secrets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.springframework.stereotype.Component;

/**
 * Seals small secrets, such as device PSKs, with AES-256-GCM under the current key-encryption key.
 * Each sealed secret is bound to a context string (for a PSK: its device and identity) as
 * associated data, so a sealed value copied to another row in the database does not open.
 *
 * <p>Thread-safe.
 */
@Component
public class SecretBox {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyEncryptionKeys keys;

    SecretBox(KeyEncryptionKeys keys) {
        this.keys = keys;
    }

    /**
     * A sealed secret: the id of the key that sealed it, and nonce, ciphertext and tag.
     *
     * @param keyId the key-encryption key's id
     * @param bytes a 12-byte nonce followed by the ciphertext and its 16-byte tag
     */
    public record Sealed(String keyId, byte[] bytes) {}

    /** Seals a secret under the current key, bound to {@code context}. */
    public Sealed seal(byte[] secret, String context) {
        KeyEncryptionKeys.Kek kek = keys.current();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, kek.key(), nonce, context, secret, 0);
        byte[] bytes = Arrays.copyOf(nonce, NONCE_BYTES + ciphertext.length);
        System.arraycopy(ciphertext, 0, bytes, NONCE_BYTES, ciphertext.length);
        return new Sealed(kek.id(), bytes);
    }

    /**
     * Opens a sealed secret. The caller owns the returned array and should wipe it after use.
     *
     * @throws IllegalStateException when the key that sealed it is not configured, or the secret
     *     was altered or belongs to another context
     */
    public byte[] open(Sealed sealed, String context) {
        SecretKey key =
                keys.byId(sealed.keyId())
                        .orElseThrow(
                                () ->
                                        new IllegalStateException(
                                                "a secret is sealed under key "
                                                        + sealed.keyId()
                                                        + ", which is neither"
                                                        + " ingest.secrets.key nor one of"
                                                        + " ingest.secrets.previous-keys"));
        byte[] nonce = Arrays.copyOf(sealed.bytes(), NONCE_BYTES);
        return crypt(Cipher.DECRYPT_MODE, key, nonce, context, sealed.bytes(), NONCE_BYTES);
    }

    /** The id of the key that seals everything written now. */
    public String currentKeyId() {
        return keys.current().id();
    }

    /** The ids of the earlier keys still configured for reading. */
    public Set<String> earlierKeyIds() {
        return keys.earlierIds();
    }

    private static byte[] crypt(
            int mode, SecretKey key, byte[] nonce, String context, byte[] input, int offset) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input, offset, input.length - offset);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(
                    mode == Cipher.ENCRYPT_MODE
                            ? "cannot seal a secret"
                            : "a sealed secret does not open: altered, or sealed for another row",
                    e);
        }
    }
}
