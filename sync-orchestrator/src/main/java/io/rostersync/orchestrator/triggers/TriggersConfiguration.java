package io.rostersync.orchestrator.triggers;

import io.rostersync.core.events.EventCodec;
import io.rostersync.orchestrator.OrchestratorSettings;
import io.rostersync.orchestrator.runs.RunDispatcher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TriggersConfiguration {

    @Bean
    TriggerListener triggerListener(EventCodec codec, RunDispatcher dispatcher, OrchestratorSettings settings) {
        return new TriggerListener(codec, dispatcher, settings);
    }
}
