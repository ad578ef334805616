package io.rostersync.health.stream;

import java.time.Clock;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;

/**
 * Run status changes as server-sent events, for the dashboard to update without reloading. The stream takes the same
 * bearer token as every other call: the dashboard reads it with {@code fetch} (which can send the header) instead of
 * {@code EventSource} (which cannot), so the token never appears in a URL, a log or the browser history.
 */
@RestController
class RunStreamController {

    private final RunEvents events;
    private final StreamSettings settings;
    private final Clock clock;

    RunStreamController(RunEvents events, StreamSettings settings, Clock clock) {
        this.events = events;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Sends {@code ready} first, then {@code run} (a run as {@code /api/runs/{id}} shows it) and {@code health} (an
     * integration's aggregate changed) events, and a comment every {@link StreamSettings#heartbeat()}.
     *
     * @param integrationId only this integration's events; null for all
     */
    @GetMapping(path = "/api/stream/runs", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> runs(@RequestParam(required = false) String integrationId) {
        Flux<ServerSentEvent<Object>> changes = events.events()
                .filter(event -> integrationId == null || integrationId.isBlank() || integrationId.equals(event.integrationId()))
                .onBackpressureBuffer(settings.buffer(), BufferOverflowStrategy.DROP_OLDEST)
                .map(RunStreamController::toEvent);
        Flux<ServerSentEvent<Object>> heartbeats = Flux.interval(settings.heartbeat())
                .map(tick -> ServerSentEvent.builder().comment("keep-alive").build());
        ServerSentEvent<Object> ready = ServerSentEvent.builder().event("ready")
                .data((Object) Map.of("at", clock.instant().toString())).build();
        return Flux.merge(changes, heartbeats).startWith(ready);
    }

    private static ServerSentEvent<Object> toEvent(RunStreamEvent event) {
        return ServerSentEvent.builder(event.data()).event(event.name()).build();
    }
}
