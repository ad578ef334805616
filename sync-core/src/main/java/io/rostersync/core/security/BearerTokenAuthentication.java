package io.rostersync.core.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.server.authentication.ServerAuthenticationConverter;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads {@code Authorization: Bearer <token>}: a JWT goes to the configured OIDC issuer's verification (when one is
 * configured); anything else is matched, in constant time, against the configured static tokens.
 */
class BearerTokenAuthentication implements ServerAuthenticationConverter, ReactiveAuthenticationManager {

    private final OpsSecuritySettings settings;
    private final JwtAuthentication jwt;

    BearerTokenAuthentication(OpsSecuritySettings settings) {
        this.settings = settings;
        this.jwt = settings.jwt().enabled() ? JwtAuthentication.from(settings.jwt()) : null;
    }

    @Override
    public Mono<Authentication> convert(ServerWebExchange exchange) {
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Mono.empty();
        }
        return Mono.just(UsernamePasswordAuthenticationToken.unauthenticated("bearer", header.substring(7).trim()));
    }

    @Override
    public Mono<Authentication> authenticate(Authentication authentication) {
        String presented = String.valueOf(authentication.getCredentials());
        Optional<OpsSecuritySettings.Token> token = find(presented);
        if (token.isPresent()) {
            return Mono.just(UsernamePasswordAuthenticationToken.authenticated(token.get().name(), null,
                    AuthorityUtils.createAuthorityList(token.get().role().authorities())));
        }
        if (jwt != null && JwtAuthentication.looksLikeJwt(presented)) {
            return jwt.authenticate(presented);
        }
        return Mono.error(new BadCredentialsException("unknown bearer token"));
    }

    private Optional<OpsSecuritySettings.Token> find(String presented) {
        byte[] presentedBytes = presented.getBytes(StandardCharsets.UTF_8);
        OpsSecuritySettings.Token match = null;
        // Compare against every token so timing does not reveal which one (or how much of one) matched.
        for (OpsSecuritySettings.Token token : settings.tokens()) {
            if (MessageDigest.isEqual(presentedBytes, token.value().getBytes(StandardCharsets.UTF_8))) {
                match = token;
            }
        }
        return Optional.ofNullable(match);
    }
}
