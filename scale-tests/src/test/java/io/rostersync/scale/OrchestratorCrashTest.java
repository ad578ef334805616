package io.rostersync.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rostersync.core.events.PullMode;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code kill -9} of the orchestrator in the middle of a full sync of a 100,000-student district, then a restart:
 * the run completes (or is failed and retried to success), Firestore then holds exactly the SIS's records, each at the
 * SIS's version, and no count is doubled. The orchestrator is a child process so that it can die for real: no shutdown
 * hook, no offset commit, batches half way between Kafka and Firestore.
 */
class OrchestratorCrashTest {

    private static final Logger log = LoggerFactory.getLogger(OrchestratorCrashTest.class);
    /** {@code -Dscale.students=5000} for a quick local try; the issue asks for 100,000. */
    private static final int STUDENTS = Integer.getInteger("scale.students", 100_000);
    private static final List<String> COLLECTIONS = List.of("orgs", "academicSessions", "courses", "classes", "users", "enrollments",
            "demographics");
    private static final String INTEGRATION = "crash-district";

    @Test
    void anOrchestratorKilledMidSyncResumesAndEveryRecordArrivesExactlyOnce() throws Exception {
        try (ScaleFixture fixture = new ScaleFixture().district(STUDENTS).oneRosterConnectorInProcess()) {
            Map<String, Long> counts = fixture.simulator().counts();
            long total = COLLECTIONS.stream().mapToLong(counts::get).sum();
            fixture.oneRosterIntegration(INTEGRATION);

            ServiceProcess orchestrator = fixture.orchestratorProcess("768m");
            String runId;
            long appliedAtKill;
            try {
                runId = fixture.requestPull(INTEGRATION, PullMode.FULL);
                // Far enough in that data, counts and Kafka offsets all have something to lose.
                appliedAtKill = await("a third of " + total + " records applied").atMost(Duration.ofMinutes(15))
                        .pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                        .until(() -> fetched(fixture, runId), applied -> applied >= total / 3);
                orchestrator.kill();
                log.info("orchestrator (pid {}) killed with {} of {} records applied", orchestrator.pid(), appliedAtKill, total);
            } finally {
                orchestrator.close();
            }
            assertThat(appliedAtKill).isLessThan(total);

            long restartedAt = System.nanoTime();
            try (ServiceProcess restarted = fixture.orchestratorProcess("768m")) {
                SyncRun finished = await("the sync completes after the restart").atMost(Duration.ofMinutes(30))
                        .pollInterval(Duration.ofSeconds(1)).ignoreExceptions().until(() -> succeeded(fixture), java.util.Objects::nonNull);
                log.info("run {} {} {} s after the restart: {}", finished.runId(), finished.status().value(),
                        (System.nanoTime() - restartedAt) / 1_000_000_000, finished.counts());

                List<SyncRun> pulls = fixture.runs().page(INTEGRATION, 100, null, null, null);
                long createdInAll = pulls.stream().mapToLong(r -> r.counts().created()).sum();
                assertThat(createdInAll).as("every record created once, over every attempt").isEqualTo(total);
                if (finished.runId().equals(runId)) {
                    assertThat(finished.counts().fetched()).as("no batch counted twice").isEqualTo(total);
                    assertThat(finished.counts().created()).isEqualTo(total);
                } else {
                    // Failed by the watchdog and retried: the retry finds what the first attempt applied unchanged.
                    assertThat(fixture.runs().find(runId).orElseThrow().status()).isEqualTo(RunStatus.FAILED);
                    assertThat(finished.counts().fetched()).isEqualTo(total);
                }
                for (String collection : COLLECTIONS) {
                    assertThat(finished.entityCounts().get(collection).fetched()).as(collection).isEqualTo(counts.get(collection));
                }

                RosterComparison comparison = new RosterComparison(fixture.simulator().root(), RunningSimulator.CLIENT_ID, RunningSimulator.SECRET);
                for (String collection : COLLECTIONS) {
                    RosterComparison.Side sis = comparison.sis(collection);
                    RosterComparison.Side stored = RosterComparison.firestore(fixture.firestore(), INTEGRATION, collection);
                    log.info("{}: {} records in the SIS (checksum {}), {} in Firestore (checksum {})", collection, sis.versions().size(),
                            sis.checksum(), stored.versions().size(), stored.checksum());
                    assertThat(Differences.between(sis.versions(), stored.versions())).as(collection).isEqualTo(Differences.NONE);
                    assertThat(stored.checksum()).isEqualTo(sis.checksum());
                }
            }
        }
    }

    private static long fetched(ScaleFixture fixture, String runId) {
        return fixture.runs().find(runId).map(run -> run.counts().fetched()).orElse(0L);
    }

    private static SyncRun succeeded(ScaleFixture fixture) {
        return fixture.runs().page(INTEGRATION, 100, null, null, null).stream()
                .filter(run -> run.status() == RunStatus.SUCCEEDED).findFirst().orElse(null);
    }
}
