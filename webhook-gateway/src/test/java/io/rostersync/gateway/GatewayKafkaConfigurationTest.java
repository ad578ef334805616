package io.rostersync.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

class GatewayKafkaConfigurationTest {

    @Test
    void theProducerGivesUpWhenTheGatewayDoesAndKafkasTimeoutRuleStillHolds() {
        Map<String, Object> updates = GatewayKafkaConfiguration.producerTimeouts(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), 5_000);

        assertThat(updates).containsEntry(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000L)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5_000)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_995);
    }

    @Test
    void aShorterRequestTimeoutIsKept() {
        Map<String, Object> updates = GatewayKafkaConfiguration.producerTimeouts(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, "5", ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000), 30_000);

        assertThat(updates).containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000)
                .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
    }

    @Test
    void theGatewaysLingerReplacesSyncCoresAndTheTimeoutsFollowIt() {
        GatewaySettings settings = new GatewaySettings(1024, Duration.ofMinutes(5), Duration.ofHours(72), Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(60), Duration.ZERO, 1000,
                new GatewaySettings.RateLimit(1000, 1000));

        Map<String, Object> updates = GatewayKafkaConfiguration.producerUpdates(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 5, ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000), settings);

        assertThat(updates).containsEntry(ProducerConfig.LINGER_MS_CONFIG, 1)
                .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_999);
    }
}
