package io.dtlsingest.telemetry;

import tools.jackson.core.ErrorReportConfiguration;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.dataformat.cbor.CBORFactory;

/**
 * The JSON and CBOR parser factories of one decoder, configured from its limits. Factories are
 * thread-safe and costly to build, so they are built once; parsers are cheap and made per datagram.
 */
final class ParserFactories {

    /**
     * No number needs more characters to reach double precision; RFC 8428 section 5 even asks for
     * mantissas shorter than 19 characters.
     */
    private static final int MAX_NUMBER_LENGTH = 100;

    /** Bounds how much of a bad token an error message repeats back to the device. */
    private static final int MAX_ERROR_TOKEN_LENGTH = 16;

    private final JsonFactory json;
    private final CBORFactory cbor;

    ParserFactories(DecodeLimits limits) {
        StreamReadConstraints constraints = constraints(limits);
        ErrorReportConfiguration errorReports =
                ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(MAX_ERROR_TOKEN_LENGTH)
                        .maxRawContentLength(0)
                        .build();

        this.json =
                JsonFactory.builder()
                        .streamReadConstraints(constraints)
                        .errorReportConfiguration(errorReports)
                        .build();
        this.cbor =
                CBORFactory.builder()
                        .streamReadConstraints(constraints)
                        .errorReportConfiguration(errorReports)
                        .build();
    }

    JsonParser jsonParser(byte[] datagram) {
        return json.createParser(ObjectReadContext.empty(), datagram);
    }

    JsonParser cborParser(byte[] datagram) {
        return cbor.createParser(ObjectReadContext.empty(), datagram);
    }

    /**
     * The nesting depth is enforced by the parser. Token lengths are only a backstop, set to the
     * longest token a valid datagram can hold, so that the decoder's own checks, which give more
     * precise details, see every token a valid datagram can contain.
     */
    private static StreamReadConstraints constraints(DecodeLimits limits) {
        int longestToken = longestToken(limits);
        return StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxNestingDepth())
                .maxDocumentLength(limits.maxDatagramBytes())
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(longestToken)
                .maxNameLength(longestToken)
                .build();
    }

    /** A "vd" value of maxStringLength bytes is longest once base64 encoded, padding included. */
    private static int longestToken(DecodeLimits limits) {
        long base64Length = 4L * ((limits.maxStringLength() + 2L) / 3);
        long longest = Math.max(base64Length, limits.maxNameLength());
        return (int) Math.min(longest, Integer.MAX_VALUE);
    }
}
