package io.rostersync.orchestrator.alerts;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.secrets.SecretResolver;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(AlertsSettings.class)
class AlertsConfiguration {

    @Bean
    AlertConfigs alertConfigs(Firestore firestore) {
        return new AlertConfigs(firestore);
    }

    @Bean
    AlertEvaluator alertEvaluator(Firestore firestore, AlertConfigs configs, SyncRuns runs, SyncConflicts conflicts,
                                  SyncDeadLetters deadLetters, SecretResolver secrets, Integrations integrations, Clock clock,
                                  AlertsSettings settings) {
        AlertIncidents incidents = new AlertIncidents(firestore, new AlertDelivery(secrets, clock, settings.deliveryTimeout()));
        return new AlertEvaluator(firestore, configs, new AlertConditions(firestore, runs, conflicts, deadLetters), incidents,
                integrations, clock);
    }
}
