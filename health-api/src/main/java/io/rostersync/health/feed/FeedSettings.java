package io.rostersync.health.feed;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How the health API follows run status changes in Firestore and counts finished runs into the aggregates.
 *
 * @param overlap how far before the saved watermark (and before a listener's start) finished runs are read again;
 *                must exceed the longest time between a run's {@code finishedAt} and its commit plus clock skew
 *                between the orchestrator and this service. Re-reading is harmless: counting is idempotent
 * @param firstStartLookback on the very first start (no watermark yet), how far back finished runs are counted
 * @param reanchorInterval how often the finished-runs listener is restarted at "now minus overlap", so the set of
 *                         documents it holds in memory stays bounded
 * @param lanes parallel counting lanes; one integration always uses the same lane
 * @param pageSize finished runs read per page while catching up
 * @param retryBackoff first wait after a failed count (doubles up to one minute); the outcomes stay queued
 * @param watermarkInterval how often the watermark (everything finished before it is counted) is saved
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.health.feed")
public record FeedSettings(
        @NotNull Duration overlap,
        @NotNull Duration firstStartLookback,
        @NotNull Duration reanchorInterval,
        @Min(1) @Max(32) int lanes,
        @Min(1) @Max(1000) int pageSize,
        @NotNull Duration retryBackoff,
        @NotNull Duration watermarkInterval) {
}
