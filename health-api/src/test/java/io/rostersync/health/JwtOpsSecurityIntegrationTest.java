package io.rostersync.health;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.rostersync.core.events.ConnectionSettings;
import io.rostersync.core.integrations.ConnectorType;
import io.rostersync.core.integrations.Integration;
import io.rostersync.core.integrations.Integrations;
import io.rostersync.core.testsupport.TestInfrastructure;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The ops API accepts JWTs from the configured issuer, maps their role claim, and refuses everything else with 401/403. */
@SpringBootTest(classes = HealthApiApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.config.name=health-api",
                "rostersync.security.tokens[0].name=operator",
                "rostersync.security.tokens[0].value=static-operator-token-0123456789",
                "rostersync.security.tokens[0].role=OPERATOR",
                "rostersync.security.jwt.issuer-uri=" + JwtOpsSecurityIntegrationTest.ISSUER,
                "rostersync.security.jwt.role-claim=rostersync_role",
                "rostersync.security.jwt.audiences=rostersync-ops"})
class JwtOpsSecurityIntegrationTest {

    static final String ISSUER = "https://issuer.rostersync.test";
    private static final KeyPair ISSUER_KEY = rsa();
    private static final KeyPair FOREIGN_KEY = rsa();
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");

    @DynamicPropertySource
    static void infra(DynamicPropertyRegistry registry) throws IOException {
        TestInfrastructure.register(registry);
        Path pem = Files.createTempFile("issuer", ".pem");
        pem.toFile().deleteOnExit();
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(ISSUER_KEY.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        registry.add("rostersync.security.jwt.public-key-location", () -> "file:" + pem);
    }

    @LocalServerPort
    int port;
    @Autowired
    Integrations integrations;

    private WebTestClient web;

    @BeforeEach
    void seed() {
        TestInfrastructure.clearFirestore();
        web = WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).responseTimeout(Duration.ofSeconds(40)).build();
        integrations.save(new Integration("alpha", "District alpha", ConnectorType.ONEROSTER,
                new ConnectionSettings("https://sis.example/alpha", "https://sis.example/token", "1.2", "client-alpha",
                        "env:ALPHA_SECRET", List.of("roster-core.readonly")),
                "0 0 * * * *", true, "manual", List.of("env:whsec_alpha"), T0, T0));
    }

    @Test
    void operatorJwtCanStartASync() {
        syncWith(jwt(ISSUER_KEY, ISSUER, "operator", "rostersync-ops", Instant.now().plusSeconds(300))).isAccepted();
    }

    @Test
    void roleClaimAsAListTakesTheHighestRole() {
        syncWith(jwt(ISSUER_KEY, ISSUER, List.of("viewer", "admin"), "rostersync-ops", Instant.now().plusSeconds(300))).isAccepted();
    }

    @Test
    void viewerJwtCanReadButNotAct() {
        String viewer = jwt(ISSUER_KEY, ISSUER, "viewer", "rostersync-ops", Instant.now().plusSeconds(300));
        web.get().uri("/api/integrations").headers(h -> h.setBearerAuth(viewer)).exchange().expectStatus().isOk();
        syncWith(viewer).isForbidden();
    }

    @Test
    void expiredJwtGets401() {
        syncWith(jwt(ISSUER_KEY, ISSUER, "operator", "rostersync-ops", Instant.now().minusSeconds(600))).isUnauthorized();
    }

    @Test
    void jwtFromAForeignIssuerGets401() {
        // Signed by another key, and claiming another issuer: both must be refused.
        syncWith(jwt(FOREIGN_KEY, ISSUER, "operator", "rostersync-ops", Instant.now().plusSeconds(300))).isUnauthorized();
        syncWith(jwt(ISSUER_KEY, "https://evil.example", "operator", "rostersync-ops", Instant.now().plusSeconds(300))).isUnauthorized();
    }

    @Test
    void jwtForAnotherAudienceOrWithoutARoleGets401() {
        syncWith(jwt(ISSUER_KEY, ISSUER, "operator", "another-api", Instant.now().plusSeconds(300))).isUnauthorized();
        syncWith(jwt(ISSUER_KEY, ISSUER, "superuser", "rostersync-ops", Instant.now().plusSeconds(300))).isUnauthorized();
    }

    @Test
    void staticTokensKeepWorking() {
        syncWith("static-operator-token-0123456789").isAccepted();
        syncWith("not-a-known-token-0123456789").isUnauthorized();
    }

    private org.springframework.test.web.reactive.server.StatusAssertions syncWith(String token) {
        return web.post().uri("/api/integrations/alpha/sync").headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange().expectStatus();
    }

    private static String jwt(KeyPair key, String issuer, Object role, String audience, Instant expiresAt) {
        try {
            JWTClaimsSet claims = new JWTClaimsSet.Builder()
                    .issuer(issuer).subject("user-4711").audience(audience)
                    .issueTime(Date.from(expiresAt.minusSeconds(900))).expirationTime(Date.from(expiresAt))
                    .claim("rostersync_role", role).build();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner((RSAPrivateKey) key.getPrivate()));
            return jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
