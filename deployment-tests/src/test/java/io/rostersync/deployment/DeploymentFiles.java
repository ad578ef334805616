package io.rostersync.deployment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the repository's deployment files are, for tests run from Maven or an IDE. */
final class DeploymentFiles {

    /** Every deployable service module; the simulator runs only in compose (it stands in for a district's SIS). */
    static final List<String> SERVICES = List.of("webhook-gateway", "sync-orchestrator", "connector-oneroster",
            "connector-edfi", "conflict-service", "deadletter-service", "health-api");

    private DeploymentFiles() {
    }

    static Path root() {
        String configured = System.getProperty("rostersync.root");
        Path start = configured != null ? Path.of(configured) : Path.of("").toAbsolutePath();
        for (Path p = start.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("docker-compose.yml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the repository root (docker-compose.yml and k8s/) above " + start);
    }
}
