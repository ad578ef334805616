package io.rostersync.health.benchmark;

import static org.awaitility.Awaitility.await;

import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.core.testsupport.FreePorts;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A Firestore emulator with a heap large enough for 100,000 run documents. The shared test emulator
 * ({@link FirestoreEmulator}) runs with 512 MB, sized for tests; holding this many documents (the emulator keeps an
 * index entry per field) it slows down until batched writes time out. Same jar, same project id, a free port.
 */
final class BenchmarkEmulator {

    private static final String HEAP = System.getProperty("benchmark.emulatorHeap", "2g");
    private static volatile String hostPort;

    private BenchmarkEmulator() {
    }

    static synchronized String hostPort() {
        if (hostPort == null) {
            hostPort = start();
        }
        return hostPort;
    }

    private static String start() {
        int port = FreePorts.find();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        try {
            File log = Files.createTempFile("benchmark-firestore-emulator-", ".log").toFile();
            Process process = new ProcessBuilder(java, "-Xmx" + HEAP, "-cp", FirestoreEmulator.locateJar().toString(),
                    "com.google.cloud.datastore.emulator.firestore.CloudFirestore",
                    "--host=127.0.0.1", "--port=" + port, "--project_id=" + FirestoreEmulator.PROJECT_ID)
                    .redirectErrorStream(true).redirectOutput(log).start();
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroy, "benchmark-emulator-stop"));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(2)).build();
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("the benchmark's Firestore emulator exited; see " + log);
                }
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                return true;
            });
            return "127.0.0.1:" + port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
