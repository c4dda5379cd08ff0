package io.dtlsingest.device;

/** A registration or change is malformed; the message says which field and why. */
public class InvalidDeviceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidDeviceException(String message) {
        super(message);
    }
}
