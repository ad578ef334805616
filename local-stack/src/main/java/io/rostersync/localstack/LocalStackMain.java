package io.rostersync.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

/**
 * Entry point used by {@code ./rostersync up}: reads the stack's settings from the environment the script
 * prepared, starts every service, writes {@code local.env} and a ready marker, and runs until stopped.
 */
public final class LocalStackMain {

    private LocalStackMain() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Path stateDir = Path.of(env("ROSTERSYNC_STATE_DIR", ".rostersync"));
        Files.deleteIfExists(stateDir.resolve("ready"));
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, Integer.parseInt(env(service.portVariable(), Integer.toString(service.defaultPort()))));
        }
        StackSettings settings = new StackSettings(required("KAFKA_BOOTSTRAP_SERVERS"), required("FIRESTORE_EMULATOR_HOST"),
                env("FIRESTORE_PROJECT_ID", "demo-rostersync"), ports, required("ADMIN_TOKEN"), required("OPERATOR_TOKEN"),
                required("VIEWER_TOKEN"), env("SIS_CLIENT_ID", "rostersync-demo"), required("SIS_CLIENT_SECRET"),
                required("DEMO_WEBHOOK_SECRET"), env("DEMO_INTEGRATION_ID", "demo-oneroster"),
                Integer.parseInt(env("SIMULATOR_STUDENTS", "200")));
        long started = System.nanoTime();
        LocalStack stack = LocalStack.start(settings);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            stopped.countDown();
        }, "local-stack-stop"));
        String env = stack.environment().entrySet().stream()
                .map(e -> e.getKey() + "=" + shellQuote(e.getValue())).collect(Collectors.joining("\n", "", "\n"));
        Files.createDirectories(stateDir);
        Path envFile = stateDir.resolve("local.env");
        Files.writeString(envFile, "# Written by ./rostersync up; source it: . " + envFile + "\n" + env);
        Files.writeString(stateDir.resolve("ready"), Long.toString((System.nanoTime() - started) / 1_000_000));
        stopped.await();
    }

    private static String shellQuote(String value) {
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set; start the stack with ./rostersync up");
        }
        return value;
    }
}
