package io.rostersync.orchestrator.holds;

import io.rostersync.core.integrations.MassChangeThresholds;
import java.util.Map;

/**
 * How a pull is applied, fixed when its first result arrives: {@code staged} runs keep their batches until the
 * completion shows whether they cross the thresholds; the others apply each batch as it comes.
 *
 * @param baseline live records per entity type (collection name) before the run applied anything
 * @param approved the run may apply what it staged: it was within the thresholds at its completion, or an operator
 *     approved it after it was held
 */
public record GuardDecision(boolean staged, Map<String, Long> baseline, MassChangeThresholds thresholds, boolean approved) {

    public GuardDecision {
        baseline = baseline == null ? Map.of() : Map.copyOf(baseline);
    }
}
