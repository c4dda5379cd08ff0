package io.dtlsingest.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * One administrative change as the audit endpoint shows it.
 *
 * @param id increases with every entry; the key that pages through the trail
 * @param at when the change was committed
 * @param actor the token name, or {@code system:<job>}
 * @param source the remote address of the request, or null for a change not made over HTTP
 * @param action what was done, such as {@code device.create}
 * @param target what it was done to: a device id, a token name
 * @param details small JSON object describing the change; never a secret
 */
public record AuditEntry(
        long id,
        Instant at,
        String actor,
        @Nullable String source,
        String action,
        String target,
        JsonNode details) {}
