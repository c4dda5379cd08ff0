package io.dtlsingest.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Verifies that token lookups in the database are bounded: a looked-up token is answered from the
 * cache afterwards, and once the allowed lookups are all running, a further one is refused instead
 * of waiting for a database connection.
 */
@Timeout(10)
class TokenLookupLimitTest {

    private static final String TOKEN_A = "dti_" + "a".repeat(43);
    private static final String TOKEN_B = "dti_" + "b".repeat(43);

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);
    private final AtomicInteger queries = new AtomicInteger();

    /** A repository whose lookups wait until released, as on a slow database. */
    private final ApiTokenRepository slowDatabase =
            new ApiTokenRepository(null) {
                @Override
                Optional<TokenPrincipal> useValid(byte[] digest) {
                    queries.incrementAndGet();
                    entered.countDown();
                    try {
                        release.await(5, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of(new TokenPrincipal("ci", TokenRole.READER));
                }
            };

    private final ApiTokens tokens =
            new ApiTokens(
                    slowDatabase, null, null, new TokenProperties(10, Duration.ofMinutes(1), 1));

    @Test
    void aLookupBeyondTheLimitIsRefusedAndACachedTokenNeedsNoLookup() throws Exception {
        CompletableFuture<Optional<TokenPrincipal>> first =
                CompletableFuture.supplyAsync(() -> tokens.authenticate(TOKEN_A));
        assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> tokens.authenticate(TOKEN_B))
                .isInstanceOf(TokenLookupBusyException.class);

        release.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isPresent();
        assertThat(tokens.authenticate(TOKEN_A)).isPresent();
        assertThat(tokens.authenticate(TOKEN_B)).isPresent();
        assertThat(queries).hasValue(2);
    }

    @Test
    void aStringThatIsNoTokenIsRefusedWithoutALookup() {
        assertThat(tokens.authenticate("not-a-token")).isEmpty();
        assertThat(tokens.authenticate("dti_short")).isEmpty();
        assertThat(queries).hasValue(0);
    }
}
