package io.rostersync.orchestrator.schedule;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.orchestrator.runs.RunDispatcher;
import java.time.Clock;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ScheduleConfiguration {

    @Bean
    ScheduleTicks scheduleTicks(Firestore firestore, Integrations integrations, RunDispatcher dispatcher,
                                io.rostersync.orchestrator.reconciliation.Reconciliations reconciliations, Clock clock) {
        return new ScheduleTicks(firestore, integrations, dispatcher, reconciliations, clock, "orchestrator-" + UUID.randomUUID().toString().substring(0, 8));
    }
}
