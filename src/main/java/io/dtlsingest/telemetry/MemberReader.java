package io.dtlsingest.telemetry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads the members of one JSON object or CBOR map from a streaming parser. */
final class MemberReader {

    private MemberReader() {}

    /**
     * Reads the members of the object whose {@code START_OBJECT} is the parser's current token,
     * leaving the parser on its {@code END_OBJECT}. Nested arrays and objects are skipped; the
     * parser still enforces the nesting limit while skipping them.
     */
    static List<Member> readObject(JsonParser parser) {
        List<Member> members = new ArrayList<>();
        JsonToken token = parser.nextToken();
        while (token == JsonToken.PROPERTY_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            members.add(readValue(name, parser));
            token = parser.nextToken();
        }

        // The parsers throw on truncated input themselves; this guards the contract.
        if (token != JsonToken.END_OBJECT) {
            throw DecodeRejection.malformed("input ends inside an object");
        }
        return members;
    }

    private static Member readValue(String name, JsonParser parser) {
        JsonToken token = parser.currentToken();
        if (token == null) {
            throw DecodeRejection.malformed("input ends inside an object");
        }
        return switch (token) {
            case VALUE_NUMBER_INT -> readInteger(name, parser);
            case VALUE_NUMBER_FLOAT ->
                    new Member(name, Member.Kind.NUMBER, parser.getDoubleValue());
            case VALUE_STRING -> new Member(name, Member.Kind.STRING, parser.getString());
            case VALUE_TRUE -> new Member(name, Member.Kind.BOOLEAN, Boolean.TRUE);
            case VALUE_FALSE -> new Member(name, Member.Kind.BOOLEAN, Boolean.FALSE);
            case VALUE_NULL -> new Member(name, Member.Kind.NULL, null);
            case START_ARRAY, START_OBJECT -> skipStructure(name, parser);
            case VALUE_EMBEDDED_OBJECT -> readEmbedded(name, parser);
            default -> new Member(name, Member.Kind.OTHER, null);
        };
    }

    private static Member readInteger(String name, JsonParser parser) {
        JsonParser.NumberType type = parser.getNumberType();
        if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
            return new Member(name, Member.Kind.INTEGER, parser.getLongValue());
        }
        return new Member(name, Member.Kind.NUMBER, parser.getDoubleValue());
    }

    private static Member skipStructure(String name, JsonParser parser) {
        parser.skipChildren();
        return new Member(name, Member.Kind.STRUCTURE, null);
    }

    /** CBOR byte strings arrive as embedded {@code byte[]}; simple values arrive the same way. */
    private static Member readEmbedded(String name, JsonParser parser) {
        Object embedded = parser.getEmbeddedObject();
        if (embedded instanceof byte[] bytes) {
            return new Member(name, Member.Kind.BYTES, bytes);
        }
        return new Member(name, Member.Kind.OTHER, null);
    }
}
