package io.rostersync.conflicts.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.conflicts.ConflictResolution;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.roster.EntityType;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DecisionsTest {

    private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

    private static SyncConflict conflict() {
        Map<String, Object> base = new HashMap<>(Map.of("givenName", "Ana", "familyName", "Smith", "email", "a@sis.test", "grade", 7));
        base.put("middleName", "Lee");
        Map<String, Object> local = new HashMap<>(Map.of("givenName", "Ann", "familyName", "Smith", "email", "a@local.test", "grade", 7L));
        local.put("middleName", "Lee");
        Map<String, Object> remote = new HashMap<>(Map.of("givenName", "Anna", "familyName", "Smith-Jones", "email", "a@sis.test", "grade", 7));
        remote.put("middleName", null);
        return new SyncConflict("cf-1", "int-1", EntityType.USERS, "usr-1", "run-1", SyncConflict.OPEN, base, local, remote,
                List.of("givenName"), null, null, AT, null);
    }

    @Test
    void keepLocalHoldsTheLocalValueAndTakesWhatOnlyTheSisChanged() {
        ConflictResolution r = Decisions.decide(conflict(), new ResolutionRequest("keep-local", null, "v"), "olga", AT);
        assertThat(r.resultingRecord()).containsEntry("givenName", "Ann").containsEntry("familyName", "Smith-Jones")
                .containsEntry("email", "a@local.test").containsEntry("middleName", null);
        assertThat(r.choices()).containsExactly(Map.entry("givenName", "local"));
        assertThat(r.resolvedBy()).isEqualTo("olga");
    }

    @Test
    void keepRemoteTakesTheSisValueForConflictingFieldsOnly() {
        ConflictResolution r = Decisions.decide(conflict(), new ResolutionRequest("keep-remote", null, "v"), "olga", AT);
        assertThat(r.resultingRecord()).containsEntry("givenName", "Anna").containsEntry("email", "a@local.test")
                .containsEntry("grade", 7L);
        assertThat(r.choices()).containsExactly(Map.entry("givenName", "remote"));
    }

    @Test
    void mergeAppliesEachChoiceIncludingEditedValues() {
        ConflictResolution r = Decisions.decide(conflict(), new ResolutionRequest("merge",
                Map.of("givenName", FieldChoice.edited("Anne"), "email", FieldChoice.remote()), "v"), "olga", AT);
        assertThat(r.resultingRecord()).containsEntry("givenName", "Anne").containsEntry("email", "a@sis.test");
        assertThat(r.choices()).containsEntry("givenName", "edited").containsEntry("email", "remote");
    }

    @Test
    void mergeMustDecideEveryConflictingFieldAndNameOnlyKnownFields() {
        assertThatThrownBy(() -> Decisions.decide(conflict(), new ResolutionRequest("merge", Map.of("email", FieldChoice.local()), "v"), "o", AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("givenName");
        assertThatThrownBy(() -> Decisions.decide(conflict(), new ResolutionRequest("merge",
                Map.of("givenName", FieldChoice.local(), "shoeSize", FieldChoice.remote()), "v"), "o", AT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shoeSize");
    }

    @Test
    void theVersionChangesWithTheSnapshotsAndIgnoresIntegerWidth() {
        SyncConflict c = conflict();
        assertThat(c.version()).isEqualTo(conflict().version());
        Map<String, Object> wider = new HashMap<>(c.baseSnapshot());
        wider.put("grade", 7L);
        assertThat(new SyncConflict("cf-1", "int-1", EntityType.USERS, "usr-1", "run-1", SyncConflict.OPEN, wider, c.localSnapshot(),
                c.remoteSnapshot(), c.fields(), null, null, AT, null).version()).isEqualTo(c.version());
        Map<String, Object> changed = new HashMap<>(c.localSnapshot());
        changed.put("givenName", "Annie");
        assertThat(new SyncConflict("cf-1", "int-1", EntityType.USERS, "usr-1", "run-1", SyncConflict.OPEN, c.baseSnapshot(), changed,
                c.remoteSnapshot(), c.fields(), null, null, AT, null).version()).isNotEqualTo(c.version());
    }
}
