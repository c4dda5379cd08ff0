package io.dtlsingest.telemetry;

import static io.dtlsingest.telemetry.DecoderTestSupport.RECEIVED_AT;
import static io.dtlsingest.telemetry.DecoderTestSupport.decode;
import static io.dtlsingest.telemetry.DecoderTestSupport.hex;
import static io.dtlsingest.telemetry.DecoderTestSupport.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Every way a datagram can be rejected: the code and a detail that names the problem. */
class RejectionsTest {

    @Test
    void emptyDatagramIsMalformed() {
        Decoded decoded = decode(new byte[0]);

        assertThat(decoded.encoding()).isEqualTo(Encoding.JSON);
        assertThat(rejectionOf(decoded))
                .isEqualTo(new Rejection(ReplyCode.MALFORMED, "empty datagram"));
    }

    @Test
    void whitespaceOnlyDatagramIsMalformed() {
        assertRejected(decode(" \r\n\t"), ReplyCode.MALFORMED, "only whitespace");
    }

    @Test
    void datagramOverTheSizeLimitIsTooLargeBeforeAnyParsing() {
        byte[] json = new byte[4097];
        Arrays.fill(json, (byte) '{');
        byte[] cbor = new byte[5000];
        cbor[0] = (byte) 0x9f;

        Decoded jsonDecoded = decode(json);
        Decoded cborDecoded = decode(cbor);

        assertRejected(jsonDecoded, ReplyCode.TOO_LARGE, "4097 bytes, more than 4096");
        assertThat(jsonDecoded.encoding()).isEqualTo(Encoding.JSON);
        assertRejected(cborDecoded, ReplyCode.TOO_LARGE, "5000 bytes");
        assertThat(cborDecoded.encoding()).isEqualTo(Encoding.CBOR);
    }

    @Test
    void unknownFirstByteIsAnUnsupportedFormat() {
        assertThat(rejectionOf(decode("temperature=21.5")))
                .isEqualTo(
                        new Rejection(
                                ReplyCode.UNSUPPORTED_FORMAT,
                                "expected SenML JSON, SenML CBOR or a flat JSON object"));
        assertRejected(decode(new byte[] {(byte) 0xf6}), ReplyCode.UNSUPPORTED_FORMAT, "SenML");
    }

    @Test
    void jsonSyntaxErrorIsMalformedWithTheParsersReasonAndOffset() {
        Rejection rejection = rejectionOf(decode("[{\"n\":\"a\",\"v\":1]"));

        assertThat(rejection.code()).isEqualTo(ReplyCode.MALFORMED);
        assertThat(rejection.detail())
                .startsWith("malformed JSON: Unexpected close marker ']'")
                .endsWith(" at byte 15")
                .doesNotContain("Source", "\n");
    }

    @Test
    void truncatedJsonIsMalformedWithoutEchoingTheSource() {
        Rejection rejection = rejectionOf(decode("[{\"n\":\"a\",\"v\":1}"));

        assertThat(rejection.code()).isEqualTo(ReplyCode.MALFORMED);
        assertThat(rejection.detail())
                .contains("end-of-input")
                .doesNotContain("Source", "REDACTED", "StreamReadFeature");
    }

    @Test
    void trailingGarbageAfterAJsonDocumentIsMalformed() {
        assertRejected(decode("{\"a\":1} garbage"), ReplyCode.MALFORMED, "Unrecognized token");
        assertRejected(
                decode("{\"a\":1} 42"),
                ReplyCode.MALFORMED,
                "document 2 is not a JSON array or object");
    }

    @Test
    void truncatedCborIsMalformedAndRepliedToInCbor() {
        byte[] pack = hex("82 a2 00 61 61 02 01 a2 00 61 62 02");

        Decoded decoded = decode(pack);

        assertThat(decoded.encoding()).isEqualTo(Encoding.CBOR);
        assertRejected(decoded, ReplyCode.MALFORMED, "malformed CBOR: Unexpected end-of-input");
    }

    @Test
    void trailingDataAfterTheCborItemIsMalformed() {
        byte[] record = hex("a2 00 61 61 02 01 01");

        assertRejected(decode(record), ReplyCode.MALFORMED, "after the CBOR array or map");
    }

    @Test
    void nestingDeeperThanTheLimitIsALimitExceeded() {
        Rejection rejection =
                rejectionOf(decode("[{\"n\":\"a\",\"v\":1,\"x\":{\"y\":{\"z\":[1]}}}]"));

        assertThat(rejection.code()).isEqualTo(ReplyCode.LIMIT_EXCEEDED);
        assertThat(rejection.detail())
                .contains("nesting depth (5) exceeds the maximum allowed (4)")
                .doesNotContain("StreamReadConstraints");
    }

    @Test
    void moreReadingsThanTheLimitIsALimitExceeded() {
        StringBuilder pack = new StringBuilder("[{\"bn\":\"a\",\"v\":0}");
        for (int i = 1; i <= 256; i++) {
            pack.append(",{\"v\":").append(i).append('}');
        }
        pack.append(']');

        assertThat(rejectionOf(decode(pack.toString())))
                .isEqualTo(new Rejection(ReplyCode.LIMIT_EXCEEDED, "more than 256 records"));
    }

    @Test
    void nameLongerThanTheLimitIsInvalid() {
        String name = "n".repeat(129);

        assertRejected(
                decode("[{\"n\":\"" + name + "\",\"v\":1}]"),
                ReplyCode.INVALID,
                "record 1: name \"nnnnn");
        assertRejected(
                decode("[{\"n\":\"" + name + "\",\"v\":1}]"),
                ReplyCode.INVALID,
                "...\" is longer than 128 characters");
        assertRejected(
                decode("{\"" + name + "\":1}"), ReplyCode.INVALID, "is longer than 128 characters");
    }

    @Test
    void stringValueLongerThanTheLimitIsALimitExceeded() {
        String text = "x".repeat(1025);

        assertThat(rejectionOf(decode("[{\"n\":\"a\",\"vs\":\"" + text + "\"}]")))
                .isEqualTo(
                        new Rejection(
                                ReplyCode.LIMIT_EXCEEDED,
                                "record 1: vs is longer than 1024 characters"));
        assertRejected(
                decode("{\"a\":\"" + text + "\"}"),
                ReplyCode.LIMIT_EXCEEDED,
                "member \"a\" is longer than 1024 characters");
    }

    @Test
    void stringWithNulOrAnUnpairedSurrogateIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"a\",\"vs\":\"a\\u0000b\"}]"),
                ReplyCode.INVALID,
                "record 1: vs contains U+0000 or an unpaired surrogate");
        assertRejected(
                decode("{\"a\":\"\\ud800\"}"),
                ReplyCode.INVALID,
                "member \"a\" contains U+0000 or an unpaired surrogate");
    }

    @Test
    void dataValueLongerThanTheLimitIsALimitExceeded() {
        String data = "A".repeat(1368);

        assertRejected(
                decode("[{\"n\":\"a\",\"vd\":\"" + data + "\"}]"),
                ReplyCode.LIMIT_EXCEEDED,
                "record 1: vd is longer than 1024 bytes");
    }

    @Test
    void nameWithACharacterOutsideRfc8428IsInvalid() {
        String pack =
                "[{\"bn\":\"d:\",\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"v\":2},"
                        + "{\"bn\":\"te\",\"n\":\" mp\",\"v\":3}]";

        assertThat(rejectionOf(decode(pack)))
                .isEqualTo(
                        new Rejection(
                                ReplyCode.INVALID,
                                "record 3: name \"te mp\" has a character not allowed"
                                        + " by RFC 8428 4.5.1"));
        assertRejected(
                decode("{\"t\u00e9\":1}"),
                ReplyCode.INVALID,
                "member \"t\u00e9\" has a character not allowed");
    }

    @Test
    void nameStartingWithPunctuationIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"_x\",\"v\":1}]"),
                ReplyCode.INVALID,
                "record 1: name \"_x\" must start with a letter or digit");
    }

    @Test
    void missingNameIsInvalid() {
        assertRejected(
                decode("[{\"bt\":0},{\"v\":1}]"),
                ReplyCode.INVALID,
                "record 2: name \"\" is empty");
    }

    @Test
    void valueOfTheWrongTypeIsInvalid() {
        assertThat(rejectionOf(decode("[{\"n\":\"a\",\"v\":\"12\"}]")))
                .isEqualTo(
                        new Rejection(
                                ReplyCode.INVALID, "record 1: v must be a number, not a string"));
        assertRejected(
                decode("[{\"n\":\"a\",\"vb\":1}]"),
                ReplyCode.INVALID,
                "record 1: vb must be a boolean, not an integer");
        assertRejected(
                decode("[{\"n\":\"a\",\"v\":1,\"t\":null}]"),
                ReplyCode.INVALID,
                "record 1: t must be a number, not null");
        assertRejected(
                decode("[{\"n\":7,\"v\":1}]"),
                ReplyCode.INVALID,
                "record 1: n must be a string, not an integer");
        assertRejected(
                decode("{\"a\":[1]}"),
                ReplyCode.INVALID,
                "member \"a\" must be a number, string or boolean, not an");
        assertRejected(
                decode("{\"a\":null}"),
                ReplyCode.INVALID,
                "member \"a\" must be a number, string or boolean, not null");
    }

    @Test
    void wrongTypeInCborNamesTheJsonLabel() {
        byte[] record = hex("a2 00 61 61 08 61 61");

        assertRejected(
                decode(record),
                ReplyCode.INVALID,
                "record 1: vd must be a byte string, not a string");
    }

    @Test
    void recordWithTwoValuesIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"a\",\"v\":1,\"vs\":\"1\"}]"),
                ReplyCode.INVALID,
                "record 1: has more than one value");
    }

    @Test
    void recordWithNeitherValueNorSumIsInvalid() {
        assertThat(rejectionOf(decode("[{\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"u\":\"W\"}]")))
                .isEqualTo(new Rejection(ReplyCode.INVALID, "record 2: has no value or sum"));
        assertRejected(
                decode("{\"bn\":\"a\"}"), ReplyCode.INVALID, "record 1: has no value or sum");
    }

    @Test
    void fieldGivenTwiceInARecordIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"a\",\"v\":1,\"v\":2}]"),
                ReplyCode.INVALID,
                "record 1: v appears more than once");
        assertRejected(
                decode("{\"a\":1,\"a\":2}"),
                ReplyCode.INVALID,
                "member \"a\" appears more than once");
    }

    @Test
    void unknownMandatoryFieldIsInvalid() {
        assertThat(rejectionOf(decode("[{\"n\":\"a\",\"v\":1,\"x_\":true}]")))
                .isEqualTo(
                        new Rejection(
                                ReplyCode.INVALID, "record 1: unsupported mandatory field x_"));
    }

    @Test
    void twoDifferentMessageIdsAreInvalidAndTheFirstIsReported() {
        Decoded decoded = decode("[{\"mid\":1,\"n\":\"a\",\"v\":1}]\n{\"@mid\":2,\"b\":1}");

        assertRejected(decoded, ReplyCode.INVALID, "two different message ids");
        assertThat(decoded.messageId()).isEqualTo(OptionalLong.of(1));
    }

    @Test
    void rejectionReportsTheMessageIdOfTheFailingRecord() {
        Decoded decoded = decode("[{\"n\":\"a\",\"v\":\"x\",\"mid\":77}]");

        assertRejected(decoded, ReplyCode.INVALID, "record 1: v must be a number");
        assertThat(decoded.messageId()).isEqualTo(OptionalLong.of(77));
    }

    @Test
    void messageIdOutsideThirtyTwoBitsIsInvalid() {
        assertRejected(
                decode("[{\"mid\":4294967296,\"n\":\"a\",\"v\":1}]"),
                ReplyCode.INVALID,
                "record 1: mid must be an integer from 0 to 4294967295");
        assertRejected(
                decode("{\"@mid\":-1,\"a\":1}"),
                ReplyCode.INVALID,
                "@mid must be an integer from 0 to 4294967295");
        assertRejected(
                decode("{\"@mid\":1.5,\"a\":1}"), ReplyCode.INVALID, "@mid must be an integer");
    }

    @Test
    void dataValueThatIsNotBase64urlIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"a\",\"vd\":\"aGk+Cg\"}]"),
                ReplyCode.INVALID,
                "record 1: vd is not valid base64url (RFC 4648 section 5)");
        assertRejected(
                decode("[{\"n\":\"a\",\"vd\":\"aGkgC\"}]"),
                ReplyCode.INVALID,
                "vd is not valid base64url");
    }

    @Test
    void unknownReservedMemberIsInvalid() {
        assertThat(rejectionOf(decode("{\"a\":1,\"@x\":2}")))
                .isEqualTo(new Rejection(ReplyCode.INVALID, "unknown reserved member @x"));
    }

    @Test
    void flatObjectWithoutReadingsIsInvalid() {
        assertRejected(decode("{}"), ReplyCode.INVALID, "object has no readings");
        assertRejected(
                decode("{\"@t\":0,\"@mid\":3}"), ReplyCode.INVALID, "object has no readings");
    }

    @Test
    void flatTimeThatIsNeitherNumberNorRfc3339IsInvalid() {
        assertRejected(
                decode("{\"@t\":\"yesterday\",\"a\":1}"),
                ReplyCode.INVALID,
                "@t \"yesterday\" is not an RFC 3339 date-time");
        assertRejected(
                decode("{\"@t\":true,\"a\":1}"),
                ReplyCode.INVALID,
                "@t must be a number or an RFC 3339 date-time, not a boolean");
    }

    @Test
    void versionAboveTenIsInvalid() {
        assertRejected(
                decode("[{\"bver\":11,\"n\":\"a\",\"v\":1}]"),
                ReplyCode.INVALID,
                "record 1: bver 11 is not supported (at most 10)");
        assertRejected(
                decode("[{\"bver\":10.5,\"n\":\"a\",\"v\":1}]"),
                ReplyCode.INVALID,
                "record 1: bver must be an integer, not a number");
    }

    @Test
    void timeOutsideYearsOneToNineThousandNineHundredNinetyNineIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"a\",\"v\":1,\"t\":1e300}]"),
                ReplyCode.INVALID,
                "record 1: time is out of range");
        assertRejected(
                decode("[{\"n\":\"a\",\"v\":1,\"t\":253402300800}]"),
                ReplyCode.INVALID,
                "record 1: time is out of range");
        assertRejected(
                decode("{\"@t\":\"+10000-01-01T00:00:00Z\",\"a\":1}"),
                ReplyCode.INVALID,
                "@t is out of range");
    }

    @Test
    void emptyPackAndPackOfBaseRecordsAreInvalid() {
        assertThat(rejectionOf(decode("[]")))
                .isEqualTo(new Rejection(ReplyCode.INVALID, "pack has no records"));
        assertRejected(
                decode("[{\"bn\":\"a\"}]"),
                ReplyCode.INVALID,
                "pack has no record with a value or sum");
    }

    @Test
    void packElementThatIsNotARecordIsInvalid() {
        assertRejected(
                decode("[{\"n\":\"a\",\"v\":1},[1]]"),
                ReplyCode.INVALID,
                "record 2: is not an object");
        assertRejected(
                decode(hex("82 a2 00 61 61 02 01 01")),
                ReplyCode.INVALID,
                "record 2: is not a map");
    }

    @Test
    void nonFiniteCborNumbersAreInvalid() {
        byte[] record = hex("a2 00 61 61 02 f9 7c 00");

        assertRejected(decode(record), ReplyCode.INVALID, "record 1: v must be a finite number");
    }

    @Test
    void failureInsideTheDecoderIsAnInternalRejectionNotAnException() {
        Decoded decoded = DecoderTestSupport.DECODER.decode(null, RECEIVED_AT);
        Decoded noClock =
                DecoderTestSupport.DECODER.decode(
                        "{\"a\":1}".getBytes(StandardCharsets.UTF_8), null);

        assertRejected(decoded, ReplyCode.INTERNAL, "internal error");
        assertRejected(noClock, ReplyCode.INTERNAL, "internal error");
    }

    private static void assertRejected(Decoded decoded, ReplyCode code, String detailPart) {
        Rejection rejection = rejectionOf(decoded);
        assertThat(rejection.code()).as(rejection.detail()).isEqualTo(code);
        assertThat(rejection.detail()).contains(detailPart);
    }
}
