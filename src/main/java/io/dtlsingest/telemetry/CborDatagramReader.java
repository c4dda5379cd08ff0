package io.dtlsingest.telemetry;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a SenML CBOR datagram (RFC 8428 section 6): a single data item, either an array (a pack) or
 * a map (a single record).
 */
final class CborDatagramReader {

    private final SenmlPackReader packs;

    CborDatagramReader(SenmlPackReader packs) {
        this.packs = packs;
    }

    void read(JsonParser parser, DecodeSession session) {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.START_ARRAY) {
            packs.readPack(parser, SenmlDialect.CBOR, session);
        } else if (token == JsonToken.START_OBJECT) {
            packs.readRecord(MemberReader.readObject(parser), SenmlDialect.CBOR, session);
        } else {
            throw DecodeRejection.malformed("expected a CBOR array or map");
        }

        // Unlike JSON, CBOR has no separators that could join several items into one datagram.
        if (parser.nextToken() != null) {
            throw DecodeRejection.malformed("unexpected data after the CBOR array or map");
        }
    }
}
