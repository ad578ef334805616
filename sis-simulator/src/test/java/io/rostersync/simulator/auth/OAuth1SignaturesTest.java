package io.rostersync.simulator.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The signature base string and encoding against RFC 5849's own example (§3.4.1.1, §3.6). */
class OAuth1SignaturesTest {

    @Test
    void baseStringMatchesTheRfcExample() {
        List<Map.Entry<String, String>> params = List.of(Map.entry("b5", "=%3D"), Map.entry("a3", "a"),
                Map.entry("c@", ""), Map.entry("a2", "r b"), Map.entry("c2", ""), Map.entry("a3", "2 q"),
                Map.entry("oauth_consumer_key", "9djdj82h48djs9d2"), Map.entry("oauth_token", "kkk9d7dh3k39sjv7"),
                Map.entry("oauth_signature_method", "HMAC-SHA1"), Map.entry("oauth_timestamp", "137131201"),
                Map.entry("oauth_nonce", "7d8f3e4a"));
        assertThat(OAuth1Signatures.baseString("post", "http://example.com/request", params)).isEqualTo(
                "POST&http%3A%2F%2Fexample.com%2Frequest&a2%3Dr%2520b%26a3%3D2%2520q%26a3%3Da%26b5%3D%253D%25253D%26"
                        + "c%2540%3D%26c2%3D%26oauth_consumer_key%3D9djdj82h48djs9d2%26oauth_nonce%3D7d8f3e4a%26"
                        + "oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D137131201%26oauth_token%3D"
                        + "kkk9d7dh3k39sjv7");
    }

    @Test
    void percentEncodingKeepsOnlyUnreservedCharacters() {
        assertThat(OAuth1Signatures.encode("a-b._~ +*'é")).isEqualTo("a-b._~%20%2B%2A%27%C3%A9");
    }
}
