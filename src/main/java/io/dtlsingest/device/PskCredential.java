package io.dtlsingest.device;

import io.dtlsingest.secrets.SecretBox;

/**
 * A device's pre-shared key as stored: sealed. {@link #open(SecretBox)} gives the key bytes, which
 * the caller wipes as soon as it has used them.
 *
 * @param deviceId the device the key belongs to
 * @param identity the PSK identity
 * @param sealedKey the key, sealed under a key-encryption key
 */
public record PskCredential(String deviceId, String identity, SecretBox.Sealed sealedKey) {

    /** The key bytes; the caller owns and wipes them. */
    public byte[] open(SecretBox box) {
        return box.open(sealedKey, sealContext(deviceId, identity));
    }

    /** What a device's PSK is bound to when sealed, so it opens for its own row only. */
    static String sealContext(String deviceId, String identity) {
        return "psk\0" + deviceId + "\0" + identity;
    }
}
