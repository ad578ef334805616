package io.rostersync.core.integrations;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.testsupport.FirestoreEmulator;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IntegrationsIntegrationTest {

    private static Firestore firestore;
    private Integrations integrations;

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
        integrations = new Integrations(firestore);
    }

    @Test
    void operatorSafetySettingsRoundTrip() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
        Integration integration = new Integration("district-a", "District A", ConnectorType.ONEROSTER, connection(), "0 0 2 * * *",
                true, "manual", List.of(), now, now, Map.of(), new MassChangeThresholds(5, 50, 10), true, "America/Chicago",
                List.of(new BlackoutWindow("summer", "06-15", "08-20", List.of(), null, null),
                        new BlackoutWindow("nightly", null, null, List.of(DayOfWeek.SUNDAY), "01:00", "03:00")), "0 0 3 * * SUN");

        integrations.save(integration);

        assertThat(integrations.find("district-a")).contains(integration);
    }

    @Test
    void aDocumentWrittenBeforeTheSettingsExistedReadsAsDefaults() throws Exception {
        firestore.collection(Integrations.COLLECTION).document("old").set(Map.of("name", "Old", "connector", "oneroster",
                "enabled", true, "connection", Map.of("baseUrl", "http://sis", "clientId", "c", "credentialRef", "env:X"))).get();

        Integration old = integrations.find("old").orElseThrow();

        assertThat(old.massChangeThresholds()).isEqualTo(MassChangeThresholds.DEFAULTS);
        assertThat(old.paused()).isFalse();
        assertThat(old.timeZone()).isEqualTo("UTC");
        assertThat(old.blackoutWindows()).isEmpty();
        assertThat(old.reconciliationSchedule()).isNull();
    }

    private static ConnectionSettings connection() {
        return new ConnectionSettings("http://sis", "http://sis/token", "1.2", "client", "env:SECRET", List.of());
    }
}
