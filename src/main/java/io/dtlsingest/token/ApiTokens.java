package io.dtlsingest.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.dtlsingest.audit.Actor;
import io.dtlsingest.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Named API tokens: creates them, lists them, revokes them, and tells who presents one.
 *
 * <p>A token is {@code dti_} followed by 32 random bytes in URL-safe base64 without padding. Only
 * its SHA-256 digest is stored. A plain, unsalted hash is enough here because the secret is 256
 * random bits: there is no dictionary to guess from, so salts and slow password hashes would only
 * make every lookup expensive. For the same reason the lookup by digest reveals nothing through its
 * timing: matching leading bytes of a digest tell an attacker nothing about any token.
 *
 * <p>Lookups go through a cache bounded in size and time, so a busy client costs one database query
 * per {@code ingest.tokens.cache-ttl}. A revocation clears the entry of this instance once
 * committed; other instances notice within the cache time. Unknown tokens are cached too, but a
 * client sending ever new well-formed tokens costs one indexed query each: those queries run at
 * most {@code ingest.tokens.concurrent-lookups} at a time, so they cannot take all database
 * connections from the pipeline, though failed attempts are not rate-limited per client.
 */
@Service
public class ApiTokens {

    static final String PREFIX = "dti_";

    private static final int SECRET_BYTES = 32;
    private static final Pattern WELL_FORMED = Pattern.compile("dti_[A-Za-z0-9_-]{43}");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final long LOOKUP_WAIT_MILLIS = 500;

    private final SecureRandom random = new SecureRandom();
    private final ApiTokenRepository repository;
    private final AuditTrail audit;
    private final TransactionTemplate transactions;
    private final Cache<String, Optional<TokenPrincipal>> byDigest;
    private final Semaphore lookups;

    ApiTokens(
            ApiTokenRepository repository,
            AuditTrail audit,
            TransactionTemplate transactions,
            TokenProperties properties) {
        this.repository = repository;
        this.audit = audit;
        this.transactions = transactions;
        this.byDigest =
                Caffeine.newBuilder()
                        .maximumSize(properties.cacheSize())
                        .expireAfterWrite(properties.cacheTtl())
                        .build();
        this.lookups = new Semaphore(properties.concurrentLookups());
    }

    /**
     * Who a stored, valid token belongs to. A string that does not look like a token is refused
     * without a lookup. The configured bootstrap token is not stored and not known here.
     *
     * @throws TokenLookupBusyException when the token is not cached and the database lookups stay
     *     taken for half a second
     */
    public Optional<TokenPrincipal> authenticate(String presented) {
        if (!WELL_FORMED.matcher(presented).matches()) {
            return Optional.empty();
        }
        byte[] digest = digest(presented);
        return byDigest.get(HexFormat.of().formatHex(digest), key -> lookUp(digest));
    }

    private Optional<TokenPrincipal> lookUp(byte[] digest) {
        try {
            if (!lookups.tryAcquire(LOOKUP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new TokenLookupBusyException();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenLookupBusyException();
        }
        try {
            return repository.useValid(digest);
        } finally {
            lookups.release();
        }
    }

    /**
     * Creates a token; the answer holds its secret, which is not kept anywhere.
     *
     * @throws InvalidTokenRequestException naming the field that is wrong
     * @throws TokenConflictException when the name is taken
     */
    public CreatedToken create(TokenRequests.Create request) {
        String name = name(request.name());
        TokenRole role = role(request.role());
        String token = newToken();
        String createdBy = Actor.current().name();

        ApiToken created =
                transactions.execute(
                        status -> {
                            ApiToken stored =
                                    repository.insert(name, role, digest(token), createdBy);
                            audit.record("token.create", name, Map.of("role", role.wireName()));
                            return stored;
                        });
        return new CreatedToken(name, role, token, created.createdAt(), createdBy);
    }

    public List<ApiToken> list(int limit, long offset) {
        return repository.list(limit, offset);
    }

    /**
     * @throws TokenNotFoundException when there is no token of that name
     */
    public ApiToken get(String name) {
        return repository.find(name).orElseThrow(() -> new TokenNotFoundException(name));
    }

    /**
     * Revokes a token; it authenticates no request on this instance once this returns. Revoking a
     * revoked token changes nothing.
     *
     * @throws TokenNotFoundException when there is no token of that name
     * @throws InvalidTokenRequestException for the bootstrap token, which is configured
     */
    public void revoke(String name) {
        if (TokenPrincipal.BOOTSTRAP_NAME.equals(name)) {
            throw new InvalidTokenRequestException(
                    "the bootstrap token is set by ingest.admin.token (INGEST_ADMIN_TOKEN);"
                            + " change it there to replace it");
        }
        String revokedBy = Actor.current().name();

        byte[] digest =
                transactions.execute(
                        status -> {
                            byte[] stored =
                                    repository
                                            .digestOf(name)
                                            .orElseThrow(() -> new TokenNotFoundException(name));
                            if (repository.revoke(name, revokedBy)) {
                                audit.record("token.revoke", name, Map.of());
                            }
                            return stored;
                        });

        // Only after the commit, as a lookup in between would cache the token as valid again. Also
        // when it was revoked already, perhaps through another instance, whose revocation this
        // instance would otherwise notice only when its cache entry expires.
        byDigest.invalidate(HexFormat.of().formatHex(digest));
    }

    /** The SHA-256 digest of a token, as stored. */
    public static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private String newToken() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String name(@Nullable String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidTokenRequestException(
                    "name is required: 1 to 64 letters, digits, '.', '_' or '-',"
                            + " starting with a letter or digit");
        }
        if (TokenPrincipal.BOOTSTRAP_NAME.equals(name)) {
            throw new TokenConflictException(
                    "the name bootstrap is reserved for the token set by ingest.admin.token");
        }
        return name;
    }

    private static TokenRole role(@Nullable String role) {
        return TokenRole.ofWireName(role == null ? "" : role)
                .orElseThrow(
                        () -> new InvalidTokenRequestException("role must be admin or reader"));
    }
}
