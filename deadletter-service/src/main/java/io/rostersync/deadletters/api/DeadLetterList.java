package io.rostersync.deadletters.api;

import io.rostersync.core.deadletters.SyncDeadLetter;
import java.util.List;

/** Dead letters, newest first; an object rather than a bare array so paging can be added without a break. */
record DeadLetterList(List<SyncDeadLetter> items) {
}
