package io.rostersync.core.correlation;

import io.rostersync.core.events.CloudEventHeaders;
import io.rostersync.core.events.EventCodec;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.MDC;
import org.springframework.kafka.listener.RecordInterceptor;

/**
 * Makes a consumed record's correlation id the current one for as long as the listener (and the error handler, which
 * logs retries and dead-letters the record) works on it. A record from before correlation ids, or from outside
 * RosterSync, starts a chain of its own: its event id becomes the correlation id of whatever it causes.
 */
public final class CorrelationRecordInterceptor<K, V> implements RecordInterceptor<K, V> {

    @Override
    public ConsumerRecord<K, V> intercept(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        String id = CorrelationId.of(record.headers());
        if (id == null) {
            id = EventCodec.header(record.headers(), CloudEventHeaders.ID);
        }
        if (id == null) {
            MDC.remove(CorrelationId.MDC_KEY);
        } else {
            MDC.put(CorrelationId.MDC_KEY, id);
        }
        return record;
    }

    @Override
    public void afterRecord(ConsumerRecord<K, V> record, Consumer<K, V> consumer) {
        MDC.remove(CorrelationId.MDC_KEY);
    }

    @Override
    public void clearThreadState(Consumer<?, ?> consumer) {
        MDC.remove(CorrelationId.MDC_KEY);
    }
}
