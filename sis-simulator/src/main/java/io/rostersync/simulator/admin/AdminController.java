package io.rostersync.simulator.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.DistrictSize;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.edfi.EdFiIds;
import io.rostersync.simulator.edfi.EdFiRekeys;
import io.rostersync.simulator.oneroster.OneRosterMapper;

/**
 * The test harness's control plane: inspect and regenerate the district and change records the way a district
 * admin would in a real SIS. Not part of any standard and not protected by OAuth. Errors are RFC 9457 problem details.
 */
@RestController
@RequestMapping(path = "/admin", produces = MediaType.APPLICATION_JSON_VALUE)
class AdminController {

    private final Districts districts;
    private final Validator validator;
    private final EdFiRekeys rekeys;

    AdminController(Districts districts, Validator validator, EdFiRekeys rekeys) {
        this.districts = districts;
        this.validator = validator;
        this.rekeys = rekeys;
    }

    /** Body of {@code POST /admin/district/regenerate}; absent values keep the current district's. */
    record Regenerate(Long seed, Integer schools, Integer students, Integer teachers, Integer classesPerSchool,
            Integer coursesPerSchool, Integer enrollmentsPerStudent, Integer administrators) {
    }

    /** Body of {@code POST /admin/changes}. */
    record ChangeRequest(@NotBlank String entityType, @Min(1) int count) {
    }

    record Changes(String entityType, List<String> sourcedIds) {
    }

    @GetMapping("/district")
    Map<String, Object> district() {
        return summary(districts.current());
    }

    @PostMapping(path = "/district/regenerate", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> regenerate(@RequestBody(required = false) Regenerate body) {
        DistrictSize current = districts.current().size();
        Regenerate r = body == null ? new Regenerate(null, null, null, null, null, null, null, null) : body;
        DistrictSize size = new DistrictSize(or(r.seed(), current.seed()), or(r.schools(), current.schools()),
                or(r.students(), current.students()), or(r.teachers(), current.teachers()),
                or(r.classesPerSchool(), current.classesPerSchool()),
                or(r.coursesPerSchool(), current.coursesPerSchool()),
                or(r.enrollmentsPerStudent(), current.enrollmentsPerStudent()),
                or(r.administrators(), current.administrators()));
        Set<ConstraintViolation<DistrictSize>> violations = validator.validate(size);
        if (!violations.isEmpty()) {
            ConstraintViolation<DistrictSize> first = violations.iterator().next();
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST,
                    first.getPropertyPath() + " " + first.getMessage());
        }
        return summary(districts.regenerate(size));
    }

    /** Creates or replaces a record given in OneRoster JSON; 201 when it is new. */
    @PostMapping(path = "/oneroster/{collection}", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<JsonNode> upsert(ServerHttpRequest request, @PathVariable String collection,
            @RequestBody JsonNode body) {
        EntityType type = type(collection);
        RosterRecord record = parse(type, body);
        boolean exists = districts.current().find(type, record.sourcedId()).isPresent();
        RosterRecord stored = districts.upsert(record);
        return ResponseEntity.status(exists ? HttpStatus.OK : HttpStatus.CREATED).body(render(request, stored));
    }

    /**
     * Merge-patches a record (RFC 7396 on the OneRoster JSON: given top-level fields replace, null removes).
     */
    @PatchMapping(path = "/oneroster/{collection}/{sourcedId}")
    JsonNode patch(ServerHttpRequest request, @PathVariable String collection, @PathVariable String sourcedId,
            @RequestBody JsonNode patch) {
        EntityType type = type(collection);
        if (!patch.isObject()) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "The patch must be a JSON object");
        }
        RosterRecord existing = find(type, sourcedId);
        ObjectNode merged = render(request, existing);
        patch.properties().forEach(e -> {
            if (e.getValue().isNull()) {
                merged.remove(e.getKey());
            } else {
                merged.set(e.getKey(), e.getValue());
            }
        });
        merged.put("sourcedId", sourcedId);
        return render(request, districts.upsert(keepHidden(existing, parse(type, merged), patch)));
    }

    /** Soft delete: the record stays, marked {@code tobedeleted}, as OneRoster publishes deletes. */
    @DeleteMapping("/oneroster/{collection}/{sourcedId}")
    JsonNode delete(ServerHttpRequest request, @PathVariable String collection, @PathVariable String sourcedId) {
        EntityType type = type(collection);
        RosterRecord deleted = districts.softDelete(type, sourcedId).orElseThrow(() -> notFound(type, sourcedId));
        return render(request, deleted);
    }

    /** Modifies {@code count} random records of a type (reproducible for a seed) and returns their ids. */
    @PostMapping(path = "/changes", consumes = MediaType.APPLICATION_JSON_VALUE)
    Changes changes(@RequestBody @Validated ChangeRequest body) {
        EntityType type = type(body.entityType());
        return new Changes(type.collection(), districts.applyRandomChanges(type, body.count()));
    }

    /** Body of {@code POST /admin/edfi/change-retention}. */
    record ChangeRetention(@jakarta.validation.constraints.NotNull @jakarta.validation.constraints.PositiveOrZero Long oldestChangeVersion) {
    }

    /**
     * Purges change tracking before a version, as an ODS's retention job does: {@code availableChangeVersions} then
     * answers that {@code oldestChangeVersion}, and a client whose cursor is older must resync in full.
     */
    @PostMapping(path = "/edfi/change-retention", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Long> changeRetention(@RequestBody @Validated ChangeRetention body) {
        District district = districts.current();
        try {
            district.retainChangesFrom(body.oldestChangeVersion());
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
        return Map.of("oldestChangeVersion", district.oldestChangeVersion(), "newestChangeVersion", district.newestChangeVersion());
    }

    /** Body of {@code POST /admin/edfi/students/{id}/rekey}. */
    record Rekey(@NotBlank String studentUniqueId) {
    }

    /**
     * Changes a student's natural key (Ed-Fi {@code studentUniqueId}, OneRoster {@code identifier}) and logs an
     * Ed-Fi key change. {@code id} is the OneRoster sourcedId or the Ed-Fi resource id.
     */
    @PostMapping(path = "/edfi/students/{id}/rekey", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> rekey(@PathVariable String id, @RequestBody @Validated Rekey body) {
        District district = districts.current();
        String sourcedId = district.find(EntityType.USERS, id).map(RosterRecord::sourcedId)
                .or(() -> district.all(EntityType.USERS)
                        .filter(r -> EdFiIds.resourceId("students", r.sourcedId()).equals(id))
                        .map(RosterRecord::sourcedId).findFirst())
                .orElseThrow(() -> notFound(EntityType.USERS, id));
        RosterRecord.Person person = rekeys.rekey(sourcedId, body.studentUniqueId())
                .orElseThrow(() -> notFound(EntityType.USERS, id));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("sourcedId", person.sourcedId());
        result.put("id", EdFiIds.resourceId("students", person.sourcedId()));
        result.put("studentUniqueId", EdFiIds.uniqueId(person));
        result.put("changeVersion", person.meta().changeVersion());
        return result;
    }

    /**
     * Keeps what an Ed-Fi write stored that OneRoster 1.2 has no field for (so it is not in the rendered record the
     * patch applies to): a session's school (unless the patch sets {@code org}) and a school's declared grades.
     */
    private static RosterRecord keepHidden(RosterRecord existing, RosterRecord patched, JsonNode patch) {
        if (existing instanceof RosterRecord.Session before && patched instanceof RosterRecord.Session after
                && !patch.has("org")) {
            return new RosterRecord.Session(after.meta(), after.title(), after.kind(), after.startDate(),
                    after.endDate(), after.parentId(), after.schoolYear(), before.orgId());
        }
        if (existing instanceof RosterRecord.Organization before
                && patched instanceof RosterRecord.Organization after) {
            return new RosterRecord.Organization(after.meta(), after.name(), after.kind(), after.identifier(),
                    after.parentId(), before.grades());
        }
        return patched;
    }

    private static Map<String, Object> summary(District district) {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (EntityType type : EntityType.oneRosterTypes()) {
            counts.put(type.collection(), district.count(type));
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("seed", district.size().seed());
        summary.put("size", district.size());
        summary.put("generatedAt", district.generatedAt().toString());
        summary.put("counts", counts);
        summary.put("newestChangeVersion", district.newestChangeVersion());
        return summary;
    }

    private RosterRecord find(EntityType type, String sourcedId) {
        return districts.current().find(type, sourcedId).orElseThrow(() -> notFound(type, sourcedId));
    }

    private static ResponseStatusException notFound(EntityType type, String sourcedId) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND,
                "No record '" + sourcedId + "' in " + type.collection());
    }

    private static EntityType type(String collection) {
        return EntityType.ofCollection(collection).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND,
                "Unknown collection '" + collection + "'; use one of orgs, academicSessions, courses, classes, "
                        + "users, enrollments, demographics"));
    }

    private static RosterRecord parse(EntityType type, JsonNode body) {
        try {
            return OneRosterMapper.parse(type, body);
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, e.getMessage());
        }
    }

    private ObjectNode render(ServerHttpRequest request, RosterRecord record) {
        String base = UriComponentsBuilder.fromUri(request.getURI()).replacePath(OneRosterMapper.BASE_PATH)
                .replaceQuery(null).build().toUriString();
        return new OneRosterMapper(base, districts.current()).render(record);
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
