package io.dtlsingest.telemetry;

import static io.dtlsingest.telemetry.DecoderTestSupport.NOW;
import static io.dtlsingest.telemetry.DecoderTestSupport.cbor;
import static io.dtlsingest.telemetry.DecoderTestSupport.decode;
import static io.dtlsingest.telemetry.DecoderTestSupport.hex;
import static io.dtlsingest.telemetry.DecoderTestSupport.numeric;
import static io.dtlsingest.telemetry.DecoderTestSupport.readingsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The examples of RFC 8428 sections 5.1 and 6, decoded and resolved. */
class Rfc8428ExamplesTest {

    private static final String DEVICE = "urn:dev:ow:10e2073a01080063";

    /** Mon Oct 31 13:24:24 UTC 2011, the base time of sections 5.1.2 and 5.1.3. */
    private static final Instant OCT_31_2011 = Instant.parse("2011-10-31T13:24:24Z");

    /** The pack of section 5.1.2 with current at and before Tue Jun 8 18:01:16.001 UTC 2010. */
    private static final String CURRENT_OVER_TIME =
            """
            [
              {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,
               "bu":"A","bver":5,
               "n":"voltage","u":"V","v":120.1},
              {"n":"current","t":-5,"v":1.2},
              {"n":"current","t":-4,"v":1.3},
              {"n":"current","t":-3,"v":1.4},
              {"n":"current","t":-2,"v":1.5},
              {"n":"current","t":-1,"v":1.6},
              {"n":"current","v":1.7}
            ]
            """;

    /** The hex dump of section 6: the pack above in CBOR. */
    private static final String CURRENT_OVER_TIME_CBOR =
            """
            87 a7 21 78 1b 75 72 6e 3a 64 65 76 3a 6f 77 3a
            31 30 65 32 30 37 33 61 30 31 30 38 30 30 36 3a
            22 fb 41 d3 03 a1 5b 00 10 62 23 61 41 20 05 00
            67 76 6f 6c 74 61 67 65 01 61 56 02 fb 40 5e 06
            66 66 66 66 66 a3 00 67 63 75 72 72 65 6e 74 06
            24 02 fb 3f f3 33 33 33 33 33 33 a3 00 67 63 75
            72 72 65 6e 74 06 23 02 fb 3f f4 cc cc cc cc cc
            cd a3 00 67 63 75 72 72 65 6e 74 06 22 02 fb 3f
            f6 66 66 66 66 66 66 a3 00 67 63 75 72 72 65 6e
            74 06 21 02 f9 3e 00 a3 00 67 63 75 72 72 65 6e
            74 06 20 02 fb 3f f9 99 99 99 99 99 9a a3 00 67
            63 75 72 72 65 6e 74 06 00 02 fb 3f fb 33 33 33
            33 33 33
            """;

    /** Section 5.1.3: humidity and position of a mobile device, battery status apart. */
    private static final String MULTIPLE_MEASUREMENTS =
            """
            [
              {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
               "bu":"%RH","v":20},
              {"u":"lon","v":24.30621},
              {"u":"lat","v":60.07965},
              {"t":60,"v":20.3},
              {"u":"lon","t":60,"v":24.30622},
              {"u":"lat","t":60,"v":60.07965},
              {"t":120,"v":20.7},
              {"u":"lon","t":120,"v":24.30623},
              {"u":"lat","t":120,"v":60.07966},
              {"u":"%EL","t":150,"v":98},
              {"t":180,"v":21.2},
              {"u":"lon","t":180,"v":24.30628},
              {"u":"lat","t":180,"v":60.07967}
            ]
            """;

    /** Section 5.1.4: the pack of section 5.1.3 in resolved form. */
    private static final String RESOLVED_MEASUREMENTS =
            """
            [
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067464e+09,
               "v":20},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067464e+09,
               "v":24.30621},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067464e+09,
               "v":60.07965},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067524e+09,
               "v":20.3},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067524e+09,
               "v":24.30622},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067524e+09,
               "v":60.07965},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067584e+09,
               "v":20.7},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067584e+09,
               "v":24.30623},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067584e+09,
               "v":60.07966},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%EL","t":1.320067614e+09,
               "v":98},
              {"n":"urn:dev:ow:10e2073a01080063","u":"%RH","t":1.320067644e+09,
               "v":21.2},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lon","t":1.320067644e+09,
               "v":24.30628},
              {"n":"urn:dev:ow:10e2073a01080063","u":"lat","t":1.320067644e+09,
               "v":60.07967}
            ]
            """;

    @Test
    void singleDataPointOfSection511IsTakenAtReception() {
        String pack =
                """
                [
                  {"n":"urn:dev:ow:10e2073a01080063","u":"Cel","v":23.1}
                ]
                """;

        assertThat(readingsOf(decode(pack))).containsExactly(numeric(DEVICE, NOW, 23.1, "Cel"));
    }

    @Test
    void multipleDataPointsOfSection512ConcatenateBaseNameAndName() {
        String pack =
                """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},
                  {"n":"current","u":"A","v":1.2}
                ]
                """;

        assertThat(readingsOf(decode(pack)))
                .containsExactly(
                        numeric(DEVICE + ":voltage", NOW, 120.1, "V"),
                        numeric(DEVICE + ":current", NOW, 1.2, "A"));
    }

    @Test
    void currentOverTimeOfSection512AddsRelativeTimesToTheBaseTime() {
        assertThat(readingsOf(decode(CURRENT_OVER_TIME)))
                .containsExactlyElementsOf(currentOverTime());
    }

    @Test
    void sensmlStreamOfSection512CarriesBaseNameUnitAndTimeToAllRecords() {
        // The RFC shows an open-ended stream; its first records, closed as a pack.
        String pack =
                """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063","bt":1.320067464e+09,
                   "bu":"%RH","v":21.2},
                  {"t":10,"v":21.3},
                  {"t":20,"v":21.4},
                  {"t":30,"v":21.4},
                  {"t":40,"v":21.5},
                  {"t":50,"v":21.5},
                  {"t":60,"v":21.5},
                  {"t":70,"v":21.6},
                  {"t":80,"v":21.7}
                ]
                """;

        double[] values = {21.2, 21.3, 21.4, 21.4, 21.5, 21.5, 21.5, 21.6, 21.7};
        List<Reading> readings = readingsOf(decode(pack));

        assertThat(readings).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(readings.get(i))
                    .isEqualTo(numeric(DEVICE, OCT_31_2011.plusSeconds(10L * i), values[i], "%RH"));
        }
    }

    @Test
    void multipleMeasurementsOfSection513ResolveToTheRecordsOfSection514() {
        List<Reading> readings = readingsOf(decode(MULTIPLE_MEASUREMENTS));

        assertThat(readings)
                .containsExactly(
                        numeric(DEVICE, OCT_31_2011, 20, "%RH"),
                        numeric(DEVICE, OCT_31_2011, 24.30621, "lon"),
                        numeric(DEVICE, OCT_31_2011, 60.07965, "lat"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(60), 20.3, "%RH"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(60), 24.30622, "lon"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(60), 60.07965, "lat"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(120), 20.7, "%RH"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(120), 24.30623, "lon"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(120), 60.07966, "lat"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(150), 98, "%EL"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(180), 21.2, "%RH"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(180), 24.30628, "lon"),
                        numeric(DEVICE, OCT_31_2011.plusSeconds(180), 60.07967, "lat"));
        assertThat(readingsOf(decode(RESOLVED_MEASUREMENTS))).isEqualTo(readings);
    }

    @Test
    void multipleDataTypesOfSection515GiveTextBooleanAndDataValues() {
        String pack =
                """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:","n":"temp","u":"Cel","v":23.1},
                  {"n":"label","vs":"Machine Room"},
                  {"n":"open","vb":false},
                  {"n":"nfv-reader","vd":"aGkgCg"}
                ]
                """;

        assertThat(readingsOf(decode(pack)))
                .containsExactly(
                        numeric(DEVICE + ":temp", NOW, 23.1, "Cel"),
                        new Reading(
                                DEVICE + ":label",
                                NOW,
                                new ReadingValue.Text("Machine Room"),
                                null,
                                null),
                        new Reading(
                                DEVICE + ":open", NOW, new ReadingValue.Bool(false), null, null),
                        new Reading(
                                DEVICE + ":nfv-reader",
                                NOW,
                                new ReadingValue.Data("hi \n".getBytes(StandardCharsets.US_ASCII)),
                                null,
                                null));
    }

    @Test
    void collectionOfResourcesOfSection516KeepsTheBaseTimeAcrossANewBaseName() {
        String pack =
                """
                [
                  {"bn":"2001:db8::2/","bt":1.320078429e+09,
                   "n":"temperature","u":"Cel","v":25.2},
                  {"n":"humidity","u":"%RH","v":30},
                  {"bn":"2001:db8::1/","n":"temperature","u":"Cel","v":12.3},
                  {"n":"humidity","u":"%RH","v":67}
                ]
                """;
        Instant queried = Instant.parse("2011-10-31T16:27:09Z");

        assertThat(readingsOf(decode(pack)))
                .containsExactly(
                        numeric("2001:db8::2/temperature", queried, 25.2, "Cel"),
                        numeric("2001:db8::2/humidity", queried, 30, "%RH"),
                        numeric("2001:db8::1/temperature", queried, 12.3, "Cel"),
                        numeric("2001:db8::1/humidity", queried, 67, "%RH"));
    }

    @Test
    void thermostatOfSection517StartsWithARecordHoldingOnlyTheBaseName() {
        String pack =
                """
                [
                  {"bn":"urn:dev:ow:10e2073a01080063:"},
                  {"n":"temp","u":"Cel","v":23.1},
                  {"n":"heat","u":"/","v":1},
                  {"n":"fan","u":"/","v":0}
                ]
                """;

        assertThat(readingsOf(decode(pack)))
                .containsExactly(
                        numeric(DEVICE + ":temp", NOW, 23.1, "Cel"),
                        numeric(DEVICE + ":heat", NOW, 1, "/"),
                        numeric(DEVICE + ":fan", NOW, 0, "/"));
    }

    @Test
    void lightsOfSection517SwitchAtAbsoluteTimesWithFractionalSeconds() {
        String turnOn =
                """
                [
                  {"bt":1.320078429e+09,"bu":"/","n":"2001:db8::3","v":1},
                  {"n":"2001:db8::4","v":1}
                ]
                """;
        String dimThenTurnOff =
                """
                [
                  {"bt":1.320078429e+09,"bu":"/","n":"2001:db8::3","v":0.5},
                  {"n":"2001:db8::4","v":0.5},
                  {"n":"2001:db8::3","t":0.1,"v":0},
                  {"n":"2001:db8::4","t":0.1,"v":0}
                ]
                """;
        Instant now = Instant.ofEpochSecond(1_320_078_429L);
        Instant later = now.plusMillis(100);

        assertThat(readingsOf(decode(turnOn)))
                .containsExactly(
                        numeric("2001:db8::3", now, 1, "/"), numeric("2001:db8::4", now, 1, "/"));
        assertThat(readingsOf(decode(dimThenTurnOff)))
                .containsExactly(
                        numeric("2001:db8::3", now, 0.5, "/"),
                        numeric("2001:db8::4", now, 0.5, "/"),
                        numeric("2001:db8::3", later, 0, "/"),
                        numeric("2001:db8::4", later, 0, "/"));
    }

    @Test
    void cborDumpOfSection6ResolvesLikeItsJsonForm() {
        byte[] datagram = hex(CURRENT_OVER_TIME_CBOR);

        Decoded decoded = decode(datagram);

        assertThat(datagram).hasSize(0xc3);
        assertThat(decoded.encoding()).isEqualTo(Encoding.CBOR);
        assertThat(readingsOf(decoded)).containsExactlyElementsOf(currentOverTime());
    }

    @Test
    void cborWrittenWithIntegerLabelsResolvesLikeItsJsonForm() {
        byte[] datagram =
                cbor(
                        g -> {
                            g.writeStartArray();
                            g.writeStartObject();
                            g.writePropertyId(-2);
                            g.writeString("urn:dev:ow:10e2073a0108006:");
                            g.writePropertyId(-3);
                            g.writeNumber(1276020076.001);
                            g.writePropertyId(-4);
                            g.writeString("A");
                            g.writePropertyId(-1);
                            g.writeNumber(5);
                            g.writePropertyId(0);
                            g.writeString("voltage");
                            g.writePropertyId(1);
                            g.writeString("V");
                            g.writePropertyId(2);
                            g.writeNumber(120.1);
                            g.writeEndObject();
                            double[] values = {1.2, 1.3, 1.4, 1.5, 1.6, 1.7};
                            for (int i = 0; i < values.length; i++) {
                                g.writeStartObject();
                                g.writePropertyId(0);
                                g.writeString("current");
                                g.writePropertyId(6);
                                g.writeNumber(i - 5);
                                g.writePropertyId(2);
                                g.writeNumber(values[i]);
                                g.writeEndObject();
                            }
                            g.writeEndArray();
                        });

        assertThat(readingsOf(decode(datagram))).containsExactlyElementsOf(currentOverTime());
    }

    /** The resolved records of the pack of section 5.1.2 with current over time. */
    private static List<Reading> currentOverTime() {
        String name = "urn:dev:ow:10e2073a0108006:";
        Instant last = Instant.parse("2010-06-08T18:01:16.001Z");
        return List.of(
                numeric(name + "voltage", last, 120.1, "V"),
                numeric(name + "current", last.minusSeconds(5), 1.2, "A"),
                numeric(name + "current", last.minusSeconds(4), 1.3, "A"),
                numeric(name + "current", last.minusSeconds(3), 1.4, "A"),
                numeric(name + "current", last.minusSeconds(2), 1.5, "A"),
                numeric(name + "current", last.minusSeconds(1), 1.6, "A"),
                numeric(name + "current", last, 1.7, "A"));
    }
}
