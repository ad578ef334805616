package io.rostersync.orchestrator.trail;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordHistoryTest {

    @Test
    void onlyChangedFieldsAreKeptWithBeforeAndAfter() {
        Map<String, Object> entry = RecordHistory.entry("run-1", "updated",
                Map.of("status", "active", "givenName", "Ana", "grade", 9L, "email", "a@x.org"),
                Map.of("status", "active", "givenName", "Ann", "grade", 9, "phone", "555"), List.of(), Instant.parse("2026-11-01T00:00:00Z"));

        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> fields = (Map<String, Map<String, Object>>) entry.get("fields");
        assertThat(fields).containsOnlyKeys("givenName", "email", "phone");
        assertThat(fields.get("givenName")).containsEntry("before", "Ana").containsEntry("after", "Ann");
        assertThat(fields.get("email")).containsEntry("before", "a@x.org").containsEntry("after", null);
        assertThat(fields.get("phone")).containsEntry("before", null).containsEntry("after", "555");
        assertThat(entry).containsEntry("runId", "run-1").containsEntry("change", "updated");
    }
}
