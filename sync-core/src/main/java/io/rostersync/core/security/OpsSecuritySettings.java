package io.rostersync.core.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Static bearer tokens accepted by the ops APIs. Values come from configuration (environment, mounted
 * files), never from code; an empty list means nobody can call the APIs.
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.security")
public record OpsSecuritySettings(@Valid List<Token> tokens) {

    public OpsSecuritySettings {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /**
     * @param name who holds the token; becomes the principal name in audit fields
     * @param value the token; at least 16 characters so it cannot be guessed
     */
    public record Token(@NotBlank String name, @NotBlank @Size(min = 16) String value, @NotNull Role role) {
        @Override
        public String toString() {
            return "Token[name=" + name + ", role=" + role + "]";
        }
    }
}
