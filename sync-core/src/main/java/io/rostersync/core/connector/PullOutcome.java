package io.rostersync.core.connector;

import io.rostersync.core.roster.EntityType;
import java.util.List;
import java.util.Map;

/** What a finished pull reports beside its batches. */
public record PullOutcome(Map<EntityType, String> cursorAfter, List<EntityType> completeSnapshots) {

    public PullOutcome {
        cursorAfter = Map.copyOf(cursorAfter);
        completeSnapshots = List.copyOf(completeSnapshots);
    }
}
