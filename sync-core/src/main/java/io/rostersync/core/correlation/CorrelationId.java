package io.rostersync.core.correlation;

import io.rostersync.core.events.EventCodec;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.slf4j.MDC;

/**
 * The one id that follows a change through every service: the gateway's event id for a webhook, the trigger's id for
 * any other run. It travels on every Kafka record as the CloudEvents extension attribute {@code correlationid} (binary
 * mode header {@value #HEADER}), lives in the logging MDC under {@value #MDC_KEY} while a service works on it (every log
 * line prints it), and is kept on runs and dead letters. {@link io.rostersync.core.events.EventCodec} stamps records
 * with the current one; {@link CorrelationRecordInterceptor} makes a consumed record's id the current one.
 */
public final class CorrelationId {

    /** CloudEvents extension attribute {@code correlationid} in Kafka binary content mode. */
    public static final String HEADER = "ce_correlationid";
    public static final String MDC_KEY = "correlationId";

    private CorrelationId() {
    }

    /** The id of the work this thread is doing, or null. */
    public static String current() {
        return MDC.get(MDC_KEY);
    }

    /**
     * Makes {@code id} the current one until the scope is closed, then restores what was current before (so nested
     * scopes, e.g. a queued run started while another run's completion is handled, do not leak into each other).
     * A null or blank id leaves the current one unchanged.
     */
    public static Scope open(String id) {
        String previous = current();
        if (id == null || id.isBlank()) {
            return () -> { };
        }
        MDC.put(MDC_KEY, id);
        return () -> {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        };
    }

    /** Longer ids are not taken from a record: the id goes into every log line its work writes. */
    public static final int MAX_LENGTH = 256;

    /**
     * The id a record carries, or null when it carries none or one that is not fit to log (longer than
     * {@value #MAX_LENGTH} characters, or with control characters that could forge log lines).
     */
    public static String of(Headers headers) {
        String id = EventCodec.header(headers, HEADER);
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            return null;
        }
        return id;
    }

    /** Adds the current id to outgoing headers, unless they carry one already. */
    public static void stamp(Headers headers) {
        String id = current();
        if (id != null && headers.lastHeader(HEADER) == null) {
            headers.add(HEADER, id.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A scope that needs no checked exception to close. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
