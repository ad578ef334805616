package io.rostersync.core.connector;

import java.util.Map;

/**
 * Result of a connection test.
 *
 * @param declaredCounts entity counts the SIS declares (e.g. from {@code X-Total-Count}); empty when unknown
 */
public record ConnectionCheck(boolean authenticated, boolean reachable, String message, Map<String, Long> declaredCounts) {

    public ConnectionCheck {
        declaredCounts = declaredCounts == null ? Map.of() : Map.copyOf(declaredCounts);
    }
}
