package io.rostersync.gateway;

import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.web.server.MatcherSecurityWebFilterChain;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.header.CacheControlServerHttpHeadersWriter;
import org.springframework.security.web.server.header.CompositeServerHttpHeadersWriter;
import org.springframework.security.web.server.header.ContentTypeOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.HttpHeaderWriterWebFilter;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter;
import org.springframework.security.web.server.header.StrictTransportSecurityServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XFrameOptionsServerHttpHeadersWriter;
import org.springframework.security.web.server.header.XXssProtectionServerHttpHeadersWriter;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Webhooks authenticate with their Standard Webhooks signature, which the intake checks against the integration's
 * secrets; sync-core's chain only permits them. Running its dozen filters (security context, request cache,
 * authentication, authorization, each observed) for every webhook cost more CPU than verifying the signature, so webhook
 * paths get a chain of their own, ahead of sync-core's, that only writes Spring Security's default response headers
 * (the same as every other answer carries). Everything else (actuator, the OpenAPI file) keeps sync-core's chain.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurityConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain webhookSecurityFilterChain() {
        // The writers of ServerHttpSecurity's default header spec (the feature and content security policy writers write
        // nothing unless configured).
        HttpHeaderWriterWebFilter defaultHeaders = new HttpHeaderWriterWebFilter(new CompositeServerHttpHeadersWriter(
                new CacheControlServerHttpHeadersWriter(), new ContentTypeOptionsServerHttpHeadersWriter(),
                new StrictTransportSecurityServerHttpHeadersWriter(), new XFrameOptionsServerHttpHeadersWriter(),
                new XXssProtectionServerHttpHeadersWriter(), new ReferrerPolicyServerHttpHeadersWriter()));
        return new MatcherSecurityWebFilterChain(ServerWebExchangeMatchers.pathMatchers("/webhooks/**"), List.of(defaultHeaders));
    }
}
