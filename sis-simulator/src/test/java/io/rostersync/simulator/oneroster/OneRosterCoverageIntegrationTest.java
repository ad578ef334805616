package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.SimulatorIntegrationTest;

/**
 * Calls every GET operation the official spec defines, with ids of the default district, and checks each answers
 * 200 with a body that conforms to the spec and is not empty.
 */
class OneRosterCoverageIntegrationTest extends SimulatorIntegrationTest {

    @Test
    void everyGetOperationOfTheSpecAnswersAndConforms() throws Exception {
        String token = allScopesToken();
        List<String> covered = new ArrayList<>();
        int operations = 0;
        for (String template : OneRosterPaths.getTemplates()) {
            operations++;
            String concrete = OneRosterPaths.concrete(template);
            Reply reply = oneRoster(concrete, token);
            assertThat(reply.status()).as("GET %s", concrete).isEqualTo(200);
            JsonNode payload = reply.json().properties().iterator().next().getValue();
            if (payload.isArray()) {
                assertThat(payload).as("records of GET %s", concrete).isNotEmpty();
                assertThat(reply.header("X-Total-Count")).as("X-Total-Count of %s", concrete).isNotNull();
            } else {
                assertThat(payload.get("sourcedId")).as("record of GET %s", concrete).isNotNull();
            }
            covered.add(template);
        }
        assertThat(operations).isEqualTo(41);
        assertThat(covered).hasSize(operations);
    }
}
