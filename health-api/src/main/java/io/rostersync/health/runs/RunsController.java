package io.rostersync.health.runs;

import static io.rostersync.health.web.BlockingCalls.offEventLoop;

import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.RunStatus;
import io.rostersync.core.runs.RunType;
import io.rostersync.core.runs.SyncRun;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/** Run history: an integration's runs page by page, and single runs. */
@RestController
class RunsController {

    /** Bounds one Firestore query and one response; the dashboard asks for 20. */
    static final int MAX_LIMIT = 200;

    private final Integrations integrations;
    private final io.rostersync.core.runs.SyncRuns runs;

    RunsController(Integrations integrations, io.rostersync.core.runs.SyncRuns runs) {
        this.integrations = integrations;
        this.runs = runs;
    }

    @GetMapping("/api/integrations/{integrationId}/runs")
    Mono<RunPage> page(@PathVariable String integrationId,
                       @RequestParam(defaultValue = "20") int limit,
                       @RequestParam(required = false) String after,
                       @RequestParam(required = false) String status,
                       @RequestParam(required = false) String runType) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(badRequest("limit must be between 1 and " + MAX_LIMIT + ", was " + limit));
        }
        String statusFilter = blankToNull(status);
        String runTypeFilter = blankToNull(runType);
        if (statusFilter != null && Arrays.stream(RunStatus.values()).noneMatch(s -> s.value().equals(statusFilter))) {
            return Mono.error(badRequest("unknown status '" + statusFilter + "'; expected one of "
                    + Arrays.stream(RunStatus.values()).map(RunStatus::value).collect(Collectors.joining(", "))));
        }
        if (runTypeFilter != null && Arrays.stream(RunType.values()).noneMatch(t -> t.value().equals(runTypeFilter))) {
            return Mono.error(badRequest("unknown runType '" + runTypeFilter + "'; expected one of "
                    + Arrays.stream(RunType.values()).map(RunType::value).collect(Collectors.joining(", "))));
        }
        return offEventLoop(() -> {
            if (integrations.find(integrationId).isEmpty()) {
                throw notFound("no integration with id '" + integrationId + "'");
            }
            String cursor = blankToNull(after);
            // SyncRuns.page silently restarts at the newest run for an unknown cursor; say so instead.
            if (cursor != null && runs.find(cursor).filter(r -> r.integrationId().equals(integrationId)).isEmpty()) {
                throw badRequest("after '" + cursor + "' is not a run of integration '" + integrationId + "'");
            }
            // One extra row tells whether another page exists without a second query.
            List<SyncRun> found = runs.page(integrationId, limit + 1, cursor, statusFilter, runTypeFilter);
            List<RunView> items = found.stream().limit(limit).map(RunView::of).toList();
            String nextAfter = found.size() > limit ? items.get(items.size() - 1).runId() : null;
            return new RunPage(items, nextAfter);
        });
    }

    @GetMapping("/api/runs/{runId}")
    Mono<RunView> run(@PathVariable String runId) {
        return offEventLoop(() -> runs.find(runId).map(RunView::of)
                .orElseThrow(() -> notFound("no run with id '" + runId + "'")));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static ResponseStatusException badRequest(String detail) {
        return new ResponseStatusException(HttpStatus.BAD_REQUEST, detail);
    }

    private static ResponseStatusException notFound(String detail) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, detail);
    }
}
