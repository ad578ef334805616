package io.rostersync.health.aggregates;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store against the Firestore emulator: every run counts once, however often it is delivered. */
class HealthAggregatesIntegrationTest {

    private static final Instant NOW = Instant.parse("2026-03-10T12:00:00.123456Z");
    private static Firestore firestore;
    private HealthAggregates aggregates;

    @BeforeAll
    static void connect() {
        firestore = FirestoreOptions.newBuilder().setProjectId(FirestoreEmulator.PROJECT_ID)
                .setEmulatorHost(FirestoreEmulator.instance().hostPort()).build().getService();
    }

    @AfterAll
    static void close() throws Exception {
        firestore.close();
    }

    @BeforeEach
    void clear() {
        TestInfrastructure.clearFirestore();
        aggregates = new HealthAggregates(firestore, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aRedeliveredOutcomeChangesNothing() {
        RunOutcome outcome = outcome("r1", RunStatus.SUCCEEDED, 1_500L);

        assertThat(aggregates.count("alpha", List.of(outcome))).isEqualTo(1);
        assertThat(aggregates.count("alpha", List.of(outcome))).isZero();
        assertThat(aggregates.count("alpha", List.of(outcome("r1", RunStatus.SUCCEEDED, 1_500L), outcome))).isZero();

        IntegrationAggregate stored = aggregates.read(List.of("alpha")).get("alpha");
        assertThat(stored.total().succeeded()).isEqualTo(1);
        assertThat(stored.durations()).containsExactly(1_500L);
        assertThat(stored.lastRun()).isEqualTo(outcome);
        assertThat(stored.lastSuccessAt()).isEqualTo(outcome.finishedAt());
    }

    @Test
    void aRunThatEndsAgainIsCountedByItsLatestOutcomeOnly() {
        aggregates.count("alpha", List.of(outcome("r1", RunStatus.FAILED, 1_000L)));
        aggregates.count("alpha", List.of(outcome("r1", RunStatus.SUCCEEDED, 4_000L)));

        IntegrationAggregate stored = aggregates.read(List.of("alpha")).get("alpha");
        assertThat(stored.total().runs()).isEqualTo(1);
        assertThat(stored.total().failed()).isZero();
        assertThat(stored.durations()).containsExactly(4_000L);
        assertThat(aggregates.counted("alpha", "r1")).hasValueSatisfying(o -> assertThat(o.status()).isEqualTo(RunStatus.SUCCEEDED));
    }

    @Test
    void concurrentDeliveriesOfTheSameRunsCountEachOnce() {
        List<RunOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            outcomes.add(outcome("r" + i, i % 4 == 0 ? RunStatus.FAILED : RunStatus.SUCCEEDED, 100L + i));
        }
        // Two replicas seeing the same runs: transactions retry on contention, markers keep the count exact.
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> aggregates.count("alpha", outcomes));
        CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> aggregates.count("alpha", outcomes));

        assertThat(first.join() + second.join()).isEqualTo(40);
        IntegrationAggregate stored = aggregates.read(List.of("alpha")).get("alpha");
        assertThat(stored.total().runs()).isEqualTo(40);
        assertThat(stored.total().failed()).isEqualTo(10);
        assertThat(stored.last24Hours(NOW).runs()).isEqualTo(40);
    }

    @Test
    void markersExpireAfterTheLongestWindowAndReadAllSkipsThem() throws Exception {
        aggregates.count("alpha", List.of(outcome("r1", RunStatus.SUCCEEDED, 10L)));
        aggregates.count("beta", List.of(outcome("r2", "beta", RunStatus.PARTIAL, 10L)));

        DocumentSnapshot marker = firestore.collection(HealthAggregates.COLLECTION).document("alpha")
                .collection(HealthAggregates.COUNTED).document("r1").get().get();
        assertThat(io.rostersync.core.firestore.FirestoreValues.instant(marker, "expireAt"))
                .isEqualTo(NOW.truncatedTo(java.time.temporal.ChronoUnit.MICROS).plus(HealthAggregates.MARKER_RETENTION));
        assertThat(aggregates.readAll()).containsOnlyKeys("alpha", "beta");
        assertThat(aggregates.readAll().get("beta").lastDecisive().status()).isEqualTo(RunStatus.PARTIAL);
    }

    private static RunOutcome outcome(String runId, RunStatus status, Long durationMillis) {
        return outcome(runId, "alpha", status, durationMillis);
    }

    private static RunOutcome outcome(String runId, String integrationId, RunStatus status, Long durationMillis) {
        return new RunOutcome(runId, integrationId, status, RunType.MANUAL, NOW, durationMillis, 20, 5,
                status == RunStatus.PARTIAL ? 2 : 0, status == RunStatus.FAILED ? "SIS answered 401" : null);
    }
}
