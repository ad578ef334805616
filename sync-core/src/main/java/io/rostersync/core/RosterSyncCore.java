package io.rostersync.core;

import io.rostersync.core.firestore.FirestoreConfiguration;
import io.rostersync.core.kafka.KafkaEventsConfiguration;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.core.security.OpsSecurityConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;

/** What every RosterSync service imports: Firestore, Kafka with the shared error policy, ops security, secrets. */
@Configuration(proxyBeanMethods = false)
@Import({FirestoreConfiguration.class, KafkaEventsConfiguration.class, OpsSecurityConfiguration.class})
public class RosterSyncCore {

    @Bean
    SecretResolver secretResolver(Environment environment) {
        return new SecretResolver(environment);
    }
}
