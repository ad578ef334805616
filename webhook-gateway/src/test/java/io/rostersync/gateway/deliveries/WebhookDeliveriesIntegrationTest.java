package io.rostersync.gateway.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.gateway.GatewaySettings;
import io.rostersync.gateway.deliveries.DeliveryClaim.AlreadyPublished;
import io.rostersync.gateway.deliveries.DeliveryClaim.InProgress;
import io.rostersync.gateway.deliveries.DeliveryClaim.Won;
import io.rostersync.gateway.deliveries.WebhookDelivery.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The delivery store against the Firestore emulator, with two stores standing for two gateway instances (replicas, or a
 * gateway before and after a restart) sharing one database.
 */
class WebhookDeliveriesIntegrationTest {

    private static final Duration RETENTION = Duration.ofHours(72);
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(60);

    private final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T08:00:00Z"));
    private final GatewaySettings settings = new GatewaySettings(1024, Duration.ofMinutes(5), RETENTION, Duration.ofSeconds(30),
            Duration.ofSeconds(5), Duration.ofMillis(5), Duration.ofSeconds(5), Duration.ofMillis(2), CLAIM_TIMEOUT, Duration.ZERO, 1000,
            new GatewaySettings.RateLimit(1000, 1000));
    private Firestore firestore;
    private WebhookDeliveries one;
    private WebhookDeliveries other;

    @BeforeEach
    void setUp() {
        TestInfrastructure.clearFirestore();
        firestore = FirestoreOptions.newBuilder().setProjectId(FirestoreEmulator.PROJECT_ID)
                .setEmulatorHost(FirestoreEmulator.instance().hostPort()).build().getService();
        one = new WebhookDeliveries(firestore, clock, settings, new SimpleMeterRegistry());
        other = new WebhookDeliveries(firestore, clock, settings, new SimpleMeterRegistry());
    }

    @AfterEach
    void tearDown() throws Exception {
        one.close();
        other.close();
        firestore.close();
    }

    @Test
    void aWebhookIdIsWonOnceInProgressUntilConfirmedAndThenADuplicate() {
        WebhookDelivery claim = claim("msg_1");

        assertThat(claim(one, claim)).isInstanceOf(Won.class);
        assertThat(claim(other, claim)).isInstanceOf(InProgress.class);

        one.confirm(claim.published());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(claim(other, claim)).isEqualTo(new AlreadyPublished(claim.published())));
        assertThat(one.find("i-1", "msg_1")).contains(claim.published());
    }

    @Test
    void ofManyConcurrentClaimsOfOneWebhookIdOnTwoInstancesExactlyOneWinsAndTheOthersInTheirBatchesAreUnharmed() {
        List<CompletableFuture<DeliveryClaim>> sameId = new ArrayList<>();
        List<CompletableFuture<DeliveryClaim>> others = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            WebhookDeliveries store = i % 2 == 0 ? one : other;
            sameId.add(store.claim(claim("msg_same")));
            others.add(store.claim(claim("msg_" + i)));
        }

        List<DeliveryClaim> outcomes = sameId.stream().map(f -> f.orTimeout(20, TimeUnit.SECONDS).join()).toList();

        assertThat(outcomes).filteredOn(Won.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(outcome -> !(outcome instanceof Won)).allMatch(InProgress.class::isInstance);
        assertThat(others).allSatisfy(f -> assertThat(f.orTimeout(20, TimeUnit.SECONDS).join()).isInstanceOf(Won.class));
    }

    @Test
    void claimsThatConflictDoNotHoldUpConfirmationsQueuedWithThem() {
        List<WebhookDelivery> won = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            WebhookDelivery claim = claim("msg_" + i);
            assertThat(claim(one, claim)).isInstanceOf(Won.class);
            won.add(claim);
        }
        List<CompletableFuture<DeliveryClaim>> conflicting = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Interleaved, so that confirmations share batches with claims of records that exist.
            one.confirm(won.get(i).published());
            if (i % 10 == 0) {
                conflicting.add(one.claim(claim("msg_" + (i + 1))));
            }
        }

        assertThat(conflicting).allSatisfy(f -> assertThat(f.orTimeout(20, TimeUnit.SECONDS).join())
                .isInstanceOfAny(InProgress.class, AlreadyPublished.class));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(won).allSatisfy(delivery ->
                assertThat(other.find(delivery.integrationId(), delivery.webhookId())).contains(delivery.published())));
    }

    @Test
    void aReleasedClaimCanBeWonAgainByTheSendersRetry() {
        Won won = (Won) claim(one, claim("msg_1"));

        one.release(won).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(claim(other, claim("msg_1"))).isInstanceOf(Won.class);
    }

    @Test
    void aClaimLeftByACrashedGatewayIsTakenOverAfterTheClaimTimeoutUnderTheSameEventId() {
        WebhookDelivery crashed = claim("msg_1");
        assertThat(claim(one, crashed)).isInstanceOf(Won.class);
        // The gateway died here: neither confirmed nor released.

        clock.advance(CLAIM_TIMEOUT.minusSeconds(1));
        assertThat(claim(other, claim("msg_1"))).isInstanceOf(InProgress.class);

        clock.advance(Duration.ofSeconds(1));
        WebhookDelivery retry = claim("msg_1");
        DeliveryClaim outcome = claim(other, retry);

        assertThat(outcome).isInstanceOf(Won.class);
        assertThat(outcome.delivery().eventId()).isEqualTo(crashed.eventId());
        assertThat(other.find("i-1", "msg_1")).contains(retry);
    }

    @Test
    void anExpiredDeliveryMayBePublishedAgain() {
        WebhookDelivery first = claim("msg_1");
        claim(one, first);
        one.confirm(first.published());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(one.find("i-1", "msg_1")).contains(first.published()));

        clock.advance(RETENTION);

        assertThat(claim(other, claim("msg_1"))).isInstanceOf(Won.class);
    }

    @Test
    void aLateReleaseNeverDeletesTheClaimOfTheDeliveryThatTookOver() {
        Won slow = (Won) claim(one, claim("msg_1"));
        clock.advance(CLAIM_TIMEOUT);
        WebhookDelivery takeover = claim("msg_1");
        assertThat(claim(other, takeover)).isInstanceOf(Won.class);

        one.release(slow).orTimeout(10, TimeUnit.SECONDS).join();

        assertThat(one.find("i-1", "msg_1")).contains(takeover);
    }

    @Test
    void aRecordWrittenBeforeClaimsExistedCountsAsPublished() {
        Instant t = clock.instant();
        FirestoreValues.await(firestore.collection(WebhookDeliveries.COLLECTION).document(WebhookDeliveries.documentId("i-1", "msg_old"))
                .set(Map.of("integrationId", "i-1", "webhookId", "msg_old", "eventId", "e-old",
                        "receivedAt", FirestoreValues.timestamp(t), "expireAt", FirestoreValues.timestamp(t.plus(RETENTION)))));

        assertThat(claim(one, claim("msg_old"))).isEqualTo(new AlreadyPublished(
                new WebhookDelivery("i-1", "msg_old", "e-old", t, t.plus(RETENTION), State.PUBLISHED)));
    }

    @Test
    void closingWritesTheQueuedConfirmations() {
        List<WebhookDelivery> published = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            WebhookDelivery claim = claim("msg_" + i);
            claim(one, claim);
            published.add(claim.published());
        }
        published.forEach(one::confirm);

        one.close();

        for (WebhookDelivery delivery : published) {
            assertThat(other.find(delivery.integrationId(), delivery.webhookId())).contains(delivery);
        }
    }

    private WebhookDelivery claim(String webhookId) {
        Instant now = clock.instant();
        return new WebhookDelivery("i-1", webhookId, "event-of-" + webhookId, now, now.plus(RETENTION), State.PUBLISHING);
    }

    private static DeliveryClaim claim(WebhookDeliveries store, WebhookDelivery delivery) {
        return store.claim(delivery).orTimeout(20, TimeUnit.SECONDS).join();
    }

    /** A clock the test moves forward, so claim timeouts and retention pass without waiting. */
    private static final class MovableClock extends Clock {

        private final AtomicReference<Instant> now;

        MovableClock(Instant start) {
            this.now = new AtomicReference<>(start);
        }

        void advance(Duration by) {
            now.updateAndGet(t -> t.plus(by));
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
