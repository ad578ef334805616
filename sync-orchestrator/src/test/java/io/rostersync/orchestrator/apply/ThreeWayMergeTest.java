package io.rostersync.orchestrator.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each rule and each policy, with base, local and remote values, and what is kept. */
class ThreeWayMergeTest {

    private static final Instant EARLIER = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant LATER = Instant.parse("2026-11-21T10:00:00Z");
    private static final Map<String, Object> BASE = Map.of("givenName", "Ana", "familyName", "Lopez", "grade", "05");

    @Test
    void onlyRemoteChangedTakesTheRemoteValue() {
        var result = merge(BASE, BASE, Map.of("givenName", "Anna", "familyName", "Lopez", "grade", "05"), ConflictPolicy.MANUAL);

        assertThat(result.merged()).containsEntry("givenName", "Anna");
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.newBase()).containsEntry("givenName", "Anna");
    }

    @Test
    void onlyLocalChangedKeepsTheLocalValueForPush() {
        var local = Map.<String, Object>of("givenName", "Ann", "familyName", "Lopez", "grade", "05");
        var result = merge(BASE, local, BASE, ConflictPolicy.MANUAL);

        assertThat(result.merged()).containsEntry("givenName", "Ann");
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.localWins()).containsExactly("givenName");
    }

    @Test
    void differentFieldsChangedOnEachSideMergeWithoutConflict() {
        var local = Map.<String, Object>of("givenName", "Ann", "familyName", "Lopez", "grade", "05");
        var remote = Map.<String, Object>of("givenName", "Ana", "familyName", "Lopez-Diaz", "grade", "05");
        var result = merge(BASE, local, remote, ConflictPolicy.MANUAL);

        assertThat(result.merged()).containsEntry("givenName", "Ann").containsEntry("familyName", "Lopez-Diaz");
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void bothChangedToTheSameValueIsNoConflict() {
        var same = Map.<String, Object>of("givenName", "Anna", "familyName", "Lopez", "grade", "05");
        var result = merge(BASE, same, same, ConflictPolicy.MANUAL);

        assertThat(result.conflicts()).isEmpty();
        assertThat(result.merged()).containsEntry("givenName", "Anna");
    }

    @Test
    void manualHoldsTheLocalValueReportsTheFieldAndKeepsItsOldBase() {
        var result = merge(BASE, localAnn(), remoteAnna(), ConflictPolicy.MANUAL);

        assertThat(result.conflicts()).containsExactly("givenName");
        assertThat(result.merged()).containsEntry("givenName", "Ann");
        assertThat(result.newBase()).containsEntry("givenName", "Ana");
    }

    @Test
    void remoteWinsTakesTheSisValue() {
        var result = merge(BASE, localAnn(), remoteAnna(), new ConflictPolicy("remote-wins", null));

        assertThat(result.merged()).containsEntry("givenName", "Anna");
        assertThat(result.conflicts()).isEmpty();
        assertThat(result.decided()).containsExactly("givenName");
    }

    @Test
    void localWinsKeepsTheLocalValueAndMarksItForPush() {
        var result = merge(BASE, localAnn(), remoteAnna(), new ConflictPolicy("local-wins", null));

        assertThat(result.merged()).containsEntry("givenName", "Ann");
        assertThat(result.localWins()).containsExactly("givenName");
        assertThat(result.conflicts()).isEmpty();
    }

    @Test
    void newestWinsTakesTheLaterEdit() {
        ConflictPolicy newest = new ConflictPolicy("newest-wins", null);

        assertThat(ThreeWayMerge.merge(BASE, localAnn(), remoteAnna(), newest, EARLIER, LATER).merged()).containsEntry("givenName", "Ann");
        assertThat(ThreeWayMerge.merge(BASE, localAnn(), remoteAnna(), newest, LATER, EARLIER).merged()).containsEntry("givenName", "Anna");
        assertThat(ThreeWayMerge.merge(BASE, localAnn(), remoteAnna(), newest, LATER, null).merged()).containsEntry("givenName", "Anna");
    }

    @Test
    void fieldOwnershipDecidesOwnedFieldsAndHoldsTheRest() {
        var local = Map.<String, Object>of("givenName", "Ann", "familyName", "Lopez", "grade", "06");
        var remote = Map.<String, Object>of("givenName", "Anna", "familyName", "Lopez", "grade", "07");
        var policy = new ConflictPolicy("field-ownership", Map.of("givenName", "sis"));

        var result = merge(BASE, local, remote, policy);

        assertThat(result.merged()).containsEntry("givenName", "Anna").containsEntry("grade", "06");
        assertThat(result.decided()).containsExactly("givenName");
        assertThat(result.conflicts()).containsExactly("grade");
    }

    @Test
    void aFieldRemovedInTheSisIsRemovedLocallyWhenUntouchedThere() {
        var remote = Map.<String, Object>of("givenName", "Ana", "familyName", "Lopez");
        var result = merge(BASE, BASE, remote, ConflictPolicy.MANUAL);

        assertThat(result.merged()).doesNotContainKey("grade");
    }

    private static ThreeWayMerge.Result merge(Map<String, Object> base, Map<String, Object> local, Map<String, Object> remote, ConflictPolicy policy) {
        return ThreeWayMerge.merge(base, local, remote, policy, EARLIER, LATER);
    }

    private static Map<String, Object> localAnn() {
        return Map.of("givenName", "Ann", "familyName", "Lopez", "grade", "05");
    }

    private static Map<String, Object> remoteAnna() {
        return Map.of("givenName", "Anna", "familyName", "Lopez", "grade", "05");
    }
}
