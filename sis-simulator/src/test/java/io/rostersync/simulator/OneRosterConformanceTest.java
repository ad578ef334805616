package io.rostersync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;

/** Guards the guard: the spec validator must reject what the spec forbids, or the conformance tests prove nothing. */
class OneRosterConformanceTest {

    private static final String USER = """
            {"user":{"sourcedId":"u1","status":"active","dateLastModified":"2026-11-23T08:52:00.123Z",
             "enabledUser":%s,"givenName":"A","familyName":"B",
             "roles":[{"roleType":"primary","role":"student",
                       "org":{"href":"http://x/orgs/o1","sourcedId":"o1","type":"org"}}]}}""";

    private static ValidationReport validate(String body) {
        return OneRosterConformance.strict().validateResponse(OneRosterConformance.BASE_PATH + "/users/u1",
                Request.Method.GET,
                SimpleResponse.Builder.ok().withContentType("application/json").withBody(body).build());
    }

    @Test
    void acceptsAConformingUser() {
        assertThat(validate(USER.formatted("\"true\"")).hasErrors()).isFalse();
    }

    @Test
    void rejectsABooleanEnabledUser() {
        assertThat(validate(USER.formatted("true")).hasErrors()).isTrue();
    }

    @Test
    void rejectsAnUnknownProperty() {
        assertThat(validate(USER.formatted("\"true\"").replace("\"givenName\"", "\"nickname\":\"x\",\"givenName\""))
                .hasErrors()).isTrue();
    }

    @Test
    void fieldSelectionValidatorStillChecksTypes() {
        ValidationReport report = OneRosterConformance.forFieldSelection().validateResponse(
                OneRosterConformance.BASE_PATH + "/users/u1", Request.Method.GET,
                SimpleResponse.Builder.ok().withContentType("application/json")
                        .withBody("{\"user\":{\"sourcedId\":\"u1\",\"enabledUser\":true}}").build());
        assertThat(report.hasErrors()).isTrue();
    }
}
