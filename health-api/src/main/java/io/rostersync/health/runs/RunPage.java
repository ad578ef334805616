package io.rostersync.health.runs;

import java.util.List;

/**
 * One page of runs, newest first.
 *
 * @param nextAfter pass as {@code after} to get the next page; null when this page is the last one
 */
public record RunPage(List<RunView> items, String nextAfter) {
}
