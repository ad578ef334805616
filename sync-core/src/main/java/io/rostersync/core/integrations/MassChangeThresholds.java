package io.rostersync.core.integrations;

/**
 * When a pull is stopped before apply and put on hold for an operator: more than {@code deletedPercent} of an entity
 * type's live records deleted, or more than {@code updatedPercent} of them updated, in one run. Entity types with
 * fewer than {@code minimumRecords} live records are not guarded: a percentage of a handful of records says nothing
 * (deleting 1 of 5 schools is 20 %).
 *
 * @param deletedPercent 0–100; 100 turns the delete check off (a run cannot delete more than every record)
 * @param updatedPercent 0–100; 100 turns the update check off
 */
public record MassChangeThresholds(double deletedPercent, double updatedPercent, long minimumRecords) {

    public static final MassChangeThresholds DEFAULTS = new MassChangeThresholds(10, 75, 50);

    /** Whether {@code count} changes of one kind out of {@code baseline} live records cross {@code percent}. */
    public static boolean crosses(long count, long baseline, double percent, long minimumRecords) {
        return baseline > 0 && baseline >= minimumRecords && count * 100.0 > percent * baseline;
    }

    public boolean deletesCross(long deleted, long baseline) {
        return crosses(deleted, baseline, deletedPercent, minimumRecords);
    }

    public boolean updatesCross(long updated, long baseline) {
        return crosses(updated, baseline, updatedPercent, minimumRecords);
    }

    /** Whether an entity type with this many live records is guarded at all. */
    public boolean guards(long baseline) {
        return baseline > 0 && baseline >= minimumRecords;
    }
}
