package io.rostersync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.core.testsupport.TopicProbe;
import io.rostersync.gateway.support.GatewayInstance;
import io.rostersync.gateway.support.TestWebhooks;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Two gateway replicas on one broker and one Firestore: copies of one webhook sent to both at once (a sender retrying
 * after a timeout lands on the other replica) are published once. The loser of the race is told to retry (503) or, once
 * the winner confirmed, answered as a duplicate (200); nothing is lost and nothing is published twice.
 */
class WebhookGatewayReplicasIntegrationTest {

    private static final int WEBHOOKS = 20;
    private static final int COPIES = 6;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void copiesOfOneWebhookSentToTwoReplicasAtOnceArePublishedOnce() throws Exception {
        TestInfrastructure.clearFirestore();
        String integrationId = "it-replicas-" + UUID.randomUUID();
        try (GatewayInstance one = GatewayInstance.start(KafkaBroker.bootstrapServers(), "logging.level.io.rostersync.gateway=WARN");
             GatewayInstance other = GatewayInstance.start(KafkaBroker.bootstrapServers(), "logging.level.io.rostersync.gateway=WARN");
             TopicProbe topic = TopicProbe.open(Topics.SIS_CHANGES)) {
            TestWebhooks.save(one.bean(Integrations.class), integrationId, ConnectorType.ONEROSTER, true);
            List<GatewayInstance> replicas = List.of(one, other);

            Map<String, List<CompletableFuture<HttpResponse<String>>>> answers = new HashMap<>();
            for (int copy = 0; copy < COPIES; copy++) {
                for (int webhook = 0; webhook < WEBHOOKS; webhook++) {
                    String webhookId = "msg_" + webhook;
                    GatewayInstance replica = replicas.get((webhook + copy) % 2);
                    answers.computeIfAbsent(webhookId, id -> new ArrayList<>()).add(http.sendAsync(
                            TestWebhooks.signedPost(replica.baseUrl(), "oneroster", integrationId, webhookId, TestWebhooks.BODY).build(),
                            HttpResponse.BodyHandlers.ofString()));
                }
            }

            for (Map.Entry<String, List<CompletableFuture<HttpResponse<String>>>> webhook : answers.entrySet()) {
                List<Integer> statuses = webhook.getValue().stream().map(answer -> answer.join().statusCode()).toList();
                assertThat(statuses).as(webhook.getKey()).containsOnly(202, 200, 503).filteredOn(status -> status == 202).hasSize(1);
            }
            // The senders retry what was refused; on either replica every copy is now a duplicate.
            for (String webhookId : answers.keySet()) {
                for (GatewayInstance replica : replicas) {
                    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> http.send(
                            TestWebhooks.signedPost(replica.baseUrl(), "oneroster", integrationId, webhookId, TestWebhooks.BODY).build(),
                            HttpResponse.BodyHandlers.ofString()).statusCode() == 200);
                }
            }
            assertThat(http.send(TestWebhooks.signedPost(one.baseUrl(), "oneroster", integrationId, "marker", TestWebhooks.BODY).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(202);

            List<String> published = new ArrayList<>();
            while (!published.contains("marker")) {
                ConsumerRecord<String, byte[]> record = topic.nextRecord();
                if (integrationId.equals(record.key())) {
                    published.add(EventCodec.header(record.headers(), CloudEventHeaders.SUBJECT));
                }
            }
            assertThat(published).hasSize(WEBHOOKS + 1).doesNotHaveDuplicates();
        }
    }
}
