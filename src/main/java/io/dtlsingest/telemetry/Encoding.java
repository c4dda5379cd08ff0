package io.dtlsingest.telemetry;

/**
 * Wire encoding of a datagram. The decoder reports the encoding it detected so that the reply is
 * sent back in the encoding the device used.
 */
public enum Encoding {
    /** SenML JSON (RFC 8428 section 5) or the flat JSON object form. */
    JSON,

    /** SenML CBOR (RFC 8428 section 6). */
    CBOR
}
