package io.rostersync.gateway.deliveries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GroupCommitTest {

    private final List<List<Integer>> calls = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Void>> pending = new CopyOnWriteArrayList<>();
    private GroupCommit<Integer> commit;

    @AfterEach
    void close() {
        pending.forEach(call -> call.complete(null));
        if (commit != null) {
            commit.close(Duration.ofSeconds(5));
        }
    }

    @Test
    void aLoneItemIsCommittedAtOnce() {
        commit = new GroupCommit<>("test", 500, 1, Duration.ZERO, 500, this::call);

        commit.add(1);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        assertThat(calls.get(0)).containsExactly(1);
    }

    @Test
    void itemsArrivingWithinTheLingerShareTheFirstItemsCall() {
        commit = new GroupCommit<>("test", 500, 2, Duration.ofSeconds(1), 500, this::call);

        commit.add(1);
        commit.add(2);
        commit.add(3);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        assertThat(calls.get(0)).containsExactly(1, 2, 3);
    }

    @Test
    void aBatchOfEnoughItemsDoesNotWaitForTheLinger() {
        commit = new GroupCommit<>("test", 500, 1, Duration.ofMinutes(1), 3, this::call);

        commit.add(1);
        commit.add(2);
        commit.add(3);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        assertThat(calls.get(0)).containsExactly(1, 2, 3);
    }

    @Test
    void whileAllCallsAreInFlightItemsQueueIntoOneBatch() {
        commit = new GroupCommit<>("test", 500, 1, Duration.ZERO, 500, this::call);
        commit.add(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);

        for (int i = 2; i <= 100; i++) {
            commit.add(i);
        }
        pending.get(0).complete(null);

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 2);
        assertThat(calls.get(1)).hasSize(99).startsWith(2).endsWith(100);
    }

    @Test
    void aBatchNeverExceedsItsLimit() {
        commit = new GroupCommit<>("test", 10, 1, Duration.ZERO, 500, this::call);
        commit.add(0);
        await().atMost(Duration.ofSeconds(5)).until(() -> calls.size() == 1);
        for (int i = 1; i <= 25; i++) {
            commit.add(i);
        }

        for (int call = 0; call < 4; call++) {
            int index = call;
            await().atMost(Duration.ofSeconds(5)).until(() -> pending.size() > index);
            pending.get(index).complete(null);
        }

        await().atMost(Duration.ofSeconds(5)).until(() -> calls.stream().mapToInt(List::size).sum() == 26);
        assertThat(calls).allSatisfy(batch -> assertThat(batch).hasSizeLessThanOrEqualTo(10));
    }

    @Test
    void closingCommitsWhatIsQueuedAndWaitsForTheCalls() {
        List<Integer> committed = new CopyOnWriteArrayList<>();
        commit = new GroupCommit<>("test", 500, 2, Duration.ofMillis(2), 16, items -> CompletableFuture.runAsync(() -> committed.addAll(items)));
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            commit.add(i);
            items.add(i);
        }

        assertThat(commit.close(Duration.ofSeconds(5))).isTrue();
        assertThat(committed).containsExactlyInAnyOrderElementsOf(items);
    }

    private CompletableFuture<Void> call(List<Integer> items) {
        CompletableFuture<Void> call = new CompletableFuture<>();
        pending.add(call);
        calls.add(items);
        return call;
    }
}
