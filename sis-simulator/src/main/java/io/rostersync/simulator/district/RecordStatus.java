package io.rostersync.simulator.district;

/** Deletes are soft: a deleted record stays visible as {@code TO_BE_DELETED}, the way OneRoster signals them. */
public enum RecordStatus {
    ACTIVE, TO_BE_DELETED
}
