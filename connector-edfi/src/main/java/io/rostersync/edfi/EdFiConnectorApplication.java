package io.rostersync.edfi;

import io.rostersync.core.RosterSyncCore;
import io.rostersync.core.connector.ConnectorApi;
import io.rostersync.core.connector.ConnectorRuntime;
import io.rostersync.core.events.EventCodec;
import io.rostersync.core.kafka.EventPublisher;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** The Ed-Fi connector service; for now it answers every command on {@code connector.edfi.commands} with "not available". */
@SpringBootApplication
@Import({RosterSyncCore.class, ConnectorApi.class})
public class EdFiConnectorApplication {

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(EdFiConnectorApplication.class).properties("spring.config.name=connector-edfi");
    }

    public static void main(String[] args) {
        builder().run(args);
    }

    @Bean
    EdFiConnector edFiConnector() {
        return new EdFiConnector();
    }

    @Bean
    ConnectorRuntime edFiRuntime(EdFiConnector connector, EventCodec codec, EventPublisher publisher,
                                   org.springframework.kafka.listener.DeadLetterPublishingRecoverer deadLetters) {
        return new ConnectorRuntime(connector, codec, publisher, deadLetters);
    }
}
