package io.rostersync.core.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Verifies an OIDC/JWT bearer token (signature, expiry, issuer, audience) and maps its role claim to a {@link Role}.
 * A valid token without a known role is refused like an invalid one: it must not get even viewer access.
 */
final class JwtAuthentication {

    private final ReactiveJwtDecoder decoder;
    private final String roleClaim;

    JwtAuthentication(ReactiveJwtDecoder decoder, String roleClaim) {
        this.decoder = decoder;
        this.roleClaim = roleClaim;
    }

    /**
     * @throws IllegalStateException when the settings name a key that cannot be read
     */
    static JwtAuthentication from(OpsSecuritySettings.Jwt settings) {
        NimbusReactiveJwtDecoder decoder;
        if (present(settings.publicKeyLocation())) {
            decoder = NimbusReactiveJwtDecoder.withPublicKey(readPublicKey(settings.publicKeyLocation())).build();
        } else if (present(settings.jwkSetUri())) {
            decoder = NimbusReactiveJwtDecoder.withJwkSetUri(settings.jwkSetUri()).build();
        } else {
            // Discovery happens on the first token, so a briefly unreachable issuer does not stop the service starting.
            decoder = NimbusReactiveJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
        }
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(present(settings.issuerUri()) ? JwtValidators.createDefaultWithIssuer(settings.issuerUri()) : JwtValidators.createDefault());
        if (!settings.audiences().isEmpty()) {
            validators.add(jwt -> jwt.getAudience() != null && jwt.getAudience().stream().anyMatch(settings.audiences()::contains)
                    ? OAuth2TokenValidatorResult.success()
                    : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "the token is not meant for this API", null)));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return new JwtAuthentication(decoder, settings.roleClaim());
    }

    /** Whether the presented bearer value has the shape of a JWS (three base64url parts). */
    static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2 && token.length() > 20;
    }

    Mono<Authentication> authenticate(String token) {
        return decoder.decode(token)
                .onErrorMap(JwtException.class, e -> new BadCredentialsException("invalid JWT: " + e.getMessage(), e))
                .flatMap(jwt -> Mono.justOrEmpty(role(jwt))
                        .switchIfEmpty(Mono.error(new BadCredentialsException("the JWT has no known role in claim '" + roleClaim + "'")))
                        .map(role -> (Authentication) UsernamePasswordAuthenticationToken.authenticated(
                                principal(jwt), null, AuthorityUtils.createAuthorityList(role.authorities()))));
    }

    private Optional<Role> role(Jwt jwt) {
        Object claim = jwt.getClaims().get(roleClaim);
        Collection<?> values = claim instanceof Collection<?> list ? list : claim == null ? List.of() : List.of(claim);
        Role best = null;
        for (Object value : values) {
            Role role = switch (String.valueOf(value).toLowerCase(Locale.ROOT)) {
                case "viewer" -> Role.VIEWER;
                case "operator" -> Role.OPERATOR;
                case "admin" -> Role.ADMIN;
                default -> null;
            };
            if (role != null && (best == null || role.compareTo(best) > 0)) {
                best = role;
            }
        }
        return Optional.ofNullable(best);
    }

    private static String principal(Jwt jwt) {
        // The subject is an opaque id at every OIDC issuer; an email claim would put personal data into audit fields.
        return jwt.getSubject() != null ? jwt.getSubject() : "jwt";
    }

    private static RSAPublicKey readPublicKey(String location) {
        Resource resource = new DefaultResourceLoader().getResource(location);
        try (InputStream in = resource.getInputStream()) {
            String pem = new String(in.readAllBytes(), StandardCharsets.US_ASCII)
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
            return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new IllegalStateException("rostersync.security.jwt.public-key-location: cannot read " + location + ": " + e.getMessage(), e);
        } catch (java.security.GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new IllegalStateException("rostersync.security.jwt.public-key-location: " + location
                    + " is not a PEM RSA public key (-----BEGIN PUBLIC KEY-----)", e);
        }
    }

    private static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
