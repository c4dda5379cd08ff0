package io.dtlsingest.token;

/** There is no stored token of that name. */
public class TokenNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TokenNotFoundException(String name) {
        super("no token named " + name);
    }
}
