package io.rostersync.core.connector.http;

import io.rostersync.core.connector.ConnectorException;
import java.net.URI;

/** Reads the URLs an integration configures for its server. */
public final class ServerUrls {

    private ServerUrls() {
    }

    /**
     * The URL without trailing slashes, so that paths can be appended with one.
     *
     * @param what how an operator would name the URL, e.g. "base URL"
     * @throws ConnectorException {@code config} when the value is missing or not an absolute http(s) URL
     */
    public static URI parse(Standard standard, String what, String value) {
        if (value == null || value.isBlank()) {
            throw new ConnectorException("config", "the integration has no " + standard.name() + " " + what);
        }
        String trimmed = value.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = URI.create(trimmed);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an absolute http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ConnectorException("config", "the " + standard.name() + " " + what + " '" + value + "' is not a valid http(s) URL");
        }
    }
}
