package io.dtlsingest.api;

import io.dtlsingest.audit.Actor;
import io.dtlsingest.token.ApiTokens;
import io.dtlsingest.token.TokenLookupBusyException;
import io.dtlsingest.token.TokenPrincipal;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries {@code Authorization: Bearer <token>}: the bootstrap token
 * of {@code ingest.admin.token}, or a stored API token. For the rest of the request, the token's
 * name and the request's remote address are the {@link Actor} the audit trail records.
 *
 * <p>The bootstrap token is compared by SHA-256 digest with a constant-time comparison: both sides
 * have the same length whatever was sent, so timing reveals neither the token nor its length.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";

    private final byte[] bootstrapDigest;
    private final ApiTokens tokens;

    BearerTokenFilter(String bootstrapToken, ApiTokens tokens) {
        this.bootstrapDigest = ApiTokens.digest(bootstrapToken);
        this.tokens = tokens;
    }

    @Override
    protected void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<TokenPrincipal> principal;
        try {
            principal = authenticate(request.getHeader("Authorization"));
        } catch (TokenLookupBusyException e) {
            refuseForNow(response, e);
            return;
        }
        if (principal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }

        TokenPrincipal token = principal.get();
        SecurityContextHolder.getContext()
                .setAuthentication(
                        UsernamePasswordAuthenticationToken.authenticated(
                                token,
                                null,
                                List.of(
                                        new SimpleGrantedAuthority(
                                                Roles.authority(token.role())))));
        Actor previous = Actor.bind(new Actor(token.name(), request.getRemoteAddr()));
        try {
            chain.doFilter(request, response);
        } finally {
            Actor.restore(previous);
        }
    }

    private static void refuseForNow(HttpServletResponse response, TokenLookupBusyException e)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "1");
        response.setContentType("application/problem+json");
        response.getWriter()
                .write(
                        "{\"type\":\"about:blank\",\"title\":\"Service Unavailable\","
                                + "\"status\":503,\"detail\":\""
                                + e.getMessage()
                                + "\"}");
    }

    private Optional<TokenPrincipal> authenticate(String header) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return Optional.empty();
        }
        String presented = header.substring(PREFIX.length()).strip();
        if (MessageDigest.isEqual(bootstrapDigest, ApiTokens.digest(presented))) {
            return Optional.of(TokenPrincipal.BOOTSTRAP);
        }
        return tokens.authenticate(presented);
    }
}
