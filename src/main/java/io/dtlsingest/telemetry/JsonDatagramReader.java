package io.dtlsingest.telemetry;

import java.util.List;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;

/**
 * Reads a JSON datagram: one or more documents, one after another. Clients that pipe lines into a
 * DTLS connection join several lines into one record, so each document is read on its own: an array
 * is a SenML pack, an object is a single SenML record or a flat object.
 */
final class JsonDatagramReader {

    private final SenmlPackReader packs;
    private final FlatObjectReader flatObjects = new FlatObjectReader();

    JsonDatagramReader(SenmlPackReader packs) {
        this.packs = packs;
    }

    void read(JsonParser parser, DecodeSession session) {
        int document = 0;
        for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
            document++;
            if (token == JsonToken.START_ARRAY) {
                packs.readPack(parser, SenmlDialect.JSON, session);
            } else if (token == JsonToken.START_OBJECT) {
                readObject(parser, session);
            } else {
                throw DecodeRejection.malformed(
                        "document " + document + " is not a JSON array or object");
            }
        }
    }

    private void readObject(JsonParser parser, DecodeSession session) {
        List<Member> members = MemberReader.readObject(parser);
        if (isSenmlRecord(members)) {
            packs.readRecord(members, SenmlDialect.JSON, session);
        } else {
            flatObjects.read(members, session);
        }
    }

    /**
     * An object is a SenML record when every member is a SenML label and it names a sensor.
     * Requiring "n" or "bn" keeps a flat object of sensors called "v" or "t" in the flat form.
     */
    private static boolean isSenmlRecord(List<Member> members) {
        boolean named = false;
        for (Member member : members) {
            SenmlLabel label = SenmlLabel.ofJson(member.name());
            if (label == null) {
                return false;
            }
            named |= label == SenmlLabel.NAME || label == SenmlLabel.BASE_NAME;
        }
        return named;
    }
}
