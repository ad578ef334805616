package io.rostersync.scale;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.PullMode;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.simulator.testsupport.RunningSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Ed-Fi connector's scale benchmark (not part of {@code mvn verify}; the command is in docs/benchmarks.md): a full
 * change-query sync of a 100,000-student district through the orchestrator, the connector in its own JVM at
 * {@code -Xmx256m}; the run must end {@code succeeded} with counts equal to the totals the ODS/API declares.
 */
class EdFiSyncBenchmark {

    private static final int STUDENTS = Integer.getInteger("scale.students", 100_000);
    private static final String INTEGRATION = "bench-edfi";
    /** Canonical collection → the Ed-Fi resources that feed it. */
    private static final Map<String, List<String>> RESOURCES = new LinkedHashMap<>();

    static {
        RESOURCES.put("orgs", List.of("schools"));
        RESOURCES.put("academicSessions", List.of("sessions"));
        RESOURCES.put("courses", List.of("courses"));
        RESOURCES.put("classes", List.of("sections"));
        RESOURCES.put("users", List.of("students", "staffs"));
        RESOURCES.put("enrollments", List.of("studentSectionAssociations", "staffSectionAssociations"));
    }

    @Test
    void fullSyncOfTheDistrict() throws Exception {
        try (ScaleFixture fixture = new ScaleFixture().district(STUDENTS).orchestratorInProcess()) {
            ServiceProcess connector = fixture.connectorProcess(ConnectorType.EDFI, "256m");
            fixture.edFiIntegration(INTEGRATION);
            Map<String, Long> expected = new LinkedHashMap<>();
            String token = token(fixture.simulator().root());
            for (var entry : RESOURCES.entrySet()) {
                long sum = 0;
                for (String resource : entry.getValue()) {
                    sum += declaredTotal(fixture.simulator().root(), token, resource);
                }
                expected.put(entry.getKey(), sum);
            }

            SyncRun full = fixture.awaitEnd(fixture.requestPull(INTEGRATION, PullMode.FULL), Duration.ofMinutes(60));
            assertThat(full.status()).as(String.valueOf(full.error())).isEqualTo(RunStatus.SUCCEEDED);
            StringBuilder rows = new StringBuilder();
            for (var entry : expected.entrySet()) {
                assertThat(full.entityCounts().get(entry.getKey()).created()).as(entry.getKey()).isEqualTo(entry.getValue());
                rows.append(String.format("| %s | %s | %,d |%n", entry.getKey(), String.join(" + ", RESOURCES.get(entry.getKey())), entry.getValue()));
            }
            double seconds = full.durationMillis() / 1000.0;
            System.out.printf("""

                    Ed-Fi sync benchmark — %,d students, connector -Xmx256m (peak RSS %d MiB)
                    full run: %,d records created in %.1f s = %,.0f records/s; failed %d, conflicts %d

                    | collection | Ed-Fi resources | records (= the ODS/API's Total-Count) |
                    |---|---|---|
                    %s
                    """, STUDENTS, connector.peakRssMib(), full.counts().created(), seconds, full.counts().created() / seconds,
                    full.counts().failed(), full.counts().conflicts(), rows);
        }
    }

    private static long declaredTotal(String root, String token, String resource) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/data/v3/ed-fi/" + resource + "?totalCount=true&limit=1"))
                .header("Authorization", "Bearer " + token).GET().build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong(response.headers().firstValue("Total-Count").orElseThrow());
    }

    private static String token(String root) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/oauth/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (RunningSimulator.CLIENT_ID + ":" + RunningSimulator.SECRET).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        return JsonMapper.builder().build().readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body())
                .get("access_token").asString();
    }
}
