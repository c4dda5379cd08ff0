package io.dtlsingest.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A token bucket lets a burst through, then the sustained rate, and says when to come back. */
class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void anEmptyBucketFillsInItsCapacityOverItsRateRoundedUpWithASecondToSpare() {
        assertThat(TokenBucket.timeToFill(20, 40)).isEqualTo(Duration.ofSeconds(3));
        assertThat(TokenBucket.timeToFill(3, 10)).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aNewBucketLetsAFullBurstThroughAndThenRefuses() {
        TokenBucket bucket = new TokenBucket(10, 5, 0);

        for (int i = 0; i < 5; i++) {
            assertThat(bucket.tryTake(1, 0)).isTrue();
        }
        assertThat(bucket.tryTake(1, 0)).isFalse();
    }

    @Test
    void tokensComeBackAtTheRateAndNeverBeyondTheCapacity() {
        TokenBucket bucket = new TokenBucket(10, 5, 0);
        assertThat(bucket.tryTake(5, 0)).isTrue();

        assertThat(bucket.tryTake(1, SECOND / 20)).isFalse();
        assertThat(bucket.tryTake(1, SECOND / 10)).isTrue();
        assertThat(bucket.tryTake(6, 100 * SECOND)).isFalse();
        assertThat(bucket.tryTake(5, 100 * SECOND)).isTrue();
    }

    @Test
    void aRefusedTakeTakesNothing() {
        TokenBucket bucket = new TokenBucket(1, 10, 0);
        assertThat(bucket.tryTake(8, 0)).isTrue();

        assertThat(bucket.tryTake(3, 0)).isFalse();
        assertThat(bucket.tryTake(2, 0)).isTrue();
    }

    @Test
    void millisUntilSaysWhenEnoughTokensWillBeThere() {
        TokenBucket bucket = new TokenBucket(20, 40, 0);
        assertThat(bucket.tryTake(40, 0)).isTrue();

        assertThat(bucket.millisUntil(1, 0)).isEqualTo(50);
        assertThat(bucket.millisUntil(10, 0)).isEqualTo(500);
        assertThat(bucket.millisUntil(1000, 0)).isEqualTo(2000);
        assertThat(bucket.millisUntil(1, SECOND)).isZero();
    }
}
