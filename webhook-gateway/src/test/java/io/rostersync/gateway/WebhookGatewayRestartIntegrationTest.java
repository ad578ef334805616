package io.rostersync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.core.events.EventCodec;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.testsupport.KafkaBroker;
import io.rostersync.core.testsupport.TestInfrastructure;
import io.rostersync.gateway.support.GatewayInstance;
import io.rostersync.gateway.support.TestWebhooks;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** De-duplication survives a restart: the delivery record lives in Firestore, not in the gateway's memory. */
class WebhookGatewayRestartIntegrationTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aRedeliveryAfterARestartIsStillADuplicate() throws Exception {
        TestInfrastructure.clearFirestore();
        String integrationId = "it-restart-" + UUID.randomUUID();
        JsonNode original;
        try (GatewayInstance first = GatewayInstance.start(KafkaBroker.bootstrapServers())) {
            TestWebhooks.save(first.bean(Integrations.class), integrationId, ConnectorType.ONEROSTER, true);
            HttpResponse<String> response = http.send(TestWebhooks.signedPost(first.baseUrl(), "oneroster", integrationId, "msg_1",
                    TestWebhooks.BODY).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
            original = EventCodec.defaultMapper().readTree(response.body());
        }
        // Closing the first context waits for its delivery records; the second one starts with an empty memory.

        try (GatewayInstance second = GatewayInstance.start(KafkaBroker.bootstrapServers())) {
            HttpResponse<String> again = http.send(TestWebhooks.signedPost(second.baseUrl(), "oneroster", integrationId, "msg_1",
                    TestWebhooks.BODY).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
            JsonNode receipt = EventCodec.defaultMapper().readTree(again.body());
            assertThat(receipt.get("duplicate").booleanValue()).isTrue();
            assertThat(receipt.get("eventId").stringValue()).isEqualTo(original.get("eventId").stringValue());
        }
    }
}
