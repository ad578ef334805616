package io.rostersync.simulator.edfi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rostersync.simulator.district.RosterRecord.Person;

/**
 * How the one district's OneRoster ids become Ed-Fi identifiers. Both APIs serve the same records, so a connector
 * can match them:
 * <ul>
 * <li>resource {@code id}: 32 lowercase hex digits, the MD5 of {@code "<resource>/<key>"} where key is the
 * OneRoster sourcedId of the underlying record (for sessions {@code "<school sourcedId>|<session sourcedId>"}, for
 * course offerings {@code "<course>|<session>|<school>"}). It never changes, not even on a key change.</li>
 * <li>{@code schoolId} = 255901000 + n for org {@code org-nnnnn}; the district {@code org-00000} is local education
 * agency {@code 255901}. An org created through Ed-Fi outside that range is {@code edorg-<schoolId>}. Other org ids
 * get 900000000 + a hash.</li>
 * <li>{@code studentUniqueId} / {@code staffUniqueId} = the OneRoster user's {@code identifier}, or its sourcedId
 * when it has none (generated users have none, so {@code usr-000001} is student {@code usr-000001}).</li>
 * <li>{@code sectionIdentifier} = class sourcedId; {@code courseCode} and {@code localCourseCode} = course
 * {@code courseCode}; {@code sessionName} = academic session title.</li>
 * </ul>
 */
public final class EdFiIds {

    public static final int LOCAL_EDUCATION_AGENCY_ID = 255901;
    private static final Pattern ORG = Pattern.compile("org-(\\d{1,5})");
    private static final Pattern WRITTEN_ORG = Pattern.compile("edorg-(\\d{1,18})");

    private EdFiIds() {
    }

    public static String resourceId(String resource, String key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((resource + "/" + key).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Ed-Fi education organization id of a OneRoster org. */
    public static long educationOrganizationId(String orgSourcedId) {
        Matcher m = ORG.matcher(orgSourcedId);
        if (m.matches()) {
            int n = Integer.parseInt(m.group(1));
            return n == 0 ? LOCAL_EDUCATION_AGENCY_ID : 255_901_000L + n;
        }
        Matcher written = WRITTEN_ORG.matcher(orgSourcedId);
        if (written.matches()) {
            return Long.parseLong(written.group(1));
        }
        return 900_000_000L + Math.floorMod(orgSourcedId.hashCode(), 99_999_999);
    }

    /**
     * The sourcedId an org created through Ed-Fi gets, the inverse of {@link #educationOrganizationId}:
     * {@code org-nnnnn} in the generated range (255901001..255999999), {@code edorg-<id>} otherwise.
     */
    public static String orgSourcedId(long educationOrganizationId) {
        if (educationOrganizationId == LOCAL_EDUCATION_AGENCY_ID) {
            return String.format("org-%05d", 0);
        }
        long n = educationOrganizationId - 255_901_000L;
        return n >= 1 && n <= 99_999 ? String.format("org-%05d", n) : "edorg-" + educationOrganizationId;
    }

    /** studentUniqueId or staffUniqueId of a person. */
    public static String uniqueId(Person person) {
        return person.identifier() != null && !person.identifier().isBlank() ? person.identifier()
                : person.sourcedId();
    }
}
