package io.dtlsingest.device;

/**
 * A device's pre-shared key. The key array is the caller's to wipe once it is no longer needed.
 *
 * @param deviceId the device the key belongs to
 * @param key the raw key bytes
 */
public record PskCredential(String deviceId, byte[] key) {}
