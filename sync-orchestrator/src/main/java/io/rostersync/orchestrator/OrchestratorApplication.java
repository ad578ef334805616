package io.rostersync.orchestrator;

import io.rostersync.core.RosterSyncCore;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;
import org.springframework.scheduling.annotation.EnableScheduling;

/** The sync engine: decides when runs happen, fans out commands, applies what connectors return. */
@SpringBootApplication
@Import(RosterSyncCore.class)
@EnableScheduling
@EnableConfigurationProperties(OrchestratorSettings.class)
public class OrchestratorApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OrchestratorApplication.class).properties("spring.config.name=sync-orchestrator");
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
