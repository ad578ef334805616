package io.rostersync.scale;

import static org.awaitility.Awaitility.await;

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

/**
 * A RosterSync service in a child JVM of its own, started from the test's class path: the one thing a test needs to
 * kill with SIGKILL ({@link #kill()}), or to run with its own heap limit, as it would run in production.
 */
final class ServiceProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final int port;
    private final Path log;

    private ServiceProcess(String name, Process process, int port, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts {@code mainClass} with {@code -Xmx<heap>} and waits until its readiness probe answers 200.
     *
     * @param args Spring Boot command-line arguments; {@code --server.port} is added
     */
    static ServiceProcess start(String name, String mainClass, String heap, int port, List<String> args) {
        try {
            Path logs = Files.createDirectories(Path.of("target", "scale-logs"));
            Path log = Files.createTempFile(logs, name + "-", ".log");
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx" + heap, "-XX:+UseParallelGC", "-cp", System.getProperty("java.class.path"), mainClass,
                    "--server.port=" + port, "--server.address=127.0.0.1"));
            command.addAll(args);
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            ServiceProcess service = new ServiceProcess(name, process, port, log);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, name + "-stop"));
            service.awaitReady();
            return service;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest probe = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(2)).build();
        await(name + " ready (log: " + log.toAbsolutePath() + ")").atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log.toAbsolutePath());
                    }
                    try {
                        return http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                    } catch (IOException e) {
                        return false;
                    }
                });
    }

    /** SIGKILL, as {@code kill -9}: no shutdown hook, no flush, no offset commit. */
    void kill() {
        process.destroyForcibly();
        await(name + " gone").atMost(Duration.ofSeconds(30)).until(() -> !process.isAlive());
    }

    /** The most resident memory the process has used so far (Linux {@code VmHWM}), in MiB; -1 where unknown. */
    long peakRssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
