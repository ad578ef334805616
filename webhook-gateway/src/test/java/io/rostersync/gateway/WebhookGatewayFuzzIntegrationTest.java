package io.rostersync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.gateway.support.GatewayInstance;
import io.rostersync.gateway.support.TestWebhooks;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * 10,000 random hostile requests (unsigned, malformed, wrongly signed, stale, replayed, oversized, not the documented
 * body, for integrations that do not exist or are disabled) publish nothing, are all refused with a 4xx (or answered
 * 200 as a duplicate), and leave the gateway healthy and accepting a valid webhook.
 */
class WebhookGatewayFuzzIntegrationTest {

    private static final int REQUESTS = 10_000;
    private static final int IN_FLIGHT = 32;
    private static final long SEED = 20261123L;
    private static final Set<Integer> REFUSALS = Set.of(400, 401, 404, 409, 413, 429);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void tenThousandHostileRequestsPublishNothingAndLeaveTheGatewayHealthy() throws Exception {
        TestInfrastructure.clearFirestore();
        String integrationId = "it-fuzz-" + java.util.UUID.randomUUID();
        String disabledId = "it-fuzz-disabled-" + java.util.UUID.randomUUID();
        try (GatewayInstance gateway = GatewayInstance.start(KafkaBroker.bootstrapServers(),
                "logging.level.io.rostersync.gateway=WARN");
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            Integrations integrations = gateway.bean(Integrations.class);
            TestWebhooks.save(integrations, integrationId, ConnectorType.ONEROSTER, true);
            TestWebhooks.save(integrations, disabledId, ConnectorType.EDFI, false);
            // One genuine webhook first, so that replays of it have something to replay.
            assertThat(send(TestWebhooks.signedPost(gateway.baseUrl(), "oneroster", integrationId, "original", TestWebhooks.BODY).build())
                    .statusCode()).isEqualTo(202);
            long before = endOffsets(admin);

            Random random = new Random(SEED);
            ConcurrentMap<String, AtomicInteger> statuses = new ConcurrentHashMap<>();
            List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
            Semaphore inFlight = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<?>> sent = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int kind = random.nextInt(10);
                HttpRequest request = hostile(kind, i, random, gateway.baseUrl(), integrationId, disabledId);
                inFlight.acquire();
                sent.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
                    inFlight.release();
                    String outcome = error != null ? "error " + error.getClass().getSimpleName() : Integer.toString(response.statusCode());
                    statuses.computeIfAbsent(kind + ":" + outcome, k -> new AtomicInteger()).incrementAndGet();
                    boolean acceptable = error == null && (REFUSALS.contains(response.statusCode())
                            || (kind == 4 && response.statusCode() == 200));
                    if (!acceptable) {
                        unexpected.add("kind " + kind + " -> " + outcome);
                    }
                }));
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).get(180, TimeUnit.SECONDS);

            System.out.println("Fuzz outcomes (kind:status=count): " + new java.util.TreeMap<>(statuses));
            assertThat(unexpected).as("answers other than a refusal (or 200 for a replay)").isEmpty();
            assertThat(statuses.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(REQUESTS);
            assertThat(endOffsets(admin)).as("records on %s", Topics.SIS_CHANGES).isEqualTo(before);

            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"");
            assertThat(send(TestWebhooks.signedPost(gateway.baseUrl(), "oneroster", integrationId, "after-fuzz", TestWebhooks.BODY)
                    .build()).statusCode()).isEqualTo(202);
            assertThat(endOffsets(admin)).isEqualTo(before + 1);
        }
    }

    /** One hostile request of the given kind; every kind is refused or, for a replay, answered as a duplicate. */
    private static HttpRequest hostile(int kind, int n, Random random, String baseUrl, String integrationId, String disabledId) {
        String webhookId = "fuzz-" + n;
        long now = Instant.now().getEpochSecond();
        String body = random.nextBoolean() ? TestWebhooks.BODY : "{\"ids\":[\"usr-" + n + "\"]}";
        return switch (kind) {
            // Unsigned: some or all Standard Webhooks headers missing.
            case 0 -> {
                HttpRequest.Builder b = post(baseUrl, "oneroster", integrationId, body);
                if (random.nextBoolean()) {
                    b.header("webhook-id", webhookId);
                }
                if (random.nextBoolean()) {
                    b.header("webhook-timestamp", Long.toString(now));
                }
                yield b.build();
            }
            // Malformed headers.
            case 1 -> post(baseUrl, "oneroster", integrationId, body)
                    .header("webhook-id", printable(random, 1 + random.nextInt(40)))
                    .header("webhook-timestamp", random.nextBoolean() ? printable(random, 1 + random.nextInt(15)) : "-" + now)
                    .header("webhook-signature", random.nextBoolean() ? "v1," + printable(random, 1 + random.nextInt(60))
                            : "v2," + Base64.getEncoder().encodeToString(bytes(random, 32)))
                    .build();
            // A well-formed signature that does not match: random key, or the body changed after signing.
            case 2 -> post(baseUrl, "oneroster", integrationId, body)
                    .header("webhook-id", webhookId)
                    .header("webhook-timestamp", Long.toString(now))
                    .header("webhook-signature", random.nextBoolean()
                            ? "v1," + Base64.getEncoder().encodeToString(bytes(random, 32))
                            : TestWebhooks.sign(webhookId, now, body + " "))
                    .build();
            // Correctly signed but stale or from the future: a captured webhook replayed later.
            case 3 -> {
                long skewed = now + (random.nextBoolean() ? -1 : 1) * (301 + random.nextInt(86_400));
                yield post(baseUrl, "oneroster", integrationId, TestWebhooks.BODY)
                        .header("webhook-id", "original")
                        .header("webhook-timestamp", Long.toString(skewed))
                        .header("webhook-signature", TestWebhooks.sign("original", skewed, TestWebhooks.BODY))
                        .build();
            }
            // A replay of the genuine webhook within the tolerance: a duplicate, never published again.
            case 4 -> TestWebhooks.signedPost(baseUrl, "oneroster", integrationId, "original", TestWebhooks.BODY).build();
            // Signed, but the body is not the documented JSON.
            case 5 -> {
                String bad = switch (random.nextInt(5)) {
                    case 0 -> new String(bytes(random, random.nextInt(200)), StandardCharsets.ISO_8859_1);
                    case 1 -> "{\"ids\":[" + random.nextInt();
                    case 2 -> "{\"entityType\":\"" + printable(random, 8) + "\"}";
                    case 3 -> "{\"type\":\"users\",\"data\":" + random.nextInt() + "}";
                    default -> "[" + random.nextInt() + "]";
                };
                yield post(baseUrl, "oneroster", integrationId, bad)
                        .header("webhook-id", webhookId)
                        .header("webhook-timestamp", Long.toString(now))
                        .header("webhook-signature", TestWebhooks.sign(webhookId, now, bad))
                        .build();
            }
            // Oversized (a few of them: each is over 1 MiB on the wire).
            case 6 -> {
                if (n % 20 != 0) {
                    yield TestWebhooks.signedPost(baseUrl, "powerschool", integrationId, webhookId, body).build();
                }
                String big = "{\"pad\":\"" + "x".repeat(1024 * 1024 + random.nextInt(4096)) + "\"}";
                yield TestWebhooks.signedPost(baseUrl, "oneroster", integrationId, webhookId, big).build();
            }
            // Signed for integrations that do not exist, on the wrong connector, or disabled.
            case 7 -> TestWebhooks.signedPost(baseUrl, "oneroster", "no-such-" + random.nextInt(1000), webhookId, body).build();
            case 8 -> TestWebhooks.signedPost(baseUrl, "edfi", integrationId, webhookId, body).build();
            default -> TestWebhooks.signedPost(baseUrl, "edfi", disabledId, webhookId, body).build();
        };
    }

    private static HttpRequest.Builder post(String baseUrl, String connector, String integrationId, String body) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/webhooks/" + connector + "/" + integrationId))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.ISO_8859_1));
    }

    private static String printable(Random random, int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append((char) (0x21 + random.nextInt(0x7e - 0x21)));
        }
        return s.toString();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] b = new byte[length];
        random.nextBytes(b);
        return b;
    }

    private HttpResponse<Void> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.discarding());
    }

    private static long endOffsets(Admin admin) throws Exception {
        var partitions = admin.describeTopics(List.of(Topics.SIS_CHANGES)).allTopicNames().get(30, TimeUnit.SECONDS)
                .get(Topics.SIS_CHANGES).partitions();
        Map<TopicPartition, OffsetSpec> latest = new java.util.HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(Topics.SIS_CHANGES, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset()).sum();
    }
}
