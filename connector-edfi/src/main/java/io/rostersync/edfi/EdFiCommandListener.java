package io.rostersync.edfi;

import io.rostersync.core.connector.ConnectorRuntime;
import io.rostersync.core.events.Topics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Hands each command to the runtime, which turns the connector's refusal into a PullFailed (or a failed PushResult). */
@Component
class EdFiCommandListener {

    private final ConnectorRuntime runtime;

    EdFiCommandListener(ConnectorRuntime runtime) {
        this.runtime = runtime;
    }

    @KafkaListener(topics = Topics.EDFI_COMMANDS, groupId = "${rostersync.kafka.group-id}", concurrency = "1")
    void onCommand(ConsumerRecord<String, byte[]> record) {
        runtime.handle(record);
    }
}
