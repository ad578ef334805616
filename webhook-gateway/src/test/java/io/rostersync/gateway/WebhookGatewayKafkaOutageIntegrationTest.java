package io.rostersync.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.gateway.support.GatewayInstance;
import io.rostersync.gateway.support.TestWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Kafka unable to take events, against a broker of this test's own (the JVM's shared broker stays untouched).
 * Two outages: the broker refuses the topic's writes (its {@code max.message.bytes} is lowered below the event's size)
 * and then takes them again, and the broker stops altogether. The embedded KRaft broker cannot be restarted on the same
 * address (its test kit pre-binds random ports and keeps storage in temporary folders), and a single-broker topic cannot
 * lose its in-sync replica (Kafka caps {@code min.insync.replicas} at the replication factor), so recovery is shown with
 * the first kind, and the second shows the 503 is bounded by the publish timeout even with no broker at all.
 */
class WebhookGatewayKafkaOutageIntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private EmbeddedKafkaKraftBroker broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void whileKafkaCannotTakeEventsWebhooksGet503AndAfterwardsTheRetryIsAcceptedAndEveryAcknowledgedWebhookIsOnTheTopic()
            throws Exception {
        TestInfrastructure.clearFirestore();
        broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of("auto.create.topics.enable", "true", "offsets.topic.replication.factor", "1",
                "transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1",
                "group.initial.rebalance.delay.ms", "0"));
        broker.afterPropertiesSet();
        String integrationId = "it-outage-" + UUID.randomUUID();
        try (GatewayInstance gateway = GatewayInstance.start(broker.getBrokersAsString(),
                "rostersync.gateway.publish-timeout=2s", "rostersync.gateway.retry-after=1s")) {
            TestWebhooks.save(gateway.bean(Integrations.class), integrationId, ConnectorType.ONEROSTER, true);
            List<String> acknowledged = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                assertThat(send(gateway, integrationId, "before-" + i).statusCode()).isEqualTo(202);
                acknowledged.add("before-" + i);
            }

            // Outage 1: the broker is up but refuses the topic's writes. The broker applies the new limit when it reads the
            // metadata change, a moment after the admin call returns; webhooks accepted before that count as acknowledged.
            maxMessageBytes("100");
            AtomicInteger attempt = new AtomicInteger();
            AtomicReference<HttpResponse<String>> refusal = new AtomicReference<>();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
                String webhookId = "during-" + attempt.incrementAndGet();
                HttpResponse<String> answer = send(gateway, integrationId, webhookId);
                if (answer.statusCode() == 202) {
                    acknowledged.add(webhookId);
                    return false;
                }
                refusal.set(answer);
                return true;
            });
            HttpResponse<String> refused = refusal.get();
            String refusedId = "during-" + attempt.get();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(refused.body()).contains("Kafka");

            // It recovers; the sender's retry of the refused webhook is accepted, and service is normal again.
            maxMessageBytes("1048588");
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> send(gateway, integrationId, refusedId).statusCode() == 202);
            acknowledged.add(refusedId);
            for (int i = 0; i < 5; i++) {
                assertThat(send(gateway, integrationId, "after-" + i).statusCode()).isEqualTo(202);
                acknowledged.add("after-" + i);
            }
            // Nothing lost: every webhook answered 202 is on the topic, and the refused attempt left no extra copy.
            assertThat(webhookIdsOnTopic(integrationId)).containsExactlyInAnyOrderElementsOf(acknowledged);

            // Outage 2: no broker at all. The answer is still a 503, within the 2 s publish timeout (not sync-core's 30 s).
            broker.destroy();
            broker = null;
            long start = System.nanoTime();
            HttpResponse<String> down = send(gateway, integrationId, "broker-gone");
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertThat(down.statusCode()).as(down.body()).isEqualTo(503);
            assertThat(down.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(waited).isLessThan(Duration.ofSeconds(6));
            HttpResponse<String> liveness = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/actuator/health/liveness"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(liveness.statusCode()).isEqualTo(200);
        }
    }

    private void maxMessageBytes(String value) {
        broker.doWithAdmin(admin -> {
            try {
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC, Topics.SIS_CHANGES),
                        List.of(new AlterConfigOp(new ConfigEntry("max.message.bytes", value), AlterConfigOp.OpType.SET))))
                        .all().get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private HttpResponse<String> send(GatewayInstance gateway, String integrationId, String webhookId) throws Exception {
        return http.send(TestWebhooks.signedPost(gateway.baseUrl(), "oneroster", integrationId, webhookId, TestWebhooks.BODY)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every webhook id published for the integration, with repetitions, read to the end of the topic. */
    private Collection<String> webhookIdsOnTopic(String integrationId) {
        List<String> ids = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "outage-check-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(Topics.SIS_CHANGES));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (integrationId.equals(r.key())) {
                        ids.add(EventCodec.header(r.headers(), CloudEventHeaders.SUBJECT));
                    }
                });
                return !consumer.assignment().isEmpty() && consumer.assignment().stream()
                        .allMatch(tp -> consumer.position(tp) >= consumer.endOffsets(List.of(tp)).get(tp));
            });
        }
        return ids;
    }
}
