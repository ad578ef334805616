package io.rostersync.health.sync;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.events.Topics;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.web.InfrastructureProblems;
import java.security.Principal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;

/** The manual trigger's answers where Kafka misbehaves, which the integration test cannot provoke. */
class ManualSyncControllerTest {

    private final Integrations integrations = mock(Integrations.class);
    private final EventPublisher publisher = mock(EventPublisher.class);
    private final Principal operator = () -> "operator";
    private final WebTestClient client = WebTestClient
            .bindToController(new ManualSyncController(integrations, publisher, Clock.systemUTC()))
            .controllerAdvice(new InfrastructureProblems())
            .webFilter((exchange, chain) -> chain.filter(exchange.mutate().principal(Mono.just(operator)).build()))
            .build();

    @Test
    void anUnacknowledgedRequestIs503() {
        when(integrations.find("alpha")).thenReturn(Optional.of(new Integration("alpha", "A", ConnectorType.EDFI,
                new ConnectionSettings("https://sis", null, "7", "c", "env:X", List.of()), null, true, null, null,
                Instant.EPOCH, Instant.EPOCH)));
        when(publisher.publishAndWait(eq(Topics.SYNC_REQUESTS), eq("alpha"), anyString(), any(), any()))
                .thenThrow(new EventPublisher.EventPublishException("Kafka did not acknowledge", null));

        client.post().uri("/api/integrations/alpha/sync").contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat((String) detail)
                        .contains("Kafka"));
    }

    @Test
    void aBadEntityTypeIsRefusedBeforeAnythingIsRead() {
        client.post().uri("/api/integrations/alpha/sync").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"entityTypes\":[\"students\"]}")
                .exchange()
                .expectStatus().isBadRequest();
        org.mockito.Mockito.verifyNoInteractions(integrations, publisher);
    }
}
