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
        java.util.Map<String, String> fieldOwnership) {

    record Connection(String baseUrl, String tokenUrl, String version, String clientId, String credentialRef, List<String> scopes) {
    }
}
