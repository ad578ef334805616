package io.rostersync.conflicts.api;

import io.rostersync.core.conflicts.SyncConflict;
import java.util.List;

/** A list of conflicts, newest first; an object rather than a bare array so paging can be added without a break. */
record ConflictList(List<SyncConflict> items) {
}
