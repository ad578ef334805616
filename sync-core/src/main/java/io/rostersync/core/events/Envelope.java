package io.rostersync.core.events;

import java.time.Instant;

/**
 * A decoded CloudEvent: its context attributes and typed data.
 *
 * @param id the CloudEvents id, the idempotency key of every consumer
 * @param subject the {@code ce_subject}, e.g. a runId or record id; may be null
 */
public record Envelope<T extends RosterEvent>(String id, EventType type, String source, Instant time, String subject, T data) {
}
