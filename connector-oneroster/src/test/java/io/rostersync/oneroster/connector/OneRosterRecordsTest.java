package io.rostersync.oneroster.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.roster.RecordStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Normalization and validation of every entity type, both versions; no I/O. */
class OneRosterRecordsTest {

    private static final JsonMapper JSON = EventCodec.defaultMapper();
    private final OneRosterRecords records = new OneRosterRecords(JSON);

    /** A valid live record of each type, in OneRoster 1.2 JSON. */
    private static final Map<EntityType, String> VALID = Map.of(
            EntityType.ORGS, """
                    {"name":"Lincoln High","type":"school","identifier":"LHS"}""",
            EntityType.ACADEMIC_SESSIONS, """
                    {"title":"Fall","type":"term","startDate":"2026-08-15","endDate":"2026-12-20","schoolYear":"2027"}""",
            EntityType.COURSES, """
                    {"title":"Algebra I","courseCode":"ALG1"}""",
            EntityType.CLASSES, """
                    {"title":"Algebra I - 1","classType":"scheduled","course":{"sourcedId":"crs-1"},"school":{"sourcedId":"org-1"},
                     "terms":[{"sourcedId":"ses-1"}]}""",
            EntityType.USERS, """
                    {"enabledUser":"true","givenName":"G","familyName":"F",
                     "roles":[{"roleType":"primary","role":"student","org":{"sourcedId":"org-1"}}]}""",
            EntityType.ENROLLMENTS, """
                    {"user":{"sourcedId":"usr-1"},"class":{"sourcedId":"cls-1"},"school":{"sourcedId":"org-1"},"role":"student"}""",
            EntityType.DEMOGRAPHICS, """
                    {"birthDate":"2010-04-01","sex":"female"}""");

    private static ObjectNode record(EntityType type, String sourcedId) {
        ObjectNode node = (ObjectNode) JSON.readTree(VALID.get(type));
        node.put("sourcedId", sourcedId);
        node.put("status", "active");
        node.put("dateLastModified", "2026-11-01T08:00:00.000Z");
        return node;
    }

    @ParameterizedTest
    @CsvSource({"orgs", "academicSessions", "courses", "classes", "users", "enrollments", "demographics"})
    void aCompleteRecordOfEveryTypeIsNormalized(String collection) {
        EntityType type = EntityType.fromCollection(collection);

        OneRosterRecords.Normalized normalized = records.normalize(OneRosterVersion.V1_2, type, record(type, "id-1"));

        assertThat(normalized.problem()).isNull();
        assertThat(normalized.record().sourcedId()).isEqualTo("id-1");
        assertThat(normalized.record().entityType()).isEqualTo(type);
        assertThat(normalized.record().attributes()).doesNotContainKeys("sourcedId", "status", "dateLastModified")
                .containsKeys(JSON.readTree(VALID.get(type)).propertyNames().toArray(String[]::new));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orgs|name|lacks the required field name",
            "orgs|type|lacks the required field type",
            "academicSessions|title|lacks the required field title",
            "academicSessions|type|lacks the required field type",
            "academicSessions|startDate|lacks the required field startDate",
            "academicSessions|endDate|lacks the required field endDate",
            "courses|title|lacks the required field title",
            "classes|title|lacks the required field title",
            "classes|course|lacks the required field course",
            "classes|school|lacks the required field school",
            "users|givenName|lacks the required field givenName",
            "users|familyName|lacks the required field familyName",
            "users|roles|lacks the required field roles",
            "enrollments|user|lacks the required field user",
            "enrollments|class|lacks the required field class",
            "enrollments|school|lacks the required field school",
            "enrollments|role|lacks the required field role"})
    void aRecordWithoutARequiredFieldIsRefusedNamingIt(String collection, String field, String problem) {
        EntityType type = EntityType.fromCollection(collection);
        ObjectNode node = record(type, "id-1");
        node.remove(field);

        OneRosterRecords.Normalized normalized = records.normalize(OneRosterVersion.V1_2, type, node);

        assertThat(normalized.valid()).isFalse();
        assertThat(normalized.sourcedId()).isEqualTo("id-1");
        assertThat(normalized.problem()).isEqualTo(problem);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "orgs|type|galaxy|has 'galaxy' in type",
            "academicSessions|type|quarter|has 'quarter' in type",
            "academicSessions|startDate|next monday|has a startDate that is not an ISO-8601 date",
            "classes|classType|lecture|has 'lecture' in classType",
            "users|enabledUser|yes|has 'yes' in enabledUser",
            "enrollments|role|wizard|has 'wizard' in role",
            "demographics|sex|banana|has 'banana' in sex",
            "demographics|birthDate|01/04/2010|has a birthDate that is not an ISO-8601 date"})
    void aValueOutsideTheVocabularyIsRefusedNamingTheField(String collection, String field, String value, String problem) {
        EntityType type = EntityType.fromCollection(collection);
        ObjectNode node = record(type, "id-1");
        node.put(field, value);

        OneRosterRecords.Normalized normalized = records.normalize(OneRosterVersion.V1_2, type, node);

        assertThat(normalized.valid()).isFalse();
        assertThat(normalized.problem()).startsWith(problem);
    }

    @Test
    void aUserRoleOutsideTheVocabularyIsRefusedAndExtensionsAreAccepted() {
        ObjectNode wizard = record(EntityType.USERS, "usr-1");
        ((ObjectNode) wizard.withArray("roles").get(0)).put("role", "wizard");
        ObjectNode extension = record(EntityType.USERS, "usr-2");
        ((ObjectNode) extension.withArray("roles").get(0)).put("role", "ext:busDriver");

        assertThat(records.normalize(OneRosterVersion.V1_2, EntityType.USERS, wizard).problem())
                .startsWith("has 'wizard' in roles[].role, which is not one of administrator, aide,");
        assertThat(records.normalize(OneRosterVersion.V1_2, EntityType.USERS, extension).valid()).isTrue();
    }

    @Test
    void aValueThatDoesNotLookLikeVocabularyIsNotQuotedInTheReason() {
        ObjectNode node = record(EntityType.ENROLLMENTS, "enr-1");
        node.put("role", "Jane Doe, born 2010-04-01");

        assertThat(records.normalize(OneRosterVersion.V1_2, EntityType.ENROLLMENTS, node).problem())
                .startsWith("has a value outside the vocabulary in role").doesNotContain("Jane");
    }

    @Test
    void aTobedeletedRecordNeedsOnlyItsIdentity() {
        ObjectNode node = JSON.createObjectNode().put("sourcedId", "usr-9").put("status", "tobedeleted")
                .put("dateLastModified", "2026-11-01T08:00:00.000Z");

        OneRosterRecords.Normalized normalized = records.normalize(OneRosterVersion.V1_2, EntityType.USERS, node);

        assertThat(normalized.record().status()).isEqualTo(RecordStatus.TOBEDELETED);
    }

    @Test
    void aOneRoster11UserBecomesA12UserWithRolesInEachOfItsOrgs() {
        ObjectNode user = (ObjectNode) JSON.readTree("""
                {"sourcedId":"usr-1","status":"active","dateLastModified":"2026-11-01T08:00:00.000Z","enabledUser":"true",
                 "givenName":"G","familyName":"F","role":"teacher","orgs":[{"sourcedId":"org-1"},{"sourcedId":"org-2"}]}""");

        OneRosterRecords.Normalized normalized = records.normalize(OneRosterVersion.V1_1, EntityType.USERS, user);

        assertThat(normalized.record().attributes()).doesNotContainKeys("role", "orgs");
        assertThat(normalized.record().attributes().get("roles")).isEqualTo(List.of(
                Map.of("roleType", "primary", "role", "teacher", "org", Map.of("sourcedId", "org-1")),
                Map.of("roleType", "secondary", "role", "teacher", "org", Map.of("sourcedId", "org-2"))));
    }

    @Test
    void aOneRoster11UserNeedsARoleFromTheVocabularyAndAnOrg() {
        JsonNode noOrgs = JSON.readTree("""
                {"sourcedId":"usr-1","status":"active","dateLastModified":"2026-11-01T08:00:00.000Z","givenName":"G",
                 "familyName":"F","role":"teacher","orgs":[]}""");
        ObjectNode badRole = (ObjectNode) JSON.readTree("""
                {"sourcedId":"usr-2","status":"active","dateLastModified":"2026-11-01T08:00:00.000Z","givenName":"G",
                 "familyName":"F","role":"wizard","orgs":[{"sourcedId":"org-1"}]}""");

        assertThat(records.normalize(OneRosterVersion.V1_1, EntityType.USERS, noOrgs).problem()).isEqualTo("lacks the required field orgs");
        assertThat(records.normalize(OneRosterVersion.V1_1, EntityType.USERS, badRole).problem()).startsWith("has 'wizard' in role");
    }
}
