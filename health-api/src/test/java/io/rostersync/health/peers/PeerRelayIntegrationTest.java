package io.rostersync.health.peers;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.health.HealthApiTestSupport;
import io.rostersync.health.StubPeers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard's actions reach the owning services with the caller's own token, and their answers (problem details
 * included) come back unchanged and as openapi.yaml describes.
 */
class PeerRelayIntegrationTest extends HealthApiTestSupport {

    private static final String CONFLICT = """
            {"conflictId":"c-1","integrationId":"alpha","entityType":"users","recordId":"usr-1","status":"%s","version":"v1",
             "baseSnapshot":{},"localSnapshot":{},"remoteSnapshot":{},"fields":["givenName"],
             "diff":[{"field":"givenName","base":"A","local":"B","remote":"C","localChanged":true,"remoteChanged":true,"conflicting":true}],
             "published":false,"resolvedBy":%s}""";

    @Test
    void listsAnIntegrationsConflictsFromTheConflictServiceWithTheCallersToken() {
        PEERS.answer("GET", "/conflicts/api/conflicts", StubPeers.Answer.json(200,
                "{\"items\":[" + CONFLICT.formatted("open", "null") + "],\"nextCursor\":null}"));

        JsonNode list = api.get("/api/integrations/alpha/conflicts?status=open&limit=20", VIEWER, 200);

        assertThat(list.at("/items/0/conflictId").asString()).isEqualTo("c-1");
        StubPeers.Received sent = PEERS.received().get(0);
        assertThat(sent.pathAndQuery()).isEqualTo("/conflicts/api/conflicts?integrationId=alpha&status=open&limit=20");
        assertThat(sent.authorization()).isEqualTo("Bearer " + VIEWER);
    }

    @Test
    void resolvesAsTheOperatorAndPassesAStaleAnswerThrough() {
        PEERS.answer("POST", "/conflicts/api/conflicts/c-1/resolution", StubPeers.Answer.json(200, CONFLICT.formatted("resolved", "\"operator\"")));
        JsonNode resolved = api.call(HttpMethod.POST, "/api/conflicts/c-1/resolution", OPERATOR,
                Map.of("strategy", "merge", "basedOn", "v1", "fields", Map.of("givenName", Map.of("value", "D"))), 200);

        assertThat(resolved.get("status").asString()).isEqualTo("resolved");
        StubPeers.Received sent = PEERS.received().get(0);
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.authorization()).isEqualTo("Bearer " + OPERATOR);
        assertThat(sent.body()).contains("\"basedOn\":\"v1\"", "\"value\":\"D\"");

        PEERS.answer("POST", "/conflicts/api/conflicts/c-1/resolution", StubPeers.Answer.json(409,
                "{\"title\":\"Conflict\",\"status\":409,\"detail\":\"the conflict changed since it was read\",\"current\":"
                        + CONFLICT.formatted("open", "null") + "}"));
        JsonNode stale = api.call(HttpMethod.POST, "/api/conflicts/c-1/resolution", OPERATOR, Map.of("strategy", "keep-local", "basedOn", "old"), 409);
        assertThat(stale.get("detail").asString()).contains("changed");
        assertThat(stale.at("/current/version").asString()).isEqualTo("v1");
    }

    @Test
    void aViewerCannotActAndNoTokenIsRefusedBeforeAnyPeerIsCalled() {
        api.call(HttpMethod.POST, "/api/conflicts/c-1/resolution", VIEWER, Map.of("strategy", "keep-local", "basedOn", "v1"), 403);
        api.call(HttpMethod.POST, "/api/deadletters/x-0-1/retry", VIEWER, null, 403);
        api.call(HttpMethod.POST, "/api/hub/integrations/alpha/enable", VIEWER, null, 403);
        api.call(HttpMethod.POST, "/api/hub/integrations", VIEWER, Map.of(), 403);
        api.get("/api/integrations/alpha/deadletters", null, 401);
        api.call(HttpMethod.POST, "/api/deadletters/x-0-1/retry", null, null, 401);

        assertThat(PEERS.received()).isEmpty();
    }

    @Test
    void retriesADeadLetterAndShowsItsPayload() {
        String letter = "{\"id\":\"connector.oneroster.commands-0-7\",\"originalTopic\":\"connector.oneroster.commands\",\"status\":\"%s\","
                + "\"originalPartition\":0,\"originalOffset\":7,\"headers\":{},\"attempts\":3,\"retryCount\":%d,\"payloadBase64\":\"e30=\"}";
        PEERS.answer("GET", "/deadletters/api/deadletters", StubPeers.Answer.json(200, "{\"items\":[" + letter.formatted("parked", 0) + "]}"));
        PEERS.answer("GET", "/deadletters/api/deadletters/connector.oneroster.commands-0-7", StubPeers.Answer.json(200, letter.formatted("parked", 0)));
        PEERS.answer("POST", "/deadletters/api/deadletters/connector.oneroster.commands-0-7/retry",
                StubPeers.Answer.json(200, letter.formatted("replayed", 1)));

        assertThat(api.get("/api/integrations/alpha/deadletters?status=parked", VIEWER, 200).at("/items/0/status").asString()).isEqualTo("parked");
        assertThat(api.get("/api/deadletters/connector.oneroster.commands-0-7", VIEWER, 200).get("payloadBase64").asString()).isEqualTo("e30=");
        JsonNode retried = api.call(HttpMethod.POST, "/api/deadletters/connector.oneroster.commands-0-7/retry", OPERATOR, null, 200);

        assertThat(retried.get("status").asString()).isEqualTo("replayed");
        assertThat(PEERS.received()).extracting(StubPeers.Received::pathAndQuery).containsExactly(
                "/deadletters/api/deadletters?integrationId=alpha&status=parked",
                "/deadletters/api/deadletters/connector.oneroster.commands-0-7",
                "/deadletters/api/deadletters/connector.oneroster.commands-0-7/retry");
    }

    @Test
    void theIntegrationHubIsTheOrchestratorsAndAddingNeedsWhatTheOrchestratorNeeds() {
        String integration = "{\"integrationId\":\"new-district\",\"name\":\"New\",\"connector\":\"oneroster\",\"enabled\":%s,"
                + "\"connection\":{\"baseUrl\":\"https://sis\",\"tokenUrl\":\"https://sis/token\",\"clientId\":\"c\",\"credentialRef\":\"env:X\"},"
                + "\"conflictPolicy\":\"manual\",\"webhookSecretRefs\":[]}";
        PEERS.answer("POST", "/orchestrator/api/integrations", StubPeers.Answer.json(403,
                "{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"status\":403,\"detail\":\"your token's role may not do this\"}"));
        JsonNode refused = api.call(HttpMethod.POST, "/api/hub/integrations", OPERATOR,
                Map.of("integrationId", "new-district", "name", "New", "connector", "oneroster", "connection", Map.of()), 403);
        assertThat(refused.get("detail").asString()).contains("role");

        PEERS.answer("POST", "/orchestrator/api/integrations", StubPeers.Answer.json(201, integration.formatted("false")));
        PEERS.answer("POST", "/orchestrator/api/integrations/new-district/enable", StubPeers.Answer.json(200, integration.formatted("true")));
        PEERS.answer("POST", "/orchestrator/api/integrations/new-district/test-connection", StubPeers.Answer.json(200,
                "{\"authenticated\":true,\"reachable\":true,\"message\":\"ok\",\"declaredCounts\":{\"users\":250}}"));
        PEERS.answer("GET", "/orchestrator/api/integrations", StubPeers.Answer.json(200, "{\"items\":[" + integration.formatted("true") + "]}"));

        api.call(HttpMethod.POST, "/api/hub/integrations", ADMIN,
                Map.of("integrationId", "new-district", "name", "New", "connector", "oneroster", "connection", Map.of()), 201);
        assertThat(api.call(HttpMethod.POST, "/api/hub/integrations/new-district/enable", OPERATOR, null, 200).get("enabled").asBoolean()).isTrue();
        assertThat(api.call(HttpMethod.POST, "/api/hub/integrations/new-district/test-connection", OPERATOR, null, 200)
                .at("/declaredCounts/users").asInt()).isEqualTo(250);
        assertThat(api.get("/api/hub/integrations", VIEWER, 200).at("/items/0/integrationId").asString()).isEqualTo("new-district");
        assertThat(PEERS.received()).filteredOn(r -> r.method().equals("POST") && r.pathAndQuery().equals("/orchestrator/api/integrations"))
                .extracting(StubPeers.Received::authorization).containsExactly("Bearer " + OPERATOR, "Bearer " + ADMIN);
    }

    @Test
    void tellsWhoTheCallerIs() {
        assertThat(api.get("/api/me", OPERATOR, 200).get("role").asString()).isEqualTo("operator");
        assertThat(api.get("/api/me", VIEWER, 200).get("name").asString()).isEqualTo("viewer");
        assertThat(api.get("/api/me", ADMIN, 200).get("role").asString()).isEqualTo("admin");
    }
}
