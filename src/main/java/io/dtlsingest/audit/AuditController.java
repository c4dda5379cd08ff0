package io.dtlsingest.audit;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/audit?limit=&before=}: the audit trail, newest first, paged by entry id. The
 * first page is asked for without {@code before}; each answer names the {@code before} of the next
 * page, so entries added in the meantime neither shift nor repeat the pages that follow.
 */
@RestController
class AuditController {

    private final AuditLog entries;

    AuditController(AuditLog entries) {
        this.entries = entries;
    }

    @GetMapping("/api/v1/audit")
    AuditPage page(
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit,
            @RequestParam(required = false) @Min(1) @Nullable Long before) {
        // One entry more than asked tells whether an older page exists.
        List<AuditEntry> found = entries.page(limit + 1, before);
        if (found.size() <= limit) {
            return new AuditPage(found, null);
        }
        List<AuditEntry> page = found.subList(0, limit);
        return new AuditPage(page, page.get(limit - 1).id());
    }
}
