package io.dtlsingest.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Each device has its own datagram and reading buckets; going over one refuses the datagram. */
class DeviceRateLimitsTest {

    private static final long MILLI = 1_000_000L;

    private final AtomicLong now = new AtomicLong();
    private final DeviceRateLimits limits =
            new DeviceRateLimits(new RateLimitProperties(20, 40, 500, 1000, 100), now::get);

    @Test
    void aBurstOfDatagramsPassesAndTheNextIsRefusedWithARetryTime() {
        for (int i = 0; i < 40; i++) {
            assertThat(limits.take("a", 1).isAllowed()).isTrue();
        }

        DeviceRateLimits.Verdict refused = limits.take("a", 1);

        assertThat(refused.isAllowed()).isFalse();
        assertThat(refused.detail()).isEqualTo("more than 20 datagrams per second");
        assertThat(refused.retryAfterMillis()).isEqualTo(50);
    }

    @Test
    void theSustainedRatePassesAfterTheBurst() {
        for (int i = 0; i < 40; i++) {
            limits.take("a", 1);
        }

        now.addAndGet(50 * MILLI);

        assertThat(limits.take("a", 1).isAllowed()).isTrue();
        assertThat(limits.take("a", 1).isAllowed()).isFalse();
    }

    @Test
    void tooManyReadingsAreRefusedEvenWithinTheDatagramLimit() {
        assertThat(limits.take("a", 600).isAllowed()).isTrue();

        DeviceRateLimits.Verdict refused = limits.take("a", 600);

        assertThat(refused.isAllowed()).isFalse();
        assertThat(refused.detail()).isEqualTo("more than 500 readings per second");
        assertThat(refused.retryAfterMillis()).isEqualTo(400);
        assertThat(limits.take("a", 400).isAllowed()).isTrue();
    }

    @Test
    void devicesDoNotShareBuckets() {
        for (int i = 0; i < 40; i++) {
            limits.take("a", 1);
        }

        assertThat(limits.take("a", 1).isAllowed()).isFalse();
        assertThat(limits.take("b", 1).isAllowed()).isTrue();
    }
}
