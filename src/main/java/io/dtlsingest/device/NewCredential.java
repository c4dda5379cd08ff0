package io.dtlsingest.device;

import io.dtlsingest.dtls.AuthType;
import org.jspecify.annotations.Nullable;

/**
 * A validated credential to register: a PSK (identity and key) or a raw public key.
 *
 * @param pskIdentity the PSK identity, for a PSK
 * @param pskKey the PSK, for a PSK; the caller wipes it once stored
 * @param publicKey the DER SubjectPublicKeyInfo, for a raw public key
 */
record NewCredential(
        @Nullable String pskIdentity, byte @Nullable [] pskKey, byte @Nullable [] publicKey) {

    AuthType auth() {
        return publicKey == null ? AuthType.PSK : AuthType.RPK;
    }

    CredentialId id() {
        return publicKey == null ? CredentialId.psk(pskIdentity) : CredentialId.rpk(publicKey);
    }
}
