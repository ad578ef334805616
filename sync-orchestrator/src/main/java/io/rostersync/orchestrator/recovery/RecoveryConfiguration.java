package io.rostersync.orchestrator.recovery;

import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.runs.RunDispatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class RecoveryConfiguration {

    @Bean
    RunRetries runRetries(SyncRuns runs, Integrations integrations, SyncCursors cursors, RunDispatcher dispatcher) {
        return new RunRetries(runs, integrations, cursors, dispatcher);
    }
}
