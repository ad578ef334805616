package io.rostersync.deadletters;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Keeps every message a consumer gave up on: consumes all {@code *.DLT} topics into {@code syncDeadLetters/{id}}
 * (de-duplicated by original coordinates), retries them on a backoff schedule until they are parked, and lets
 * operators list, retry, edit, discard and bulk-replay them.
 */
@SpringBootApplication
@Import(RosterSyncCore.class)
@EnableConfigurationProperties(DeadLetterSettings.class)
@EnableScheduling
public class DeadLetterServiceApplication {

    /** Several services share one JVM in local-stack, so each reads its own config file, not application.yml. */
    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(DeadLetterServiceApplication.class).properties("spring.config.name=deadletter-service");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
