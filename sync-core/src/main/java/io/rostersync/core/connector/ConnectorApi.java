package io.rostersync.core.connector;

import io.rostersync.core.events.ConnectionSettings;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The HTTP face every connector service shares (import it next to its {@link Connector} bean): what the
 * connector can do, and a connection check the Integration Hub runs before an integration is trusted.
 * The check needs the operator role; it reaches out to a SIS with the settings given.
 */
@RestController
public class ConnectorApi {

    private final Connector connector;

    public ConnectorApi(Connector connector) {
        this.connector = connector;
    }

    @GetMapping("/api/capabilities")
    public ConnectorCapabilities capabilities() {
        return connector.capabilities();
    }

    @PostMapping("/api/connection-checks")
    public Mono<ConnectionCheck> check(@RequestBody ConnectionSettings settings) {
        return Mono.fromCallable(() -> connector.check(settings)).subscribeOn(Schedulers.boundedElastic());
    }
}
