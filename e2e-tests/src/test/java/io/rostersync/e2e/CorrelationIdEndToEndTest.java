package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.rostersync.core.correlation.CorrelationId;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.Topics;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One webhook's correlation id followed through every hop while the SIS is down: the gateway's answer names it, every
 * Kafka record the webhook causes carries it ({@code ce_correlationid}), the gateway, orchestrator, connector and
 * dead-letter service log with it, the failed run and the dead letter show it, and the operator's Retry continues the
 * same chain to a succeeded run.
 */
class CorrelationIdEndToEndTest {

    private static final String INTEGRATION = "correlation-district";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static LocalStack stack;
    private final StackHttp api = new StackHttp(StackFixture.stack());
    private final JsonMapper json = EventCodec.defaultMapper();
    private final CapturedLogs logs = new CapturedLogs();

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    @AfterEach
    void stopCapturing() throws Exception {
        logs.stop();
        api.send(Service.SIMULATOR, "DELETE", "/admin/faults", null, null);
    }

    @Test
    void oneWebhooksCorrelationIdIsFollowedThroughGatewayKafkaOrchestratorConnectorAndDeadLetterService() throws Exception {
        assertThat(api.createOneRosterIntegration(INTEGRATION, "Correlation district", true).statusCode()).isEqualTo(201);
        logs.start();

        assertThat(api.send(Service.SIMULATOR, "PUT", "/admin/faults", "{\"failNext\":100000,\"status\":503}", null).statusCode()).isEqualTo(200);
        HttpResponse<String> accepted = api.webhook(INTEGRATION, "msg_" + UUID.randomUUID(),
                "{\"entityType\":\"users\",\"ids\":[\"usr-000001\"],\"changeKind\":\"updated\"}", StackFixture.WEBHOOK_SECRET);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        String correlationId = json.readTree(accepted.body()).get("eventId").asString();
        String runId = RunDispatcher.runIdFor(correlationId);

        JsonNode failed = api.awaitRun(runId, "failed");
        assertThat(failed.get("runType").asString()).isEqualTo("webhook");
        assertThat(failed.get("correlationId").asString()).isEqualTo(correlationId);

        JsonNode letter = await().atMost(TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode items = json.readTree(api.send(Service.DEAD_LETTERS, "GET", "/api/deadletters?topic=" + Topics.ONEROSTER_COMMANDS
                    + "&integrationId=" + INTEGRATION, null, StackFixture.VIEWER).body()).get("items");
            for (JsonNode item : items) {
                if ((runId + "/pull").equals(item.get("eventId").asString())) {
                    return item;
                }
            }
            return null;
        }, item -> item != null);
        assertThat(letter.get("correlationId").asString()).isEqualTo(correlationId);

        // On the wire: the webhook's event, the pull command, the connector's failure report and the dead-lettered command.
        Map<String, String> published = correlationIdsOn(Map.of(
                Topics.SIS_CHANGES, correlationId,
                Topics.ONEROSTER_COMMANDS, runId + "/pull",
                Topics.SYNC_RECORDS, runId + "/failed",
                Topics.deadLetterOf(Topics.ONEROSTER_COMMANDS), runId + "/pull"));
        assertThat(published).containsOnly(
                Map.entry(Topics.SIS_CHANGES, correlationId),
                Map.entry(Topics.ONEROSTER_COMMANDS, correlationId),
                Map.entry(Topics.SYNC_RECORDS, correlationId),
                Map.entry(Topics.deadLetterOf(Topics.ONEROSTER_COMMANDS), correlationId));

        // In the logs: each service wrote at least one line under this id.
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(logs.loggersWith(correlationId)).anySatisfy(name ->
                assertThat(name).startsWith("io.rostersync.gateway.")).anySatisfy(name ->
                assertThat(name).startsWith("io.rostersync.orchestrator.")).anySatisfy(name ->
                assertThat(name).startsWith("io.rostersync.core.connector.")).anySatisfy(name ->
                assertThat(name).startsWith("io.rostersync.deadletters.")));

        // The SIS is back; Retry replays the command with its headers, and the same chain ends in a succeeded run.
        api.send(Service.SIMULATOR, "DELETE", "/admin/faults", null, null);
        int connectorLinesBefore = logs.linesWith(correlationId, "io.rostersync.core.connector.");
        assertThat(api.send(Service.DEAD_LETTERS, "POST", "/api/deadletters/" + letter.get("id").asString() + "/retry", "",
                StackFixture.OPERATOR).statusCode()).isBetween(200, 202);
        JsonNode succeeded = api.awaitRun(runId, "succeeded");
        assertThat(succeeded.get("correlationId").asString()).isEqualTo(correlationId);
        await().atMost(TIMEOUT).untilAsserted(() ->
                assertThat(logs.linesWith(correlationId, "io.rostersync.core.connector.")).isGreaterThan(connectorLinesBefore));
    }

    /** The correlation id of the record with the given event id on each topic (null when the record has none). */
    private Map<String, String> correlationIdsOn(Map<String, String> eventIdByTopic) {
        Map<String, String> found = new java.util.concurrent.ConcurrentHashMap<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            eventIdByTopic.keySet().forEach(topic -> consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await().atMost(TIMEOUT).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String eventId = EventCodec.header(record.headers(), io.rostersync.core.events.CloudEventHeaders.ID);
                    if (eventIdByTopic.get(record.topic()).equals(eventId)) {
                        found.put(record.topic(), String.valueOf(CorrelationId.of(record.headers())));
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
            });
        }
        return found;
    }

    /** Log events of every service in this JVM (the stack runs in-process), kept with their MDC. */
    private static final class CapturedLogs extends AppenderBase<ILoggingEvent> {

        private final ConcurrentLinkedQueue<ILoggingEvent> events = new ConcurrentLinkedQueue<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        @Override
        public void start() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            setContext(context);
            super.start();
            context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(this);
        }

        @Override
        public void stop() {
            ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(this);
            super.stop();
        }

        Set<String> loggersWith(String correlationId) {
            Set<String> loggers = new TreeSet<>();
            events.stream().filter(e -> correlationId.equals(e.getMDCPropertyMap().get(CorrelationId.MDC_KEY)))
                    .forEach(e -> loggers.add(e.getLoggerName()));
            return loggers;
        }

        int linesWith(String correlationId, String loggerPrefix) {
            return (int) events.stream().filter(e -> correlationId.equals(e.getMDCPropertyMap().get(CorrelationId.MDC_KEY))
                    && e.getLoggerName().startsWith(loggerPrefix)).count();
        }
    }
}
