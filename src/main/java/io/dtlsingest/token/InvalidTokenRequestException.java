package io.dtlsingest.token;

/** A token request with a field that is missing or wrong; the message names it. */
public class InvalidTokenRequestException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    InvalidTokenRequestException(String message) {
        super(message);
    }
}
