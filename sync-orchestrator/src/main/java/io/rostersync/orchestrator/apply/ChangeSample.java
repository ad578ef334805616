package io.rostersync.orchestrator.apply;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The first few ids a batch creates, updates and deletes: what an operator looks at before approving a held run. */
final class ChangeSample {

    private final int size;
    private final List<String> created = new ArrayList<>();
    private final List<String> updated = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();

    ChangeSample(int size) {
        this.size = size;
    }

    void created(String id) {
        add(created, id);
    }

    void updated(String id) {
        add(updated, id);
    }

    void deleted(String id) {
        add(deleted, id);
    }

    private void add(List<String> ids, String id) {
        if (ids.size() < size) {
            ids.add(id);
        }
    }

    Map<String, Object> toDocument() {
        return Map.of("created", created, "updated", updated, "deleted", deleted);
    }
}
