package io.dtlsingest.api;

import io.dtlsingest.device.DeviceConflictException;
import io.dtlsingest.device.DeviceNotFoundException;
import io.dtlsingest.device.InvalidDeviceException;
import io.dtlsingest.token.InvalidTokenRequestException;
import io.dtlsingest.token.TokenConflictException;
import io.dtlsingest.token.TokenNotFoundException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Maps the API's domain errors to RFC 9457 problem responses with a precise detail. */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiExceptionHandler {

    @ExceptionHandler({DeviceNotFoundException.class, TokenNotFoundException.class})
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({DeviceConflictException.class, TokenConflictException.class})
    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler({InvalidDeviceException.class, InvalidTokenRequestException.class})
    ProblemDetail invalid(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        String expected =
                e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.BAD_REQUEST,
                "parameter " + e.getName() + " must be " + describe(expected));
    }

    private static String describe(String type) {
        return switch (type) {
            case "Instant" -> "an ISO-8601 instant such as 2026-01-31T12:00:00Z";
            case "int", "long", "Integer", "Long" -> "a whole number";
            default -> "a " + type;
        };
    }
}
