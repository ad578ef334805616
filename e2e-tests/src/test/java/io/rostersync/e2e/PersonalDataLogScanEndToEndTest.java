package io.rostersync.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import io.rostersync.core.events.EventCodec;
import io.rostersync.localstack.LocalStack;
import io.rostersync.localstack.Service;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * No personal data in logs at any level: a full sync of the district runs with RosterSync's own loggers and
 * Spring Kafka at DEBUG, and every log line is searched for the generated names, emails and birth dates.
 * The simulator stays at INFO: it plays the district's SIS, whose logs are not ours.
 */
class PersonalDataLogScanEndToEndTest {

    private static final String INTEGRATION = "pii-district";
    private static final Map<String, Level> DEBUG_LOGGERS = Map.of("io.rostersync", Level.DEBUG,
            "io.rostersync.simulator", Level.INFO, "org.springframework.kafka", Level.DEBUG);
    private static LocalStack stack;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();

    private final StackHttp api = new StackHttp(StackFixture.stack());

    @BeforeAll
    static void startStack() {
        stack = StackFixture.stack();
    }

    @Test
    void aFullSyncAtDebugLogsNoNameEmailOrBirthDate() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Map<String, Level> before = new LinkedHashMap<>();
        DEBUG_LOGGERS.forEach((name, level) -> {
            before.put(name, context.getLogger(name).getLevel());
            context.getLogger(name).setLevel(level);
        });
        root.addAppender(captured);
        try {
            assertThat(api.createOneRosterIntegration(INTEGRATION, "PII district", false).statusCode()).isEqualTo(201);
            HttpResponse<String> accepted = api.send(Service.HEALTH, "POST", "/api/integrations/" + INTEGRATION + "/sync", "{}", StackFixture.OPERATOR);
            String runId = RunDispatcher.runIdFor(json.readTree(accepted.body()).get("eventId").asString());
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                HttpResponse<String> run = api.send(Service.HEALTH, "GET", "/api/runs/" + runId, null, StackFixture.VIEWER);
                assertThat(run.statusCode()).isEqualTo(200);
                assertThat(json.readTree(run.body()).get("status").asString()).isEqualTo("succeeded");
            });
        } finally {
            root.detachAppender(captured);
            before.forEach((name, level) -> context.getLogger(name).setLevel(level));
        }

        Set<String> personal = personalValues();
        // The generator draws names from a pool, so values repeat; what matters is that each kind is searched for.
        assertThat(personal).hasSizeGreaterThan(200)
                .anyMatch(v -> v.contains("@"))
                .anyMatch(v -> v.matches("\\d{4}-\\d{2}-\\d{2}"))
                .anyMatch(v -> Character.isUpperCase(v.charAt(0)) && v.chars().allMatch(Character::isLetter));
        List<ILoggingEvent> events = new ArrayList<>(captured.list);
        assertThat(events).anyMatch(e -> e.getLevel() == Level.DEBUG);
        List<String> leaks = new ArrayList<>();
        for (ILoggingEvent event : events) {
            if (event.getLoggerName().startsWith("io.rostersync.simulator")) {
                continue;
            }
            for (String token : tokens(text(event))) {
                if (personal.contains(token)) {
                    leaks.add(event.getLoggerName() + " [" + event.getLevel() + "] leaks '" + token + "'");
                }
            }
        }
        assertThat(leaks).as("log lines with personal data, out of %d lines", events.size()).isEmpty();
    }

    /** Every given, family and middle name, email and username of the district, and every birth date. */
    private Set<String> personalValues() throws Exception {
        Set<String> values = new HashSet<>();
        String token = api.simulatorToken();
        for (JsonNode user : json.readTree(api.send(Service.SIMULATOR, "GET", "/ims/oneroster/rostering/v1p2/users?limit=10000", null, token).body()).get("users")) {
            for (String field : List.of("givenName", "familyName", "middleName", "email", "username", "preferredFirstName", "preferredLastName")) {
                JsonNode value = user.get(field);
                if (value != null && value.isString() && value.asString().length() >= 3) {
                    values.addAll(tokens(value.asString()));
                }
            }
        }
        for (JsonNode demographic : json.readTree(api.send(Service.SIMULATOR, "GET", "/ims/oneroster/rostering/v1p2/demographics?limit=10000", null, token)
                .body()).get("demographics")) {
            JsonNode birthDate = demographic.get("birthDate");
            if (birthDate != null && birthDate.isString()) {
                values.add(birthDate.asString());
            }
        }
        values.removeIf(v -> v.length() < 3);
        return values;
    }

    private static String text(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getFormattedMessage() == null ? "" : event.getFormattedMessage());
        event.getMDCPropertyMap().values().forEach(v -> text.append(' ').append(v));
        for (IThrowableProxy t = event.getThrowableProxy(); t != null; t = t.getCause()) {
            text.append(' ').append(t.getMessage());
        }
        return text.toString();
    }

    /** Case-sensitive words, keeping the characters of emails and dates together, so "Ana" does not match "Banana". */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        for (String token : text.split("[^\\p{L}\\p{N}@._+'-]+")) {
            String trimmed = token.replaceAll("^[._'-]+|[._'-]+$", "");
            if (!trimmed.isEmpty()) {
                tokens.add(trimmed);
            }
        }
        return tokens;
    }


}
