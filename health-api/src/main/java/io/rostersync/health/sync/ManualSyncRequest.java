package io.rostersync.health.sync;

import java.util.List;

/**
 * The optional body of {@code POST /api/integrations/{id}/sync}. Plain strings so that a wrong value gets an
 * answer that lists the valid ones rather than a generic "cannot read body".
 *
 * @param entityTypes canonical entity types (OneRoster collection names); null or empty means all
 * @param direction {@code pull} (default) or {@code push}
 */
record ManualSyncRequest(List<String> entityTypes, String direction) {

    static final ManualSyncRequest DEFAULT = new ManualSyncRequest(List.of(), null);
}
