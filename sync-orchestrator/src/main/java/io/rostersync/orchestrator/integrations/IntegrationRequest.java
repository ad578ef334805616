package io.rostersync.orchestrator.integrations;

import java.util.List;

/** The body of {@code PUT /api/integrations/{id}}; checked by {@link IntegrationRequests} before anything is written. */
record IntegrationRequest(
        String name,
        String connector,
        Connection connection,
        String schedule,
        Boolean enabled,
        String conflictPolicy,
        List<String> webhookSecretRefs,
        java.util.Map<String, String> fieldOwnership,
        Thresholds massChangeThresholds,
        String timeZone,
        List<Window> blackoutWindows,
        String reconciliationSchedule) {

    /** Absent parts take the defaults (10 % deleted, 75 % updated, entity types of at least 50 records). */
    record Thresholds(Double deletedPercent, Double updatedPercent, Long minimumRecords) {
    }

    record Window(String name, String fromDate, String toDate, List<String> daysOfWeek, String fromTime, String toTime) {
    }

    record Connection(String baseUrl, String tokenUrl, String version, String clientId, String credentialRef, List<String> scopes) {
    }
}
