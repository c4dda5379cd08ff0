package io.dtlsingest.token;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code api_tokens} table: names, roles and token digests, never a token itself. */
@Repository
class ApiTokenRepository {

    private static final String SELECT_TOKEN =
            "select name, role, created_at, created_by, last_used_at, revoked_at, revoked_by"
                    + " from api_tokens";

    private final JdbcClient jdbc;

    ApiTokenRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * @throws TokenConflictException when the name or, against all odds, the digest is taken
     */
    ApiToken insert(String name, TokenRole role, byte[] digest, String createdBy) {
        try {
            jdbc.sql(
                            "insert into api_tokens (name, role, token_hash, created_by)"
                                    + " values (?, ?, ?, ?)")
                    .params(name, role.wireName(), digest, createdBy)
                    .update();
        } catch (DuplicateKeyException e) {
            throw new TokenConflictException(
                    "a token named " + name + " exists or existed; token names are not reused");
        }
        return find(name).orElseThrow();
    }

    Optional<ApiToken> find(String name) {
        return jdbc.sql(SELECT_TOKEN + " where name = ?")
                .param(name)
                .query(ApiTokenRepository::token)
                .optional();
    }

    List<ApiToken> list(int limit, long offset) {
        return jdbc.sql(SELECT_TOKEN + " order by name limit ? offset ?")
                .params(limit, offset)
                .query(ApiTokenRepository::token)
                .list();
    }

    /**
     * Finds the valid token with this digest and notes that it was used now; one statement, as it
     * runs once per cache miss.
     */
    Optional<TokenPrincipal> useValid(byte[] digest) {
        return jdbc.sql(
                        "update api_tokens set last_used_at = now()"
                                + " where token_hash = ? and revoked_at is null"
                                + " returning name, role")
                .param(digest)
                .query(
                        (row, number) ->
                                new TokenPrincipal(
                                        row.getString("name"), role(row.getString("role"))))
                .optional();
    }

    /** The stored digest of the token of this name, revoked or not. */
    Optional<byte[]> digestOf(String name) {
        return jdbc.sql("select token_hash from api_tokens where name = ?")
                .param(name)
                .query(byte[].class)
                .optional();
    }

    /**
     * Revokes a valid token.
     *
     * @return true when revoked now; false when there is no valid token of that name
     */
    boolean revoke(String name, String revokedBy) {
        return jdbc.sql(
                                "update api_tokens set revoked_at = now(), revoked_by = ?"
                                        + " where name = ? and revoked_at is null")
                        .params(revokedBy, name)
                        .update()
                == 1;
    }

    private static ApiToken token(ResultSet row, int number) throws SQLException {
        return new ApiToken(
                row.getString("name"),
                role(row.getString("role")),
                row.getTimestamp("created_at").toInstant(),
                row.getString("created_by"),
                instant(row.getTimestamp("last_used_at")),
                instant(row.getTimestamp("revoked_at")),
                row.getString("revoked_by"));
    }

    private static TokenRole role(String wireName) {
        return TokenRole.ofWireName(wireName)
                .orElseThrow(() -> new IllegalStateException("unknown token role " + wireName));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
