package io.rostersync.gateway.deliveries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookDeliveriesTest {

    @Test
    void theDocumentIdIsTheIntegrationAndTheSha256OfTheWebhookId() {
        // sha256("abc") from FIPS 180-2.
        assertThat(WebhookDeliveries.documentId("i-1", "abc"))
                .isEqualTo("i-1_ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @Test
    void webhookIdsWithSlashesStillMakeOneDocumentId() {
        assertThat(WebhookDeliveries.documentId("i-1", "a/b/c")).doesNotContain("/");
    }

    @Test
    void aDeliveryExpiresAtItsExpiry() {
        Instant t = Instant.parse("2026-11-23T08:00:00Z");
        WebhookDelivery delivery = new WebhookDelivery("i-1", "msg_1", "e-1", t, t.plusSeconds(60));

        assertThat(delivery.isExpiredAt(t.plusSeconds(59))).isFalse();
        assertThat(delivery.isExpiredAt(t.plusSeconds(60))).isTrue();
    }
}
