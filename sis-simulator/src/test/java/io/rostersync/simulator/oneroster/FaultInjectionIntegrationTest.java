package io.rostersync.simulator.oneroster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import io.rostersync.simulator.SimulatorIntegrationTest;

/** Injected failures look like a throttling SIS and still conform to the spec; healing restores service. */
class FaultInjectionIntegrationTest extends SimulatorIntegrationTest {

    @AfterEach
    void heal() {
        client.delete().uri("/admin/faults").exchange().expectStatus().isOk();
    }

    @Test
    void plannedFailuresHitTheNextRequestsOnlyThenServiceResumes() {
        String token = allScopesToken();
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"failNext\":2,\"status\":429,\"retryAfterSeconds\":3}").exchange().expectStatus().isOk();
        Reply first = oneRoster("/users", token);
        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("3");
        assertThat(first.json().at("/imsx_CodeMinor/imsx_codeMinorField/0/imsx_codeMinorFieldValue").asString())
                .isEqualTo("server_busy");
        assertThat(oneRoster("/classes", token).status()).isEqualTo(429);
        assertThat(oneRoster("/users", token).status()).isEqualTo(200);
    }

    @Test
    void serverErrorsCanBeInjectedAndAdminIsNeverAffected() {
        String token = allScopesToken();
        client.put().uri("/admin/faults").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"failNext\":1,\"status\":500}").exchange().expectStatus().isOk();
        assertThat(get("/admin/district", null).status()).isEqualTo(200);
        assertThat(oneRoster("/orgs", token).status()).isEqualTo(500);
        assertThat(oneRoster("/orgs", token).status()).isEqualTo(200);
    }
}
