package io.rostersync.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rostersync.core.RosterSyncCore;
import io.rostersync.core.security.OpsSecuritySettings;
import io.rostersync.core.security.ProductionConfigurationCheck;
import io.rostersync.core.security.Role;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** The prod profile refuses to start without real infrastructure credentials; env-var configuration binds as documented. */
class ProductionProfileTest {

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    @Import(RosterSyncCore.class)
    static class AnyService {
    }

    @Test
    void prodProfileWithoutCredentialsFailsFastNamingWhatIsMissing() {
        // Nothing is set: the test JVM has no KAFKA_*/FIRESTORE_* variables (asserted so the test means what it says).
        assertThat(System.getenv("KAFKA_BOOTSTRAP_SERVERS")).isNull();
        assertThat(System.getenv("FIRESTORE_PROJECT_ID")).isNull();
        long started = System.nanoTime();
        assertThatThrownBy(() -> new SpringApplicationBuilder(AnyService.class)
                .web(WebApplicationType.NONE)
                .profiles("prod")
                .properties("spring.config.name=prod-check")
                .run().close())
                .hasMessageContaining("The 'prod' profile cannot start")
                .hasMessageContaining("KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("KAFKA_SASL_JAAS_CONFIG")
                .hasMessageContaining("FIRESTORE_PROJECT_ID");
        assertThat((System.nanoTime() - started) / 1_000_000_000).as("seconds to fail").isLessThan(60);
    }

    @Test
    void prodProfileRefusesTheEmulatorAndPlaintextKafka() {
        MockEnvironment env = prodEnvironment()
                .withProperty("rostersync.firestore.emulator-host", "127.0.0.1:8080")
                .withProperty("rostersync.kafka.properties[security.protocol]", "PLAINTEXT");
        assertThat(new ProductionConfigurationCheck(env, Optional::empty).problems())
                .anySatisfy(p -> assertThat(p).startsWith("FIRESTORE_EMULATOR_HOST is set"))
                .anySatisfy(p -> assertThat(p).contains("must be SASL_SSL or SSL, not 'PLAINTEXT'"));
    }

    @Test
    void missingApplicationDefaultCredentialsAreNamed() {
        assertThat(new ProductionConfigurationCheck(prodEnvironment(), () -> Optional.of("Google application default credentials")).problems())
                .containsExactly("Google application default credentials");
    }

    @Test
    void completeProdConfigurationPasses() {
        assertThat(new ProductionConfigurationCheck(prodEnvironment(), Optional::empty).problems()).isEmpty();
    }

    @Test
    void opsTokensBindFromEnvironmentVariables() {
        StandardEnvironment environment = new StandardEnvironment();
        MutablePropertySources sources = environment.getPropertySources();
        sources.remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        sources.addLast(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(
                "ROSTERSYNC_SECURITY_TOKENS_0_NAME", "admin",
                "ROSTERSYNC_SECURITY_TOKENS_0_VALUE", "admin-token-0123456789",
                "ROSTERSYNC_SECURITY_TOKENS_0_ROLE", "ADMIN",
                "ROSTERSYNC_SECURITY_TOKENS_1_NAME", "viewer",
                "ROSTERSYNC_SECURITY_TOKENS_1_VALUE", "viewer-token-0123456789",
                "ROSTERSYNC_SECURITY_TOKENS_1_ROLE", "viewer",
                "ROSTERSYNC_SECURITY_JWT_ISSUER_URI", "https://issuer.example",
                "ROSTERSYNC_SECURITY_JWT_ROLE_CLAIM", "rostersync_role")));
        ConfigurationPropertySources.attach(environment);
        OpsSecuritySettings settings = Binder.get(environment).bind("rostersync.security", OpsSecuritySettings.class).get();
        assertThat(settings.tokens()).extracting(OpsSecuritySettings.Token::name, OpsSecuritySettings.Token::value, OpsSecuritySettings.Token::role)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("admin", "admin-token-0123456789", Role.ADMIN),
                        org.assertj.core.groups.Tuple.tuple("viewer", "viewer-token-0123456789", Role.VIEWER));
        assertThat(settings.jwt().enabled()).isTrue();
        assertThat(settings.jwt().roleClaim()).isEqualTo("rostersync_role");
    }

    private static MockEnvironment prodEnvironment() {
        MockEnvironment env = new MockEnvironment()
                .withProperty("rostersync.kafka.bootstrap-servers", "broker-1:9093")
                .withProperty("rostersync.kafka.properties[security.protocol]", "SASL_SSL")
                .withProperty("rostersync.kafka.properties[sasl.jaas.config]", "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .withProperty("rostersync.firestore.project-id", "p");
        env.setActiveProfiles("prod");
        return env;
    }
}
