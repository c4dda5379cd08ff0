package io.dtlsingest.device;

import org.jspecify.annotations.Nullable;

/**
 * A validated registration: a device id with exactly one credential.
 *
 * @param id the device id
 * @param enabled whether the device may connect right away
 * @param pskIdentity the PSK identity, for a PSK device
 * @param pskKey the PSK, for a PSK device
 * @param publicKey the DER SubjectPublicKeyInfo, for an RPK device
 */
record NewDevice(
        String id,
        boolean enabled,
        @Nullable String pskIdentity,
        byte @Nullable [] pskKey,
        byte @Nullable [] publicKey) {}
