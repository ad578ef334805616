package io.rostersync.oneroster;

import io.rostersync.core.RosterSyncCore;
import io.rostersync.core.connector.ConnectorApi;
import io.rostersync.core.connector.ConnectorRuntime;
import io.rostersync.core.connector.RejectedRecords;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.secrets.SecretResolver;
import io.rostersync.oneroster.connector.OneRosterConnector;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/** The OneRoster connector service: pulls OneRoster 1.2 and 1.1 servers for the commands on {@code connector.oneroster.commands}. */
@SpringBootApplication
@Import({RosterSyncCore.class, ConnectorApi.class})
@EnableConfigurationProperties(OneRosterSettings.class)
public class OneRosterConnectorApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(OneRosterConnectorApplication.class).properties("spring.config.name=connector-oneroster");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    OneRosterConnector oneRosterConnector(OneRosterSettings settings, SecretResolver secrets, EventCodec codec) {
        return new OneRosterConnector(settings, secrets, codec.json(), Clock.systemUTC());
    }

    @Bean
    ConnectorRuntime oneRosterRuntime(OneRosterConnector connector, EventCodec codec, EventPublisher publisher,
                                   DeadLetterPublishingRecoverer deadLetters, KafkaTemplate<String, byte[]> template,
                                   @Value("${spring.application.name}") String applicationName) {
        RejectedRecords rejected = new RejectedRecords(template, "/rostersync/" + applicationName, publisher.ackTimeout(),
                Clock.systemUTC());
        return new ConnectorRuntime(connector, codec, publisher, deadLetters, rejected);
    }
}
