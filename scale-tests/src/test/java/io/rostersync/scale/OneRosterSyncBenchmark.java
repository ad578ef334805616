package io.rostersync.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The OneRoster connector's scale benchmark (not part of {@code mvn verify}; the command is in docs/benchmarks.md):
 * a full sync of a 100,000-student district through the orchestrator, with the connector in its own JVM held to
 * {@code -Xmx256m}; every collection compared with the SIS record for record by checksum; then the SIS changes 1 %
 * of the users and deletes a few, and an incremental run must move exactly those records, in a fraction of the time.
 */
class OneRosterSyncBenchmark {

    private static final int STUDENTS = Integer.getInteger("scale.students", 100_000);
    private static final List<String> COLLECTIONS = List.of("orgs", "academicSessions", "courses", "classes", "users", "enrollments",
            "demographics");
    private static final String INTEGRATION = "bench-oneroster";
    private static final int DELETES = 25;

    @Test
    void fullSyncOfTheDistrictThenAOnePercentIncremental() throws Exception {
        try (ScaleFixture fixture = new ScaleFixture().district(STUDENTS).orchestratorInProcess()) {
            ServiceProcess connector = fixture.connectorProcess(ConnectorType.ONEROSTER, "256m");
            Map<String, Long> counts = fixture.simulator().counts();
            long total = COLLECTIONS.stream().mapToLong(counts::get).sum();
            fixture.oneRosterIntegration(INTEGRATION);

            SyncRun full = fixture.awaitEnd(fixture.requestPull(INTEGRATION, PullMode.FULL), Duration.ofMinutes(60));
            assertThat(full.status()).as(String.valueOf(full.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(full.counts().created()).isEqualTo(total);
            for (String collection : COLLECTIONS) {
                assertThat(full.entityCounts().get(collection).created()).as(collection).isEqualTo(counts.get(collection));
            }
            StringBuilder checksums = new StringBuilder();
            RosterComparison comparison = new RosterComparison(fixture.simulator().root(), RunningSimulator.CLIENT_ID, RunningSimulator.SECRET);
            for (String collection : COLLECTIONS) {
                RosterComparison.Side sis = comparison.sis(collection);
                RosterComparison.Side stored = RosterComparison.firestore(fixture.firestore(), INTEGRATION, collection);
                assertThat(Differences.between(sis.versions(), stored.versions())).as(collection).isEqualTo(Differences.NONE);
                checksums.append(String.format("| %s | %,d | %s | %s |%n", collection, sis.versions().size(), sis.checksum(), stored.checksum()));
            }
            long fullPeakRss = connector.peakRssMib();

            // 1 % of the users change in the SIS, and a few are deleted.
            Set<String> changed = new LinkedHashSet<>(fixture.simulator().change("users", (int) (counts.get("users") / 100)));
            Set<String> deleted = new LinkedHashSet<>();
            for (int i = 1; deleted.size() < DELETES; i++) {
                String id = String.format("usr-%06d", i * (STUDENTS / (DELETES * 2)));
                if (!changed.contains(id)) {
                    fixture.simulator().softDelete("users", id);
                    deleted.add(id);
                }
            }
            SyncRun incremental = fixture.awaitEnd(fixture.requestPull(INTEGRATION, null), Duration.ofMinutes(30));
            assertThat(incremental.status()).as(String.valueOf(incremental.error())).isEqualTo(RunStatus.SUCCEEDED);
            assertThat(incremental.mode()).isEqualTo(PullMode.INCREMENTAL);
            assertThat(incremental.counts().updated()).as("exactly the changed users").isEqualTo(changed.size());
            assertThat(incremental.counts().deleted()).as("exactly the deleted users").isEqualTo(deleted.size());
            assertThat(incremental.counts().created()).isZero();
            RosterComparison.Side sisUsers = comparison.sis("users");
            assertThat(Differences.between(sisUsers.versions(), RosterComparison.firestore(fixture.firestore(), INTEGRATION, "users").versions()))
                    .isEqualTo(Differences.NONE);

            double fullSeconds = full.durationMillis() / 1000.0;
            double incrementalSeconds = incremental.durationMillis() / 1000.0;
            System.out.printf("""

                    OneRoster 1.2 sync benchmark — %,d students, connector -Xmx256m (peak RSS %d MiB after the full run, %d MiB in all)
                    | run | records fetched | created | updated | deleted | unchanged | seconds | records/s |
                    |---|---|---|---|---|---|---|---|
                    | full | %,d | %,d | %,d | %,d | %,d | %.1f | %,.0f |
                    | incremental (1 %% of users changed, %d deleted) | %,d | %,d | %,d | %,d | %,d | %.1f | %,.0f |
                    incremental / full time: %.3f

                    | collection | records | SIS checksum | Firestore checksum |
                    |---|---|---|---|
                    %s
                    """, STUDENTS, fullPeakRss, connector.peakRssMib(),
                    full.counts().fetched(), full.counts().created(), full.counts().updated(), full.counts().deleted(), full.counts().unchanged(),
                    fullSeconds, full.counts().fetched() / fullSeconds,
                    deleted.size(), incremental.counts().fetched(), incremental.counts().created(), incremental.counts().updated(),
                    incremental.counts().deleted(), incremental.counts().unchanged(), incrementalSeconds,
                    incremental.counts().fetched() / incrementalSeconds, incrementalSeconds / fullSeconds, checksums);
        }
    }
}
