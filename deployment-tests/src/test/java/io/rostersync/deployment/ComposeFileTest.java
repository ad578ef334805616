package io.rostersync.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml follows the Compose Specification and runs every service with health-gated start-up. */
class ComposeFileTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static String source;
    private static JsonNode compose;

    @BeforeAll
    static void load() throws IOException {
        source = Files.readString(DeploymentFiles.root().resolve("docker-compose.yml"));
        // SnakeYAML resolves anchors and merge keys (<<) the way docker compose does; then validate the resolved tree.
        Map<String, Object> yaml = new Yaml(new LoaderOptions()).load(source);
        compose = JSON.valueToTree(yaml);
    }

    /** The schema as published; its relative {@code $id} is made absolute because the validator insists on a URI. */
    private static JsonSchema composeSchema() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode node;
        try (InputStream in = ComposeFileTest.class.getResourceAsStream("/compose-spec/compose-spec.schema.json")) {
            node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(in);
        }
        node.put("$id", "https://raw.githubusercontent.com/compose-spec/compose-spec/main/schema/compose-spec.json");
        return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(node);
    }

    @Test
    void validatesAgainstTheComposeSpecificationSchema() throws IOException {
        JsonSchema schema = composeSchema();
        Set<ValidationMessage> errors = schema.validate(compose);
        assertThat(errors).as("Compose Specification violations").isEmpty();
    }

    @Test
    void aBrokenFileIsRejected() throws IOException {
        JsonSchema schema = composeSchema();
        JsonNode broken = JSON.valueToTree(new Yaml().load("services:\n  x:\n    image: a\n    healthcheck: {interval: 5}\n    depends_on: {y: {condition: when_ready}}\n"));
        assertThat(schema.validate(broken)).isNotEmpty();
    }

    @Test
    void everyServiceModuleRunsWithAHealthCheckAndWaitsForHealthyInfrastructure() {
        JsonNode services = compose.get("services");
        for (String module : DeploymentFiles.SERVICES) {
            JsonNode service = services.get(module);
            assertThat(service).as(module).isNotNull();
            assertThat(service.path("healthcheck").path("test").isArray()).as(module + " health check").isTrue();
            assertThat(service.path("build").path("args").path("MODULE").asText()).isEqualTo(module);
            assertThat(service.path("depends_on").path("kafka").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(service.path("depends_on").path("firestore").path("condition").asText()).isEqualTo("service_healthy");
            assertThat(service.path("environment").path("KAFKA_BOOTSTRAP_SERVERS").asText()).isEqualTo("kafka:9092");
            assertThat(service.path("environment").path("FIRESTORE_EMULATOR_HOST").asText()).isEqualTo("firestore:8080");
            assertThat(service.path("environment").has("ROSTERSYNC_SECURITY_TOKENS_0_VALUE")).isTrue();
        }
        for (String infra : new String[] {"kafka", "firestore", "sis-simulator"}) {
            assertThat(services.path(infra).path("healthcheck").path("test").isArray()).as(infra).isTrue();
        }
        assertThat(services.path("kafka").path("image").asText()).startsWith("apache/kafka:");
        assertThat(services.path("firestore").path("command").toString()).contains("--host-port=0.0.0.0:8080");
        assertThat(services.path("demo-setup").path("depends_on").path("sync-orchestrator").path("condition").asText())
                .isEqualTo("service_healthy");
        assertThat(services.path("demo-setup").path("command").toString()).contains("PUT", "/api/integrations/");
        assertThat(compose.path("volumes").has("kafka-data")).isTrue();
    }

    @Test
    void everyVariableTheFileUsesIsInEnvExample() throws IOException {
        String example = Files.readString(DeploymentFiles.root().resolve(".env.example"));
        Set<String> used = new LinkedHashSet<>();
        Matcher m = Pattern.compile("(?<!\\$)\\$\\{([A-Z0-9_]+)").matcher(source);
        while (m.find()) {
            used.add(m.group(1));
        }
        assertThat(used).isNotEmpty();
        for (String variable : used) {
            assertThat(example).as(".env.example defines " + variable).containsPattern("(?m)^" + variable + "=");
        }
    }

    @Test
    void theImageIsLayeredNonRootAndHealthChecked() throws IOException {
        String dockerfile = Files.readString(DeploymentFiles.root().resolve("deploy/Dockerfile"));
        assertThat(dockerfile).containsPattern("ARG JRE_IMAGE=eclipse-temurin:17\\.[0-9.]+_[0-9]+-jre\\b");
        assertThat(dockerfile).contains("-Djarmode=tools -jar application.jar extract --layers --launcher");
        assertThat(dockerfile).containsPattern("(?m)^USER 10001");
        assertThat(dockerfile).contains("MaxRAMPercentage", "HEALTHCHECK");
        assertThat(dockerfile).contains("org.springframework.boot.loader.launch.JarLauncher");
        assertThat(Files.readString(DeploymentFiles.root().resolve("deploy/HealthCheck.java")))
                .contains("/actuator/health/readiness");
    }
}
