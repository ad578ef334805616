package io.rostersync.simulator.changestream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import tools.jackson.databind.JsonNode;

import io.rostersync.simulator.SimulatorIntegrationTest;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.webhooks.WebhookReceiver;

/** The change stream writes at the requested rate through the store, is bounded in time and reproducible. */
class ChangeStreamIntegrationTest extends SimulatorIntegrationTest {

    @AfterEach
    void stopStream() {
        client.delete().uri("/admin/change-stream").exchange().expectStatus().isOk();
        client.delete().uri("/admin/webhook").exchange().expectStatus().isOk();
    }

    private JsonNode start(String body) {
        return reply(client.post().uri("/admin/change-stream").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                .exchange().expectStatus().isOk().expectBody().returnResult()).json();
    }

    private JsonNode status() {
        return reply(client.get().uri("/admin/change-stream").exchange().expectBody().returnResult()).json();
    }

    /** "type/sourcedId/status" of every record written after {@code version}, in change-version order. */
    private List<String> changesAfter(long version) {
        var district = districts.current();
        return java.util.Arrays.stream(EntityType.values()).flatMap(district::all)
                .filter(r -> r.meta().changeVersion() > version)
                .sorted(Comparator.comparingLong(r -> r.meta().changeVersion()))
                .map(r -> r.type().collection() + "/" + r.sourcedId() + "/" + r.meta().status()).toList();
    }

    @Test
    void boundedStreamAppliesRateTimesSecondsChangesThenStops() {
        long before = districts.current().newestChangeVersion();
        JsonNode started = start("{\"ratePerSecond\":40,\"entityTypes\":[\"users\",\"classes\"],\"seconds\":1,"
                + "\"seed\":5}");
        assertThat(started.get("running").asBoolean()).isTrue();
        assertThat(started.at("/request/entityTypes/1").asString()).isEqualTo("classes");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(status().get("running").asBoolean())
                .isFalse());
        JsonNode applied = status().get("applied");
        assertThat(applied.get("total").asLong()).isEqualTo(40);
        assertThat(applied.get("updated").asLong()).isPositive();
        assertThat(districts.current().newestChangeVersion()).isEqualTo(before + 40);
        List<String> changed = changesAfter(before);
        assertThat(changed).allMatch(c -> c.startsWith("users/") || c.startsWith("classes/"));
        // dateLastModified of a streamed record is newer than generation time
        RosterRecord touched = districts.current().find(EntityType.valueOf(
                changed.get(0).startsWith("users/") ? "USERS" : "CLASSES"), changed.get(0).split("/")[1]).orElseThrow();
        assertThat(touched.meta().lastModified()).isAfter(districts.current().generatedAt().minusSeconds(1));
    }

    @Test
    void sameSeedOnTheSameDistrictGivesTheSameChanges() {
        long before = districts.current().newestChangeVersion();
        start("{\"ratePerSecond\":100,\"entityTypes\":[\"users\",\"enrollments\"],\"seconds\":1,\"seed\":9}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !status().get("running").asBoolean());
        List<String> first = changesAfter(before);

        districts.regenerate(settings.district());
        start("{\"ratePerSecond\":100,\"entityTypes\":[\"users\",\"enrollments\"],\"seconds\":1,\"seed\":9}");
        await().atMost(Duration.ofSeconds(10)).until(() -> !status().get("running").asBoolean());
        List<String> second = changesAfter(before);

        assertThat(first).isNotEmpty(); // one entry per distinct record: a record changed twice shows its last write
        assertThat(second).isEqualTo(first);
        assertThat(first).anyMatch(c -> c.endsWith("/TO_BE_DELETED"));
        assertThat(first).anyMatch(c -> c.startsWith("users/usr-cs"));
    }

    @Test
    void deleteStopsARunningStream() {
        start("{\"ratePerSecond\":5,\"entityTypes\":[\"users\"],\"seconds\":600}");
        JsonNode stopped = reply(client.delete().uri("/admin/change-stream").exchange().expectStatus().isOk()
                .expectBody().returnResult()).json();
        assertThat(stopped.get("running").asBoolean()).isFalse();
        long total = status().at("/applied/total").asLong();
        assertThat(total).isLessThan(5 * 600);
    }

    @Test
    void streamedChangesAreSentAsWebhooks() throws Exception {
        String secret = "whsec_" + java.util.Base64.getEncoder().encodeToString("stream-secret-0123456789".getBytes());
        try (WebhookReceiver receiver = new WebhookReceiver(secret)) {
            client.put().uri("/admin/webhook").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue("{\"url\":\"" + receiver.url() + "\",\"secret\":\"" + secret + "\"}").exchange()
                    .expectStatus().isOk();
            start("{\"ratePerSecond\":20,\"entityTypes\":[\"users\"],\"seconds\":1}");
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(receiver.received()).hasSize(20));
            assertThat(receiver.received()).allSatisfy(r -> {
                assertThat(r.signatureValid()).isTrue();
            assertThat(r.referenceValid()).isTrue();
                assertThat(r.body()).matches(
                        "\\{\"entityType\":\"users\",\"ids\":\\[\"usr-[a-z0-9-]+\"],\"changeKind\":\"(created|updated|deleted)\"}");
            });
        }
    }

    @Test
    void invalidRequestsAreRejected() {
        client.post().uri("/admin/change-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ratePerSecond\":10,\"entityTypes\":[\"widgets\"],\"seconds\":1}").exchange()
                .expectStatus().isBadRequest();
        client.post().uri("/admin/change-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ratePerSecond\":0,\"seconds\":1}").exchange().expectStatus().isBadRequest();
        client.post().uri("/admin/change-stream").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"ratePerSecond\":1000000,\"seconds\":1}").exchange().expectStatus().isBadRequest();
    }
}
