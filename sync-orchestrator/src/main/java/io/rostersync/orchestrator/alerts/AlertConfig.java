package io.rostersync.orchestrator.alerts;

import java.util.List;

/**
 * An integration's alert rules and where alerts go, at {@code alertConfigs/{integrationId}}. A null rule is off.
 *
 * @param consecutiveFailures fire when this many pulls in a row failed
 * @param noSuccessFor fire when no pull succeeded for this long (ISO-8601 duration, e.g. {@code PT6H})
 * @param openConflictsAbove fire when more conflicts than this are open
 * @param deadLettersAbove fire when more dead letters than this wait
 * @param runOnHold fire while a run is on hold for an operator
 * @param disableAfterFailures disable the integration, with the reason, after this many failed pulls in a row
 * @param targets signed outgoing webhooks (Standard Webhooks) that receive fired and resolved alerts
 */
record AlertConfig(Integer consecutiveFailures, String noSuccessFor, Integer openConflictsAbove, Integer deadLettersAbove,
                   Boolean runOnHold, Integer disableAfterFailures, List<Target> targets) {

    AlertConfig {
        targets = targets == null ? List.of() : List.copyOf(targets);
    }

    /** @param secretRef where the {@code whsec_…} signing secret is found ({@code env:}, {@code file:}, {@code config:}) */
    record Target(String url, String secretRef) {
    }
}
