package io.rostersync.gateway.bench;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.events.SisChangeEvent;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.roster.EntityType;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.gateway.support.GatewayInstance;
import io.rostersync.gateway.support.TestWebhooks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.rostersync.gateway.verification.SignatureVerifier;
import io.rostersync.gateway.verification.WebhookSecret;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Throughput and latency of the gateway against a raw Kafka producer, on one embedded KRaft broker and the Firestore
 * emulator, loopback only, bounded in count and time. Not part of the build (the name matches no surefire pattern); run:
 * {@code cd webhook-gateway && mvn -B -o test -Dtest=WebhookGatewayBenchmark} (about 2 minutes). Figures go to stdout.
 *
 * <ul>
 *   <li>Open loop at fixed offered rates: a scheduler releases requests on a fixed timetable whatever the answers do,
 *       and latency runs from each request's scheduled send time (no coordinated omission).</li>
 *   <li>Saturation: {@value #CONCURRENCY} requests always in flight (closed loop), for the gateway and, with the same
 *       payloads and the same number of records in flight ({@code acks=all}, idempotent, the gateway's linger), a raw
 *       producer on the same broker.</li>
 * </ul>
 */
public class WebhookGatewayBenchmark {

    static final int INTEGRATIONS = 8;
    static final int CONCURRENCY = 64;
    static final int[] OFFERED_RATES = {500, 1000, 2000};
    static final Duration RATE_PHASE = Duration.ofSeconds(10);
    static final Duration SATURATION_PHASE = Duration.ofSeconds(10);
    /** Requests left outstanding beyond this are counted as not sent: the client, not the gateway, is then the limit. */
    static final int MAX_OUTSTANDING = 4000;

    /** Connections to the gateway; requests beyond them wait for one (their latency still counts from the schedule). */
    static final int CONNECTIONS = 256;
    private static final WebhookSecret SECRET = WebhookSecret.parse("bench", TestWebhooks.SECRET);
    private static final byte[] BODY = TestWebhooks.BODY.getBytes(StandardCharsets.UTF_8);

    // Reactor Netty, not java.net.http: the JDK client's connection pool costs O(connections) per request and became the
    // bottleneck of the sender itself.
    private final ConnectionProvider connections = ConnectionProvider.builder("bench").maxConnections(CONNECTIONS)
            .pendingAcquireMaxCount(-1).pendingAcquireTimeout(Duration.ofSeconds(60)).build();
    private HttpClient http;
    private final AtomicLong sequence = new AtomicLong();
    private final List<String> integrationIds = new ArrayList<>();
    private String baseUrl;

    public static void main(String[] args) throws Exception {
        new WebhookGatewayBenchmark().run();
        System.exit(0);
    }

    @Test
    void benchmark() throws Exception {
        run();
    }

    void run() throws Exception {
        String bootstrap = KafkaBroker.bootstrapServers();
        FirestoreEmulator.instance().clear();
        try (GatewayInstance gateway = GatewayInstance.start(bootstrap,
                // The benchmark measures the pipeline, not the per-integration rate limit.
                "rostersync.gateway.rate-limit.per-second=1000000", "rostersync.gateway.rate-limit.burst=1000000",
                "logging.level.io.rostersync=WARN", "logging.level.org.apache.kafka=WARN")) {
            baseUrl = gateway.baseUrl();
            http = HttpClient.create(connections).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
            Integrations integrations = gateway.bean(Integrations.class);
            for (int i = 0; i < INTEGRATIONS; i++) {
                String id = "bench-" + i + "-" + UUID.randomUUID().toString().substring(0, 8);
                TestWebhooks.save(integrations, id, ConnectorType.ONEROSTER, true);
                integrationIds.add(id);
            }
            System.out.printf(Locale.ROOT, "%nWebhook gateway benchmark: %d cores, broker %s, %d integrations, body %d bytes%n",
                    Runtime.getRuntime().availableProcessors(), bootstrap, INTEGRATIONS, TestWebhooks.BODY.length());

            openLoop(1000, Duration.ofSeconds(5), "warm-up");
            rawSaturation(bootstrap, Duration.ofSeconds(3), "raw producer warm-up");
            List<String> rows = new ArrayList<>();
            for (int rate : OFFERED_RATES) {
                rows.add(openLoop(rate, RATE_PHASE, "gateway, offered " + rate + "/s"));
            }
            double saturated = closedLoop(SATURATION_PHASE);
            double raw = rawSaturation(bootstrap, SATURATION_PHASE, "raw producer, saturation");
            System.out.printf(Locale.ROOT, "%nRESULT gateway %.0f req/s, raw producer %.0f rec/s, ratio %.2f (target >= 0.50)%n",
                    saturated, raw, saturated / raw);
            rows.forEach(r -> System.out.println("RESULT " + r));
        }
    }

    /** Sends at a fixed rate for the duration; returns a one-line summary. */
    String openLoop(int rate, Duration duration, String label) throws InterruptedException {
        int total = (int) (rate * duration.toMillis() / 1000);
        long[] latencies = new long[total];
        AtomicInteger done = new AtomicInteger();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger skipped = new AtomicInteger();
        AtomicInteger outstanding = new AtomicInteger();
        Map<Integer, AtomicInteger> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch finished = new CountDownLatch(total);
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
        long intervalNanos = 1_000_000_000L / rate;
        AtomicInteger next = new AtomicInteger();
        ticker.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            while (next.get() < total) {
                int i = next.get();
                long scheduled = start + i * intervalNanos;
                if (scheduled > now) {
                    break;
                }
                next.incrementAndGet();
                if (outstanding.get() >= MAX_OUTSTANDING) {
                    skipped.incrementAndGet();
                    latencies[i] = Long.MAX_VALUE;
                    finished.countDown();
                    continue;
                }
                outstanding.incrementAndGet();
                send((status, error) -> {
                    latencies[i] = System.nanoTime() - scheduled;
                    outstanding.decrementAndGet();
                    if (error == null && status == 202) {
                        accepted.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        statuses.computeIfAbsent(error == null ? status : -1, k -> new AtomicInteger()).incrementAndGet();
                    }
                    done.incrementAndGet();
                    finished.countDown();
                });
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        boolean complete = finished.await(duration.toMillis() + 60_000, TimeUnit.MILLISECONDS);
        ticker.shutdownNow();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] sorted = Arrays.stream(latencies).filter(l -> l > 0 && l != Long.MAX_VALUE).sorted().toArray();
        String line = String.format(Locale.ROOT,
                "%-32s sent %6d, 202 %6d (%.0f/s), other %d %s, not sent %d, latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms%s",
                label, total - skipped.get(), accepted.get(), accepted.get() / Math.max(elapsed, duration.toMillis() / 1000.0),
                failed.get(), statuses, skipped.get(), pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999), pct(sorted, 1.0),
                complete ? "" : " (INCOMPLETE)");
        System.out.println(line);
        return line;
    }

    /** {@link #CONCURRENCY} requests always in flight; returns accepted requests per second. */
    double closedLoop(Duration duration) throws InterruptedException {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENCY);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            send((status, error) -> {
                if (System.nanoTime() <= end) {
                    if (error == null && status == 202) {
                        accepted.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                    }
                }
                slots.release();
            });
        }
        slots.tryAcquire(CONCURRENCY, 60, TimeUnit.SECONDS);
        double rate = accepted.get() / (duration.toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "%-32s %d in flight: 202 %d (%.0f/s), other %d%n", "gateway, saturation", CONCURRENCY,
                accepted.get(), rate, failed.get());
        return rate;
    }

    /** The same CloudEvents records, with the same number in flight, straight to the broker; returns acknowledged records/s. */
    double rawSaturation(String bootstrap, Duration duration, String label) throws InterruptedException {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        EventCodec codec = new EventCodec("/rostersync/webhook-gateway");
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Semaphore slots = new Semaphore(CONCURRENCY);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            long start = System.nanoTime();
            long end = start + duration.toNanos();
            while (System.nanoTime() < end) {
                if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                    continue;
                }
                long n = sequence.incrementAndGet();
                String integrationId = integrationIds.get((int) (n % INTEGRATIONS));
                String webhookId = "raw-" + n;
                SisChangeEvent event = new SisChangeEvent(webhookId, ConnectorType.ONEROSTER, integrationId, EntityType.USERS,
                        List.of("usr-1", "usr-2"), "updated", Instant.now());
                ProducerRecord<String, byte[]> record = codec.encode(Topics.SIS_CHANGES, integrationId,
                        UUID.nameUUIDFromBytes((integrationId + "/" + webhookId).getBytes(StandardCharsets.UTF_8)).toString(), webhookId, event);
                producer.send(record, (metadata, error) -> {
                    if (System.nanoTime() <= end) {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    slots.release();
                });
            }
            slots.tryAcquire(CONCURRENCY, 60, TimeUnit.SECONDS);
        }
        double rate = acknowledged.get() / (duration.toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "%-32s %d in flight: acknowledged %d (%.0f/s), failed %d%n", label, CONCURRENCY,
                acknowledged.get(), rate, failed.get());
        return rate;
    }

    /** Posts the next signed webhook; {@code done} gets the status, or the error. */
    private void send(java.util.function.BiConsumer<Integer, Throwable> done) {
        long n = sequence.incrementAndGet();
        String webhookId = "bench-" + n;
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = SignatureVerifier.sign(SECRET, webhookId, timestamp, BODY);
        http.headers(h -> h.set("content-type", "application/json").set("webhook-id", webhookId)
                        .set("webhook-timestamp", timestamp).set("webhook-signature", signature))
                .post().uri("/webhooks/oneroster/" + integrationIds.get((int) (n % INTEGRATIONS)))
                .send(ByteBufFlux.fromInbound(Mono.just(BODY)))
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .subscribe(status -> done.accept(status, null), error -> done.accept(-1, error));
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
