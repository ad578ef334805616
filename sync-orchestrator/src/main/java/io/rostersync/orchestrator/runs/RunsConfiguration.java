package io.rostersync.orchestrator.runs;

import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.OrchestratorSettings;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RunsConfiguration {

    @Bean
    RunDispatcher runDispatcher(Integrations integrations, SyncRuns runs, SyncCursors cursors, EventPublisher publisher, Clock clock) {
        return new RunDispatcher(integrations, runs, cursors, publisher, clock);
    }

    @Bean
    StalledRunWatchdog stalledRunWatchdog(com.google.cloud.firestore.Firestore firestore, RunDispatcher dispatcher,
                                          OrchestratorSettings settings, Clock clock) {
        return new StalledRunWatchdog(firestore, dispatcher, settings, clock);
    }
}
