package io.rostersync.orchestrator.apply;

import java.util.Map;

/**
 * What happens to a field changed both locally and in the SIS to different values.
 *
 * @param name {@code manual} (hold the local value and open a conflict), {@code remote-wins}, {@code local-wins},
 *     {@code newest-wins} (the side with the later timestamp), or {@code field-ownership}
 * @param fieldOwnership for {@code field-ownership}: field → {@code sis} or {@code local}; fields not listed are
 *     held as in {@code manual}
 */
public record ConflictPolicy(String name, Map<String, String> fieldOwnership) {

    public static final ConflictPolicy MANUAL = new ConflictPolicy("manual", Map.of());

    public ConflictPolicy {
        name = name == null ? "manual" : name;
        fieldOwnership = fieldOwnership == null ? Map.of() : Map.copyOf(fieldOwnership);
    }
}
