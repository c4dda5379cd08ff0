package io.dtlsingest.token;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Token API: create (the secret is shown once), list, show and revoke API tokens. */
@RestController
@RequestMapping("/api/v1/tokens")
class TokenController {

    private final ApiTokens tokens;

    TokenController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<CreatedToken> create(@RequestBody TokenRequests.Create request) {
        CreatedToken created = tokens.create(request);
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.name())).body(created);
    }

    @GetMapping
    List<ApiToken> list(
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(defaultValue = "0") @Min(0) long offset) {
        return tokens.list(limit, offset);
    }

    @GetMapping("/{name}")
    ApiToken get(@PathVariable String name) {
        return tokens.get(name);
    }

    @DeleteMapping("/{name}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@PathVariable String name) {
        tokens.revoke(name);
    }
}
