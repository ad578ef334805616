package io.rostersync.simulator.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** OAuth 1.0a (RFC 5849) HMAC-SHA256 signatures, as OneRoster 1.1 requires for signed requests. */
public final class OAuth1Signatures {

    private OAuth1Signatures() {
    }

    /** Percent-encoding per RFC 5849 §3.6: everything but ALPHA, DIGIT, '-', '.', '_', '~' as %XX of UTF-8. */
    public static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }

    /**
     * The signature base string of RFC 5849 §3.4.1.
     *
     * @param method  HTTP method
     * @param baseUri scheme, host, port (only when not the scheme's default) and path, no query (§3.4.1.2)
     * @param params  decoded query, body and {@code oauth_*} protocol parameters (not {@code oauth_signature}, not
     *                {@code realm}), as name/value pairs; names may repeat
     */
    public static String baseString(String method, String baseUri, List<Map.Entry<String, String>> params) {
        List<String[]> encoded = new ArrayList<>();
        for (Map.Entry<String, String> p : params) {
            encoded.add(new String[] { encode(p.getKey()), encode(p.getValue() == null ? "" : p.getValue()) });
        }
        encoded.sort(Comparator.<String[], String>comparing(p -> p[0]).thenComparing(p -> p[1]));
        StringBuilder normalized = new StringBuilder();
        for (String[] p : encoded) {
            if (normalized.length() > 0) {
                normalized.append('&');
            }
            normalized.append(p[0]).append('=').append(p[1]);
        }
        return method.toUpperCase(Locale.ROOT) + "&" + encode(baseUri) + "&" + encode(normalized.toString());
    }

    /** {@code base64(HMAC-SHA256(encode(consumerSecret) & encode(tokenSecret), baseString))}. */
    public static String sign(String baseString, String consumerSecret, String tokenSecret) {
        String key = encode(consumerSecret) + "&" + encode(tokenSecret == null ? "" : tokenSecret);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(baseString.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
