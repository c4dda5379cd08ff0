package io.dtlsingest.device;

import io.dtlsingest.dtls.AuthType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A registered device as the API shows it: everything but its secrets.
 *
 * @param id the device id, unique
 * @param enabled whether the device may connect
 * @param current the credential the device authenticates with
 * @param next the credential it moves to during a rotation, if one is pending
 * @param createdAt when the device was registered
 * @param updatedAt when the device was last changed
 */
public record Device(
        String id,
        boolean enabled,
        Credential current,
        @Nullable Credential next,
        Instant createdAt,
        Instant updatedAt) {

    /**
     * A credential without its secret.
     *
     * @param auth psk or rpk
     * @param pskIdentity the PSK identity, for a PSK
     * @param publicKeyPem the raw public key as PEM SubjectPublicKeyInfo, for a raw public key
     * @param promoteAt for a next credential, when it replaces the current one by itself
     */
    public record Credential(
            AuthType auth,
            @Nullable String pskIdentity,
            @Nullable String publicKeyPem,
            @Nullable Instant promoteAt) {}
}
