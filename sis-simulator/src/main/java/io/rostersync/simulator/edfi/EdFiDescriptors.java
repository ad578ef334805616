package io.rostersync.simulator.edfi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The descriptor (code set) values the served resources reference, with the namespaces of the Ed-Fi default
 * descriptors. A reference is written {@code namespace#codeValue}, e.g.
 * {@code uri://ed-fi.org/GradeLevelDescriptor#Ninth grade}.
 */
final class EdFiDescriptors {

    /** Resource name (e.g. {@code gradeLevelDescriptors}) to its code values. */
    static final Map<String, List<String>> VALUES = new LinkedHashMap<>();
    static {
        VALUES.put("gradeLevelDescriptors", List.of("Preschool/Prekindergarten", "Kindergarten", "First grade",
                "Second grade", "Third grade", "Fourth grade", "Fifth grade", "Sixth grade", "Seventh grade",
                "Eighth grade", "Ninth grade", "Tenth grade", "Eleventh grade", "Twelfth grade", "Ungraded"));
        VALUES.put("termDescriptors", List.of("Fall Semester", "Spring Semester", "Year Round"));
        VALUES.put("sexDescriptors", List.of("Female", "Male", "Not Selected"));
        VALUES.put("educationOrganizationCategoryDescriptors", List.of("School", "Local Education Agency"));
        VALUES.put("classroomPositionDescriptors", List.of("Teacher of Record", "Assistant Teacher"));
        VALUES.put("courseIdentificationSystemDescriptors", List.of("LEA course code"));
    }

    private static final List<String> ONE_ROSTER_GRADES = List.of("PK", "KG", "01", "02", "03", "04", "05", "06", "07",
            "08", "09", "10", "11", "12");

    private EdFiDescriptors() {
    }

    /** {@code gradeLevelDescriptors} → {@code uri://ed-fi.org/GradeLevelDescriptor}. */
    static String namespace(String resource) {
        String singular = resource.substring(0, resource.length() - 1);
        return "uri://ed-fi.org/" + Character.toUpperCase(singular.charAt(0)) + singular.substring(1);
    }

    static String uri(String resource, String codeValue) {
        return namespace(resource) + "#" + codeValue;
    }

    /** A descriptor item's order key, {@code namespace#codeValue} (what a reference to it is written as). */
    static String key(String namespace, String codeValue) {
        return namespace + "#" + codeValue;
    }

    /** The sourcedIds of a code set's written values start with this ({@code gradeLevelDescriptors/}). */
    static String sourcedIdPrefix(String resource) {
        return resource + "/";
    }

    /** The code value of a descriptor reference ({@code uri://ed-fi.org/GradeLevelDescriptor#Ninth grade}), or null. */
    static String codeValue(String reference) {
        int hash = reference == null ? -1 : reference.lastIndexOf('#');
        return hash < 0 || hash == reference.length() - 1 ? null : reference.substring(hash + 1);
    }

    /** The OneRoster grade of an Ed-Fi grade level reference, or null if it names no grade OneRoster has. */
    static String oneRosterGrade(String gradeLevelReference) {
        int index = VALUES.get("gradeLevelDescriptors").indexOf(codeValue(gradeLevelReference));
        return index >= 0 && index < ONE_ROSTER_GRADES.size() ? ONE_ROSTER_GRADES.get(index) : null;
    }

    /** Ed-Fi grade level for a OneRoster (CEDS) grade such as {@code 09} or {@code KG}. */
    static String gradeLevel(String oneRosterGrade) {
        int index = ONE_ROSTER_GRADES.indexOf(oneRosterGrade);
        List<String> grades = VALUES.get("gradeLevelDescriptors");
        return uri("gradeLevelDescriptors", index < 0 ? "Ungraded" : grades.get(index));
    }

    static String sex(String oneRosterSex) {
        String code = oneRosterSex == null ? "Not Selected" : switch (oneRosterSex) {
            case "female" -> "Female";
            case "male" -> "Male";
            default -> "Not Selected";
        };
        return uri("sexDescriptors", code);
    }
}
