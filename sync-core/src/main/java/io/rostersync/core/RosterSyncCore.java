package io.rostersync.core;

import com.google.cloud.firestore.Firestore;
import io.rostersync.core.conflicts.SyncConflicts;
import io.rostersync.core.cursors.SyncCursors;
import io.rostersync.core.deadletters.SyncDeadLetters;
import io.rostersync.core.firestore.FirestoreConfiguration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.kafka.KafkaEventsConfiguration;
import io.rostersync.core.runs.SyncRuns;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.core.security.OpsSecurityConfiguration;
import io.rostersync.core.web.InfrastructureProblems;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/**
 * What every RosterSync service imports: Firestore and its stores, Kafka with the shared error policy, ops
 * security, secret references, infrastructure problem details and the clock (one bean, so tests can pin time).
 */
@Configuration(proxyBeanMethods = false)
@Import({FirestoreConfiguration.class, KafkaEventsConfiguration.class, OpsSecurityConfiguration.class, InfrastructureProblems.class})
public class RosterSyncCore {

    @Bean
    SecretResolver secretResolver(Environment environment) {
        return new SecretResolver(environment);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    Integrations integrations(Firestore firestore) {
        return new Integrations(firestore);
    }

    @Bean
    SyncRuns syncRuns(Firestore firestore) {
        return new SyncRuns(firestore);
    }

    @Bean
    SyncCursors syncCursors(Firestore firestore) {
        return new SyncCursors(firestore);
    }

    @Bean
    SyncConflicts syncConflicts(Firestore firestore) {
        return new SyncConflicts(firestore);
    }

    @Bean
    SyncDeadLetters syncDeadLetters(Firestore firestore) {
        return new SyncDeadLetters(firestore);
    }
}
