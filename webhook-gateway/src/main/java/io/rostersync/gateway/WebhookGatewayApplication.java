package io.rostersync.gateway;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.RosterSyncCore;
import io.rostersync.core.integrations.Integrations;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
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

    /** sync-core ships the store but no bean for it; the gateway only reads integrations. */
    @Bean
    Integrations integrations(Firestore firestore) {
        return new Integrations(firestore);
    }

    /** Injected wherever time matters so tests can pin "now" for timestamp tolerance and retention. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
