package io.rostersync.core.kafka;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a service talks to Kafka.
 *
 * @param bootstrapServers the brokers, e.g. {@code 127.0.0.1:9092}
 * @param groupId this service's consumer group; replicas of one service share it
 * @param partitions partitions of each topic this service declares
 * @param replicationFactor replication of each topic this service declares (1 locally, 3 in production)
 * @param retryAttempts deliveries of a failing message before it goes to its DLT
 * @param retryBackoff first backoff between those deliveries; doubles each time
 * @param properties extra client properties (TLS, SASL, ...), passed to producers, consumers and the admin client
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.kafka")
public record KafkaSettings(
        @NotBlank String bootstrapServers,
        @NotBlank String groupId,
        @Min(1) int partitions,
        @Min(1) short replicationFactor,
        @Min(1) int retryAttempts,
        Duration retryBackoff,
        Map<String, String> properties) {

    public KafkaSettings {
        properties = properties == null ? Map.of() : Map.copyOf(properties);
        retryBackoff = retryBackoff == null ? Duration.ofMillis(500) : retryBackoff;
    }
}
