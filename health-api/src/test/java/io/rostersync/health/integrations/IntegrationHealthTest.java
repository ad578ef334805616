package io.rostersync.health.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.runs.Direction;
import io.rostersync.core.runs.RunCounts;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class IntegrationHealthTest {

    private static final Integration ENABLED = integration(true);

    @Test
    void aDisabledIntegrationIsDisabledWhateverItsRuns() {
        assertThat(IntegrationHealth.of(integration(false), List.of(run(RunStatus.FAILED))).status())
                .isEqualTo(IntegrationStatus.DISABLED);
    }

    @Test
    void noRunsMeansUnknown() {
        assertThat(IntegrationHealth.of(ENABLED, List.of()).status()).isEqualTo(IntegrationStatus.UNKNOWN);
    }

    @Test
    void theNewestFinishedRunDecides() {
        assertThat(IntegrationHealth.of(ENABLED, List.of(run(RunStatus.SUCCEEDED), run(RunStatus.FAILED))).status())
                .isEqualTo(IntegrationStatus.HEALTHY);
        assertThat(IntegrationHealth.of(ENABLED, List.of(run(RunStatus.PARTIAL))).status())
                .isEqualTo(IntegrationStatus.DEGRADED);
    }

    @Test
    void aRunningRunDoesNotHideAnEarlierFailure() {
        IntegrationHealth health = IntegrationHealth.of(ENABLED,
                List.of(run(RunStatus.RUNNING), run(RunStatus.CANCELLED), run(RunStatus.FAILED)));

        assertThat(health.status()).isEqualTo(IntegrationStatus.FAILING);
        assertThat(health.reason()).contains("SIS answered 401");
    }

    @Test
    void onlyActiveRunsMeansUnknown() {
        assertThat(IntegrationHealth.of(ENABLED, List.of(run(RunStatus.QUEUED))).status())
                .isEqualTo(IntegrationStatus.UNKNOWN);
    }

    private static Integration integration(boolean enabled) {
        return new Integration("i-1", "District", ConnectorType.ONEROSTER,
                new ConnectionSettings("https://sis", null, "1.2", "client", "env:SECRET", List.of()), null, enabled,
                null, List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    private static SyncRun run(RunStatus status) {
        return new SyncRun("r-" + status.value(), "i-1", RunType.MANUAL, Direction.PULL, null, status,
                new RunCounts(1, 0, 0, 0, 1, 0, status == RunStatus.PARTIAL ? 1 : 0), null, null, null,
                Instant.EPOCH, null, null, null, status == RunStatus.FAILED ? "SIS answered 401" : null, 1, "ops", null);
    }
}
