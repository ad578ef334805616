package io.rostersync.health.feed;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The threads and running state of a component that follows Firestore with snapshot listeners: one thread delivers
 * the snapshots (so a listener's snapshots are handled in order), and timers run periodic work and the retries after
 * a listener stopped. Started and stopped by its owner's lifecycle.
 */
public final class ListenerThreads {

    private final String name;
    private final int timerThreads;
    private final Duration retryBackoff;
    private volatile boolean running;
    private ScheduledExecutorService timers;
    private ExecutorService callbacks;

    /**
     * @param name the threads' name ({@code <name>} for the timers, {@code <name>-listener} for the snapshots)
     * @param retryBackoff how long {@link #retryLater} waits
     */
    public ListenerThreads(String name, int timerThreads, Duration retryBackoff) {
        this.name = name;
        this.timerThreads = timerThreads;
        this.retryBackoff = retryBackoff;
    }

    public synchronized void start() {
        running = true;
        timers = Executors.newScheduledThreadPool(timerThreads, daemon(name));
        callbacks = Executors.newSingleThreadExecutor(daemon(name + "-listener"));
    }

    /**
     * Stops: nothing is retried from now on, {@code removeListeners} runs (while the snapshot thread still takes
     * deliveries), then the threads end.
     */
    public synchronized void stop(Runnable removeListeners) {
        running = false;
        removeListeners.run();
        if (timers != null) {
            timers.shutdownNow();
            callbacks.shutdownNow();
        }
    }

    public boolean running() {
        return running;
    }

    /** Where snapshot listeners deliver. */
    public ExecutorService callbacks() {
        return callbacks;
    }

    public ScheduledExecutorService timers() {
        return timers;
    }

    /**
     * Runs {@code task} after the retry backoff, unless stopped.
     *
     * @return whether it will run (false once stopped), so the caller logs the retry only when there is one
     */
    public boolean retryLater(Runnable task) {
        if (!running) {
            return false;
        }
        timers.schedule(task, retryBackoff.toMillis(), TimeUnit.MILLISECONDS);
        return true;
    }

    public Duration retryBackoff() {
        return retryBackoff;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
