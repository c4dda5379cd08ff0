package io.dtlsingest.device;

/** No device has the id asked for. */
public class DeviceNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    DeviceNotFoundException(String id) {
        super("no device with id " + id);
    }
}
