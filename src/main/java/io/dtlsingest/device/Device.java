package io.dtlsingest.device;

import io.dtlsingest.dtls.AuthType;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A registered device as the API shows it: everything but its secret.
 *
 * @param id the device id, unique
 * @param enabled whether the device may connect
 * @param auth how the device authenticates
 * @param pskIdentity the PSK identity, for a PSK device
 * @param publicKeyPem the raw public key as PEM SubjectPublicKeyInfo, for an RPK device
 * @param createdAt when the device was registered
 * @param updatedAt when the device was last changed
 */
public record Device(
        String id,
        boolean enabled,
        AuthType auth,
        @Nullable String pskIdentity,
        @Nullable String publicKeyPem,
        Instant createdAt,
        Instant updatedAt) {}
