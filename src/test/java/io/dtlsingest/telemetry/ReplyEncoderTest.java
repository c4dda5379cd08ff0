package io.dtlsingest.telemetry;

import static io.dtlsingest.telemetry.DecoderTestSupport.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.dataformat.cbor.CBORFactory;

/** The exact bytes of each reply shape, in JSON and CBOR. */
class ReplyEncoderTest {

    private static final OptionalLong MID = OptionalLong.of(17);

    private final ReplyEncoder encoder = new ReplyEncoder();

    @Test
    void okReplyHasCodeMidAndCount() {
        assertThat(json(Reply.ok(Encoding.JSON, MID, 3)))
                .isEqualTo("{\"code\":\"ok\",\"mid\":17,\"n\":3}");
    }

    @Test
    void okReplyWithoutMessageIdLeavesMidOut() {
        assertThat(json(Reply.ok(Encoding.JSON, OptionalLong.empty(), 1)))
                .isEqualTo("{\"code\":\"ok\",\"n\":1}");
    }

    @Test
    void duplicateReplyStoresNothingAndSaysSo() {
        assertThat(json(Reply.duplicate(Encoding.JSON, MID)))
                .isEqualTo("{\"code\":\"ok\",\"mid\":17,\"n\":0,\"dup\":true}");
    }

    @Test
    void rejectionReplyCarriesTheDetailEscaped() {
        Rejection rejection =
                new Rejection(
                        ReplyCode.INVALID,
                        "record 3: name \"te mp\" has a character not allowed by RFC 8428 4.5.1");

        assertThat(json(Reply.rejected(Encoding.JSON, MID, rejection)))
                .isEqualTo(
                        "{\"code\":\"invalid\",\"mid\":17,\"detail\":\"record 3: name \\\"te mp\\\""
                                + " has a character not allowed by RFC 8428 4.5.1\"}");
    }

    @Test
    void rejectionReplyWithoutMessageIdLeavesMidOut() {
        Rejection rejection = new Rejection(ReplyCode.TOO_LARGE, "too big");

        assertThat(json(Reply.rejected(Encoding.JSON, OptionalLong.empty(), rejection)))
                .isEqualTo("{\"code\":\"too_large\",\"detail\":\"too big\"}");
    }

    @Test
    void busyReplyIsJustTheCode() {
        assertThat(json(Reply.busy(Encoding.JSON, OptionalLong.empty())))
                .isEqualTo("{\"code\":\"busy\"}");
        assertThat(json(Reply.busy(Encoding.JSON, MID)))
                .isEqualTo("{\"code\":\"busy\",\"mid\":17}");
    }

    @Test
    void rateLimitedReplyCarriesTheRetryTimeBeforeTheDetail() {
        Reply reply =
                Reply.rateLimited(
                        Encoding.JSON,
                        OptionalLong.of(1004),
                        "more than 20 datagrams per second",
                        50);

        assertThat(json(reply))
                .isEqualTo(
                        "{\"code\":\"rate_limited\",\"mid\":1004,\"retry_ms\":50,"
                                + "\"detail\":\"more than 20 datagrams per second\"}");
    }

    @Test
    void cborRateLimitedReplyHasTheSameMembers() {
        Reply reply =
                Reply.rateLimited(Encoding.CBOR, MID, "more than 500 readings per second", 400);

        assertThat(cborMembers(reply))
                .containsExactly(
                        "code=rate_limited",
                        "mid=17",
                        "retry_ms=400",
                        "detail=more than 500 readings per second");
    }

    @Test
    void onlyARateLimitedReplyHasARetryTime() {
        assertThatThrownBy(() -> new Reply(Encoding.JSON, ReplyCode.BUSY, MID, 0, false, null, 50))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longDetailIsCutToTwoHundredCharacters() {
        Rejection rejection = new Rejection(ReplyCode.MALFORMED, "x".repeat(300));

        String reply = json(Reply.rejected(Encoding.JSON, OptionalLong.empty(), rejection));

        assertThat(reply)
                .isEqualTo("{\"code\":\"malformed\",\"detail\":\"" + "x".repeat(200) + "\"}");
    }

    @Test
    void cutNeverSplitsASurrogatePair() {
        Rejection rejection = new Rejection(ReplyCode.INVALID, "x".repeat(199) + "\ud83d\ude00");

        String reply = json(Reply.rejected(Encoding.JSON, OptionalLong.empty(), rejection));

        assertThat(reply)
                .isEqualTo("{\"code\":\"invalid\",\"detail\":\"" + "x".repeat(199) + "\"}");
    }

    @Test
    void cborOkReplyIsADefiniteLengthMapWithTextKeys() {
        byte[] expected = hex("a3 64 636f6465 62 6f6b 63 6d6964 11 61 6e 03");

        assertThat(encoder.encode(Reply.ok(Encoding.CBOR, MID, 3))).isEqualTo(expected);
    }

    @Test
    void cborBusyReplyIsAMapWithOneMember() {
        byte[] expected = hex("a1 64 636f6465 64 62757379");

        assertThat(encoder.encode(Reply.busy(Encoding.CBOR, OptionalLong.empty())))
                .isEqualTo(expected);
    }

    @Test
    void cborDuplicateAndRejectionRepliesDecodeToTheSameMembersAsJson() {
        Rejection rejection = new Rejection(ReplyCode.LIMIT_EXCEEDED, "more than 256 records");

        assertThat(cborMembers(Reply.duplicate(Encoding.CBOR, OptionalLong.of(4_294_967_295L))))
                .containsExactly("code=ok", "mid=4294967295", "n=0", "dup=true");
        assertThat(cborMembers(Reply.rejected(Encoding.CBOR, MID, rejection)))
                .containsExactly("code=limit_exceeded", "mid=17", "detail=more than 256 records");
    }

    @Test
    void cborMapStartsWithItsMemberCount() {
        byte[] duplicate = encoder.encode(Reply.duplicate(Encoding.CBOR, MID));

        assertThat(duplicate[0] & 0xff).isEqualTo(0xa4);
    }

    @Test
    void okRejectionIsRefused() {
        Rejection notARejection = new Rejection(ReplyCode.OK, "fine");

        assertThatThrownBy(() -> Reply.rejected(Encoding.JSON, MID, notARejection))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private String json(Reply reply) {
        return new String(encoder.encode(reply), StandardCharsets.UTF_8);
    }

    /** Reads a CBOR reply back as "name=value" strings, in order. */
    private List<String> cborMembers(Reply reply) {
        List<String> members = new ArrayList<>();
        CBORFactory factory = CBORFactory.builder().build();
        try (JsonParser parser =
                factory.createParser(ObjectReadContext.empty(), encoder.encode(reply))) {
            assertThat(parser.nextToken()).isEqualTo(JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                members.add(name + "=" + parser.getString());
            }
            assertThat(parser.currentToken()).isEqualTo(JsonToken.END_OBJECT);
            assertThat(parser.nextToken()).isNull();
        }
        return members;
    }
}
