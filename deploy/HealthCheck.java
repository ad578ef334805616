/**
 * Container HEALTHCHECK: exits 0 when this service's readiness group is UP. Run as a single-file source program
 * ({@code java HealthCheck.java}) so the runtime image needs no curl or wget.
 */
public class HealthCheck {
    public static void main(String[] args) throws Exception {
        String port = System.getenv().getOrDefault("SERVER_PORT", "8080");
        var request = java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                .timeout(java.time.Duration.ofSeconds(4)).build();
        var response = java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding());
        System.exit(response.statusCode() == 200 ? 0 : 1);
    }
}
