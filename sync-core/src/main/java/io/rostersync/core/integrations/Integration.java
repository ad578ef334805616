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
        java.util.Map<String, String> fieldOwnership) {

    public Integration {
        webhookSecretRefs = webhookSecretRefs == null ? List.of() : List.copyOf(webhookSecretRefs);
        conflictPolicy = conflictPolicy == null ? "manual" : conflictPolicy;
        fieldOwnership = fieldOwnership == null ? java.util.Map.of() : java.util.Map.copyOf(fieldOwnership);
    }

    public Integration(String integrationId, String name, ConnectorType connector, ConnectionSettings connection,
                       String schedule, boolean enabled, String conflictPolicy, List<String> webhookSecretRefs,
                       Instant createdAt, Instant updatedAt) {
        this(integrationId, name, connector, connection, schedule, enabled, conflictPolicy, webhookSecretRefs,
                createdAt, updatedAt, java.util.Map.of());
    }
}
