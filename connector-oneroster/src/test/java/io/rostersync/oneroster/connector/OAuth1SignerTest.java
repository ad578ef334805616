package io.rostersync.oneroster.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.rostersync.simulator.auth.OAuth1Signatures;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** RFC 5849 signing with HMAC-SHA256, checked against the RFC's rules and the simulator's independent verifier. */
class OAuth1SignerTest {

    private static final Pattern PARAM = Pattern.compile("([a-z_]+)=\"([^\"]*)\"");
    private final OAuth1Signer signer = new OAuth1Signer(Clock.fixed(Instant.parse("2026-11-23T08:52:00Z"), ZoneOffset.UTC));

    @Test
    void theBaseStringFollowsRfc5849() {
        // RFC 5849 3.4.1.1's example request, less its form body (we sign GETs) and with its token dropped (two-legged).
        URI uri = URI.create("http://EXAMPLE.COM:80/request?b5=%3D%253D&a3=a&c%40=&a2=r%20b");
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", "9djdj82h48djs9d2");
        oauth.put("oauth_signature_method", "HMAC-SHA1");
        oauth.put("oauth_timestamp", "137131201");
        oauth.put("oauth_nonce", "7d8f3e4a");

        assertThat(OAuth1Signer.baseString("get", uri, oauth)).isEqualTo("GET&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3Da"
                + "%26b5%3D%253D%25253D%26c%2540%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a"
                + "%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201");
    }

    @Test
    void theSignatureIsTheOneTheSimulatorComputesForTheSameRequest() {
        URI uri = URI.create("http://127.0.0.1:8095/ims/oneroster/v1p1/users?limit=5&filter=role%3D%27teacher%27");

        Map<String, String> header = parse(signer.authorization("GET", uri, "rostersync-demo", "demo secret&más"));

        List<Map.Entry<String, String>> params = new ArrayList<>();
        params.add(new AbstractMap.SimpleEntry<>("limit", "5"));
        params.add(new AbstractMap.SimpleEntry<>("filter", "role='teacher'"));
        header.forEach((k, v) -> {
            if (!k.equals("oauth_signature")) {
                params.add(new AbstractMap.SimpleEntry<>(k, v));
            }
        });
        String expected = OAuth1Signatures.sign(OAuth1Signatures.baseString("GET", "http://127.0.0.1:8095/ims/oneroster/v1p1/users", params),
                "demo secret&más", "");
        assertThat(header.get("oauth_signature")).isEqualTo(expected);
        assertThat(header).containsEntry("oauth_signature_method", "HMAC-SHA256").containsEntry("oauth_version", "1.0")
                .containsEntry("oauth_timestamp", "1795423920").containsEntry("oauth_consumer_key", "rostersync-demo");
    }

    @Test
    void everySignatureHasAFreshNonce() {
        URI uri = URI.create("http://127.0.0.1:8095/ims/oneroster/v1p1/orgs");

        assertThat(parse(signer.authorization("GET", uri, "k", "s")).get("oauth_nonce"))
                .isNotEqualTo(parse(signer.authorization("GET", uri, "k", "s")).get("oauth_nonce"));
    }

    private static Map<String, String> parse(String header) {
        assertThat(header).startsWith("OAuth ");
        Map<String, String> params = new LinkedHashMap<>();
        Matcher m = PARAM.matcher(header);
        while (m.find()) {
            params.put(m.group(1), java.net.URLDecoder.decode(m.group(2), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }
}
