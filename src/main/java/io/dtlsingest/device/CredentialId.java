package io.dtlsingest.device;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Names a credential without its secret: a PSK identity or a raw public key. Used to tell which
 * live sessions a revoked credential opened.
 *
 * @param pskIdentity the PSK identity, for a PSK
 * @param publicKey the DER SubjectPublicKeyInfo, for a raw public key
 */
public record CredentialId(@Nullable String pskIdentity, byte @Nullable [] publicKey) {

    static CredentialId psk(String identity) {
        return new CredentialId(identity, null);
    }

    static CredentialId rpk(byte[] publicKey) {
        return new CredentialId(null, publicKey);
    }

    /** Whether this names the PSK identity or public key given. */
    public boolean matches(@Nullable String identity, byte @Nullable [] key) {
        return pskIdentity != null
                ? pskIdentity.equals(identity)
                : key != null && Arrays.equals(publicKey, key);
    }
}
