package io.rostersync.health;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * The operators' view of RosterSync: integrations with their health and run history, a manual sync trigger
 * (published to {@code sync.requests}) and the dashboard that uses them.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
public class HealthApiApplication {

    /** Several services share one JVM in local-stack, so each reads its own config file, not application.yml. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(HealthApiApplication.class).properties("spring.config.name=health-api");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
