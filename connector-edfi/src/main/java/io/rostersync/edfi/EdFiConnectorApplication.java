package io.rostersync.edfi;

import io.rostersync.core.RosterSyncCore;
import io.rostersync.core.connector.ConnectorApi;
import io.rostersync.core.connector.ConnectorRuntime;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.kafka.EventPublisher;
import io.rostersync.core.secrets.SecretResolver;
import java.time.Clock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The Ed-Fi connector service; pulls Ed-Fi ODS/APIs and pushes user edits for the commands on {@code connector.edfi.commands}. */
@SpringBootApplication
@Import({RosterSyncCore.class, ConnectorApi.class})
@EnableConfigurationProperties(EdFiSettings.class)
public class EdFiConnectorApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EdFiConnectorApplication.class).properties("spring.config.name=connector-edfi");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    EdFiConnector edFiConnector(EdFiSettings settings, SecretResolver secrets, EventCodec codec) {
        return new EdFiConnector(settings, secrets, codec.json(), Clock.systemUTC());
    }

    @Bean
    ConnectorRuntime edFiRuntime(EdFiConnector connector, EventCodec codec, EventPublisher publisher,
                                 org.springframework.kafka.listener.DeadLetterPublishingRecoverer deadLetters,
                                 org.springframework.kafka.core.KafkaTemplate<String, byte[]> template,
                                 @org.springframework.beans.factory.annotation.Value("${spring.application.name}") String applicationName) {
        // Items that cannot be mapped are dead-lettered one by one (RejectedRecords), the pull goes on.
        io.rostersync.core.connector.RejectedRecords rejected = new io.rostersync.core.connector.RejectedRecords(template,
                "/rostersync/" + applicationName, publisher.ackTimeout(), Clock.systemUTC());
        return new ConnectorRuntime(connector, codec, publisher, deadLetters, rejected);
    }
}
