package io.rostersync.core.security;

import org.springframework.security.config.web.server.ServerHttpSecurity;

/**
 * A service's own authorization rules, applied before the defaults (viewer for {@code /api/**}).
 * Example: {@code auth -> auth.pathMatchers(HttpMethod.POST, "/api/**").hasRole("OPERATOR")}.
 */
@FunctionalInterface
public interface OpsApiRules {

    void apply(ServerHttpSecurity.AuthorizeExchangeSpec auth);
}
