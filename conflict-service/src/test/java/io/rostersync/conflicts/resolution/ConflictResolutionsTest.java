package io.rostersync.conflicts.resolution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.rostersync.conflicts.ConflictSettings;
import io.rostersync.core.conflicts.ConflictResolution;
import io.rostersync.core.conflicts.ConflictStateException;
import io.rostersync.core.conflicts.SyncConflict;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.events.ConflictResolved;
import io.rostersync.core.events.Topics;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.roster.EntityType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** What happens around the store and Kafka: a failed publish is kept for the republisher, never lost. */
class ConflictResolutionsTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private final SyncConflicts store = mock(SyncConflicts.class);
    private final EventPublisher publisher = mock(EventPublisher.class);
    private final ConflictResolutions resolutions = new ConflictResolutions(store, publisher,
            new ConflictSettings(5000, Duration.ofSeconds(30), Duration.ofSeconds(30)), Clock.fixed(NOW, ZoneOffset.UTC));

    private static SyncConflict open() {
        return new SyncConflict("cf-1", "int-1", EntityType.USERS, "usr-1", "run-1", SyncConflict.OPEN, Map.of("givenName", "Ana"),
                Map.of("givenName", "Ann"), Map.of("givenName", "Anna"), List.of("givenName"), null, null, NOW, null);
    }

    @SuppressWarnings("unchecked")
    private void storeAppliesTheDecision() {
        when(store.resolve(eq("cf-1"), any())).thenAnswer(inv -> {
            SyncConflict c = open();
            ConflictResolution r = ((Function<SyncConflict, ConflictResolution>) inv.getArgument(1)).apply(c);
            return Optional.of(new SyncConflict(c.conflictId(), c.integrationId(), c.entityType(), c.recordId(), c.runId(),
                    SyncConflict.RESOLVED, c.baseSnapshot(), c.localSnapshot(), c.remoteSnapshot(), c.fields(), r.strategy(),
                    r.resolvedBy(), c.detectedAt(), r.resolvedAt(), null, r.resultingRecord(), false));
        });
    }

    @Test
    void publishesUnderADeterministicIdAndMarksItPublished() {
        storeAppliesTheDecision();
        SyncConflict resolved = resolutions.resolve("cf-1", new ResolutionRequest("keep-remote", null, open().version()), "olga").orElseThrow();
        ArgumentCaptor<ConflictResolved> event = ArgumentCaptor.forClass(ConflictResolved.class);
        verify(publisher).publishAndWait(eq(Topics.SYNC_RESOLUTIONS), eq("int-1"), eq("cf-1/resolution"), eq("usr-1"), event.capture());
        assertThat(event.getValue().resultingRecord()).containsEntry("givenName", "Anna");
        assertThat(event.getValue().resolvedBy()).isEqualTo("olga");
        verify(store).markPublished(List.of("cf-1"));
        assertThat(resolved.published()).isTrue();
    }

    @Test
    void aFailedPublishAnswersUnavailableAndLeavesItForTheRepublisher() {
        storeAppliesTheDecision();
        when(publisher.publishAndWait(anyString(), anyString(), anyString(), anyString(), any()))
                .thenThrow(new EventPublisher.EventPublishException("broker down", null));
        assertThatThrownBy(() -> resolutions.resolve("cf-1", new ResolutionRequest("keep-local", null, open().version()), "olga"))
                .isInstanceOf(ResolutionNotPublishedException.class);
        verify(store, never()).markPublished(any());

        SyncConflict pending = store.resolve("cf-1", c -> new ConflictResolution("keep-local", Map.of(), c.localSnapshot(), "olga", NOW)).orElseThrow();
        when(store.unpublished(anyInt())).thenReturn(List.of(pending));
        when(publisher.ackTimeout()).thenReturn(Duration.ofSeconds(5));
        when(publisher.publish(eq(Topics.SYNC_RESOLUTIONS), eq("int-1"), eq("cf-1/resolution"), eq("usr-1"), any()))
                .thenReturn(CompletableFuture.completedFuture(null));
        resolutions.republish();
        verify(store).markPublished(List.of("cf-1"));
    }

    @Test
    void aStaleVersionIsRefusedBeforeAnythingIsWritten() {
        storeAppliesTheDecision();
        assertThatThrownBy(() -> resolutions.resolve("cf-1", new ResolutionRequest("keep-local", null, "stale"), "olga"))
                .isInstanceOf(ConflictStateException.class).hasMessageContaining(open().version());
        verify(publisher, never()).publishAndWait(anyString(), anyString(), anyString(), anyString(), any());
    }

    private static int anyInt() {
        return org.mockito.ArgumentMatchers.anyInt();
    }
}
