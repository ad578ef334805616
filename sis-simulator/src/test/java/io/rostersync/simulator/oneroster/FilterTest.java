package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FilterTest {

    private static final Set<String> FIELDS = Set.of("sourcedId", "dateLastModified", "givenName", "grades", "roles",
            "school");
    private static final JsonNode USER = JsonMapper.builder().build().readTree("""
            {"sourcedId":"usr-000005","dateLastModified":"2026-11-23T08:52:00.123Z","givenName":"Ava",
             "grades":["09","10"],"roles":[{"role":"student","org":{"sourcedId":"org-00001"}}],
             "school":{"sourcedId":"org-00001"}}""");

    private static boolean matches(String expression) {
        return Filter.parse(expression, FIELDS).test(USER);
    }

    @Test
    void comparisonOperators() {
        assertThat(matches("givenName='Ava'")).isTrue();
        assertThat(matches("givenName!='Ava'")).isFalse();
        assertThat(matches("givenName~'av'")).isTrue();
        assertThat(matches("sourcedId>'usr-000004'")).isTrue();
        assertThat(matches("sourcedId>='usr-000005'")).isTrue();
        assertThat(matches("sourcedId<'usr-000005'")).isFalse();
        assertThat(matches("sourcedId<='usr-000005'")).isTrue();
    }

    @Test
    void dateTimesCompareAsInstantsNotStrings() {
        assertThat(matches("dateLastModified>'2026-11-23T08:52:00Z'")).isTrue();
        assertThat(matches("dateLastModified>'2026-11-23T08:52:00.123Z'")).isFalse();
        assertThat(matches("dateLastModified='2026-11-23T09:52:00.123+01:00'")).isTrue();
        // As strings "2026-11-23T08:52:00.123Z" < "2026-11-23T08:52:00Z" ('.' < 'Z'); as instants it is later.
        assertThat(matches("dateLastModified<'2026-11-23T08:52:00Z'")).isFalse();
    }

    @Test
    void arraysAndNestedFieldsMatchAnyElement() {
        assertThat(matches("grades='10'")).isTrue();
        assertThat(matches("grades='11'")).isFalse();
        assertThat(matches("roles.role='student'")).isTrue();
        assertThat(matches("school.sourcedId='org-00001'")).isTrue();
    }

    @Test
    void andOrCombineTwoClausesAndQuotedKeywordsAreValues() {
        assertThat(matches("givenName='Ava' AND grades='09'")).isTrue();
        assertThat(matches("givenName='Ava' AND grades='11'")).isFalse();
        assertThat(matches("givenName='Bob' OR grades='09'")).isTrue();
        assertThat(matches("givenName='Bob' OR grades='11'")).isFalse();
        assertThat(matches("givenName!='Tom AND Jerry'")).isTrue();
    }

    @Test
    void malformedFiltersAreRejected() {
        assertThatThrownBy(() -> matches("shoeSize='9'")).isInstanceOf(OneRosterException.class)
                .hasMessageContaining("shoeSize");
        assertThatThrownBy(() -> matches("givenName='a' AND givenName='b' OR givenName='c'"))
                .isInstanceOf(OneRosterException.class);
        assertThatThrownBy(() -> matches("givenName=Ava")).isInstanceOf(OneRosterException.class);
        assertThatThrownBy(() -> matches("dateLastModified>'last week'")).isInstanceOf(OneRosterException.class);
    }
}
