package io.rostersync.orchestrator.holds;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class HoldsConfiguration {

    @Bean
    MassChangeGuard massChangeGuard(Firestore firestore, SyncRuns runs, Integrations integrations, Clock clock) {
        return new MassChangeGuard(firestore, runs, integrations, clock);
    }

    @Bean
    HeldRuns heldRuns(Firestore firestore, SyncRuns runs, EventPublisher publisher, RunDispatcher dispatcher, Clock clock) {
        return new HeldRuns(firestore, runs, publisher, dispatcher, clock);
    }
}
