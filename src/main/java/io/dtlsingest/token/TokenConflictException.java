package io.dtlsingest.token;

/** A token of that name exists, or existed: names are never reused. */
public class TokenConflictException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TokenConflictException(String message) {
        super(message);
    }
}
