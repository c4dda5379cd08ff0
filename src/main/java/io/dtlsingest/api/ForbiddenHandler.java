package io.dtlsingest.api;

import io.dtlsingest.token.TokenPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers a valid token that may not do what it asks with a 403 problem detail naming the token,
 * its role and the role needed, the way the API reports its other errors.
 */
final class ForbiddenHandler implements AccessDeniedHandler {

    private final JsonMapper json;

    ForbiddenHandler(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void handle(
            HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", HttpStatus.FORBIDDEN.getReasonPhrase());
        problem.put("status", HttpStatus.FORBIDDEN.value());
        problem.put("detail", detail());
        problem.put("instance", request.getRequestURI());

        response.setStatus(HttpStatus.FORBIDDEN.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), problem);
    }

    private static String detail() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null
                && authentication.getPrincipal() instanceof TokenPrincipal token) {
            return "the token "
                    + token.name()
                    + " has the role "
                    + token.role().wireName()
                    + ", which may only read devices, readings and actuator endpoints;"
                    + " this request needs the role admin";
        }
        return "this request needs the role admin";
    }
}
