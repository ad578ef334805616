package io.rostersync.gateway.deliveries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns items queued by many concurrent requests into few Firestore calls ("group commit"). A dispatcher thread waits
 * for one of {@code maxCalls} call slots and for a first item, takes everything queued meanwhile (at most
 * {@code maxBatch}) and, when that is fewer than {@code enough}, gives others up to {@code linger} to join, then hands
 * the batch to one call. Under load batches grow by themselves while the earlier calls are in flight, so they go at once;
 * at moderate rates the linger makes a few calls out of many. One Firestore round trip per webhook was the gateway's
 * bottleneck; per batch it is not: the emulator spends about as much on a call as on 30 documents in it, and the
 * client's cost is mostly per call too.
 *
 * @param <T> what is queued; the commit function completes whatever each item carries (futures) itself
 */
final class GroupCommit<T> {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private final BlockingQueue<T> queue = new LinkedBlockingQueue<>();
    private final Semaphore calls;
    private final int maxCalls;
    private final int maxBatch;
    private final long lingerNanos;
    private final int enough;
    private final Function<List<T>, CompletionStage<?>> commit;
    private final Thread dispatcher;
    private volatile boolean running = true;

    /**
     * @param linger how long a small batch waits for more items (zero: never)
     * @param enough the batch size that goes without lingering
     * @param commit starts one call for the batch and returns when it ends; it must not throw, and must settle every
     *     item itself (a failed call fails its items, it does not lose them silently)
     */
    GroupCommit(String name, int maxBatch, int maxCalls, Duration linger, int enough, Function<List<T>, CompletionStage<?>> commit) {
        this.maxBatch = maxBatch;
        this.lingerNanos = linger.toNanos();
        this.enough = Math.min(enough, maxBatch);
        this.maxCalls = maxCalls;
        this.calls = new Semaphore(maxCalls);
        this.commit = commit;
        this.dispatcher = new Thread(this::dispatch, name);
        this.dispatcher.setDaemon(true);
        this.dispatcher.start();
    }

    void add(T item) {
        queue.add(item);
    }

    /**
     * Commits what is queued without waiting for more, then stops.
     *
     * @return false when items or calls were still pending after {@code timeout}
     */
    boolean close(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        running = false;
        dispatcher.interrupt();
        try {
            dispatcher.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            // Every call released its slot once Firestore answered.
            boolean callsEnded = calls.tryAcquire(maxCalls, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (callsEnded) {
                calls.release(maxCalls);
            }
            return callsEnded && queue.isEmpty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int pending() {
        return queue.size();
    }

    /** Lets items queued within {@code linger} join a batch smaller than {@code enough} (on close, nothing waits). */
    private void linger(List<T> batch) {
        long deadline = System.nanoTime() + lingerNanos;
        long left;
        while (batch.size() < enough && (left = deadline - System.nanoTime()) > 0) {
            try {
                T next = queue.poll(left, TimeUnit.NANOSECONDS);
                if (next == null) {
                    return;
                }
                batch.add(next);
                queue.drainTo(batch, maxBatch - batch.size());
            } catch (InterruptedException e) {
                // close(): commit what we have now; the dispatch loop drains the rest.
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void dispatch() {
        List<T> batch = new ArrayList<>();
        while (true) {
            boolean slot = false;
            try {
                // The slot first, then the items: whatever queues while all slots are busy joins this batch.
                calls.acquire();
                slot = true;
                T first = running ? queue.take() : queue.poll();
                if (first == null) {
                    calls.release();
                    return;
                }
                batch.add(first);
            } catch (InterruptedException e) {
                // close() interrupts a waiting dispatcher; go round again to commit what is queued, then stop.
                if (slot) {
                    calls.release();
                }
                continue;
            }
            queue.drainTo(batch, maxBatch - 1);
            if (running) {
                linger(batch);
            }
            List<T> items = List.copyOf(batch);
            batch.clear();
            try {
                commit.apply(items).whenComplete((result, error) -> calls.release());
            } catch (RuntimeException e) {
                calls.release();
                log.error("Group commit of {} items failed to start", items.size(), e);
            }
        }
    }
}
