package io.rostersync.core.security;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call the ops APIs: static bearer tokens and, optionally, JWTs from an OIDC issuer. Values come from
 * configuration (environment, mounted files), never from code; with no tokens and no issuer nobody can call the APIs.
 *
 * @param tokens static bearer tokens
 * @param jwt OIDC/JWT bearer tokens; disabled unless an issuer, JWK set or public key is configured
 */
@Validated
@ConfigurationProperties(prefix = "rostersync.security")
public record OpsSecuritySettings(@Valid List<Token> tokens, @Valid Jwt jwt) {

    public OpsSecuritySettings {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
        jwt = jwt == null ? new Jwt(null, null, null, null, null) : jwt;
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

    /**
     * JWT bearer tokens from an OIDC issuer (e.g. Google, Entra ID, Keycloak, Okta).
     *
     * @param issuerUri the issuer; tokens must carry it as {@code iss}. Alone, its OIDC discovery document names the keys
     * @param jwkSetUri where the issuer's signing keys are published; skips discovery
     * @param publicKeyLocation a PEM RSA public key ({@code file:/path} or {@code classpath:...}) instead of a JWK set
     * @param roleClaim the claim holding the role: a string or a list of strings among {@code viewer}, {@code operator},
     *                  {@code admin} (case-insensitive; the highest wins; others are ignored). Default {@code roles}
     * @param audiences if not empty, the token's {@code aud} must contain one of these
     */
    public record Jwt(String issuerUri, String jwkSetUri, String publicKeyLocation, String roleClaim, List<String> audiences) {

        public Jwt {
            roleClaim = roleClaim == null || roleClaim.isBlank() ? "roles" : roleClaim;
            audiences = audiences == null ? List.of() : List.copyOf(audiences);
        }

        /** Whether JWTs are accepted at all. */
        public boolean enabled() {
            return present(issuerUri) || present(jwkSetUri) || present(publicKeyLocation);
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }
    }
}
