package io.rostersync.deadletters.intake;

import io.rostersync.core.correlation.CorrelationRecordInterceptor;
import io.rostersync.deadletters.DeadLetterSettings;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * The dead-letter consumer's own container factory. It differs from sync-core's shared one in two ways:
 * metadata is refreshed often so the {@code *.DLT} pattern picks up new topics quickly, and a record that
 * cannot be stored is logged and skipped instead of being published to a DLT. Publishing would create
 * {@code x.DLT.DLT}, which the pattern matches again: this is the one consumer with nowhere further to send
 * things. Skipping loses nothing that is not still in the DLT topic itself until its retention ends, and the
 * log line carries the coordinates to find it there.
 */
@Configuration(proxyBeanMethods = false)
class DeadLetterConsumerConfiguration {

    static final String CONTAINER_FACTORY = "deadLetterContainerFactory";
    private static final Logger log = LoggerFactory.getLogger(DeadLetterConsumerConfiguration.class);

    @Bean(CONTAINER_FACTORY)
    ConcurrentKafkaListenerContainerFactory<String, byte[]> deadLetterContainerFactory(
            ConsumerFactory<String, byte[]> sharedConsumerFactory, DeadLetterSettings settings) {
        Map<String, Object> config = new HashMap<>(sharedConsumerFactory.getConfigurationProperties());
        config.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) settings.metadataMaxAge().toMillis());
        ConcurrentKafkaListenerContainerFactory<String, byte[]> factory = new ConcurrentKafkaListenerContainerFactory<>();
        factory.setConsumerFactory(new DefaultKafkaConsumerFactory<>(config));
        factory.setCommonErrorHandler(storeOrSkip(settings));
        // The dead record's own correlation id: the dead-letter service's log lines join the chain that failed.
        factory.setRecordInterceptor(new CorrelationRecordInterceptor<>());
        return factory;
    }

    private static DefaultErrorHandler storeOrSkip(DeadLetterSettings settings) {
        ExponentialBackOff backOff = new ExponentialBackOff(settings.storeBackoff().toMillis(), 2.0);
        backOff.setMaxAttempts(settings.storeAttempts() - 1);
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> log.error(
                "Dead letter at {}-{}@{} could not be stored after {} attempts and is skipped; it stays in that topic until retention: {}",
                record.topic(), record.partition(), record.offset(), settings.storeAttempts(), failure.toString()), backOff);
        // Commit the skipped offset so a restart does not loop on the same record forever.
        handler.setCommitRecovered(true);
        return handler;
    }
}
