package io.rostersync.orchestrator.reconciliation;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.kafka.EventPublisher;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ReconciliationConfiguration {

    @Bean
    Reconciliations reconciliations(Firestore firestore, EventPublisher publisher, Clock clock) {
        return new Reconciliations(firestore, publisher, clock);
    }

    @Bean
    ReconciliationCollector reconciliationCollector(Firestore firestore, Reconciliations reconciliations, Clock clock) {
        return new ReconciliationCollector(firestore, reconciliations, clock);
    }
}
