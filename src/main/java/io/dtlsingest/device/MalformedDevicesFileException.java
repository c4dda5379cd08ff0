package io.dtlsingest.device;

/**
 * The devices file as a whole cannot be used: it is not YAML, or has no top-level devices list. The
 * message completes the sentence "The devices file ...", and never quotes the file's content.
 */
final class MalformedDevicesFileException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    MalformedDevicesFileException(String message) {
        super(message, null, false, false);
    }
}
