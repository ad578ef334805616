package io.rostersync.gateway.support;

import io.rostersync.core.testsupport.FirestoreEmulator;
import io.rostersync.gateway.WebhookGatewayApplication;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A whole gateway started outside Spring's test context cache, so a test can stop it and start another one (a
 * restart) or point it at a broker of its own (an outage). Always against this JVM's Firestore emulator.
 */
public final class GatewayInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private GatewayInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** @param properties extra {@code key=value} properties, after the defaults so they win */
    public static GatewayInstance start(String bootstrapServers, String... properties) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--rostersync.kafka.bootstrap-servers=" + bootstrapServers,
                "--rostersync.firestore.emulator-host=" + FirestoreEmulator.instance().hostPort(),
                "--rostersync.firestore.project-id=" + FirestoreEmulator.PROJECT_ID,
                "--" + TestWebhooks.SECRET_PROPERTY + "=" + TestWebhooks.SECRET));
        for (String property : properties) {
            args.add("--" + property);
        }
        return new GatewayInstance(WebhookGatewayApplication.builder().run(args.toArray(String[]::new)));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
