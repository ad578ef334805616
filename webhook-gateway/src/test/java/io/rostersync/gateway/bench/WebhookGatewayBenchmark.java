package io.rostersync.gateway.bench;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.rostersync.gateway.verification.SignatureVerifier;
import io.rostersync.gateway.verification.WebhookSecret;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.ProducerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Throughput and latency of the gateway against a raw Kafka producer, on one embedded KRaft broker and the Firestore
 * emulator, loopback only, bounded in count and time. Not part of the build (the name matches no surefire pattern); run:
 * {@code cd webhook-gateway && mvn -B -o test -Dtest=WebhookGatewayBenchmark -Dsurefire.argLine="-Xmx1g -XX:+UseParallelGC"}
 * (3 to 5 minutes). Figures go to stdout; the lines starting with {@code RESULT} sum the run up.
 *
 * <ul>
 *   <li>Warm-up: saturation in 5 s rounds until the JIT compiler is nearly idle (at most 24 rounds), then 3 s at 1,000/s
 *       and 3 s of the raw producer. Firestore is emptied before each measured gateway phase.</li>
 *   <li>Open loop at fixed offered rates: a scheduler releases requests on a fixed timetable whatever the answers do,
 *       and latency runs from each request's scheduled send time (no coordinated omission).</li>
 *   <li>Saturation: {@value #CONCURRENCY} requests always in flight (closed loop), for the gateway and, with the same
 *       payloads and the same number of records in flight, a raw producer on the same broker configured exactly like the
 *       gateway's own producer (read from its producer factory: {@code acks=all}, idempotent, same linger and batch size).
 *       For reference, the raw producer runs once more with {@code linger.ms=0}, its fastest setting at this concurrency.</li>
 *   <li>CPU per request: the benchmark JVM (gateway, broker and load generator share it) and the Firestore emulator
 *       process, so runs on a busy machine can still be compared; and the machine's load average.</li>
 * </ul>
 * Phase length: {@code -Dbench.phase-seconds} (default 10); gateway properties: {@code -Dbench.gateway.<name>=<value>}. Each
 * phase prints when it started, to cut a JFR recording of the whole run ({@code -XX:StartFlightRecording}) to one phase.
 */
public class WebhookGatewayBenchmark {

    static final int INTEGRATIONS = 8;
    static final int CONCURRENCY = 64;
    static final int[] OFFERED_RATES = {500, 1000, 2000};
    static final Duration RATE_PHASE = Duration.ofSeconds(Long.getLong("bench.phase-seconds", 10));
    static final Duration SATURATION_PHASE = RATE_PHASE;
    /** Requests left outstanding beyond this are counted as not sent: the client, not the gateway, is then the limit. */
    static final int MAX_OUTSTANDING = 4000;

    /** Connections to the gateway; requests beyond them wait for one (their latency still counts from the schedule). */
    static final int CONNECTIONS = 256;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
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
    private Integrations integrations;
    private DistributionSummary writesPerCall;
    private Timer claimTime;
    private Timer publishTime;

    public static void main(String[] args) throws Exception {
        new WebhookGatewayBenchmark().run();
        System.exit(0);
    }

    @Test
    void benchmark() throws Exception {
        run();
    }

    void run() throws Exception {
        // The emulator keeps every write in memory, even after a clear: with sync-core's default 512 MB heap it spent its
        // time collecting garbage after about 130,000 delivery records and stopped answering. Set before it starts.
        System.getProperties().putIfAbsent("rostersync.test.firestore-heap", "3g");
        String bootstrap = KafkaBroker.bootstrapServers();
        FirestoreEmulator.instance().clear();
        List<String> properties = new ArrayList<>(List.of(
                // The benchmark measures the pipeline, not the per-integration rate limit.
                "rostersync.gateway.rate-limit.per-second=1000000", "rostersync.gateway.rate-limit.burst=1000000",
                "logging.level.io.rostersync=WARN", "logging.level.org.apache.kafka=WARN"));
        // -Dbench.gateway.<property>=<value> passes a property to the gateway, e.g. -Dbench.gateway.rostersync.gateway.producer-linger=1ms
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("bench.gateway.")).sorted()
                .forEach(name -> properties.add(name.substring("bench.gateway.".length()) + "=" + System.getProperty(name)));
        try (GatewayInstance gateway = GatewayInstance.start(bootstrap, properties.toArray(String[]::new))) {
            baseUrl = gateway.baseUrl();
            MeterRegistry meters = gateway.bean(MeterRegistry.class);
            writesPerCall = meters.get("rostersync.gateway.delivery.writes.per.call").summary();
            claimTime = meters.get("rostersync.gateway.delivery.claim").timer();
            publishTime = meters.get("rostersync.gateway.publish").timer();
            http = HttpClient.create(connections).baseUrl(baseUrl).responseTimeout(Duration.ofSeconds(30));
            integrations = gateway.bean(Integrations.class);
            for (int i = 0; i < INTEGRATIONS; i++) {
                // Fixed ids: the records' keys decide their partitions (here 2, 3 and 3 integrations on the 3 partitions), and
                // with it how full the producer's batches get; random ids made both the gateway's and the raw figures vary.
                integrationIds.add("bench-" + i);
            }
            freshStore();
            System.out.printf(Locale.ROOT, "%nWebhook gateway benchmark: %d cores, broker %s, %d integrations, body %d bytes%n",
                    Runtime.getRuntime().availableProcessors(), bootstrap, INTEGRATIONS, TestWebhooks.BODY.length());

            // The raw producer gets exactly the gateway's producer settings (after the gateway's own adjustments).
            Map<String, Object> producerConfig = new HashMap<>(gateway.bean(ProducerFactory.class).getConfigurationProperties());
            System.out.printf(Locale.ROOT, "Producer settings (gateway and raw): acks=%s, enable.idempotence=%s, linger.ms=%s, batch.size=%s%n",
                    producerConfig.get(ProducerConfig.ACKS_CONFIG), producerConfig.get(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG),
                    producerConfig.get(ProducerConfig.LINGER_MS_CONFIG), producerConfig.getOrDefault(ProducerConfig.BATCH_SIZE_CONFIG, "default"));
            System.out.println("Load average at start: " + loadAverage());

            warmUp();
            openLoop(1000, Duration.ofSeconds(3), "warm-up");
            rawSaturation(producerConfig, Duration.ofSeconds(3), "raw producer warm-up");
            List<String> rows = new ArrayList<>();
            for (int rate : OFFERED_RATES) {
                freshStore();
                rows.add(openLoop(rate, RATE_PHASE, "gateway, offered " + rate + "/s"));
            }
            freshStore();
            Saturation saturated = closedLoop(SATURATION_PHASE, "gateway, saturation");
            Saturation raw = rawSaturation(producerConfig, SATURATION_PHASE, "raw producer, saturation");
            Map<String, Object> noLinger = new HashMap<>(producerConfig);
            noLinger.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            Saturation rawNoLinger = rawSaturation(noLinger, SATURATION_PHASE, "raw producer, linger.ms=0");
            System.out.printf(Locale.ROOT, "%nRESULT gateway %.0f req/s, raw producer %.0f rec/s (same producer settings), ratio %.2f "
                    + "(target >= 0.50); raw producer with linger.ms=0: %.0f rec/s, ratio %.3f%n",
                    saturated.rate(), raw.rate(), saturated.rate() / raw.rate(), rawNoLinger.rate(), saturated.rate() / rawNoLinger.rate());
            System.out.println("RESULT " + saturated.line());
            System.out.println("RESULT " + raw.line());
            System.out.println("RESULT " + rawNoLinger.line());
            rows.forEach(r -> System.out.println("RESULT " + r));
            System.out.println("RESULT load average at end: " + loadAverage() + " (" + Runtime.getRuntime().availableProcessors() + " cores)");
        }
    }

    /** A closed-loop phase: acknowledged requests (or records) per second, latency, and what they cost in CPU. */
    record Saturation(double rate, String line) {
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
        CpuMeter cpu = CpuMeter.start();
        FirestoreCalls calls = new FirestoreCalls(writesPerCall, claimTime, publishTime);
        LocalTime startedWall = LocalTime.now().plusNanos(TimeUnit.MILLISECONDS.toNanos(20));
        String started = startedWall.format(CLOCK);
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
                "%s %-32s sent %6d, 202 %6d (%.0f/s), other %d %s, not sent %d, latency p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, max %.1f ms, %s%s",
                started, label, total - skipped.get(), accepted.get(), accepted.get() / Math.max(elapsed, duration.toMillis() / 1000.0),
                failed.get(), statuses, skipped.get(), pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999), pct(sorted, 1.0),
                cpu.perRequest(accepted.get()) + ", " + calls.summary(elapsed), complete ? "" : " (INCOMPLETE)");
        System.out.println(line);
        System.out.println("         " + slowWindows(latencies, intervalNanos, startedWall));
        return line;
    }

    /**
     * Where in the phase the tail came from: the 100 ms windows (by scheduled send time, wall clock) whose slowest request
     * took longer than 25 ms, to line up with GC logs of the benchmark JVM and the emulator.
     */
    static String slowWindows(long[] latencies, long intervalNanos, LocalTime phaseStart) {
        long window = TimeUnit.MILLISECONDS.toNanos(100);
        Map<Long, Long> slowest = new java.util.TreeMap<>();
        for (int i = 0; i < latencies.length; i++) {
            long latency = latencies[i];
            if (latency > TimeUnit.MILLISECONDS.toNanos(25) && latency != Long.MAX_VALUE) {
                slowest.merge(i * intervalNanos / window, latency, Math::max);
            }
        }
        if (slowest.isEmpty()) {
            return "no 100 ms window had a request slower than 25 ms";
        }
        StringBuilder out = new StringBuilder(slowest.size() + " windows of 100 ms with a request slower than 25 ms:");
        slowest.forEach((index, latency) -> out.append(String.format(Locale.ROOT, " %s %.0fms",
                phaseStart.plusNanos(index * window).format(DateTimeFormatter.ofPattern("HH:mm:ss.S")), latency / 1e6)));
        return out.toString();
    }

    /**
     * Saturates the gateway until the JIT compiler is (nearly) done with the hot paths of gateway, broker and client, at
     * most two minutes: on two busy cores its compiler threads otherwise take a third of the CPU well into the measured phases.
     */
    void warmUp() throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        for (int round = 1; round <= 24; round++) {
            long compiling = jit.getTotalCompilationTime();
            closedLoop(Duration.ofSeconds(5), "warm-up " + round + ", saturation");
            long compiledMs = jit.getTotalCompilationTime() - compiling;
            System.out.printf(Locale.ROOT, "         JIT compiled for %d ms of those 5 s%n", compiledMs);
            if (round >= 2 && compiledMs < 500) {
                return;
            }
        }
    }

    /** Empties Firestore before each measured phase (every webhook id is new anyway), so each starts from the same state. */
    void freshStore() {
        FirestoreEmulator.instance().clear();
        integrationIds.forEach(id -> TestWebhooks.save(integrations, id, ConnectorType.ONEROSTER, true));
    }

    /** {@link #CONCURRENCY} requests always in flight. */
    Saturation closedLoop(Duration duration, String label) throws InterruptedException {
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Latencies latencies = new Latencies();
        Semaphore slots = new Semaphore(CONCURRENCY);
        CpuMeter cpu = CpuMeter.start();
        FirestoreCalls calls = new FirestoreCalls(writesPerCall, claimTime, publishTime);
        String started = LocalTime.now().format(CLOCK);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        while (System.nanoTime() < end) {
            if (!slots.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            long sent = System.nanoTime();
            send((status, error) -> {
                long now = System.nanoTime();
                if (now <= end) {
                    if (error == null && status == 202) {
                        accepted.incrementAndGet();
                        latencies.add(now - sent);
                    } else {
                        failed.incrementAndGet();
                    }
                }
                slots.release();
            });
        }
        String cost = cpu.perRequest(accepted.get()) + ", " + calls.summary(duration.toNanos() / 1e9);
        slots.tryAcquire(CONCURRENCY, 60, TimeUnit.SECONDS);
        double rate = accepted.get() / (duration.toNanos() / 1e9);
        String line = String.format(Locale.ROOT, "%s %-32s %d in flight: 202 %d (%.0f/s), other %d, latency %s, %s", started, label,
                CONCURRENCY, accepted.get(), rate, failed.get(), latencies.summary(), cost);
        System.out.println(line);
        return new Saturation(rate, line);
    }

    /** The same CloudEvents records, with the same number in flight, straight to the broker with the given producer settings. */
    Saturation rawSaturation(Map<String, Object> producerConfig, Duration duration, String label) throws InterruptedException {
        Map<String, Object> config = new HashMap<>(producerConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, "bench-raw-" + sequence.incrementAndGet());
        EventCodec codec = new EventCodec("/rostersync/webhook-gateway");
        AtomicInteger acknowledged = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        Latencies latencies = new Latencies();
        Semaphore slots = new Semaphore(CONCURRENCY);
        String cost;
        String started = LocalTime.now().format(CLOCK);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            CpuMeter cpu = CpuMeter.start();
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
                long sent = System.nanoTime();
                producer.send(record, (metadata, error) -> {
                    long now = System.nanoTime();
                    if (now <= end) {
                        if (error == null) {
                            acknowledged.incrementAndGet();
                            latencies.add(now - sent);
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    slots.release();
                });
            }
            cost = cpu.perRequest(acknowledged.get());
            slots.tryAcquire(CONCURRENCY, 60, TimeUnit.SECONDS);
        }
        double rate = acknowledged.get() / (duration.toNanos() / 1e9);
        String line = String.format(Locale.ROOT, "%s %-32s %d in flight: acknowledged %d (%.0f/s), failed %d, latency %s, %s", started,
                label, CONCURRENCY, acknowledged.get(), rate, failed.get(), latencies.summary(), cost);
        System.out.println(line);
        return new Saturation(rate, line);
    }

    /** Posts the next signed webhook; {@code done} gets the status, or the error. */
    private void send(java.util.function.BiConsumer<Integer, Throwable> done) {
        long n = sequence.incrementAndGet();
        String webhookId = "bench-" + n;
        String timestamp = Long.toString(Instant.now().getEpochSecond());
        String signature = SignatureVerifier.sign(SECRET, webhookId, timestamp, BODY);
        // Headers on the request, not through HttpClient.headers(): that copies the client's whole configuration per request,
        // which made the load generator (sharing the cores with the gateway) noticeably more expensive.
        http.post().uri("/webhooks/oneroster/" + integrationIds.get((int) (n % INTEGRATIONS)))
                .send((request, outbound) -> {
                    request.header("content-type", "application/json").header("webhook-id", webhookId)
                            .header("webhook-timestamp", timestamp).header("webhook-signature", signature);
                    return outbound.sendByteArray(Mono.just(BODY));
                })
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

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /**
     * The gateway's Firestore calls for webhook deliveries during a phase, how many writes each carried, and the mean time
     * a webhook spent claiming its id and waiting for Kafka's acknowledgement (where its latency goes).
     */
    private record FirestoreCalls(DistributionSummary summary, long count, double total, Timer claims, long claimCount, double claimNanos,
                                  Timer publications, long publishCount, double publishNanos) {

        FirestoreCalls(DistributionSummary summary, Timer claims, Timer publications) {
            this(summary, summary.count(), summary.totalAmount(), claims, claims.count(), claims.totalTime(TimeUnit.NANOSECONDS),
                    publications, publications.count(), publications.totalTime(TimeUnit.NANOSECONDS));
        }

        String summary(double seconds) {
            long calls = summary.count() - count;
            return String.format(Locale.ROOT, "Firestore %.0f calls/s, %.1f writes per call; mean claim %.1f ms, mean Kafka ack %.1f ms",
                    calls / seconds, (summary.totalAmount() - total) / Math.max(1, calls),
                    mean(claims.totalTime(TimeUnit.NANOSECONDS) - claimNanos, claims.count() - claimCount),
                    mean(publications.totalTime(TimeUnit.NANOSECONDS) - publishNanos, publications.count() - publishCount));
        }

        private static double mean(double nanos, long count) {
            return nanos / 1e6 / Math.max(1, count);
        }
    }

    /** Latencies of a closed-loop phase (thread-safe, bounded). */
    private static final class Latencies {
        private final long[] values = new long[2_000_000];
        private final AtomicInteger count = new AtomicInteger();

        void add(long nanos) {
            int i = count.getAndIncrement();
            if (i < values.length) {
                values[i] = nanos;
            }
        }

        String summary() {
            long[] sorted = Arrays.copyOf(values, Math.min(count.get(), values.length));
            Arrays.sort(sorted);
            return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms", pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999));
        }
    }

    /**
     * CPU spent during a phase by this JVM (gateway, embedded broker and load generator together) and by the Firestore
     * emulator (a child process), per acknowledged request: comparable between runs even when other work shares the machine.
     */
    private record CpuMeter(long jvmNanos, long emulatorNanos) {

        static CpuMeter start() {
            return new CpuMeter(jvmCpu(), emulatorCpu());
        }

        String perRequest(int requests) {
            double jvm = (jvmCpu() - jvmNanos) / 1e3 / Math.max(1, requests);
            double emulator = (emulatorCpu() - emulatorNanos) / 1e3 / Math.max(1, requests);
            return String.format(Locale.ROOT, "CPU per request: JVM %.0f us, emulator %.0f us", jvm, emulator);
        }

        private static long jvmCpu() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : 0;
        }

        private static long emulatorCpu() {
            return ProcessHandle.current().descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("CloudFirestore")).orElse(false))
                    .mapToLong(p -> p.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
        }
    }
}
