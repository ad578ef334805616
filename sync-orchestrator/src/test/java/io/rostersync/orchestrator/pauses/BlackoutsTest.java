package io.rostersync.orchestrator.pauses;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.integrations.BlackoutWindow;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlackoutsTest {

    private static final BlackoutWindow SUMMER = new BlackoutWindow("summer", "06-15", "08-20", List.of(), null, null);

    @Test
    void windowsAreReadInTheIntegrationsTimeZone() {
        Integration chicago = integration("America/Chicago");

        // 04:30 UTC on June 15 is still June 14 in Chicago; 05:00 UTC is Chicago's midnight.
        assertThat(Blackouts.covering(chicago, Instant.parse("2026-06-15T04:30:00Z"))).isEmpty();
        assertThat(Blackouts.covering(chicago, Instant.parse("2026-06-15T05:00:00Z"))).contains(SUMMER);
        assertThat(Blackouts.covering(integration("UTC"), Instant.parse("2026-06-15T04:30:00Z"))).contains(SUMMER);
    }

    @Test
    void theReasonNamesTheWindowAndTheZone() {
        Integration chicago = integration("America/Chicago");
        Instant tick = Instant.parse("2026-07-01T07:00:00Z");

        assertThat(Blackouts.reason(SUMMER, chicago, tick))
                .isEqualTo("skipped: scheduled tick 2026-07-01T07:00:00Z falls in blackout window 'summer' (06-15 to 08-20, America/Chicago)");
    }

    private static Integration integration(String zone) {
        return new Integration("i", "I", ConnectorType.ONEROSTER, null, "0 0 2 * * *", true, "manual", List.of(), null, null,
                Map.of(), null, false, zone, List.of(SUMMER), null);
    }
}
