package io.rostersync.conflicts;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Import;

/**
 * Keeps every conflict the orchestrator detects: consumes {@code sync.conflicts} into {@code syncConflicts/{id}}
 * documents and lists them for operators. Resolving them is a later feature.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
public class ConflictServiceApplication {

    /** Several services share one JVM in local-stack, so each reads its own config file, not application.yml. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ConflictServiceApplication.class).properties("spring.config.name=conflict-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
