package io.rostersync.gateway.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.google.api.core.SettableApiFuture;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.gateway.GatewaySettings;

import io.rostersync.gateway.deliveries.WebhookDelivery.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class WebhookDeliveriesTest {

    private static final Instant T = Instant.parse("2026-11-23T08:00:00Z");

    @Test
    void claimsQueuedBehindHungCallsAreGivenUpWithinTheFirestoreTimeoutAndNeverWritten() {
        Firestore firestore = mock(Firestore.class, RETURNS_DEEP_STUBS);
        List<DocumentReference> created = new CopyOnWriteArrayList<>();
        when(firestore.batch()).thenAnswer(invocation -> {
            WriteBatch batch = mock(WriteBatch.class);
            when(batch.create(any(DocumentReference.class), anyMap())).thenAnswer(create -> {
                created.add(create.getArgument(0));
                return batch;
            });
            // Firestore never answers.
            when(batch.commit()).thenReturn(SettableApiFuture.create());
            return batch;
        });
        when(firestore.collection(WebhookDeliveries.COLLECTION).document(anyString())).thenAnswer(invocation -> {
            DocumentReference document = mock(DocumentReference.class);
            when(document.getPath()).thenReturn(WebhookDeliveries.COLLECTION + "/" + invocation.getArgument(0));
            return document;
        });
        GatewaySettings settings = new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofMillis(300), Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO,
                1000, new GatewaySettings.RateLimit(1000, 1000));
        WebhookDeliveries deliveries = new WebhookDeliveries(firestore, Clock.fixed(T, ZoneOffset.UTC), settings, new SimpleMeterRegistry());
        try {
            // Two calls take both call slots and hang; the third claim waits in the queue.
            CompletableFuture<DeliveryClaim> first = deliveries.claim(delivery("msg_1"));
            await().atMost(Duration.ofSeconds(5)).until(() -> created.size() == 1);
            CompletableFuture<DeliveryClaim> second = deliveries.claim(delivery("msg_2"));
            await().atMost(Duration.ofSeconds(5)).until(() -> created.size() == 2);
            CompletableFuture<DeliveryClaim> queued = deliveries.claim(delivery("msg_3"));

            for (CompletableFuture<DeliveryClaim> claim : List.of(first, second, queued)) {
                assertThat(catchThrowable(() -> claim.get(5, TimeUnit.SECONDS))).hasRootCauseInstanceOf(TimeoutException.class);
            }
            // The slots free up when the hung calls time out; the given-up claim is not written after its webhook got 503.
            deliveries.claim(delivery("msg_4"));
            await().atMost(Duration.ofSeconds(5)).until(() -> created.size() >= 3);
            assertThat(created).extracting(DocumentReference::getPath)
                    .noneMatch(path -> path.endsWith(WebhookDeliveries.documentId("i-1", "msg_3")));
        } finally {
            deliveries.close();
        }
    }

    @Test
    void theDocumentIdIsTheIntegrationAndTheSha256OfTheWebhookId() {
        // sha256("abc") from FIPS 180-2.
        assertThat(WebhookDeliveries.documentId("i-1", "abc"))
                .isEqualTo("i-1_ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void webhookIdsWithSlashesStillMakeOneDocumentId() {
        assertThat(WebhookDeliveries.documentId("i-1", "a/b/c")).doesNotContain("/");
    }

    @Test
    void aDeliveryExpiresAtItsExpiry() {
        WebhookDelivery delivery = new WebhookDelivery("i-1", "msg_1", "e-1", T, T.plusSeconds(60), State.PUBLISHED);

        assertThat(delivery.isExpiredAt(T.plusSeconds(59))).isFalse();
        assertThat(delivery.isExpiredAt(T.plusSeconds(60))).isTrue();
    }

    @Test
    void onlyAnUnconfirmedClaimOlderThanTheClaimTimeoutIsAbandoned() {
        WebhookDelivery claim = new WebhookDelivery("i-1", "msg_1", "e-1", T, T.plus(Duration.ofHours(72)), State.PUBLISHING);
        Duration timeout = Duration.ofSeconds(60);

        assertThat(claim.isAbandonedAt(T.plusSeconds(59), timeout)).isFalse();
        assertThat(claim.isAbandonedAt(T.plusSeconds(60), timeout)).isTrue();
        assertThat(claim.published().isAbandonedAt(T.plusSeconds(600), timeout)).isFalse();
    }

    private static WebhookDelivery delivery(String webhookId) {
        return new WebhookDelivery("i-1", webhookId, "e-" + webhookId, T, T.plus(Duration.ofHours(72)), State.PUBLISHING);
    }
}
