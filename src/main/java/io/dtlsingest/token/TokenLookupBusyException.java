package io.dtlsingest.token;

/**
 * The database lookups of tokens are all taken, as under a flood of unknown tokens; the request is
 * refused with a 503 rather than waiting for a database connection the pipeline needs too.
 */
public class TokenLookupBusyException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TokenLookupBusyException() {
        super("token lookups are busy; retry shortly");
    }
}
