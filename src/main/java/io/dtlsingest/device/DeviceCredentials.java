package io.dtlsingest.device;

import java.util.Optional;

/**
 * Looks up the credentials of enabled devices. Implementations query the database and may block;
 * callers on latency-sensitive threads must not call them directly.
 */
public interface DeviceCredentials {

    /** The PSK registered under an identity, if its device exists and is enabled. */
    Optional<PskCredential> findPsk(String identity);

    /**
     * The id of the enabled device that registered a raw public key.
     *
     * @param subjectPublicKeyInfo the key's DER encoding (X.509 SubjectPublicKeyInfo)
     */
    Optional<String> findDeviceIdByPublicKey(byte[] subjectPublicKeyInfo);
}
