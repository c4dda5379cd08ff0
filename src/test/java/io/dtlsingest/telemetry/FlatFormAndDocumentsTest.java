package io.dtlsingest.telemetry;

import static io.dtlsingest.telemetry.DecoderTestSupport.NOW;
import static io.dtlsingest.telemetry.DecoderTestSupport.decode;
import static io.dtlsingest.telemetry.DecoderTestSupport.numeric;
import static io.dtlsingest.telemetry.DecoderTestSupport.readingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The flat JSON form, single SenML records, and datagrams holding several documents. */
class FlatFormAndDocumentsTest {

    @Test
    void flatObjectGivesOneReadingPerMemberAtReceptionTime() {
        Decoded decoded = decode("{\"temperature\":21.5,\"door\":\"open\",\"armed\":true,\"n\":3}");

        assertThat(decoded.encoding()).isEqualTo(Encoding.JSON);
        assertThat(decoded.messageId()).isEmpty();
        assertThat(readingsOf(decoded))
                .containsExactly(
                        new Reading("temperature", NOW, new ReadingValue.Numeric(21.5), null, null),
                        new Reading("door", NOW, new ReadingValue.Text("open"), null, null),
                        new Reading("armed", NOW, new ReadingValue.Bool(true), null, null),
                        new Reading("n", NOW, new ReadingValue.Numeric(3), null, null));
    }

    @Test
    void flatTimeAsAbsoluteSecondsAppliesToAllReadings() {
        Instant time = Instant.parse("2026-12-03T10:00:00.250Z");

        Decoded decoded = decode("{\"a\":1,\"@t\":1796292000.25,\"b\":2}");

        assertThat(readingsOf(decoded)).extracting(Reading::time).containsExactly(time, time);
    }

    @Test
    void flatTimeBelowTwoToThe28IsRelativeToReception() {
        Decoded decoded = decode("{\"@t\":-60.5,\"a\":1}");

        assertThat(readingsOf(decoded))
                .extracting(Reading::time)
                .containsExactly(NOW.minusSeconds(60).minusMillis(500));
    }

    @Test
    void flatTimeAsRfc3339StringIsTruncatedToMicroseconds() {
        Decoded decoded = decode("{\"a\":1,\"@t\":\"2026-12-03T11:15:30.1234567+01:00\"}");

        assertThat(readingsOf(decoded))
                .extracting(Reading::time)
                .containsExactly(Instant.parse("2026-12-03T10:15:30.123456Z"));
    }

    @Test
    void flatMessageIdIsReportedAndIsNoReading() {
        Decoded decoded = decode("{\"@mid\":4294967295,\"a\":1}");

        assertThat(decoded.messageId()).isEqualTo(OptionalLong.of(4_294_967_295L));
        assertThat(readingsOf(decoded)).extracting(Reading::name).containsExactly("a");
    }

    @Test
    void objectWithOnlySenmlLabelsAndANameIsASingleSenmlRecord() {
        Decoded decoded = decode("{\"bn\":\"dev:\",\"n\":\"t\",\"u\":\"Cel\",\"v\":21,\"mid\":9}");

        assertThat(decoded.messageId()).isEqualTo(OptionalLong.of(9));
        assertThat(readingsOf(decoded)).containsExactly(numeric("dev:t", NOW, 21, "Cel"));
    }

    @Test
    void objectWithSenmlLabelsButNoNameIsFlat() {
        assertThat(readingsOf(decode("{\"v\":1,\"t\":2}")))
                .extracting(Reading::name)
                .containsExactly("v", "t");
    }

    @Test
    void cborMapIsASingleRecordAndTakesTheMessageIdFromAStringLabel() {
        byte[] datagram =
                DecoderTestSupport.cbor(
                        g -> {
                            g.writeStartObject();
                            g.writePropertyId(0);
                            g.writeString("flow");
                            g.writeName("mid");
                            g.writeNumber(7);
                            g.writePropertyId(5);
                            g.writeNumber(12.5);
                            g.writePropertyId(8);
                            g.writeBinary(new byte[] {1, 2});
                            g.writeEndObject();
                        });

        Decoded decoded = decode(datagram);

        assertThat(decoded.encoding()).isEqualTo(Encoding.CBOR);
        assertThat(decoded.messageId()).isEqualTo(OptionalLong.of(7));
        assertThat(readingsOf(decoded))
                .containsExactly(
                        new Reading(
                                "flow", NOW, new ReadingValue.Data(new byte[] {1, 2}), 12.5, null));
    }

    @Test
    void twoDocumentsSeparatedByANewlineAreBothRead() {
        Decoded decoded = decode("{\"a\":1}\n{\"b\":2}\n");

        assertThat(readingsOf(decoded)).extracting(Reading::name).containsExactly("a", "b");
    }

    @Test
    void senmlPackFollowedByAFlatObjectAreBothRead() {
        Decoded decoded = decode("[{\"bn\":\"dev:\",\"n\":\"a\",\"v\":1}]\r\n{\"door\":\"open\"}");

        assertThat(readingsOf(decoded))
                .containsExactly(
                        new Reading("dev:a", NOW, new ReadingValue.Numeric(1), null, null),
                        new Reading("door", NOW, new ReadingValue.Text("open"), null, null));
    }

    @Test
    void baseFieldsCarryOverWithinAPackUntilOverridden() {
        String pack =
                """
                [{"bn":"d:","bt":1800000000,"bu":"W","bv":100,"bs":5,"n":"p","v":1},
                 {"n":"q","t":10,"v":2,"s":1},
                 {"bn":"e:","bu":"kW","bs":0,"n":"p","vs":"idle"},
                 {"n":"q","u":"V","v":3}]
                """;
        Instant base = Instant.ofEpochSecond(1_800_000_000L);

        assertThat(readingsOf(decode(pack)))
                .containsExactly(
                        new Reading("d:p", base, new ReadingValue.Numeric(101), 5.0, "W"),
                        new Reading(
                                "d:q",
                                base.plusSeconds(10),
                                new ReadingValue.Numeric(102),
                                6.0,
                                "W"),
                        new Reading("e:p", base, new ReadingValue.Text("idle"), 0.0, "kW"),
                        new Reading("e:q", base, new ReadingValue.Numeric(103), 0.0, "V"));
    }

    @Test
    void baseFieldsResetWithEveryDocument() {
        Decoded decoded =
                decode(
                        "[{\"bn\":\"d:\",\"bt\":-10,\"bu\":\"W\",\"n\":\"a\",\"v\":1}]"
                                + " [{\"n\":\"b\",\"v\":2}]");

        assertThat(readingsOf(decoded))
                .containsExactly(
                        numeric("d:a", NOW.minusSeconds(10), 1, "W"),
                        new Reading("b", NOW, new ReadingValue.Numeric(2), null, null));
    }

    @Test
    void recordWithOnlyASumHasNoValue() {
        assertThat(readingsOf(decode("[{\"n\":\"energy\",\"u\":\"J\",\"s\":42.5}]")))
                .containsExactly(new Reading("energy", NOW, null, 42.5, "J"));
    }

    @Test
    void unknownFieldsAreIgnoredEvenWithNestedValues() {
        Decoded decoded = decode("[{\"n\":\"a\",\"v\":1,\"ut\":60,\"ext\":{\"k\":[1,2]}}]");

        assertThat(readingsOf(decoded)).extracting(Reading::name).containsExactly("a");
    }

    @Test
    void sameMessageIdMayRepeatAcrossRecordsAndDocuments() {
        Decoded decoded =
                decode(
                        "[{\"mid\":5,\"n\":\"a\",\"v\":1},{\"mid\":5,\"n\":\"b\",\"v\":2}]"
                                + "\n{\"@mid\":5,\"c\":3}");

        assertThat(decoded.messageId()).isEqualTo(OptionalLong.of(5));
        assertThat(readingsOf(decoded)).hasSize(3);
    }

    @Test
    void dataValueAcceptsBase64urlWithAndWithoutPadding() {
        Decoded decoded = decode("[{\"n\":\"a\",\"vd\":\"_-8\"},{\"n\":\"b\",\"vd\":\"_-8=\"}]");

        ReadingValue expected = new ReadingValue.Data(new byte[] {(byte) 0xff, (byte) 0xef});
        assertThat(readingsOf(decoded))
                .extracting(Reading::value)
                .containsExactly(expected, expected);
    }
}
