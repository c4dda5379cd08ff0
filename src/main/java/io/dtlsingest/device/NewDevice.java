package io.dtlsingest.device;

/**
 * A validated registration: a device id with its credential.
 *
 * @param id the device id
 * @param enabled whether the device may connect right away
 * @param credential how it authenticates
 */
record NewDevice(String id, boolean enabled, NewCredential credential) {}
