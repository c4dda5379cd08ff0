package io.dtlsingest.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dtlsingest.limits.TokenBucket;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The token buckets of every device that sent recently: one for datagrams and one for readings.
 *
 * <p>The map is bounded by {@link RateLimitProperties#maxDevices()}. A device quiet for longer than
 * its buckets take to fill is forgotten, which loses nothing, as it would find them full anyway.
 * When more devices than the bound are sending, the cache evicts the ones it judges least likely to
 * send again; an evicted device starts again with full buckets, so it may get one burst more than
 * its due. Sizing the bound above the number of active devices avoids that.
 *
 * <p>Thread-safe.
 */
final class DeviceRateLimits {

    private final RateLimitProperties limits;
    private final LongSupplier clock;
    private final Cache<String, Allowance> allowances;

    DeviceRateLimits(RateLimitProperties limits, LongSupplier clock) {
        this.limits = limits;
        this.clock = clock;
        this.allowances =
                Caffeine.newBuilder()
                        .maximumSize(limits.maxDevices())
                        .expireAfterAccess(refillTime(limits))
                        // The cache's upkeep runs on the thread of the datagram that triggers it;
                        // handing it to the common pool woke a thread every few hundred datagrams.
                        .executor(Runnable::run)
                        .build();
    }

    /**
     * Takes one datagram and {@code readings} readings from the device's buckets.
     *
     * @return {@link Verdict#allowed()} or which limit the datagram is over
     */
    Verdict take(String deviceId, int readings) {
        long now = clock.getAsLong();
        Allowance allowance = allowances.get(deviceId, id -> new Allowance(limits, now));
        return allowance.take(readings, now, limits);
    }

    /** Buckets that have not been touched for this long are full again. */
    private static Duration refillTime(RateLimitProperties limits) {
        Duration datagrams =
                TokenBucket.timeToFill(limits.datagramsPerSecond(), limits.datagramBurst());
        Duration readings =
                TokenBucket.timeToFill(limits.readingsPerSecond(), limits.readingBurst());
        return datagrams.compareTo(readings) >= 0 ? datagrams : readings;
    }

    /**
     * Whether a datagram may pass, and if not, why and when to try again.
     *
     * @param detail which limit it is over, empty when allowed
     * @param retryAfterMillis how long until the device's buckets would let it through
     */
    record Verdict(String detail, long retryAfterMillis) {

        private static final Verdict ALLOWED = new Verdict("", 0);

        static Verdict allowed() {
            return ALLOWED;
        }

        boolean isAllowed() {
            return detail.isEmpty();
        }
    }

    private static final class Allowance {

        private final TokenBucket datagrams;
        private final TokenBucket readings;

        Allowance(RateLimitProperties limits, long now) {
            datagrams = new TokenBucket(limits.datagramsPerSecond(), limits.datagramBurst(), now);
            readings = new TokenBucket(limits.readingsPerSecond(), limits.readingBurst(), now);
        }

        /**
         * A datagram over the datagram limit takes nothing; one within it takes its datagram token
         * even when its readings are over the reading limit, so that a device cannot send unlimited
         * datagrams by making each one too big.
         */
        synchronized Verdict take(int count, long now, RateLimitProperties limits) {
            if (!datagrams.tryTake(1, now)) {
                return new Verdict(
                        "more than " + limits.datagramsPerSecond() + " datagrams per second",
                        datagrams.millisUntil(1, now));
            }
            if (count > 0 && !readings.tryTake(count, now)) {
                return new Verdict(
                        "more than " + limits.readingsPerSecond() + " readings per second",
                        readings.millisUntil(count, now));
            }
            return Verdict.allowed();
        }
    }
}
