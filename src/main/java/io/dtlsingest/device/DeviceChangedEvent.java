package io.dtlsingest.device;

import java.util.List;

/**
 * Published, after the database change, whenever a device or its credentials were created, changed
 * or deleted, so that caches forget what they hold and live sessions opened with a revoked
 * credential are ended. Listeners run before the API answers.
 *
 * @param deviceId the device that changed
 * @param revokedAll true when the device may no longer connect at all (disabled or deleted)
 * @param revoked credentials that no longer authenticate the device
 */
public record DeviceChangedEvent(String deviceId, boolean revokedAll, List<CredentialId> revoked) {

    static DeviceChangedEvent changed(String deviceId) {
        return new DeviceChangedEvent(deviceId, false, List.of());
    }

    static DeviceChangedEvent revokedAll(String deviceId) {
        return new DeviceChangedEvent(deviceId, true, List.of());
    }

    static DeviceChangedEvent revoked(String deviceId, List<CredentialId> credentials) {
        return new DeviceChangedEvent(deviceId, false, List.copyOf(credentials));
    }
}
