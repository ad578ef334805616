package io.rostersync.core.security;

import com.google.auth.oauth2.GoogleCredentials;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;

/**
 * Under the {@code prod} profile, refuses to start unless the service can reach a real Kafka cluster over TLS with
 * credentials and Cloud Firestore with application default credentials. It runs as a bean factory post-processor,
 * before any client is built, so one message names everything that is missing instead of a stack of binding errors.
 */
public final class ProductionConfigurationCheck implements BeanFactoryPostProcessor {

    /** The profile this check guards. */
    public static final String PROFILE = "prod";

    private final Environment environment;
    private final Supplier<Optional<String>> credentialsProblem;

    /**
     * @param credentialsProblem empty when application default credentials are available, else why not
     */
    public ProductionConfigurationCheck(Environment environment, Supplier<Optional<String>> credentialsProblem) {
        this.environment = environment;
        this.credentialsProblem = credentialsProblem;
    }

    /** Looks up Google application default credentials the way the Firestore client will. */
    public static Optional<String> applicationDefaultCredentialsProblem() {
        try {
            GoogleCredentials.getApplicationDefault();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("Google application default credentials (set GOOGLE_APPLICATION_CREDENTIALS to a mounted "
                    + "service-account key file, or run with GKE Workload Identity): " + e.getMessage());
        }
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))) {
            return;
        }
        List<String> missing = problems();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("The '" + PROFILE + "' profile cannot start; missing or wrong configuration:\n - "
                    + String.join("\n - ", missing));
        }
    }

    /** What keeps this environment from running in production; empty when nothing does. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (blank("rostersync.kafka.bootstrap-servers")) {
            problems.add("KAFKA_BOOTSTRAP_SERVERS (rostersync.kafka.bootstrap-servers): the Kafka cluster's bootstrap servers");
        }
        String protocol = value("rostersync.kafka.properties[security.protocol]").toUpperCase(Locale.ROOT);
        if (!protocol.equals("SSL") && !protocol.equals("SASL_SSL")) {
            problems.add("KAFKA_SECURITY_PROTOCOL (rostersync.kafka.properties[security.protocol]) must be SASL_SSL or SSL, not '"
                    + protocol + "': production Kafka traffic is encrypted");
        }
        if (protocol.startsWith("SASL") && blank("rostersync.kafka.properties[sasl.jaas.config]")) {
            problems.add("KAFKA_SASL_JAAS_CONFIG (rostersync.kafka.properties[sasl.jaas.config]): the Kafka SASL login "
                    + "(mount it from a Secret)");
        }
        if (protocol.equals("SSL") && blank("rostersync.kafka.properties[ssl.keystore.location]")) {
            problems.add("KAFKA_SSL_KEYSTORE_LOCATION (rostersync.kafka.properties[ssl.keystore.location]): the client "
                    + "certificate for mutual TLS (or use SASL_SSL)");
        }
        if (blank("rostersync.firestore.project-id")) {
            problems.add("FIRESTORE_PROJECT_ID (rostersync.firestore.project-id): the Google Cloud project of the Firestore database");
        }
        if (!blank("rostersync.firestore.emulator-host")) {
            problems.add("FIRESTORE_EMULATOR_HOST is set (rostersync.firestore.emulator-host): the '" + PROFILE
                    + "' profile talks to Cloud Firestore, unset it");
        } else {
            credentialsProblem.get().ifPresent(problems::add);
        }
        return problems;
    }

    private String value(String property) {
        String value = environment.getProperty(property);
        return value == null ? "" : value.strip();
    }

    private boolean blank(String property) {
        return value(property).isEmpty();
    }
}
