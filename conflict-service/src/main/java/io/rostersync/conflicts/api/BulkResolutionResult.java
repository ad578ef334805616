package io.rostersync.conflicts.api;

/**
 * @param resolved how many conflicts this request resolved
 * @param published how many of those reached Kafka already (the rest are republished on a schedule)
 * @param more true when open conflicts matching the filter remain (the bulk limit was reached)
 */
record BulkResolutionResult(int resolved, int published, boolean more) {
}
