package io.rostersync.gateway;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Receives SIS webhooks at {@code POST /webhooks/{connector}/{integrationId}}, verifies their Standard Webhooks
 * signature, drops redeliveries and publishes one {@code SisChangeEvent} per webhook to {@code sis.changes}.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
@EnableConfigurationProperties(GatewaySettings.class)
public class WebhookGatewayApplication {

    /**
     * The builder the local-stack launcher uses: several services share one JVM there, so each one
     * reads its own config file instead of {@code application.yml}.
     */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WebhookGatewayApplication.class).properties("spring.config.name=webhook-gateway");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
