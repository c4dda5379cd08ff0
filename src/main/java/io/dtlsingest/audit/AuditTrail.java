package io.dtlsingest.audit;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Records administrative changes, each as a row of {@code audit_log} and one INFO log line, with
 * the {@link Actor#current() current actor}.
 *
 * <p>Called inside the transaction of the change it records, the entry commits or rolls back with
 * the change, and the log line is written only once the change is committed. Callers pass details
 * that hold no secret; they are stored and logged as given.
 */
@Service
public class AuditTrail {

    private static final Logger log = LoggerFactory.getLogger(AuditTrail.class);

    private final AuditLog entries;
    private final JsonMapper json;

    AuditTrail(AuditLog entries, JsonMapper json) {
        this.entries = entries;
        this.json = json;
    }

    /**
     * Records that the current actor did {@code action} to {@code target}.
     *
     * @param action what was done, such as {@code device.create}
     * @param target what it was done to, such as a device id or a token name
     * @param details a few names and values that describe the change, never a secret
     */
    public void record(String action, String target, Map<String, ?> details) {
        Actor actor = Actor.current();
        String detailsJson = json.writeValueAsString(details);

        entries.insert(actor, action, target, detailsJson);

        Runnable logLine = () -> logChange(actor, action, target, detailsJson);
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(
                    new TransactionSynchronization() {
                        @Override
                        public void afterCommit() {
                            logLine.run();
                        }
                    });
        } else {
            logLine.run();
        }
    }

    private static void logChange(Actor actor, String action, String target, String details) {
        log.info(
                "Audit: {} {} by {} from {} {}",
                action,
                target,
                actor.name(),
                actor.source() == null ? "the service itself" : actor.source(),
                details);
    }
}
