package io.dtlsingest.telemetry;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/** Reads SenML packs and single records, in either encoding, into the session's readings. */
final class SenmlPackReader {

    private final SenmlRecordResolver resolver = new SenmlRecordResolver();

    /**
     * Reads the pack whose {@code START_ARRAY} is the parser's current token, leaving the parser on
     * its {@code END_ARRAY}. Base fields start empty for every pack.
     */
    void readPack(JsonParser parser, SenmlDialect dialect, DecodeSession session) {
        BaseFields base = new BaseFields();
        int records = 0;
        int readings = 0;

        for (JsonToken token = parser.nextToken();
                token != JsonToken.END_ARRAY;
                token = parser.nextToken()) {
            if (token == null) {
                throw DecodeRejection.malformed("input ends inside a pack");
            }
            int index = session.nextRecordIndex();
            records++;
            if (token != JsonToken.START_OBJECT) {
                throw DecodeRejection.invalid(
                        "record " + index + ": is not " + dialect.recordType());
            }

            List<Member> members = MemberReader.readObject(parser);
            Reading reading = resolver.resolve(members, dialect, base, index, session);
            if (reading != null) {
                session.addReading(reading);
                readings++;
            }
        }

        if (records == 0) {
            throw DecodeRejection.invalid("pack has no records");
        }
        if (readings == 0) {
            throw DecodeRejection.invalid("pack has no record with a value or sum");
        }
    }

    /** Reads a record that stands alone instead of in a pack; it must carry a measurement. */
    void readRecord(List<Member> members, SenmlDialect dialect, DecodeSession session) {
        int index = session.nextRecordIndex();
        Reading reading = resolver.resolve(members, dialect, new BaseFields(), index, session);
        if (reading == null) {
            throw DecodeRejection.invalid("record " + index + ": has no value or sum");
        }
        session.addReading(reading);
    }
}
