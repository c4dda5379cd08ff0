package io.dtlsingest.audit;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A page of the audit trail, newest first.
 *
 * @param entries the entries of this page
 * @param nextBefore the value of {@code before} that asks for the next, older page; null when there
 *     are no older entries
 */
record AuditPage(List<AuditEntry> entries, @Nullable Long nextBefore) {}
