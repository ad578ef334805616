package io.rostersync.health;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The operators' view of RosterSync: every integration's health from aggregates kept up to date as runs end, run
 * history, a live stream of run changes, conflicts and dead letters with their actions (relayed to the services that
 * own them), the Integration Hub, a manual sync trigger (published to {@code sync.requests}), Prometheus gauges, and
 * the dashboard that uses them.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
@ConfigurationPropertiesScan
@EnableScheduling
public class HealthApiApplication {

    /** Several services share one JVM in local-stack, so each reads its own config file, not application.yml. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(HealthApiApplication.class).properties("spring.config.name=health-api");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
