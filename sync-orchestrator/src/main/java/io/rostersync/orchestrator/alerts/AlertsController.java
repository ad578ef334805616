package io.rostersync.orchestrator.alerts;

import static io.rostersync.core.firestore.FirestoreValues.await;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.Integrations;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** An integration's alert rules (operator) and its incidents (viewer). */
@RestController
class AlertsController {

    private static final Pattern REFERENCE = Pattern.compile("(env|file|config):.+");

    private final AlertConfigs configs;
    private final Integrations integrations;
    private final Firestore firestore;

    AlertsController(AlertConfigs configs, Integrations integrations, Firestore firestore) {
        this.configs = configs;
        this.integrations = integrations;
        this.firestore = firestore;
    }

    @PutMapping("/api/integrations/{id}/alerts")
    Mono<ResponseEntity<Object>> put(@PathVariable String id, @RequestBody Mono<AlertConfig> body) {
        return body.map(Optional::of).defaultIfEmpty(Optional.empty()).publishOn(Schedulers.boundedElastic()).map(request -> {
            if (integrations.find(id).isEmpty()) {
                return problem(HttpStatus.NOT_FOUND, "integration '" + id + "' does not exist");
            }
            List<String> problems = problems(request.orElse(null));
            if (!problems.isEmpty()) {
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.join("; ", problems));
                problem.setProperty("errors", problems);
                return ResponseEntity.badRequest().body((Object) problem);
            }
            configs.save(id, request.get());
            return ResponseEntity.ok((Object) request.get());
        });
    }

    @GetMapping("/api/integrations/{id}/alerts")
    Mono<ResponseEntity<Object>> get(@PathVariable String id) {
        return Mono.<ResponseEntity<Object>>fromCallable(() -> {
            if (integrations.find(id).isEmpty()) {
                return problem(HttpStatus.NOT_FOUND, "integration '" + id + "' does not exist");
            }
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("integrationId", id);
            view.put("rules", configs.find(id).orElse(null));
            view.put("disabledReason", await(firestore.collection(AlertConfigs.COLLECTION).document(id).get()).getString("disabledReason"));
            List<Map<String, Object>> incidents = new ArrayList<>();
            for (DocumentSnapshot doc : await(firestore.collection(AlertIncidents.COLLECTION).whereEqualTo("integrationId", id).get()).getDocuments()) {
                Map<String, Object> incident = new LinkedHashMap<>();
                incident.put("rule", doc.getString("rule"));
                incident.put("state", doc.getString("state"));
                incident.put("incidentId", doc.getString("incidentId"));
                incident.put("detail", doc.getString("detail"));
                incident.put("firedAt", text(doc, "firedAt"));
                incident.put("resolvedAt", text(doc, "resolvedAt"));
                incident.put("undelivered", doc.get("undelivered") == null ? List.of() : doc.get("undelivered"));
                incidents.add(incident);
            }
            view.put("incidents", incidents);
            return ResponseEntity.ok((Object) view);
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private static List<String> problems(AlertConfig config) {
        List<String> problems = new ArrayList<>();
        if (config == null) {
            problems.add("a JSON body is required");
            return problems;
        }
        positive(problems, "consecutiveFailures", config.consecutiveFailures(), 1);
        positive(problems, "disableAfterFailures", config.disableAfterFailures(), 1);
        positive(problems, "openConflictsAbove", config.openConflictsAbove(), 0);
        positive(problems, "deadLettersAbove", config.deadLettersAbove(), 0);
        if (config.noSuccessFor() != null) {
            try {
                if (Duration.parse(config.noSuccessFor()).isNegative()) {
                    problems.add("noSuccessFor must be positive");
                }
            } catch (DateTimeParseException e) {
                problems.add("noSuccessFor '" + config.noSuccessFor() + "' must be an ISO-8601 duration such as PT6H");
            }
        }
        for (int i = 0; i < config.targets().size(); i++) {
            AlertConfig.Target t = config.targets().get(i);
            try {
                URI uri = new URI(t.url());
                if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                    problems.add("targets[" + i + "].url must be an absolute http(s) URL");
                }
            } catch (Exception e) {
                problems.add("targets[" + i + "].url must be an absolute http(s) URL");
            }
            if (t.secretRef() == null || !REFERENCE.matcher(t.secretRef()).matches()) {
                problems.add("targets[" + i + "].secretRef must be a reference (env:NAME, file:/path or config:property), never the secret");
            }
        }
        return problems;
    }

    private static void positive(List<String> problems, String field, Integer value, int min) {
        if (value != null && value < min) {
            problems.add(field + " must be at least " + min);
        }
    }

    private static String text(DocumentSnapshot doc, String field) {
        var value = FirestoreValues.instant(doc, field);
        return value == null ? null : value.toString();
    }

    private static ResponseEntity<Object> problem(HttpStatus status, String detail) {
        return ResponseEntity.status(status).body(ProblemDetail.forStatusAndDetail(status, detail));
    }
}
