package io.rostersync.health.overview;

import static io.rostersync.health.web.BlockingCalls.offEventLoop;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.health.aggregates.FleetView;
import io.rostersync.health.aggregates.HealthAggregates;
import io.rostersync.health.aggregates.IntegrationAggregate;
import io.rostersync.health.backlog.BacklogCounts;
import io.rostersync.health.feed.ActiveRunsFeed;
import io.rostersync.health.lag.ConsumerLag;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * The overview of every integration and one integration's health figures. Neither reads runs: the overview is built
 * from the integrations and their aggregates as {@link FleetView} keeps them in memory, one integration's figures from
 * its two documents.
 */
@RestController
class OverviewController {

    private final Integrations integrations;
    private final HealthAggregates aggregates;
    private final FleetView fleetView;
    private final ActiveRunsFeed active;
    private final BacklogCounts backlog;
    private final io.rostersync.health.freshness.FreshnessReadings freshness;
    private final ConsumerLag lag;
    private final Clock clock;

    OverviewController(Integrations integrations, HealthAggregates aggregates, FleetView fleetView, ActiveRunsFeed active,
                       BacklogCounts backlog, io.rostersync.health.freshness.FreshnessReadings freshness, ConsumerLag lag,
                       Clock clock) {
        this.integrations = integrations;
        this.aggregates = aggregates;
        this.fleetView = fleetView;
        this.active = active;
        this.backlog = backlog;
        this.freshness = freshness;
        this.lag = lag;
        this.clock = clock;
    }

    /** From the {@link FleetView} in memory (Firestore only while its listeners are not in step). */
    @GetMapping("/api/overview")
    Mono<Overview> overview() {
        return offEventLoop(() -> {
            FleetView.Snapshot fleet = fleetView.snapshot();
            return OverviewAssembler.overview(fleet.integrations(), fleet.aggregates(), active.byIntegration(),
                    backlog.snapshot(), freshness.all(), lag.last(), clock.instant());
        });
    }

    /** Read from Firestore, not from memory: a caller that just saw a run end expects it counted here. */

    @GetMapping("/api/integrations/{integrationId}/health")
    Mono<IntegrationOverview> health(@PathVariable String integrationId) {
        return offEventLoop(() -> {
            Integration integration = integrations.find(integrationId).orElseThrow(() -> new ResponseStatusException(
                    HttpStatus.NOT_FOUND, "no integration with id '" + integrationId + "'"));
            IntegrationAggregate aggregate = aggregates.read(List.of(integrationId))
                    .getOrDefault(integrationId, IntegrationAggregate.empty(integrationId));
            return OverviewAssembler.row(integration, aggregate,
                    active.byIntegration().getOrDefault(integrationId, List.of()), backlog.snapshot(),
                    freshness.newestChangeAt(integrationId).orElse(null), clock.instant());
        });
    }
}
