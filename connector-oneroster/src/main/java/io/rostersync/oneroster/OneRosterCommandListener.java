package io.rostersync.oneroster;

import io.rostersync.core.connector.ConnectorRuntime;
import io.rostersync.core.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Hands each command to the runtime, which streams the pull to {@code sync.records}. Nothing is caught here: a
 * broker failure while publishing is rethrown so the shared error handler redelivers the command.
 */
@Component
class OneRosterCommandListener {

    private final ConnectorRuntime runtime;

    OneRosterCommandListener(ConnectorRuntime runtime) {
        this.runtime = runtime;
    }

    // One pull at a time per instance for now; scale out with replicas (commands are keyed by integrationId).
    @KafkaListener(topics = Topics.ONEROSTER_COMMANDS, groupId = "${rostersync.kafka.group-id}", concurrency = "1")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        runtime.handle(record);
    }
}
