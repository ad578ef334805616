package io.rostersync.conflicts;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The divergence inbox: consumes {@code sync.conflicts} into {@code syncConflicts/{id}} documents, shows them with
 * field-level diffs, and publishes operators' resolutions on {@code sync.resolutions} with an audit trail.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
@EnableConfigurationProperties(ConflictSettings.class)
@EnableScheduling
public class ConflictServiceApplication {

    /** Several services share one JVM in local-stack, so each reads its own config file, not application.yml. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ConflictServiceApplication.class).properties("spring.config.name=conflict-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
