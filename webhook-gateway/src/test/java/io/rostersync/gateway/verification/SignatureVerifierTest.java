package io.rostersync.gateway.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.standardwebhooks.Webhook;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class SignatureVerifierTest {

    // The test vector published with the Standard Webhooks reference libraries.
    private static final String SPEC_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String SPEC_ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final long SPEC_TIMESTAMP = 1614265330L;
    private static final byte[] SPEC_BODY = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
    private static final String SPEC_SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    private static final String OTHER_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "another-32-byte-secret-for-tests".getBytes(StandardCharsets.UTF_8));

    private final SignatureVerifier verifier = verifierAt(SPEC_TIMESTAMP);

    @Test
    void theSpecTestVectorVerifies() {
        WebhookSecret secret = secret("config:a", SPEC_SECRET);

        WebhookSecret signer = verifier.verify(headers(SPEC_SIGNATURE), SPEC_BODY, List.of(secret));

        assertThat(signer.reference()).isEqualTo("config:a");
    }

    @Test
    void aSignatureFromTheReferenceLibraryVerifies() throws Exception {
        byte[] body = "{\"entityType\":\"users\",\"ids\":[\"usr-1\"],\"changeKind\":\"updated\"}".getBytes(StandardCharsets.UTF_8);
        String signature = new Webhook(OTHER_SECRET).sign("msg_1", SPEC_TIMESTAMP, new String(body, StandardCharsets.UTF_8));

        SignatureHeaders headers = new SignatureHeaders("msg_1", Long.toString(SPEC_TIMESTAMP), signature);

        assertThat(verifier.verify(headers, body, List.of(secret("config:b", OTHER_SECRET))).reference()).isEqualTo("config:b");
    }

    @Test
    void aSignatureUnderAnotherSecretIsRejected() {
        assertThatThrownBy(() -> verifier.verify(headers(SPEC_SIGNATURE), SPEC_BODY, List.of(secret("config:b", OTHER_SECRET))))
                .isInstanceOf(SignatureRejectedException.class)
                .hasMessageContaining("no signature");
    }

    @Test
    void aTamperedBodyIsRejected() {
        byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> verifier.verify(headers(SPEC_SIGNATURE), tampered, List.of(secret("config:a", SPEC_SECRET))))
                .isInstanceOf(SignatureRejectedException.class);
    }

    @Test
    void theSecondSecretOfARotationIsAccepted() {
        List<WebhookSecret> rotation = List.of(secret("env:OLD", OTHER_SECRET), secret("env:NEW", SPEC_SECRET));

        assertThat(verifier.verify(headers(SPEC_SIGNATURE), SPEC_BODY, rotation).reference()).isEqualTo("env:NEW");
    }

    @Test
    void oneMatchingSignatureAmongSeveralIsEnough() {
        String header = "v1a,ignoredAsymmetric== v1,AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= v1,not*base64  " + SPEC_SIGNATURE;

        assertThat(verifier.verify(headers(header), SPEC_BODY, List.of(secret("config:a", SPEC_SECRET)))).isNotNull();
    }

    @Test
    void aTimestampOlderThanTheToleranceIsRejected() {
        SignatureVerifier later = verifierAt(SPEC_TIMESTAMP + 301);

        assertThatThrownBy(() -> later.verify(headers(SPEC_SIGNATURE), SPEC_BODY, List.of(secret("config:a", SPEC_SECRET))))
                .isInstanceOf(SignatureRejectedException.class)
                .hasMessageContaining("301 s away");
    }

    @Test
    void aTimestampTooFarInTheFutureIsRejected() {
        SignatureVerifier earlier = verifierAt(SPEC_TIMESTAMP - 301);

        assertThatThrownBy(() -> earlier.verify(headers(SPEC_SIGNATURE), SPEC_BODY, List.of(secret("config:a", SPEC_SECRET))))
                .isInstanceOf(SignatureRejectedException.class)
                .hasMessageContaining("webhook-timestamp");
    }

    @Test
    void aTimestampAtTheEdgeOfTheToleranceIsAccepted() {
        assertThat(verifierAt(SPEC_TIMESTAMP + 300).verify(headers(SPEC_SIGNATURE), SPEC_BODY, List.of(secret("config:a", SPEC_SECRET))))
                .isNotNull();
        assertThat(verifierAt(SPEC_TIMESTAMP - 300).verify(headers(SPEC_SIGNATURE), SPEC_BODY, List.of(secret("config:a", SPEC_SECRET))))
                .isNotNull();
    }

    @Test
    void aTimestampThatIsNotUnixSecondsIsRejected() {
        for (String timestamp : List.of("2021-02-25T15:02:10Z", "-1614265330", "1614265330.5", "16142653300000000")) {
            SignatureHeaders headers = new SignatureHeaders(SPEC_ID, timestamp, SPEC_SIGNATURE);
            assertThatThrownBy(() -> verifier.checkHeaders(headers))
                    .as(timestamp)
                    .isInstanceOf(SignatureRejectedException.class)
                    .hasMessageContaining("unix seconds");
        }
    }

    @Test
    void missingHeadersAreNamed() {
        assertThatThrownBy(() -> verifier.checkHeaders(new SignatureHeaders(null, " ", SPEC_SIGNATURE)))
                .isInstanceOf(SignatureRejectedException.class)
                .hasMessageContaining("webhook-id")
                .hasMessageContaining("webhook-timestamp")
                .hasMessageNotContaining("webhook-signature");
    }

    @Test
    void aSignatureHeaderWithoutV1EntriesIsRejected() {
        for (String header : List.of("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", "v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
                "v1,%%%", "v1,")) {
            assertThatThrownBy(() -> verifier.verify(headers(header), SPEC_BODY, List.of(secret("config:a", SPEC_SECRET))))
                    .as(header)
                    .isInstanceOf(SignatureRejectedException.class);
        }
    }

    @Test
    void signProducesWhatTheSpecExpects() {
        assertThat(SignatureVerifier.sign(secret("config:a", SPEC_SECRET), SPEC_ID, Long.toString(SPEC_TIMESTAMP), SPEC_BODY))
                .isEqualTo(SPEC_SIGNATURE);
    }

    private static SignatureHeaders headers(String signature) {
        return new SignatureHeaders(SPEC_ID, Long.toString(SPEC_TIMESTAMP), signature);
    }

    private static WebhookSecret secret(String reference, String value) {
        return WebhookSecret.parse(reference, value);
    }

    private static SignatureVerifier verifierAt(long epochSecond) {
        return new SignatureVerifier(Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC), Duration.ofMinutes(5));
    }
}
