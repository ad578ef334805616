package io.rostersync.orchestrator.alerts;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param checkInterval how often every replica evaluates the alert rules (a transition is claimed once, in a transaction)
 * @param deliveryTimeout how long one outgoing webhook may take; an undelivered one is tried again on the next check
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.orchestrator.alerts")
public record AlertsSettings(@NotNull Duration checkInterval, @NotNull Duration deliveryTimeout) {
}
