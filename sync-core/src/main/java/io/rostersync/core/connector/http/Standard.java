package io.rostersync.core.connector.http;

/**
 * The rostering standard a connector speaks, as operators read it in errors and logs.
 *
 * @param name e.g. "OneRoster" or "Ed-Fi"
 * @param article the indefinite article before the name ("a OneRoster", "an Ed-Fi"), which spelling cannot predict
 */
public record Standard(String name, String article) {
}
