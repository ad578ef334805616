package io.rostersync.orchestrator.alerts;

import static io.rostersync.core.firestore.FirestoreValues.await;
import static io.rostersync.core.firestore.FirestoreValues.timestamp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import io.rostersync.core.firestore.FirestoreValues;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Evaluates every integration's alert rules on a fixed delay, records incidents, delivers their events, and disables an
 * integration that failed too often in a row (an operator enables it again, which resolves that incident).
 */
class AlertEvaluator {

    private static final Logger log = LoggerFactory.getLogger(AlertEvaluator.class);
    /** On the alert configuration: failures before this (the last automatic disable) no longer count. */
    static final String COUNT_FROM = "failuresCountFrom";

    private final Firestore firestore;
    private final AlertConfigs configs;
    private final AlertConditions conditions;
    private final AlertIncidents incidents;
    private final Integrations integrations;
    private final Clock clock;

    AlertEvaluator(Firestore firestore, AlertConfigs configs, AlertConditions conditions, AlertIncidents incidents,
                   Integrations integrations, Clock clock) {
        this.firestore = firestore;
        this.configs = configs;
        this.conditions = conditions;
        this.incidents = incidents;
        this.integrations = integrations;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${rostersync.orchestrator.alerts.check-interval}")
    void evaluateAll() {
        Map<String, AlertConfig> all;
        try {
            all = configs.all();
        } catch (RuntimeException e) {
            log.warn("alert check skipped: {}", e.getMessage());
            return;
        }
        all.forEach((integrationId, config) -> {
            try {
                integrations.find(integrationId).ifPresent(integration -> evaluate(integration, config));
            } catch (RuntimeException e) {
                // One integration's trouble (a bad target, a Firestore hiccup) must not stop the others' alerts.
                log.warn("alerts of {} not evaluated: {}", integrationId, e.getMessage());
            }
        });
    }

    void evaluate(Integration integration, AlertConfig config) {
        String id = integration.integrationId();
        Instant now = clock.instant();
        DocumentReference configRef = firestore.collection(AlertConfigs.COLLECTION).document(id);
        Instant countFrom = FirestoreValues.instant(await(configRef.get()), COUNT_FROM);
        Map<AlertRule, String> firing = conditions.firing(integration, config, countFrom, now);
        for (AlertRule rule : AlertRule.values()) {
            if (rule == AlertRule.INTEGRATION_DISABLED || !configured(rule, config)) {
                continue;
            }
            incidents.update(id, rule, firing.get(rule), now);
            incidents.deliverPending(id, rule, config);
        }
        disableIfFailing(integration, config, countFrom, now, configRef);
        incidents.deliverPending(id, AlertRule.INTEGRATION_DISABLED, config);
    }

    private void disableIfFailing(Integration integration, AlertConfig config, Instant countFrom, Instant now, DocumentReference configRef) {
        String id = integration.integrationId();
        DocumentSnapshot disabled = await(incidents.reference(id, AlertRule.INTEGRATION_DISABLED).get());
        boolean disabledByUs = disabled.exists() && "firing".equals(disabled.getString("state"));
        if (disabledByUs && integration.enabled()) {
            // An operator enabled it again: the incident is over, and only failures from now on count.
            incidents.update(id, AlertRule.INTEGRATION_DISABLED, null, now);
            return;
        }
        if (config.disableAfterFailures() == null || !integration.enabled()) {
            return;
        }
        AlertConditions.Streak streak = conditions.failureStreak(id, countFrom);
        if (streak.failures() < config.disableAfterFailures()) {
            return;
        }
        String reason = "disabled after " + streak.failures() + " failed pulls in a row; the last: " + streak.lastError()
                + ". Fix the cause and enable it again (POST /api/integrations/" + id + "/enable).";
        integrations.save(integration.withEnabled(false, now));
        await(configRef.update(Map.of(COUNT_FROM, timestamp(now), "disabledReason", reason)));
        incidents.update(id, AlertRule.INTEGRATION_DISABLED, reason, now);
        log.warn("integration {} {}", id, reason);
    }

    private static boolean configured(AlertRule rule, AlertConfig config) {
        return switch (rule) {
            case CONSECUTIVE_FAILURES -> config.consecutiveFailures() != null;
            case NO_SUCCESS -> config.noSuccessFor() != null;
            case OPEN_CONFLICTS -> config.openConflictsAbove() != null;
            case DEAD_LETTERS -> config.deadLettersAbove() != null;
            case RUN_ON_HOLD -> Boolean.TRUE.equals(config.runOnHold());
            case INTEGRATION_DISABLED -> config.disableAfterFailures() != null;
        };
    }
}
