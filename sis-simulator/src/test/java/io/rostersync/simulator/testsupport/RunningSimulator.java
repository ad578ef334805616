package io.rostersync.simulator.testsupport;

import io.rostersync.simulator.SisSimulatorApplication;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The SIS simulator started in the calling test JVM on a random port (once per JVM), with helpers for its admin
 * API. Shared by every module whose tests talk to a real SIS over HTTP.
 */
public final class RunningSimulator {

    /** The default OAuth client of {@code sis-simulator.yml}. */
    public static final String CLIENT_ID = "rostersync-demo";
    public static final String SECRET = "demo-secret";

    private static volatile RunningSimulator instance;

    private final String root;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    private RunningSimulator(String root) {
        this.root = root;
    }

    public static RunningSimulator instance() {
        if (instance == null) {
            synchronized (RunningSimulator.class) {
                if (instance == null) {
                    // Command-line arguments, not builder().properties(...): those are default properties, which
                    // sis-simulator.yml overrides, so "server.port=0" there would still bind the fixed port 8095.
                    ConfigurableApplicationContext context = SisSimulatorApplication.builder()
                            .run("--server.port=0", "--server.address=127.0.0.1");
                    Runtime.getRuntime().addShutdownHook(new Thread(context::close, "sis-simulator-stop"));
                    instance = new RunningSimulator("http://127.0.0.1:" + context.getEnvironment().getProperty("local.server.port"));
                }
            }
        }
        return instance;
    }

    /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
    public String root() {
        return root;
    }

    /** A fresh default district (same seed, so the same records). */
    public void regenerate() {
        send("POST", "/admin/district/regenerate", "{}");
    }

    /** Record counts per collection as the simulator's admin API declares them. */
    public Map<String, Long> counts() {
        JsonNode counts = send("GET", "/admin/district", null).path("counts");
        Map<String, Long> result = new LinkedHashMap<>();
        counts.properties().forEach(e -> result.put(e.getKey(), e.getValue().asLong()));
        return result;
    }

    /** Modifies {@code count} random records of a collection; returns their ids. */
    public List<String> change(String collection, int count) {
        JsonNode ids = send("POST", "/admin/changes", "{\"entityType\":\"" + collection + "\",\"count\":" + count + "}").path("sourcedIds");
        List<String> result = new ArrayList<>();
        ids.forEach(id -> result.add(id.asString()));
        return result;
    }

    /** Marks a record {@code tobedeleted}. */
    public void softDelete(String collection, String sourcedId) {
        send("DELETE", "/admin/oneroster/" + collection + "/" + sourcedId, null);
    }

    /** Changes fields of a OneRoster record (and so of its Ed-Fi items), as a JSON merge patch. */
    public void patch(String collection, String sourcedId, String jsonBody) {
        send("PATCH", "/admin/oneroster/" + collection + "/" + sourcedId, jsonBody);
    }

    /** Sets a student's studentUniqueId (an Ed-Fi key change). */
    public void rekey(String sourcedId, String studentUniqueId) {
        send("POST", "/admin/edfi/students/" + sourcedId + "/rekey", "{\"studentUniqueId\":\"" + studentUniqueId + "\"}");
    }

    /**
     * @throws IllegalStateException when the simulator answers 3xx or more, naming the request and the answer
     */
    public JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(root + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
