package io.rostersync.conflicts.api;

import io.rostersync.core.conflicts.ConflictAuditEntry;
import java.util.List;

/** A conflict's audit trail, oldest first. */
record AuditList(String conflictId, List<ConflictAuditEntry> items) {
}
