package io.rostersync.gateway.verification;

import io.rostersync.core.integrations.Integration;
import io.rostersync.core.secrets.SecretNotFoundException;
import io.rostersync.core.secrets.SecretResolver;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Resolves an integration's webhook secret references from this service's environment. A reference that does
 * not resolve is skipped (and logged by reference) so that one broken entry during a rotation does not reject
 * webhooks signed with the other.
 */
@Component
public class WebhookSecrets {

    private static final Logger log = LoggerFactory.getLogger(WebhookSecrets.class);

    private final SecretResolver resolver;

    public WebhookSecrets(SecretResolver resolver) {
        this.resolver = resolver;
    }

    /** @return the usable secrets, possibly none */
    public List<WebhookSecret> of(Integration integration) {
        List<WebhookSecret> secrets = new ArrayList<>();
        for (String reference : integration.webhookSecretRefs()) {
            try {
                secrets.add(WebhookSecret.parse(reference, resolver.resolve(reference)));
            } catch (SecretNotFoundException | IllegalArgumentException e) {
                log.warn("Webhook secret {} of integration {} is unusable: {}", reference, integration.integrationId(), e.getMessage());
            }
        }
        return secrets;
    }
}
