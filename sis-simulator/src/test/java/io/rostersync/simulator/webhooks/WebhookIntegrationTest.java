package io.rostersync.simulator.webhooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.SimulatorIntegrationTest;

/** Every change is sent, signed per Standard Webhooks, to the configured receiver; failures are retried. */
class WebhookIntegrationTest extends SimulatorIntegrationTest {

    private static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "a-test-secret-of-24-bytes!".getBytes());

    private WebhookReceiver receiver;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new WebhookReceiver(SECRET);
        configure(receiver.url());
    }

    @AfterEach
    void stopReceiver() {
        client.delete().uri("/admin/webhook").exchange().expectStatus().isOk();
        receiver.close();
    }

    private void configure(String url) {
        client.put().uri("/admin/webhook").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"url\":\"" + url + "\",\"secret\":\"" + SECRET + "\",\"connector\":\"oneroster\"}")
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.configured").isEqualTo(true)
                .jsonPath("$.secret").doesNotExist();
    }

    private Reply send(String method, String path, String json) {
        var spec = client.method(org.springframework.http.HttpMethod.valueOf(method)).uri(path);
        return reply((json == null ? spec : spec.contentType(MediaType.APPLICATION_JSON).bodyValue(json)).exchange()
                .expectBody().returnResult());
    }

    private long counter(String name) {
        return send("GET", "/admin/webhook", null).json().at("/deliveries/" + name).asLong();
    }

    @Test
    void adminWritesAreSentSignedWithTheGatewayBody() {
        long deliveredBefore = counter("delivered");
        send("PATCH", "/admin/oneroster/users/usr-000001", "{\"familyName\":\"Renamed\"}");
        send("DELETE", "/admin/oneroster/enrollments/enr-0000030", null);
        assertThat(send("POST", "/admin/oneroster/users", """
                {"sourcedId":"usr-new-1","status":"active","enabledUser":"true","givenName":"New","familyName":"Kid",
                 "roles":[{"roleType":"primary","role":"student","org":{"sourcedId":"org-00001"}}]}""").status())
                .isEqualTo(201);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.received()).hasSize(3));
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::body).containsExactly(
                "{\"entityType\":\"users\",\"ids\":[\"usr-000001\"],\"changeKind\":\"updated\"}",
                "{\"entityType\":\"enrollments\",\"ids\":[\"enr-0000030\"],\"changeKind\":\"deleted\"}",
                "{\"entityType\":\"users\",\"ids\":[\"usr-new-1\"],\"changeKind\":\"created\"}");
        assertThat(receiver.received()).allSatisfy(r -> {
            assertThat(r.signatureValid()).isTrue();
            assertThat(r.referenceValid()).isTrue();
            assertThat(r.id()).startsWith("msg_");
            assertThat(r.timestamp()).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(60L));
        });
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::id).doesNotHaveDuplicates();

        JsonNode status = send("GET", "/admin/webhook", null).json();
        assertThat(status.get("url").asString()).isEqualTo(receiver.url());
        assertThat(status.get("connector").asString()).isEqualTo("oneroster");
        assertThat(status.at("/deliveries/delivered").asLong()).isEqualTo(deliveredBefore + 3);
    }

    @Test
    void edFiWritesAreSentAsNoticesOfOneRosterCollections() {
        String basic = Base64.getEncoder().encodeToString("rostersync-demo:demo-secret".getBytes());
        byte[] tokenBody = client.post().uri("/oauth/token").header("Authorization", "Basic " + basic)
                .contentType(MediaType.APPLICATION_FORM_URLENCODED).bodyValue("grant_type=client_credentials")
                .exchange().expectStatus().isOk().expectBody().returnResult().getResponseBody();
        String token = JSON.readTree(tokenBody).get("access_token").asString();
        client.post().uri("/data/v3/ed-fi/students").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"studentUniqueId":"S-WEBHOOK","firstName":"Web","lastSurname":"Hook",
                         "birthDate":"2010-01-01"}""").exchange().expectStatus().isCreated();

        // A descriptor value has no OneRoster collection: no notice. Then a section, which is a OneRoster class.
        client.post().uri("/data/v3/ed-fi/termDescriptors").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("""
                        {"codeValue":"Summer","namespace":"uri://ed-fi.org/TermDescriptor",
                         "shortDescription":"Summer"}""")
                .exchange().expectStatus().isCreated();
        ObjectNode section = (ObjectNode) JSON.readTree(client.get()
                .uri("/data/v3/ed-fi/sections?sectionIdentifier=cls-00001").headers(h -> h.setBearerAuth(token))
                .exchange().expectBody().returnResult().getResponseBody()).get(0);
        section.remove(List.of("id", "_etag", "_lastModifiedDate"));
        section.put("sectionIdentifier", "cls-hook-1");
        client.post().uri("/data/v3/ed-fi/sections").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(section.toString()).exchange().expectStatus()
                .isCreated();

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(receiver.received())
                .anySatisfy(r -> assertThat(r.body()).startsWith("{\"entityType\":\"users\",\"ids\":[")
                        .endsWith("\"changeKind\":\"created\"}"))
                .anySatisfy(r -> assertThat(r.body()).isEqualTo(
                        "{\"entityType\":\"classes\",\"ids\":[\"cls-hook-1\"],\"changeKind\":\"created\"}")));
        // Delivery is in order, so the descriptor's notice would have come before the class's.
        assertThat(receiver.received()).noneSatisfy(r -> assertThat(r.body()).contains("descriptors"));
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.signatureValid() && r.referenceValid()).isTrue());
    }

    @Test
    void serverErrorsAreRetriedWithTheSameMessageIdAndAFreshSignature() {
        receiver.failNext(2);
        long deliveredBefore = counter("delivered");
        long retriesBefore = counter("retries");
        send("PATCH", "/admin/oneroster/users/usr-000002", "{\"familyName\":\"Retried\"}");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(receiver.received()).hasSize(3));
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::id).containsOnly(
                receiver.received().get(0).id());
        assertThat(receiver.received()).allSatisfy(r -> assertThat(r.signatureValid() && r.referenceValid()).isTrue());
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(counter("delivered")).isEqualTo(deliveredBefore + 1);
            assertThat(counter("retries")).isEqualTo(retriesBefore + 2);
        });
    }

    @Test
    void anUnreachableReceiverNeverBlocksTheAdminApi() {
        configure("http://127.0.0.1:1/hook"); // nothing listens on port 1: connection refused
        long failedBefore = counter("failed");
        long started = System.nanoTime();
        JsonNode changes = send("POST", "/admin/changes", "{\"entityType\":\"users\",\"count\":50}").json();
        assertThat(changes.get("sourcedIds")).hasSize(50);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                counter("failed")).isGreaterThan(failedBefore));
    }

    @Test
    void invalidTargetsAreProblemDetails() {
        Reply badSecret = send("PUT", "/admin/webhook", "{\"url\":\"http://x/hook\",\"secret\":\"plain\"}");
        assertThat(badSecret.status()).isEqualTo(400);
        assertThat(badSecret.json().get("detail").asString()).contains("whsec_");
        assertThat(send("PUT", "/admin/webhook", "{\"url\":\"ftp://x/\",\"secret\":\"" + SECRET + "\"}").status())
                .isEqualTo(400);
    }
}
