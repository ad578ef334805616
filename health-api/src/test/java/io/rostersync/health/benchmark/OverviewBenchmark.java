package io.rostersync.health.benchmark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.health.HealthApiApplication;
import io.rostersync.health.feed.ActiveRunsFeed;
import io.rostersync.health.feed.FinishedRunsFeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The overview's latency at fleet scale: 50 integrations with 100,000 runs in total spread over 30 days, counted
 * into the aggregates by the real catch-up path, then {@code GET /api/overview} measured over many requests.
 *
 * <p>Not part of the default build (its name does not end in {@code Test}); run it with
 * {@code cd health-api && mvn -B -o test -Dtest=OverviewBenchmark}. Sizes and the p95 limit can be changed with
 * {@code -Dbenchmark.integrations}, {@code -Dbenchmark.runs}, {@code -Dbenchmark.requests} and
 * {@code -Dbenchmark.p95LimitMillis}. Results go to {@code target/benchmark/overview.md} and the console.
 */
@SpringBootTest(classes = HealthApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=health-api",
                "rostersync.security.tokens[0].name=viewer",
                "rostersync.security.tokens[0].value=" + OverviewBenchmark.VIEWER,
                "rostersync.security.tokens[0].role=VIEWER"})
class OverviewBenchmark {

    static final String VIEWER = "benchmark-viewer-token-0123456789";

    private static final int INTEGRATIONS = Integer.getInteger("benchmark.integrations", 50);
    private static final int RUNS = Integer.getInteger("benchmark.runs", 100_000);
    private static final int REQUESTS = Integer.getInteger("benchmark.requests", 1_000);
    private static final int CONCURRENT_CLIENTS = 4;
    private static final long P95_LIMIT_MILLIS = Long.getLong("benchmark.p95LimitMillis", 200);
    private static final int WARM_UP = 50;
    /** Batches of 500 in flight while seeding; more only queue up in the emulator. */
    private static final int IN_FLIGHT = 2;

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) {
        registry.add("rostersync.kafka.bootstrap-servers", KafkaBroker::bootstrapServers);
        registry.add("rostersync.firestore.emulator-host", BenchmarkEmulator::hostPort);
        registry.add("rostersync.firestore.project-id", () -> FirestoreEmulator.PROJECT_ID);
    }

    @LocalServerPort
    int port;
    @Autowired
    Firestore firestore;
    @Autowired
    Integrations integrations;
    @Autowired
    FinishedRunsFeed feed;
    @Autowired
    ActiveRunsFeed activeRuns;

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void overviewOfFiftyIntegrationsWithAHundredThousandRuns() throws Exception {
        String loadBefore = loadAverage();
        Instant now = Instant.now();
        for (int i = 0; i < INTEGRATIONS; i++) {
            integrations.save(new Integration(id(i), "District " + i, i % 3 == 0 ? ConnectorType.EDFI : ConnectorType.ONEROSTER,
                    new ConnectionSettings("https://sis.example/" + i, "https://sis.example/token", "1.2", "client-" + i,
                            "env:SECRET_" + i, List.of()), "0 0 * * * *", true, "manual", List.of(), now, now));
        }
        // The emulator re-evaluates every open listener query on each write, which makes seeding 100,000 runs
        // quadratic; production Firestore does not. History is counted by the catch-up below, as after a first deploy.
        feed.stop();
        activeRuns.stop();
        long seedStarted = System.nanoTime();
        long expectedLastSevenDays = seed(now);
        long seedMillis = millisSince(seedStarted);

        long countStarted = System.nanoTime();
        long read = feed.catchUp(now.minus(Duration.ofDays(31)));
        long countMillis = millisSince(countStarted);
        assertThat(read).isEqualTo(RUNS);

        activeRuns.start();
        JsonNode overview = json.readTree(overview().body());
        long runs7d = 0;
        for (JsonNode row : overview.get("integrations")) {
            runs7d += row.get("runs7d").asLong();
        }
        assertThat(overview.get("integrations")).hasSize(INTEGRATIONS);
        assertThat(runs7d).as("every seeded run of the last 7 days counted exactly once").isEqualTo(expectedLastSevenDays);

        for (int i = 0; i < WARM_UP; i++) {
            overview();
        }
        List<Long> sequential = new ArrayList<>();
        int bytes = 0;
        for (int i = 0; i < REQUESTS; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = overview();
            sequential.add(System.nanoTime() - started);
            bytes = response.body().length();
        }
        List<Long> concurrent = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CONCURRENT_CLIENTS; c++) {
            done.add(clients.submit(() -> {
                for (int i = 0; i < REQUESTS / CONCURRENT_CLIENTS; i++) {
                    long started = System.nanoTime();
                    overview();
                    concurrent.add(System.nanoTime() - started);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        String loadAfter = loadAverage();

        String report = """
                ### Overview benchmark run %s

                - Data: %,d integrations, %,d runs over 30 days (seeded in %,d ms); counted into aggregates by the
                  catch-up path in %,d ms (%,d runs/s)
                - Response: %,d bytes of JSON for %,d integrations
                - Sequential, %,d requests: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                - %d concurrent clients, %,d requests: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms
                - Machine: %d cores, load average before %s, after %s
                """.formatted(Instant.now(), INTEGRATIONS, RUNS, seedMillis, countMillis, RUNS * 1000L / Math.max(1, countMillis),
                bytes, INTEGRATIONS, REQUESTS, pct(sequential, 50), pct(sequential, 95), pct(sequential, 99), pct(sequential, 100),
                CONCURRENT_CLIENTS, concurrent.size(), pct(concurrent, 50), pct(concurrent, 95), pct(concurrent, 99), pct(concurrent, 100),
                Runtime.getRuntime().availableProcessors(), loadBefore, loadAfter);
        Path out = Path.of("target", "benchmark", "overview.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        System.out.println(report);

        assertThat(pct(sequential, 95)).as("sequential p95 in ms").isLessThanOrEqualTo(P95_LIMIT_MILLIS);
    }

    /** Writes the runs with concurrent batches of 500; returns how many finished in the overview's 7-day window. */
    private long seed(Instant now) throws Exception {
        long seedStarted = System.nanoTime();
        Random random = new Random(42);
        LocalDate weekStart = now.atZone(ZoneOffset.UTC).toLocalDate().minusDays(6);
        long inWeek = 0;
        List<ApiFuture<List<WriteResult>>> pending = new ArrayList<>();
        WriteBatch batch = firestore.batch();
        int inBatch = 0;
        for (int n = 0; n < RUNS; n++) {
            String integrationId = id(n % INTEGRATIONS);
            Instant finished = now.minusSeconds(60).minusMillis((long) (random.nextDouble() * Duration.ofDays(30).toMillis()));
            long duration = 1_000 + random.nextInt(120_000);
            double roll = random.nextDouble();
            RunStatus status = roll < 0.85 ? RunStatus.SUCCEEDED : roll < 0.93 ? RunStatus.PARTIAL : roll < 0.98 ? RunStatus.FAILED
                    : RunStatus.CANCELLED;
            long fetched = random.nextInt(5_000);
            RunCounts counts = new RunCounts(fetched, fetched / 10, fetched / 5, fetched / 50, fetched / 2, 0,
                    status == RunStatus.PARTIAL ? 3 : 0);
            Instant started = finished.minusMillis(duration);
            SyncRun run = new SyncRun("bench-" + n, integrationId, RunType.values()[n % 3], Direction.PULL, PullMode.INCREMENTAL,
                    status, counts, Map.of(), Map.of(), Map.of(), started.minusSeconds(1), started, finished, finished,
                    status == RunStatus.FAILED ? "SIS answered 503" : null, 1, "scheduler", "tick-" + n);
            batch.set(firestore.collection(SyncRuns.COLLECTION).document(run.runId()), lean(SyncRuns.toDocument(run)));
            if (!finished.atZone(ZoneOffset.UTC).toLocalDate().isBefore(weekStart)) {
                inWeek++;
            }
            if (++inBatch == 500) {
                pending.add(batch.commit());
                batch = firestore.batch();
                inBatch = 0;
                if (pending.size() == IN_FLIGHT) {
                    pending.forEach(OverviewBenchmark::committed);
                    pending.clear();
                }
                if ((n + 1) % 10_000 == 0) {
                    System.out.printf("seeded %,d runs after %,d ms%n", n + 1, millisSince(seedStarted));
                }
            }
        }
        if (inBatch > 0) {
            pending.add(batch.commit());
        }
        pending.forEach(OverviewBenchmark::committed);
        return inWeek;
    }

    /**
     * A run document without the fields the health API does not read (cursors, per-entity counts, heartbeat, ...):
     * seeding stays a few minutes on a busy two-core machine (the emulator keeps an index entry per field).
     */
    private static Map<String, Object> lean(Map<String, Object> doc) {
        Map<String, Object> lean = new java.util.HashMap<>(doc);
        lean.keySet().removeAll(List.of("cursorBefore", "cursorAfter", "entityCounts", "heartbeatAt", "requestedBy", "triggerId",
                "mode", "attempt", "queuedAt"));
        if (lean.get("error") == null) {
            lean.remove("error");
        }
        return lean;
    }

    /** The emulator under load can take longer than the stores' 30 s bound for a 500-document batch; seeding may wait. */
    private static void committed(ApiFuture<List<WriteResult>> commit) {
        try {
            commit.get(5, java.util.concurrent.TimeUnit.MINUTES);
        } catch (Exception e) {
            throw new IllegalStateException("seeding batch did not commit: " + e, e);
        }
    }

    private HttpResponse<String> overview() throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/overview"))
                .header("Authorization", "Bearer " + VIEWER).header("Accept", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response;
    }

    private static double pct(List<Long> nanos, int percentile) {
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1)) / 1_000_000.0;
    }

    private static String id(int i) {
        return "bench-district-%02d".formatted(i);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
