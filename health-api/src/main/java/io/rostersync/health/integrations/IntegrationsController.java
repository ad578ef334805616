package io.rostersync.health.integrations;

import static io.rostersync.health.web.BlockingCalls.offEventLoop;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.SyncRun;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.health.runs.RunView;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Integrations with their newest run and a status. */
@RestController
class IntegrationsController {

    /**
     * Runs looked at to find the newest finished one: enough to see past a queued follow-up and a running
     * run (one active run plus one queued per direction, ARCHITECTURE.md rule 4) and a few cancellations.
     */
    private static final int RUNS_FOR_STATUS = 10;
    /** Parallel Firestore queries for the list; bounded so a large fleet does not exhaust the elastic pool. */
    private static final int CONCURRENCY = 8;

    private final Integrations integrations;
    private final SyncRuns runs;

    IntegrationsController(Integrations integrations, SyncRuns runs) {
        this.integrations = integrations;
        this.runs = runs;
    }

    @GetMapping("/api/integrations")
    Flux<IntegrationSummary> list() {
        return offEventLoop(integrations::list)
                .flatMapIterable(all -> all)
                .flatMapSequential(integration -> offEventLoop(() -> summarize(integration)), CONCURRENCY);
    }

    @GetMapping("/api/integrations/{integrationId}")
    Mono<IntegrationSummary> one(@PathVariable String integrationId) {
        return offEventLoop(() -> integrations.find(integrationId)
                .map(this::summarize)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                        "no integration with id '" + integrationId + "'")));
    }

    private IntegrationSummary summarize(Integration integration) {
        List<SyncRun> newest = runs.page(integration.integrationId(), RUNS_FOR_STATUS, null, null, null);
        RunView lastRun = newest.isEmpty() ? null : RunView.of(newest.get(0));
        return IntegrationSummary.of(integration, lastRun, IntegrationHealth.of(integration, newest));
    }
}
