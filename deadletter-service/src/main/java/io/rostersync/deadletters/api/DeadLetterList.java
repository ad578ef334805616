package io.rostersync.deadletters.api;

import io.rostersync.core.deadletters.SyncDeadLetter;
import java.util.List;

/** One page of dead letters, newest first; {@code nextCursor} is the {@code after} of the next page, null on the last. */
record DeadLetterList(List<SyncDeadLetter> items, String nextCursor) {
}
