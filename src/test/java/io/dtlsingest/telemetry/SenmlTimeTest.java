package io.dtlsingest.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** RFC 8428 section 4.5.3: the switch from relative to absolute time, and the precision. */
class SenmlTimeTest {

    private static final Instant NOW = Instant.parse("2026-12-03T10:15:30.123456789Z");

    @Test
    void twoToThe28IsTheFirstAbsoluteTime() {
        assertThat(SenmlTime.resolve(0, 268_435_456, NOW))
                .isEqualTo(Instant.parse("1978-07-04T21:24:16Z"));
        assertThat(SenmlTime.resolve(268_435_455, 0, NOW))
                .isEqualTo(Instant.parse("2035-06-06T07:39:45.123456Z"));
    }

    @Test
    void baseTimeAndTimeAreAddedBeforeDecidingWhetherTheSumIsAbsolute() {
        assertThat(SenmlTime.resolve(268_435_455, 1, NOW))
                .isEqualTo(Instant.parse("1978-07-04T21:24:16Z"));
    }

    @Test
    void fractionalSecondsAreAddedAsWrittenAndTruncatedToMicroseconds() {
        assertThat(SenmlTime.resolve(1.276020076001e9, -5, NOW))
                .isEqualTo(Instant.parse("2010-06-08T18:01:11.001Z"));
        assertThat(SenmlTime.resolve(1.8e9, 0.0000019, NOW))
                .isEqualTo(Instant.parse("2027-01-15T08:00:00.000001Z"));
    }

    @Test
    void relativeTimesTruncateTowardsThePast() {
        assertThat(SenmlTime.resolve(0, -0.0000005, NOW))
                .isEqualTo(Instant.parse("2026-12-03T10:15:30.123456Z"));
        assertThat(SenmlTime.resolve(-1, 0.25, NOW))
                .isEqualTo(Instant.parse("2026-12-03T10:15:29.373456Z"));
    }

    @Test
    void nonFiniteAndFarOutTimesHaveNoInstant() {
        assertThat(SenmlTime.resolve(Double.NaN, 0, NOW)).isNull();
        assertThat(SenmlTime.resolve(0, Double.POSITIVE_INFINITY, NOW)).isNull();
        assertThat(SenmlTime.resolve(-1e11, 0, NOW)).isNull();
        assertThat(SenmlTime.resolve(2.6e11, 0, NOW)).isNull();
    }
}
