package io.rostersync.core.secrets;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.env.Environment;

/**
 * Turns a credential reference into the secret, from this service's own environment. Three forms:
 * {@code env:NAME} (an environment variable), {@code file:/path} (a mounted secret; trailing newline dropped)
 * and {@code config:property.name} (a Spring property, e.g. from a profile-specific file or system property).
 * The secret itself is never stored in Firestore or logged.
 */
public class SecretResolver {

    private final Environment environment;

    public SecretResolver(Environment environment) {
        this.environment = environment;
    }

    /**
     * @throws SecretNotFoundException when the reference is malformed or names nothing that exists
     */
    public String resolve(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new SecretNotFoundException("no credential reference given");
        }
        int colon = reference.indexOf(':');
        if (colon < 1) {
            throw new SecretNotFoundException("credential reference '" + reference + "' must look like env:NAME, file:/path or config:property");
        }
        String kind = reference.substring(0, colon);
        String name = reference.substring(colon + 1);
        String value = switch (kind) {
            case "env" -> System.getenv(name);
            case "config" -> environment.getProperty(name);
            case "file" -> readFile(name);
            default -> throw new SecretNotFoundException("credential reference '" + reference + "' has unknown kind '" + kind
                    + "'; use env:, file: or config:");
        };
        if (value == null || value.isBlank()) {
            throw new SecretNotFoundException("credential reference '" + reference + "' resolves to nothing in this service's environment");
        }
        return value;
    }

    private static String readFile(String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SecretNotFoundException("cannot read secret file " + path + ": " + e.getMessage());
        }
    }
}
