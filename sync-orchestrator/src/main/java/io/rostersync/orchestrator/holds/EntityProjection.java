package io.rostersync.orchestrator.holds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What a staged run would do to one entity type: its counts and a sample of ids per kind of change. */
final class EntityProjection {

    private static final int SAMPLE_SIZE = 10;

    long created;
    long updated;
    long deleted;
    long unchanged;
    final List<String> createdSample = new ArrayList<>();
    final List<String> updatedSample = new ArrayList<>();
    final List<String> deletedSample = new ArrayList<>();

    @SuppressWarnings("unchecked")
    void add(Map<String, Object> counts, Map<String, Object> sample) {
        created += number(counts, "created");
        updated += number(counts, "updated");
        deleted += number(counts, "deleted");
        unchanged += number(counts, "unchanged");
        if (sample != null) {
            addAll(createdSample, (List<String>) sample.get("created"));
            addAll(updatedSample, (List<String>) sample.get("updated"));
            addAll(deletedSample, (List<String>) sample.get("deleted"));
        }
    }

    void swept(String id) {
        deleted++;
        addAll(deletedSample, List.of(id));
    }

    Map<String, Object> toDocument(long baseline) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("baseline", baseline);
        doc.put("created", created);
        doc.put("updated", updated);
        doc.put("deleted", deleted);
        doc.put("unchanged", unchanged);
        doc.put("sample", Map.of("created", createdSample, "updated", updatedSample, "deleted", deletedSample));
        return doc;
    }

    private static void addAll(List<String> to, List<String> ids) {
        if (ids == null) {
            return;
        }
        for (String id : ids) {
            if (to.size() >= SAMPLE_SIZE) {
                return;
            }
            to.add(id);
        }
    }

    private static long number(Map<String, Object> map, String key) {
        return map != null && map.get(key) instanceof Number n ? n.longValue() : 0;
    }
}
