package io.rostersync.core.runs;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.rostersync.core.events.PullMode;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.KafkaBroker;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SyncRunsIntegrationTest {

    private static Firestore firestore;
    private SyncRuns runs;

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
        FirestoreEmulator.instance().clear();
        runs = new SyncRuns(firestore);
    }

    @Test
    void aRunRoundTripsThroughFirestore() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SyncRun run = new SyncRun("run-1", "i-1", RunType.WEBHOOK, Direction.PULL, PullMode.TARGETED, RunStatus.RUNNING,
                new RunCounts(3, 2, 1, 0, 0, 0, 0), Map.of("users", new RunCounts(3, 2, 1, 0, 0, 0, 0)),
                Map.of("users", "a"), Map.of(), now, now, null, now, null, 1, "gateway", "msg_1");

        runs.save(run);

        assertThat(runs.find("run-1")).contains(run);
        assertThat(runs.active("i-1", Direction.PULL)).containsExactly(run);
        assertThat(runs.active("i-1", Direction.PUSH)).isEmpty();
    }

    @Test
    void aRunOnHoldBlocksItsIntegrationWithoutBeingActive() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        SyncRun held = new SyncRun("run-h", "i-1", RunType.MANUAL, Direction.PULL, PullMode.INCREMENTAL, RunStatus.ON_HOLD,
                null, null, Map.of(), Map.of(), now, now, null, now, "on hold", 1, "op", "t-h");
        SyncRun skipped = new SyncRun("run-s", "i-1", RunType.SCHEDULED, Direction.PULL, null, RunStatus.SKIPPED,
                null, null, Map.of(), Map.of(), now, null, now, now, "blackout", 1, "scheduler", "t-s");

        runs.save(held);
        runs.save(skipped);

        assertThat(runs.active("i-1", Direction.PULL)).isEmpty();
        assertThat(runs.blocking("i-1", Direction.PULL)).containsExactly(held);
        assertThat(runs.find("run-s")).contains(skipped);
        assertThat(RunStatus.ON_HOLD.active()).isFalse();
        assertThat(RunStatus.ON_HOLD.blocking()).isTrue();
    }

    @Test
    void pagesAreNewestFirstAndDoNotOverlap() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        for (int i = 0; i < 5; i++) {
            runs.save(new SyncRun("run-" + i, "i-1", RunType.MANUAL, Direction.PULL, PullMode.FULL, RunStatus.SUCCEEDED,
                    null, null, null, null, t.plusSeconds(i), null, null, null, null, 1, "admin", null));
        }

        List<SyncRun> first = runs.page("i-1", 2, null, null, null);
        List<SyncRun> second = runs.page("i-1", 2, first.get(1).runId(), null, null);

        assertThat(first).extracting(SyncRun::runId).containsExactly("run-4", "run-3");
        assertThat(second).extracting(SyncRun::runId).containsExactly("run-2", "run-1");
    }

    @Test
    void theSharedBrokerAnswers() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
    }
}
