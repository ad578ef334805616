package io.rostersync.core.testsupport;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The official Cloud Firestore emulator, one per JVM, on a free port. Started on first use, stopped when the
 * JVM exits. Find the jar with {@code FIRESTORE_EMULATOR_JAR}, else under the Google Cloud SDK.
 */
public final class FirestoreEmulator {

    public static final String PROJECT_ID = "demo-rostersync";
    private static final String JAR_IN_SDK = "platform/cloud-firestore-emulator/cloud-firestore-emulator.jar";
    private static volatile FirestoreEmulator instance;

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private FirestoreEmulator(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static FirestoreEmulator instance() {
        if (instance == null) {
            synchronized (FirestoreEmulator.class) {
                if (instance == null) {
                    instance = start();
                }
            }
        }
        return instance;
    }

    public String hostPort() {
        return "127.0.0.1:" + port;
    }

    /** Deletes every document of the test project. */
    public void clear() {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/emulator/v1/projects/" + PROJECT_ID
                + "/databases/(default)/documents")).DELETE().timeout(Duration.ofSeconds(30)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("emulator refused to clear: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clear the Firestore emulator at " + hostPort(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Locates the emulator jar.
     *
     * @throws IllegalStateException naming how to install it when it cannot be found
     */
    public static Path locateJar() {
        List<Path> candidates = new ArrayList<>();
        String override = System.getenv("FIRESTORE_EMULATOR_JAR");
        if (override != null && !override.isBlank()) {
            Path path = Path.of(override);
            if (Files.isRegularFile(path)) {
                return path;
            }
            throw new IllegalStateException("FIRESTORE_EMULATOR_JAR points at " + override + ", which is not a file");
        }
        String sdkRoot = sdkRootFromGcloud();
        if (sdkRoot != null) {
            candidates.add(Path.of(sdkRoot, JAR_IN_SDK));
        }
        for (String root : List.of("/usr/lib/google-cloud-sdk", "/usr/share/google-cloud-sdk", "/opt/google-cloud-sdk",
                System.getProperty("user.home") + "/google-cloud-sdk")) {
            candidates.add(Path.of(root, JAR_IN_SDK));
        }
        return candidates.stream().filter(Files::isRegularFile).findFirst().orElseThrow(() -> new IllegalStateException(
                "The Cloud Firestore emulator jar was not found (looked at " + candidates + "). Install it with "
                        + "'gcloud components install cloud-firestore-emulator', or on Debian/Ubuntu with "
                        + "'apt-get install google-cloud-cli-firestore-emulator', or set FIRESTORE_EMULATOR_JAR to the jar's path."));
    }

    private static String sdkRootFromGcloud() {
        try {
            Process p = new ProcessBuilder("gcloud", "info", "--format=value(installation.sdk_root)")
                    .redirectErrorStream(false).start();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes()).trim();
            return out.isEmpty() ? null : out;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static FirestoreEmulator start() {
        Path jar = locateJar();
        int port = FreePorts.find();
        // The emulator runs on this JVM's java unless told otherwise (a benchmark may give it a newer JDK's collector).
        String java = System.getProperty("rostersync.test.firestore-java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        try {
            File log = Files.createTempFile("firestore-emulator-", ".log").toFile();
            // The emulator keeps every document in memory: a suite that syncs a large district raises this.
            String heap = System.getProperty("rostersync.test.firestore-heap", "512m");
            List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
            // Extra JVM options for the emulator, e.g. a GC log when a benchmark's tail needs explaining.
            String options = System.getProperty("rostersync.test.firestore-jvm-options", "").trim();
            if (!options.isEmpty()) {
                command.addAll(List.of(options.split("\\s+")));
            }
            command.addAll(List.of("-cp", jar.toString(), "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                    "--host=127.0.0.1", "--port=" + port, "--project_id=" + PROJECT_ID));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
            FirestoreEmulator emulator = new FirestoreEmulator(process, port);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "firestore-emulator-stop"));
            emulator.awaitReady(log);
            return emulator;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the Firestore emulator from " + jar, e);
        }
    }

    private void awaitReady(File log) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://" + hostPort() + "/")).timeout(Duration.ofSeconds(2)).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the Firestore emulator exited; see " + log);
            }
            try {
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return;
            } catch (IOException e) {
                // not listening yet: poll again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            try {
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the Firestore emulator did not listen on " + hostPort() + " within 60 s; see " + log);
    }
}
