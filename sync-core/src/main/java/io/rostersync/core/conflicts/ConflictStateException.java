package io.rostersync.core.conflicts;

/** A conflict cannot take the requested action in its current state (already decided, or a stale version). */
public class ConflictStateException extends RuntimeException {

    private final transient SyncConflict current;

    public ConflictStateException(String message, SyncConflict current) {
        super(message);
        this.current = current;
    }

    /** The conflict as it is now. */
    public SyncConflict current() {
        return current;
    }
}
