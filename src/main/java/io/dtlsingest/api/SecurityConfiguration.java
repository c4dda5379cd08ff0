package io.dtlsingest.api;

import io.dtlsingest.token.ApiTokens;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.EndpointRequest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.HttpStatusEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may do what, on the API port and on the management port alike. The health probes need no
 * token. Any valid token may read: devices, readings and the actuator endpoints. Everything else,
 * which is every change, the token API and the audit trail, needs an {@code admin} token. No token
 * or an unknown one is a 401; a {@code reader} token asking for more is a 403. No sessions, no
 * cookies, no login page.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    /** Reading methods; HEAD answers what GET would, without the body. */
    private static final RequestMatcher READING =
            request -> "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http, AdminProperties admin, ApiTokens tokens, JsonMapper json)
            throws Exception {
        return http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(
                        new BearerTokenFilter(admin.token(), tokens), AuthorizationFilter.class)
                .authorizeHttpRequests(
                        requests ->
                                requests.requestMatchers(EndpointRequest.to("health"))
                                        .permitAll()
                                        // An error page renders a failure of a request that was
                                        // already authorized; it adds no access of its own.
                                        .dispatcherTypeMatchers(DispatcherType.ERROR)
                                        .permitAll()
                                        // Tokens are secrets and the audit trail tells who can
                                        // do what: both are for admins only, even to read.
                                        .requestMatchers("/api/v1/tokens/**", "/api/v1/audit/**")
                                        .hasRole(Roles.ADMIN)
                                        .requestMatchers(READING)
                                        .hasAnyRole(Roles.ADMIN, Roles.READER)
                                        .anyRequest()
                                        .hasRole(Roles.ADMIN))
                .exceptionHandling(
                        e ->
                                e.authenticationEntryPoint(
                                                (request, response, failure) -> {
                                                    response.setHeader(
                                                            "WWW-Authenticate", challenge(request));
                                                    new HttpStatusEntryPoint(
                                                                    HttpStatus.UNAUTHORIZED)
                                                            .commence(request, response, failure);
                                                })
                                        .accessDeniedHandler(new ForbiddenHandler(json)))
                .build();
    }

    /** RFC 6750 section 3: a presented token that did not authenticate is an invalid_token. */
    private static String challenge(HttpServletRequest request) {
        return request.getHeader("Authorization") == null
                ? "Bearer"
                : "Bearer error=\"invalid_token\"";
    }
}
