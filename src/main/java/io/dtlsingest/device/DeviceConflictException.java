package io.dtlsingest.device;

/** A registration clashes with an existing device's id, PSK identity or public key. */
public class DeviceConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DeviceConflictException(String message) {
        super(message);
    }
}
