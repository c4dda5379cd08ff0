package io.dtlsingest.dtls;

/**
 * Names of the message headers the DTLS inbound adapter sets besides the {@code IpHeaders} ones
 * (address, port, packet address and connection id). The device headers come only from the
 * handshake, never from the payload.
 */
public final class DtlsHeaders {

    private static final String PREFIX = "dtls_";

    /** The id of the device the DTLS session authenticated (String). */
    public static final String DEVICE_ID = PREFIX + "deviceId";

    /** How the device authenticated, {@link AuthType#wireName()} (String). */
    public static final String AUTH_TYPE = PREFIX + "authType";

    /** The DTLS session id in hex (String); it scopes message ids for duplicate detection. */
    public static final String SESSION_ID = PREFIX + "sessionId";

    /** When the record was handed to the application ({@link java.time.Instant}). */
    public static final String RECEIVED_AT = PREFIX + "receivedAt";

    /** The endpoint context of the record, needed to send the reply on the same session. */
    public static final String ENDPOINT_CONTEXT = PREFIX + "endpointContext";

    private DtlsHeaders() {}
}
