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
    RunDispatcher runDispatcher(Integrations integrations, SyncRuns runs, SyncCursors cursors, EventPublisher publisher,
                                io.rostersync.orchestrator.push.PushRuns pushRuns, Clock clock, OrchestratorSettings settings) {
        return new RunDispatcher(integrations, runs, cursors, publisher, pushRuns, clock, settings.webhookRunInterval());
    }

    @Bean
    QueuedRunStarter queuedRunStarter(com.google.cloud.firestore.Firestore firestore, RunDispatcher dispatcher) {
        return new QueuedRunStarter(firestore, dispatcher);
    }

    @Bean
    io.rostersync.orchestrator.push.Outbox outbox(com.google.cloud.firestore.Firestore firestore) {
        return new io.rostersync.orchestrator.push.Outbox(firestore);
    }

    @Bean
    io.rostersync.orchestrator.push.PushRuns pushRuns(com.google.cloud.firestore.Firestore firestore, SyncRuns runs,
                                                      io.rostersync.orchestrator.push.Outbox outbox, EventPublisher publisher, Clock clock) {
        return new io.rostersync.orchestrator.push.PushRuns(firestore, runs, outbox, publisher, clock);
    }

    @Bean
    io.rostersync.orchestrator.push.PushRequests pushRequests(Integrations integrations, EventPublisher publisher, Clock clock) {
        return new io.rostersync.orchestrator.push.PushRequests(integrations, publisher, clock);
    }

    @Bean
    StalledRunWatchdog stalledRunWatchdog(com.google.cloud.firestore.Firestore firestore, RunDispatcher dispatcher,
                                          OrchestratorSettings settings, Clock clock) {
        return new StalledRunWatchdog(firestore, dispatcher, settings, clock);
    }
}
