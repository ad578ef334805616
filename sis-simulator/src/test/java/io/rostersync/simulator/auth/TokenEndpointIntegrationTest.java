package io.rostersync.simulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;

import io.rostersync.simulator.SimulatorIntegrationTest;

class TokenEndpointIntegrationTest extends SimulatorIntegrationTest {

    private Reply post(String basicUser, String basicSecret, String... form) {
        MultiValueMap<String, String> data = new LinkedMultiValueMap<>();
        for (int i = 0; i < form.length; i += 2) {
            data.add(form[i], form[i + 1]);
        }
        return reply(client.post().uri("/oauth2/token").headers(h -> {
            if (basicUser != null) {
                h.set(HttpHeaders.AUTHORIZATION, "Basic "
                        + Base64.getEncoder().encodeToString((basicUser + ":" + basicSecret).getBytes()));
            }
        }).contentType(MediaType.APPLICATION_FORM_URLENCODED).body(BodyInserters.fromFormData(data)).exchange()
                .expectBody().returnResult());
    }

    @Test
    void basicAuthClientGetsABearerTokenForTheRequestedScope() {
        Reply reply = post("rostersync-demo", "demo-secret", "grant_type", "client_credentials", "scope",
                OneRosterScopes.ROSTER_CORE);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("token_type").asString()).isEqualTo("bearer");
        assertThat(reply.json().get("expires_in").asLong()).isBetween(3590L, 3600L);
        assertThat(reply.json().get("scope").asString()).isEqualTo(OneRosterScopes.ROSTER_CORE);
        assertThat(reply.json().get("access_token").asString()).isNotBlank();
        assertThat(reply.header(HttpHeaders.CACHE_CONTROL)).contains("no-store");
    }

    @Test
    void formCredentialsWorkAndNoScopeMeansEverythingAllowed() {
        Reply reply = post(null, null, "grant_type", "client_credentials", "client_id", "rostersync-demo",
                "client_secret", "demo-secret");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().get("scope").asString().split(" ")).containsExactlyInAnyOrderElementsOf(
                OneRosterScopes.ALL);
    }

    @Test
    void wrongSecretIsInvalidClient() {
        Reply reply = post("rostersync-demo", "wrong", "grant_type", "client_credentials");
        assertThat(reply.status()).isEqualTo(401);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_client");
        assertThat(post(null, null, "grant_type", "client_credentials", "client_id", "nobody", "client_secret", "x")
                .status()).isEqualTo(401);
    }

    @Test
    void scopeOutsideTheClientsIsInvalidScope() {
        Reply reply = post("rostersync-demo", "demo-secret", "grant_type", "client_credentials", "scope",
                OneRosterScopes.ROSTER_CORE + " https://example.org/admin.write");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("invalid_scope");
    }

    @Test
    void otherGrantTypesAreUnsupported() {
        Reply reply = post("rostersync-demo", "demo-secret", "grant_type", "password", "username", "u", "password",
                "p");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().get("error").asString()).isEqualTo("unsupported_grant_type");
    }
}
