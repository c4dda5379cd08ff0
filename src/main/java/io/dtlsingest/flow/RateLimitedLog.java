package io.dtlsingest.flow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;

/**
 * Lets one warning per device through per minute, so that a device sending garbage in a loop cannot
 * fill the log. Remembers at most 10,000 devices; a forgotten device may log again early, which is
 * harmless.
 */
final class RateLimitedLog {

    private final Cache<String, Boolean> recentlyLogged =
            Caffeine.newBuilder()
                    .maximumSize(10_000)
                    .expireAfterWrite(Duration.ofMinutes(1))
                    .build();

    /** Whether a warning about this device may be logged now. */
    boolean allow(String deviceId) {
        return recentlyLogged.asMap().putIfAbsent(deviceId, Boolean.TRUE) == null;
    }
}
