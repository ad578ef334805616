package io.rostersync.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.Yaml;

/**
 * The k8s/ kustomize tree: every file parses strictly into the Kubernetes model, every kustomization references what
 * exists, and every Deployment (in the base and, where kubectl exists, in each rendered overlay) has the probes,
 * resources, security context, ServiceAccount and configuration references production needs.
 */
class KubernetesManifestsTest {

    private static final Path K8S = DeploymentFiles.root().resolve("k8s");
    private static final List<String> OVERLAYS = List.of("dev", "prod", "prod-strimzi-keda");

    @Test
    void everyKustomizationReferencesFilesThatExistAndParseStrictly() throws IOException {
        List<Path> kustomizations;
        try (Stream<Path> files = Files.walk(K8S)) {
            kustomizations = files.filter(p -> p.getFileName().toString().equals("kustomization.yaml")).toList();
        }
        assertThat(kustomizations).hasSizeGreaterThanOrEqualTo(6);
        for (Path kustomization : kustomizations) {
            Map<String, Object> k = new Yaml().load(Files.readString(kustomization));
            Path dir = kustomization.getParent();
            for (String entry : strings(k.get("resources"))) {
                Path target = dir.resolve(entry).normalize();
                assertThat(target).as(kustomization + " resource " + entry).exists();
                if (Files.isRegularFile(target)) {
                    assertThat(parse(target)).as(target.toString()).isNotEmpty();
                } else {
                    assertThat(target.resolve("kustomization.yaml")).exists();
                }
            }
            for (String component : strings(k.get("components"))) {
                assertThat(dir.resolve(component).resolve("kustomization.yaml")).as(kustomization + " component").exists();
            }
            for (Object patch : list(k.get("patches"))) {
                Map<?, ?> p = (Map<?, ?>) patch;
                if (p.get("path") != null) {
                    Path file = dir.resolve((String) p.get("path"));
                    assertThat(file).exists();
                    HasMetadata patched = parse(file).get(0);
                    assertThat(targetExists(dir, patched.getKind(), patched.getMetadata().getName()))
                            .as(kustomization + " patches " + patched.getKind() + "/" + patched.getMetadata().getName()).isTrue();
                }
                if (p.get("target") instanceof Map<?, ?> target) {
                    assertThat(targetExists(dir, (String) target.get("kind"), (String) target.get("name")))
                            .as(kustomization + " patch target " + target).isTrue();
                }
            }
        }
    }

    @Test
    void everyBaseDeploymentIsProductionReady() throws IOException {
        List<HasMetadata> base = render("base", false);
        List<Deployment> deployments = of(base, Deployment.class);
        assertThat(deployments).extracting(d -> d.getMetadata().getName())
                .containsExactlyInAnyOrderElementsOf(DeploymentFiles.SERVICES);
        deployments.forEach(d -> assertProductionReady(d, base));
        assertNetworkPolicies(base);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod", "prod-strimzi-keda"})
    void kubectlRendersTheOverlayAndEveryDeploymentIsProductionReady(String overlay) throws IOException {
        assumeTrue(kubectlAvailable(), "kubectl is not installed; the structural checks above still ran");
        List<HasMetadata> rendered = render("overlays/" + overlay, true);
        List<Deployment> deployments = of(rendered, Deployment.class);
        assertThat(deployments).hasSize(DeploymentFiles.SERVICES.size());
        deployments.forEach(d -> assertProductionReady(d, rendered));
        assertNetworkPolicies(rendered);
        assertThat(rendered).allSatisfy(r -> assertThat(r.getKind()).isNotEqualTo("Secret"));
        if (overlay.startsWith("prod")) {
            assertThat(of(rendered, ServiceAccount.class)).allSatisfy(sa -> assertThat(sa.getMetadata().getAnnotations())
                    .containsKey("iam.gke.io/gcp-service-account"));
            assertThat(rendered).allSatisfy(r -> assertThat(r.getMetadata().getNamespace()).isEqualTo("rostersync"));
        }
        if (overlay.equals("prod-strimzi-keda")) {
            List<GenericKubernetesResource> topics = rendered.stream().filter(r -> r.getKind().equals("KafkaTopic"))
                    .map(GenericKubernetesResource.class::cast).toList();
            assertThat(topics).hasSize(14).allSatisfy(t -> {
                Map<String, Object> spec = t.get("spec");
                assertThat(spec.get("partitions")).isEqualTo(12);
                assertThat(spec.get("replicas")).isEqualTo(3);
            });
            assertThat(rendered.stream().filter(r -> r.getKind().equals("ScaledObject")).map(r -> r.getMetadata().getName()))
                    .containsExactlyInAnyOrder("sync-orchestrator", "connector-oneroster", "connector-edfi");
            assertThat(rendered.stream().filter(r -> r.getKind().equals("HorizontalPodAutoscaler")).map(r -> r.getMetadata().getName()))
                    .doesNotContain("sync-orchestrator", "connector-oneroster", "connector-edfi");
        }
    }

    private static void assertProductionReady(Deployment deployment, List<HasMetadata> all) {
        String name = deployment.getMetadata().getName();
        PodSpec pod = deployment.getSpec().getTemplate().getSpec();
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(pod.getServiceAccountName()).as(name).isEqualTo(name);
        assertThat(of(all, ServiceAccount.class)).anySatisfy(sa -> assertThat(sa.getMetadata().getName()).isEqualTo(name));
        assertThat(pod.getContainers()).hasSize(1);
        Container c = pod.getContainers().get(0);
        assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(name).isEqualTo("/actuator/health/readiness");
        assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(name).isEqualTo("/actuator/health/liveness");
        assertThat(c.getStartupProbe().getHttpGet().getPath()).as(name).startsWith("/actuator/health/");
        assertThat(c.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).as(name).containsKeys("cpu", "memory");
        var sc = c.getSecurityContext();
        assertThat(sc.getRunAsNonRoot()).as(name).isTrue();
        assertThat(sc.getReadOnlyRootFilesystem()).as(name).isTrue();
        assertThat(sc.getAllowPrivilegeEscalation()).as(name).isFalse();
        assertThat(sc.getCapabilities().getDrop()).as(name).containsExactly("ALL");
        assertThat(sc.getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getName()).isEqualTo("tmp");
            assertThat(v.getEmptyDir()).isNotNull();
        });
        assertThat(c.getEnvFrom()).anySatisfy(e -> assertThat(e.getConfigMapRef().getName()).isEqualTo("rostersync-config"));
        assertThat(c.getEnvFrom()).anySatisfy(e -> assertThat(e.getSecretRef()).isNotNull());
        // Secret values never appear in a manifest: only references.
        assertThat(c.getEnv()).allSatisfy(e -> assertThat(e.getName()).doesNotContain("SECRET", "PASSWORD", "TOKENS", "JAAS"));
        assertThat(all.stream().filter(r -> r.getKind().equals("Service")).map(r -> r.getMetadata().getName())).contains(name);
        assertThat(all.stream().filter(r -> r.getKind().equals("PodDisruptionBudget")).map(r -> r.getMetadata().getName())).contains(name);
        boolean scaled = all.stream().anyMatch(r -> (r.getKind().equals("HorizontalPodAutoscaler") || r.getKind().equals("ScaledObject"))
                && r.getMetadata().getName().equals(name));
        assertThat(scaled).as(name + " has an autoscaler").isTrue();
    }

    private static void assertNetworkPolicies(List<HasMetadata> all) {
        List<NetworkPolicy> policies = of(all, NetworkPolicy.class);
        NetworkPolicy deny = policies.stream().filter(p -> p.getMetadata().getName().equals("default-deny")).findFirst().orElseThrow();
        assertThat(deny.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
        assertThat(deny.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
        assertThat(deny.getSpec().getIngress()).isNullOrEmpty();
        // Only the gateway and the health API accept traffic from the ingress controller's namespace... plus the ops APIs.
        List<String> fromIngressController = policies.stream()
                .filter(p -> p.getSpec().getIngress() != null && p.getSpec().getIngress().stream()
                        .flatMap(rule -> rule.getFrom().stream())
                        .anyMatch(peer -> peer.getNamespaceSelector() != null
                                && "ingress-nginx".equals(peer.getNamespaceSelector().getMatchLabels().get("kubernetes.io/metadata.name"))))
                .map(p -> p.getMetadata().getName()).toList();
        assertThat(fromIngressController).containsExactlyInAnyOrder("webhook-gateway-ingress", "health-api-ingress", "ops-apis-ingress");
        List<String> ingresses = all.stream().filter(r -> r.getKind().equals("Ingress")).map(r -> r.getMetadata().getName()).toList();
        assertThat(ingresses).containsExactlyInAnyOrder("webhook-gateway", "health-api");
    }

    // --- rendering and strict parsing ---

    private static List<HasMetadata> render(String dir, boolean withKubectl) throws IOException {
        if (!withKubectl) {
            Map<String, Object> k = new Yaml().load(Files.readString(K8S.resolve(dir).resolve("kustomization.yaml")));
            List<HasMetadata> all = new ArrayList<>();
            for (String entry : strings(k.get("resources"))) {
                all.addAll(parse(K8S.resolve(dir).resolve(entry)));
            }
            return all;
        }
        Process process = new ProcessBuilder("kubectl", "kustomize", K8S.resolve(dir).toString()).redirectErrorStream(false).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        assertThat(process.exitValue()).as("kubectl kustomize " + dir + ": " + err).isZero();
        return parseDocuments(out, dir);
    }

    private static List<HasMetadata> parse(Path file) throws IOException {
        return parseDocuments(Files.readString(file), file.toString());
    }

    /** Parses each YAML document into its typed model and fails on any field the model does not know. */
    private static List<HasMetadata> parseDocuments(String yaml, String where) {
        List<HasMetadata> resources = new ArrayList<>();
        for (String doc : yaml.split("(?m)^---\\s*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
                continue;
            }
            Object parsed = Serialization.unmarshal(doc);
            assertThat(parsed).as(where).isInstanceOf(HasMetadata.class);
            HasMetadata resource = (HasMetadata) parsed;
            assertThat(resource.getMetadata().getName()).as(where).isNotBlank();
            if (!(resource instanceof GenericKubernetesResource)) {
                assertNoUnknownFields(resource, where + " " + resource.getKind() + "/" + resource.getMetadata().getName(), 0);
            }
            resources.add(resource);
        }
        return resources;
    }

    /** fabric8 keeps unknown fields in additionalProperties instead of failing; a typo would vanish silently. */
    private static void assertNoUnknownFields(Object node, String where, int depth) {
        if (node == null || depth > 40) {
            return;
        }
        if (node instanceof Collection<?> list) {
            list.forEach(e -> assertNoUnknownFields(e, where, depth + 1));
            return;
        }
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> assertNoUnknownFields(v, where, depth + 1));
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || !getter.getName().startsWith("get") || getter.getName().equals("getClass")) {
                continue;
            }
            try {
                Object value = getter.invoke(node);
                if (getter.getName().equals("getAdditionalProperties")) {
                    assertThat((Map<?, ?>) value).as(where + ": unknown fields in " + node.getClass().getSimpleName()).isNullOrEmpty();
                } else {
                    assertNoUnknownFields(value, where, depth + 1);
                }
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static boolean targetExists(Path kustomizationDir, String kind, String name) throws IOException {
        List<HasMetadata> base = new ArrayList<>();
        try (Stream<Path> files = Files.walk(K8S.resolve("base"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).toList()) {
                base.addAll(parse(f));
            }
        }
        try (Stream<Path> files = Files.walk(K8S.resolve("components"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml")).toList()) {
                base.addAll(parse(f));
            }
        }
        return base.stream().anyMatch(r -> (kind == null || r.getKind().equals(kind))
                && (name == null || r.getMetadata().getName().equals(name)));
    }

    private static <T> List<T> of(List<HasMetadata> all, Class<T> type) {
        return all.stream().filter(type::isInstance).map(type::cast).toList();
    }

    private static List<String> strings(Object value) {
        return list(value).stream().map(String::valueOf).toList();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }

    private static boolean kubectlAvailable() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(Duration.ofSeconds(30).toSeconds(), TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
