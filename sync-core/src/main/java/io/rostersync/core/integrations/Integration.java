package io.rostersync.core.integrations;

import io.rostersync.core.events.ConnectionSettings;
import java.time.Instant;
import java.util.List;

/**
 * A connection to one district's SIS, as stored at {@code integrations/{integrationId}}. Secrets are
 * never stored: only references the services resolve from their own environment.
 *
 * @param schedule a Spring cron expression (six fields), or null for no scheduled runs
 * @param conflictPolicy {@code manual}, {@code remote-wins}, {@code local-wins} or {@code newest-wins}
 * @param webhookSecretRefs references to the Standard Webhooks secrets accepted for this integration
 *     (more than one while a secret is rotated)
 * @param fieldOwnership for the {@code field-ownership} policy: canonical field → {@code sis} or {@code local}
 * @param massChangeThresholds when a pull is held for an operator before it applies anything; absent in older
 *     documents, read as {@link MassChangeThresholds#DEFAULTS}
 * @param paused an operator paused it: triggers are still accepted and queue, no run starts until it is resumed
 * @param timeZone the IANA zone its blackout windows are read in; UTC when absent
 * @param blackoutWindows recurring times when its scheduled runs are skipped
 * @param reconciliationSchedule a Spring cron expression (six fields) for drift checks against the SIS, or null for
 *     on-demand checks only
 */
public record Integration(
        String integrationId,
        String name,
        ConnectorType connector,
        ConnectionSettings connection,
        String schedule,
        boolean enabled,
        String conflictPolicy,
        List<String> webhookSecretRefs,
        Instant createdAt,
        Instant updatedAt,
        java.util.Map<String, String> fieldOwnership,
        MassChangeThresholds massChangeThresholds,
        boolean paused,
        String timeZone,
        List<BlackoutWindow> blackoutWindows,
        String reconciliationSchedule) {

    public Integration {
        webhookSecretRefs = webhookSecretRefs == null ? List.of() : List.copyOf(webhookSecretRefs);
        conflictPolicy = conflictPolicy == null ? "manual" : conflictPolicy;
        fieldOwnership = fieldOwnership == null ? java.util.Map.of() : java.util.Map.copyOf(fieldOwnership);
        massChangeThresholds = massChangeThresholds == null ? MassChangeThresholds.DEFAULTS : massChangeThresholds;
        timeZone = timeZone == null || timeZone.isBlank() ? "UTC" : timeZone;
        blackoutWindows = blackoutWindows == null ? List.of() : List.copyOf(blackoutWindows);
    }

    /** An integration without operator-safety settings (defaults: thresholds, not paused, UTC, no blackouts). */
    public Integration(String integrationId, String name, ConnectorType connector, ConnectionSettings connection,
                       String schedule, boolean enabled, String conflictPolicy, List<String> webhookSecretRefs,
                       Instant createdAt, Instant updatedAt, java.util.Map<String, String> fieldOwnership) {
        this(integrationId, name, connector, connection, schedule, enabled, conflictPolicy, webhookSecretRefs,
                createdAt, updatedAt, fieldOwnership, null, false, null, null, null);
    }

    public Integration withEnabled(boolean value, Instant now) {
        return new Integration(integrationId, name, connector, connection, schedule, value, conflictPolicy,
                webhookSecretRefs, createdAt, now, fieldOwnership, massChangeThresholds, paused, timeZone, blackoutWindows,
                reconciliationSchedule);
    }

    public Integration withPaused(boolean value, Instant now) {
        return new Integration(integrationId, name, connector, connection, schedule, enabled, conflictPolicy,
                webhookSecretRefs, createdAt, now, fieldOwnership, massChangeThresholds, value, timeZone, blackoutWindows,
                reconciliationSchedule);
    }

    public Integration(String integrationId, String name, ConnectorType connector, ConnectionSettings connection,
                       String schedule, boolean enabled, String conflictPolicy, List<String> webhookSecretRefs,
                       Instant createdAt, Instant updatedAt) {
        this(integrationId, name, connector, connection, schedule, enabled, conflictPolicy, webhookSecretRefs,
                createdAt, updatedAt, java.util.Map.of());
    }
}
