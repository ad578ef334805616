package io.rostersync.gateway.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.gateway.deliveries.WebhookDelivery.State;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalDeliveriesTest {

    private static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");

    private final LocalDeliveries local = new LocalDeliveries(2, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void theFirstDeliveryOwnsTheWebhookIdAndTheSecondFollowsItsOutcome() {
        assertThat(local.begin("i-1", "msg_1")).isEmpty();
        Optional<CompletableFuture<WebhookDelivery>> second = local.begin("i-1", "msg_1");

        assertThat(second).hasValueSatisfying(outcome -> assertThat(outcome).isNotDone());
        local.published(delivery("msg_1"));
        assertThat(second.get()).isCompletedWithValue(delivery("msg_1"));
    }

    @Test
    void ofManyConcurrentDeliveriesExactlyOneOwnsTheWebhookId() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> owners = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                owners.add(threads.submit(() -> {
                    start.await();
                    return local.begin("i-1", "msg_1").isEmpty();
                }));
            }
            start.countDown();
            int owning = 0;
            for (Future<Boolean> owner : owners) {
                owning += owner.get(5, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(owning).isEqualTo(1);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void whenTheOwnerGivesUpFollowersFailAndTheNextDeliveryOwnsTheIdAgain() {
        local.begin("i-1", "msg_1");
        CompletableFuture<WebhookDelivery> follower = local.begin("i-1", "msg_1").orElseThrow();

        IllegalStateException why = new IllegalStateException("Kafka did not acknowledge");
        local.abandon("i-1", "msg_1", why);

        assertThat(follower).isCompletedExceptionally();
        assertThat(local.begin("i-1", "msg_1")).isEmpty();
    }

    @Test
    void aPublishedIdIsADuplicateUntilItIsTheOldestBeyondTheCapacity() {
        for (String id : new String[] {"msg_1", "msg_2", "msg_3"}) {
            local.begin("i-1", id);
            local.published(delivery(id));
        }

        assertThat(local.begin("i-1", "msg_3")).hasValueSatisfying(outcome -> assertThat(outcome).isCompletedWithValue(delivery("msg_3")));
        assertThat(local.begin("i-1", "msg_2")).isPresent();
        assertThat(local.begin("i-1", "msg_1")).as("forgotten: capacity 2").isEmpty();
    }

    @Test
    void forgettingTheOldestNeverDropsANewDeliveryOfTheSameIdInProgress() {
        local.begin("i-1", "msg_1");
        local.published(new WebhookDelivery("i-1", "msg_1", "e-1", NOW.minus(Duration.ofHours(73)), NOW.minusSeconds(1), State.PUBLISHED));
        // Past its retention, so a new delivery owns msg_1 and is publishing it.
        assertThat(local.begin("i-1", "msg_1")).isEmpty();

        for (String id : new String[] {"msg_2", "msg_3"}) {
            local.begin("i-1", id);
            local.published(delivery(id));
        }

        assertThat(local.begin("i-1", "msg_1")).as("still in progress").hasValueSatisfying(outcome -> assertThat(outcome).isNotDone());
    }

    @Test
    void aDeliveryRememberedPastItsRetentionIsNoDuplicate() {
        local.begin("i-1", "msg_1");
        local.published(new WebhookDelivery("i-1", "msg_1", "e-1", NOW.minus(Duration.ofHours(73)), NOW.minusSeconds(1), State.PUBLISHED));

        assertThat(local.begin("i-1", "msg_1")).isEmpty();
    }

    @Test
    void theSameWebhookIdOfAnotherIntegrationIsAnotherDelivery() {
        local.begin("i-1", "msg_1");

        assertThat(local.begin("i-2", "msg_1")).isEmpty();
    }

    private static WebhookDelivery delivery(String webhookId) {
        return new WebhookDelivery("i-1", webhookId, "e-" + webhookId, NOW, NOW.plus(Duration.ofHours(72)), State.PUBLISHED);
    }
}
