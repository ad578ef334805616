package io.rostersync.scale;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import io.rostersync.core.events.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Firestore against the SIS, record for record: per collection, every sourcedId with its status and
 * {@code dateLastModified} (the version the SIS gave it) on both sides, and a SHA-256 over the sorted lists so a
 * run can print one checksum per collection.
 */
final class RosterComparison {

    /** The records of one collection on one side: sourcedId → "status|dateLastModified", and its checksum. */
    record Side(Map<String, String> versions, String checksum) {
        static Side of(Map<String, String> versions) {
            try {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                new TreeMap<>(versions).forEach((id, version) -> sha.update((id + "=" + version + "\n").getBytes(StandardCharsets.UTF_8)));
                return new Side(versions, HexFormat.of().formatHex(sha.digest()).substring(0, 16));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = EventCodec.defaultMapper();
    private final String root;
    private final String clientId;
    private final String secret;
    private String token;

    RosterComparison(String simulatorRoot, String clientId, String secret) {
        this.root = simulatorRoot;
        this.clientId = clientId;
        this.secret = secret;
    }

    /** Every record of a OneRoster 1.2 collection as the SIS serves it. */
    Side sis(String collection) throws IOException, InterruptedException {
        Map<String, String> versions = new HashMap<>();
        for (int offset = 0; ; offset += 10_000) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/ims/oneroster/rostering/v1p2/" + collection
                            + "?limit=10000&offset=" + offset + "&fields=sourcedId,status,dateLastModified"))
                    .header("Authorization", "Bearer " + token()).timeout(Duration.ofMinutes(2)).GET().build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(collection + " page at " + offset + ": " + response.statusCode());
            }
            JsonNode items = json.readTree(response.body()).get(collection);
            items.forEach(item -> versions.put(item.get("sourcedId").asString(),
                    item.get("status").asString() + "|" + Instant.parse(item.get("dateLastModified").asString())));
            if (items.size() < 10_000) {
                return Side.of(versions);
            }
        }
    }

    /** Every record of the collection as RosterSync holds it for the integration (tombstones as {@code tobedeleted}). */
    static Side firestore(Firestore firestore, String integrationId, String collection) throws Exception {
        Map<String, String> versions = new HashMap<>();
        for (QueryDocumentSnapshot doc : firestore.collection("integrations").document(integrationId).collection(collection)
                .select("status", "dateLastModified").get().get().getDocuments()) {
            versions.put(doc.getId(), doc.getString("status") + "|" + instant(doc));
        }
        return Side.of(versions);
    }

    private static Instant instant(DocumentSnapshot doc) {
        Timestamp ts = doc.getTimestamp("dateLastModified");
        return ts == null ? null : Instant.ofEpochSecond(ts.getSeconds(), ts.getNanos());
    }

    private String token() throws IOException, InterruptedException {
        if (token == null) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(root + "/oauth2/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope="
                            + java.net.URLEncoder.encode("https://purl.imsglobal.org/spec/or/v1p2/scope/roster.readonly "
                            + "https://purl.imsglobal.org/spec/or/v1p2/scope/roster-demographics.readonly", StandardCharsets.UTF_8)))
                    .build();
            token = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).get("access_token").asString();
        }
        return token;
    }
}
