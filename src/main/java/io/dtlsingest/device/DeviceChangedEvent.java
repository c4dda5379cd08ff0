package io.dtlsingest.device;

/**
 * Published after a device or its credential was created, changed or deleted, so that caches of
 * credentials can forget what they hold for it.
 *
 * @param deviceId the device that changed
 */
public record DeviceChangedEvent(String deviceId) {}
