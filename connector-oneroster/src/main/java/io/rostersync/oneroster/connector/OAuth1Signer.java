package io.rostersync.oneroster.connector;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs requests with OAuth 1.0a (RFC 5849) and HMAC-SHA256, as OneRoster 1.1 requires: two-legged (no token), the
 * protocol parameters in the {@code Authorization} header. Written here because scribejava 8.3.3 signs with
 * HMAC-SHA1, RSA-SHA1 and PLAINTEXT only.
 */
final class OAuth1Signer {

    static final String METHOD = "HMAC-SHA256";

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    OAuth1Signer(Clock clock) {
        this.clock = clock;
    }

    /** The {@code Authorization} header value for one request; a fresh nonce and timestamp each call. */
    String authorization(String method, URI uri, String consumerKey, String consumerSecret) {
        byte[] nonce = new byte[16];
        random.nextBytes(nonce);
        Map<String, String> oauth = new LinkedHashMap<>();
        oauth.put("oauth_consumer_key", consumerKey);
        oauth.put("oauth_nonce", HexFormat.of().formatHex(nonce));
        oauth.put("oauth_signature_method", METHOD);
        oauth.put("oauth_timestamp", Long.toString(clock.instant().getEpochSecond()));
        oauth.put("oauth_version", "1.0");
        oauth.put("oauth_signature", sign(baseString(method, uri, oauth), consumerSecret));
        StringBuilder header = new StringBuilder("OAuth ");
        oauth.forEach((name, value) -> header.append(header.length() == 6 ? "" : ", ")
                .append(encode(name)).append("=\"").append(encode(value)).append('"'));
        return header.toString();
    }

    /**
     * RFC 5849 3.4.1: the method, the base string URI (3.4.1.2: lowercase scheme and host, the port only when not the
     * scheme's default, the path, no query) and the normalized parameters (3.4.1.3: the decoded query and the
     * {@code oauth_*} parameters, each percent-encoded, sorted by name then value).
     */
    static String baseString(String method, URI uri, Map<String, String> oauth) {
        List<String[]> params = new ArrayList<>();
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    params.add(new String[] {encode(decode(eq < 0 ? pair : pair.substring(0, eq))),
                            encode(decode(eq < 0 ? "" : pair.substring(eq + 1)))});
                }
            }
        }
        oauth.forEach((name, value) -> params.add(new String[] {encode(name), encode(value)}));
        params.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : params) {
            normalized.append(normalized.length() == 0 ? "" : "&").append(p[0]).append('=').append(p[1]);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        int port = uri.getPort();
        boolean defaultPort = port == -1 || scheme.equals("http") && port == 80 || scheme.equals("https") && port == 443;
        String baseUri = scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port) + uri.getRawPath();
        return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUri) + "&" + encode(normalized.toString());
    }

    /** RFC 5849 3.4.2 with SHA-256: the key is the encoded consumer secret and an empty token secret. */
    static String sign(String baseString, String consumerSecret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec((encode(consumerSecret) + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    /** RFC 5849 3.6: every byte of the UTF-8 form but ALPHA, DIGIT, '-', '.', '_' and '~' as %XX (uppercase). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static String decode(String value) {
        // Query strings may use '+' for a space (HTML forms); URLDecoder treats it so, as RFC 5849 3.4.1.3.1 expects.
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }
}
