package io.rostersync.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;

import io.rostersync.simulator.auth.OneRosterScopes;

/** The service reads sis-simulator.yml (not application.yml) and exposes its probes. */
class SisSimulatorConfigurationIntegrationTest extends SimulatorIntegrationTest {

    @Autowired
    Environment environment;

    @Test
    void settingsComeFromSisSimulatorYml() {
        assertThat(settings.district().seed()).isEqualTo(42);
        assertThat(settings.district().students()).isEqualTo(200);
        assertThat(settings.oauth().tokenLifetime().toSeconds()).isEqualTo(3600);
        assertThat(settings.oauth().clients()).singleElement().satisfies(c -> {
            assertThat(c.clientId()).isEqualTo("rostersync-demo");
            assertThat(c.scopes()).containsExactlyInAnyOrderElementsOf(OneRosterScopes.ALL);
        });
        assertThat(settings.oneRoster().maxLimit()).isEqualTo(10_000);
        // RANDOM_PORT overrides server.port at runtime, so read the file's value from its property source.
        assertThat(environment.getProperty("info.service")).isEqualTo("sis-simulator");
    }

    @Test
    void livenessReadinessAndInfoAreExposed() {
        assertThat(get("/actuator/health/liveness", null).json().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/health/readiness", null).json().get("status").asString()).isEqualTo("UP");
        assertThat(get("/actuator/info", null).json().get("service").asString()).isEqualTo("sis-simulator");
    }
}
