package io.rostersync.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WebhookSecretTest {

    @Test
    void thePrefixIsOptional() {
        assertThat(WebhookSecret.parse("env:A", "whsec_AQID").key()).containsExactly(1, 2, 3);
        assertThat(WebhookSecret.parse("env:A", "AQID\n").key()).containsExactly(1, 2, 3);
    }

    @Test
    void aValueThatIsNotBase64IsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> WebhookSecret.parse("env:A", "whsec_s3cr3t!value"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("env:A")
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void toStringNamesTheReferenceOnly() {
        assertThat(WebhookSecret.parse("file:/run/secrets/sis", "whsec_AQID")).hasToString("WebhookSecret[file:/run/secrets/sis]");
    }
}
