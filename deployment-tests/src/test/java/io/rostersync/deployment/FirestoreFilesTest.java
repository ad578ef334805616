package io.rostersync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The root Firestore index and rules files production deploys with `firebase deploy --only firestore`. */
class FirestoreFilesTest {

    @Test
    void indexesCoverTheStoresCompositeQueriesAndKeepTheWebhookTtl() throws IOException {
        JsonNode root = new ObjectMapper().readTree(DeploymentFiles.root().resolve("firestore.indexes.json").toFile());
        List<String> indexes = new ArrayList<>();
        for (JsonNode index : root.get("indexes")) {
            assertThat(index.get("queryScope").asText()).isIn("COLLECTION", "COLLECTION_GROUP");
            assertThat(index.get("fields").size()).isGreaterThanOrEqualTo(2);
            StringBuilder key = new StringBuilder(index.get("collectionGroup").asText());
            index.get("fields").forEach(f -> key.append(' ').append(f.get("fieldPath").asText()).append(':').append(f.get("order").asText()));
            indexes.add(key.toString());
        }
        assertThat(indexes).doesNotHaveDuplicates().contains(
                "syncRuns integrationId:ASCENDING queuedAt:DESCENDING __name__:DESCENDING",
                "syncRuns status:ASCENDING heartbeatAt:ASCENDING",
                "syncConflicts integrationId:ASCENDING status:ASCENDING detectedAt:DESCENDING",
                "syncDeadLetters status:ASCENDING nextRetryAt:ASCENDING",
                "outbox status:ASCENDING changedAt:ASCENDING");
        assertThat(root.get("fieldOverrides").toString()).contains("webhookDeliveries", "\"ttl\":true");
        assertThat(DeploymentFiles.root().resolve("webhook-gateway/firestore.indexes.json")).doesNotExist();
    }

    @Test
    void rulesDenyEveryClientRequest() throws IOException {
        String rules = Files.readString(DeploymentFiles.root().resolve("firestore.rules"));
        assertThat(rules).contains("match /{document=**}", "allow read, write: if false;").doesNotContain("if true");
    }
}
