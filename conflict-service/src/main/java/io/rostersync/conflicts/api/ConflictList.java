package io.rostersync.conflicts.api;

import java.util.List;

/**
 * A page of conflicts, newest first.
 *
 * @param nextCursor pass as {@code after} for the next page; null on the last page
 */
record ConflictList(List<ConflictView> items, String nextCursor) {
}
