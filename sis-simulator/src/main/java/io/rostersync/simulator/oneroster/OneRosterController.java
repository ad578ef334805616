package io.rostersync.simulator.oneroster;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.SimulatorSettings;
import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.Districts;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.Enrollment;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.district.RosterRecord.Session;

/**
 * Every GET operation of the OneRoster 1.2 rostering REST binding, and the same 41 operations of OneRoster 1.1 under
 * {@code /ims/oneroster/v1p1} (1.1 has the same endpoints; {@link OneRosterDialect} reshapes the records). The two
 * versions differ in authorization only, which their web filters handle.
 * <p>
 * Without {@code sort}, collections are in the district's arrival order (see {@link District#inArrivalOrder}), in which
 * no record ever moves: offset paging returns every record exactly once, also while records are created, changed
 * and deleted. Records marked {@code tobedeleted} are returned, which is how OneRoster publishes deletes.
 */
@RestController
@RequestMapping(path = { OneRosterController.BASE, OneRosterController.V1P1_BASE },
        produces = MediaType.APPLICATION_JSON_VALUE)
class OneRosterController {

    static final String BASE = OneRosterMapper.BASE_PATH;
    static final String V1P1_BASE = "/ims/oneroster/v1p1";

    private final Districts districts;
    private final SimulatorSettings.OneRoster settings;

    OneRosterController(Districts districts, SimulatorSettings settings) {
        this.districts = districts;
        this.settings = settings.oneRoster();
    }

    // ------------------------------------------------------------------ orgs and schools

    @GetMapping("/orgs")
    ResponseEntity<ObjectNode> orgs(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "orgs", EntityType.ORGS, r -> true);
    }

    @GetMapping("/orgs/{sourcedId}")
    ResponseEntity<ObjectNode> org(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "org", EntityType.ORGS, sourcedId, r -> true, "org");
    }

    @GetMapping("/schools")
    ResponseEntity<ObjectNode> schools(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "orgs", EntityType.ORGS, OneRosterController::isSchool);
    }

    @GetMapping("/schools/{sourcedId}")
    ResponseEntity<ObjectNode> school(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "org", EntityType.ORGS, sourcedId, OneRosterController::isSchool, "school");
    }

    @GetMapping("/schools/{schoolSourcedId}/classes")
    ResponseEntity<ObjectNode> schoolClasses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId) {
        requireSchool(schoolSourcedId);
        return list(request, params, "classes", EntityType.CLASSES,
                r -> ((Section) r).schoolId().equals(schoolSourcedId));
    }

    @GetMapping("/schools/{schoolSourcedId}/classes/{classSourcedId}/enrollments")
    ResponseEntity<ObjectNode> schoolClassEnrollments(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId,
            @PathVariable String classSourcedId) {
        requireSchoolClass(schoolSourcedId, classSourcedId);
        return list(request, params, "enrollments", EntityType.ENROLLMENTS,
                r -> ((Enrollment) r).classId().equals(classSourcedId));
    }

    @GetMapping("/schools/{schoolSourcedId}/classes/{classSourcedId}/students")
    ResponseEntity<ObjectNode> schoolClassStudents(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId,
            @PathVariable String classSourcedId) {
        requireSchoolClass(schoolSourcedId, classSourcedId);
        return classMembers(request, params, classSourcedId, "student");
    }

    @GetMapping("/schools/{schoolSourcedId}/classes/{classSourcedId}/teachers")
    ResponseEntity<ObjectNode> schoolClassTeachers(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId,
            @PathVariable String classSourcedId) {
        requireSchoolClass(schoolSourcedId, classSourcedId);
        return classMembers(request, params, classSourcedId, "teacher");
    }

    @GetMapping("/schools/{schoolSourcedId}/courses")
    ResponseEntity<ObjectNode> schoolCourses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId) {
        requireSchool(schoolSourcedId);
        return list(request, params, "courses", EntityType.COURSES,
                r -> schoolSourcedId.equals(((Course) r).orgId()));
    }

    @GetMapping("/schools/{schoolSourcedId}/enrollments")
    ResponseEntity<ObjectNode> schoolEnrollments(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId) {
        requireSchool(schoolSourcedId);
        return list(request, params, "enrollments", EntityType.ENROLLMENTS,
                r -> ((Enrollment) r).schoolId().equals(schoolSourcedId));
    }

    @GetMapping("/schools/{schoolSourcedId}/students")
    ResponseEntity<ObjectNode> schoolStudents(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId) {
        requireSchool(schoolSourcedId);
        return list(request, params, "users", EntityType.USERS,
                r -> ((Person) r).affiliatedWith(schoolSourcedId, "student"));
    }

    @GetMapping("/schools/{schoolSourcedId}/teachers")
    ResponseEntity<ObjectNode> schoolTeachers(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId) {
        requireSchool(schoolSourcedId);
        return list(request, params, "users", EntityType.USERS,
                r -> ((Person) r).affiliatedWith(schoolSourcedId, "teacher"));
    }

    /** The district shares one calendar, so every school has its terms (and the terms written for the school). */
    @GetMapping("/schools/{schoolSourcedId}/terms")
    ResponseEntity<ObjectNode> schoolTerms(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String schoolSourcedId) {
        requireSchool(schoolSourcedId);
        return list(request, params, "academicSessions", EntityType.ACADEMIC_SESSIONS,
                sessionOfKind("term").and(r -> ((Session) r).heldBy(schoolSourcedId)));
    }

    // ------------------------------------------------------------------ academic sessions

    @GetMapping("/academicSessions")
    ResponseEntity<ObjectNode> academicSessions(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "academicSessions", EntityType.ACADEMIC_SESSIONS, r -> true);
    }

    @GetMapping("/academicSessions/{sourcedId}")
    ResponseEntity<ObjectNode> academicSession(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String sourcedId) {
        return single(request, params, "academicSession", EntityType.ACADEMIC_SESSIONS, sourcedId, r -> true,
                "academic session");
    }

    @GetMapping("/terms")
    ResponseEntity<ObjectNode> terms(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "academicSessions", EntityType.ACADEMIC_SESSIONS, sessionOfKind("term"));
    }

    @GetMapping("/terms/{sourcedId}")
    ResponseEntity<ObjectNode> term(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "academicSession", EntityType.ACADEMIC_SESSIONS, sourcedId,
                sessionOfKind("term"), "term");
    }

    @GetMapping("/terms/{termSourcedId}/classes")
    ResponseEntity<ObjectNode> termClasses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String termSourcedId) {
        require(EntityType.ACADEMIC_SESSIONS, termSourcedId, sessionOfKind("term"), "term");
        return list(request, params, "classes", EntityType.CLASSES,
                r -> ((Section) r).termIds().contains(termSourcedId));
    }

    @GetMapping("/terms/{termSourcedId}/gradingPeriods")
    ResponseEntity<ObjectNode> termGradingPeriods(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String termSourcedId) {
        require(EntityType.ACADEMIC_SESSIONS, termSourcedId, sessionOfKind("term"), "term");
        return list(request, params, "academicSessions", EntityType.ACADEMIC_SESSIONS,
                sessionOfKind("gradingPeriod").and(r -> termSourcedId.equals(((Session) r).parentId())));
    }

    @GetMapping("/gradingPeriods")
    ResponseEntity<ObjectNode> gradingPeriods(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "academicSessions", EntityType.ACADEMIC_SESSIONS,
                sessionOfKind("gradingPeriod"));
    }

    @GetMapping("/gradingPeriods/{sourcedId}")
    ResponseEntity<ObjectNode> gradingPeriod(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String sourcedId) {
        return single(request, params, "academicSession", EntityType.ACADEMIC_SESSIONS, sourcedId,
                sessionOfKind("gradingPeriod"), "grading period");
    }

    // ------------------------------------------------------------------ courses and classes

    @GetMapping("/courses")
    ResponseEntity<ObjectNode> courses(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "courses", EntityType.COURSES, r -> true);
    }

    @GetMapping("/courses/{sourcedId}")
    ResponseEntity<ObjectNode> course(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "course", EntityType.COURSES, sourcedId, r -> true, "course");
    }

    @GetMapping("/courses/{courseSourcedId}/classes")
    ResponseEntity<ObjectNode> courseClasses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String courseSourcedId) {
        require(EntityType.COURSES, courseSourcedId, r -> true, "course");
        return list(request, params, "classes", EntityType.CLASSES,
                r -> ((Section) r).courseId().equals(courseSourcedId));
    }

    @GetMapping("/classes")
    ResponseEntity<ObjectNode> classes(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "classes", EntityType.CLASSES, r -> true);
    }

    @GetMapping("/classes/{sourcedId}")
    ResponseEntity<ObjectNode> clazz(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "class", EntityType.CLASSES, sourcedId, r -> true, "class");
    }

    @GetMapping("/classes/{classSourcedId}/students")
    ResponseEntity<ObjectNode> classStudents(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String classSourcedId) {
        require(EntityType.CLASSES, classSourcedId, r -> true, "class");
        return classMembers(request, params, classSourcedId, "student");
    }

    @GetMapping("/classes/{classSourcedId}/teachers")
    ResponseEntity<ObjectNode> classTeachers(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String classSourcedId) {
        require(EntityType.CLASSES, classSourcedId, r -> true, "class");
        return classMembers(request, params, classSourcedId, "teacher");
    }

    // ------------------------------------------------------------------ users

    @GetMapping("/users")
    ResponseEntity<ObjectNode> users(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "users", EntityType.USERS, r -> true);
    }

    @GetMapping("/users/{sourcedId}")
    ResponseEntity<ObjectNode> user(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "user", EntityType.USERS, sourcedId, r -> true, "user");
    }

    @GetMapping("/users/{userSourcedId}/classes")
    ResponseEntity<ObjectNode> userClasses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String userSourcedId) {
        require(EntityType.USERS, userSourcedId, r -> true, "user");
        return classesOf(request, params, userSourcedId);
    }

    @GetMapping("/students")
    ResponseEntity<ObjectNode> students(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "users", EntityType.USERS, personWithRole("student"));
    }

    @GetMapping("/students/{sourcedId}")
    ResponseEntity<ObjectNode> student(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "user", EntityType.USERS, sourcedId, personWithRole("student"), "student");
    }

    @GetMapping("/students/{studentSourcedId}/classes")
    ResponseEntity<ObjectNode> studentClasses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String studentSourcedId) {
        require(EntityType.USERS, studentSourcedId, personWithRole("student"), "student");
        return classesOf(request, params, studentSourcedId);
    }

    @GetMapping("/teachers")
    ResponseEntity<ObjectNode> teachers(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "users", EntityType.USERS, personWithRole("teacher"));
    }

    @GetMapping("/teachers/{sourcedId}")
    ResponseEntity<ObjectNode> teacher(ServerHttpRequest request, @RequestParam MultiValueMap<String, String> params,
            @PathVariable String sourcedId) {
        return single(request, params, "user", EntityType.USERS, sourcedId, personWithRole("teacher"), "teacher");
    }

    @GetMapping("/teachers/{teacherSourcedId}/classes")
    ResponseEntity<ObjectNode> teacherClasses(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String teacherSourcedId) {
        require(EntityType.USERS, teacherSourcedId, personWithRole("teacher"), "teacher");
        return classesOf(request, params, teacherSourcedId);
    }

    // ------------------------------------------------------------------ enrollments and demographics

    @GetMapping("/enrollments")
    ResponseEntity<ObjectNode> enrollments(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "enrollments", EntityType.ENROLLMENTS, r -> true);
    }

    @GetMapping("/enrollments/{sourcedId}")
    ResponseEntity<ObjectNode> enrollment(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String sourcedId) {
        return single(request, params, "enrollment", EntityType.ENROLLMENTS, sourcedId, r -> true, "enrollment");
    }

    @GetMapping("/demographics")
    ResponseEntity<ObjectNode> demographics(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params) {
        return list(request, params, "demographics", EntityType.DEMOGRAPHICS, r -> true);
    }

    @GetMapping("/demographics/{sourcedId}")
    ResponseEntity<ObjectNode> demographic(ServerHttpRequest request,
            @RequestParam MultiValueMap<String, String> params, @PathVariable String sourcedId) {
        return single(request, params, "demographics", EntityType.DEMOGRAPHICS, sourcedId, r -> true,
                "demographics record");
    }

    // ------------------------------------------------------------------ shared machinery

    private static boolean isSchool(RosterRecord r) {
        return "school".equals(((Organization) r).kind());
    }

    private static Predicate<RosterRecord> sessionOfKind(String kind) {
        return r -> kind.equals(((Session) r).kind());
    }

    private static Predicate<RosterRecord> personWithRole(String role) {
        return r -> ((Person) r).hasRole(role);
    }

    private void require(EntityType type, String sourcedId, Predicate<RosterRecord> scope, String what) {
        districts.current().find(type, sourcedId).filter(scope)
                .orElseThrow(() -> OneRosterException.notFound(what, sourcedId));
    }

    private void requireSchool(String schoolSourcedId) {
        require(EntityType.ORGS, schoolSourcedId, OneRosterController::isSchool, "school");
    }

    private void requireSchoolClass(String schoolSourcedId, String classSourcedId) {
        requireSchool(schoolSourcedId);
        require(EntityType.CLASSES, classSourcedId, r -> ((Section) r).schoolId().equals(schoolSourcedId),
                "class in school " + schoolSourcedId);
    }

    private ResponseEntity<ObjectNode> classMembers(ServerHttpRequest request,
            MultiValueMap<String, String> params, String classSourcedId, String role) {
        Set<String> members = districts.current().all(EntityType.ENROLLMENTS, Enrollment.class)
                .filter(e -> e.classId().equals(classSourcedId) && e.role().equals(role)).map(Enrollment::userId)
                .collect(Collectors.toSet());
        return list(request, params, "users", EntityType.USERS, r -> members.contains(r.sourcedId()));
    }

    private ResponseEntity<ObjectNode> classesOf(ServerHttpRequest request, MultiValueMap<String, String> params,
            String userSourcedId) {
        Set<String> classIds = districts.current().all(EntityType.ENROLLMENTS, Enrollment.class)
                .filter(e -> e.userId().equals(userSourcedId)).map(Enrollment::classId).collect(Collectors.toSet());
        return list(request, params, "classes", EntityType.CLASSES, r -> classIds.contains(r.sourcedId()));
    }

    private ResponseEntity<ObjectNode> single(ServerHttpRequest request, MultiValueMap<String, String> params,
            String wrapper, EntityType type, String sourcedId, Predicate<RosterRecord> scope, String what) {
        return single(request, params, wrapper, type, sourcedId, scope, what, OneRosterDialect.of(request));
    }

    /** One record rendered in the given OneRoster version's shape. */
    private ResponseEntity<ObjectNode> single(ServerHttpRequest request, MultiValueMap<String, String> params,
            String wrapper, EntityType type, String sourcedId, Predicate<RosterRecord> scope, String what,
            OneRosterDialect dialect) {
        District district = districts.current();
        Set<String> fields = CollectionQuery.fields(params, dialect.fields(type));
        RosterRecord record = district.find(type, sourcedId).filter(scope)
                .orElseThrow(() -> OneRosterException.notFound(what, sourcedId));
        ObjectNode node = dialect.shape(type,
                new OneRosterMapper(hrefBase(request, dialect.basePath()), district).render(record));
        if (!fields.isEmpty()) {
            node.retain(fields);
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.set(wrapper, node);
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    private record Match(Filter.SortKey sortKey, RosterRecord record) {
    }

    private ResponseEntity<ObjectNode> list(ServerHttpRequest request, MultiValueMap<String, String> params,
            String wrapper, EntityType type, Predicate<RosterRecord> scope) {
        return list(request, params, wrapper, type, scope, OneRosterDialect.of(request));
    }

    /**
     * A page of a collection in the given OneRoster version's shape; filter, sort and fields see that shape too.
     */
    private ResponseEntity<ObjectNode> list(ServerHttpRequest request, MultiValueMap<String, String> params,
            String wrapper, EntityType type, Predicate<RosterRecord> scope, OneRosterDialect dialect) {
        District district = districts.current();
        CollectionQuery query = CollectionQuery.parse(params, dialect.fields(type), settings);
        OneRosterMapper mapper = new OneRosterMapper(hrefBase(request, dialect.basePath()), district);
        List<RosterRecord> page;
        long total;
        if (query.filter() == null && (query.sort() == null || query.sort().equals("sourcedId"))) {
            // Fast path for plain paging (what bulk syncs do), also with sort=sourcedId: the store already
            // iterates in arrival and sourcedId order (both ways), so only the requested page is rendered.
            total = district.all(type).filter(scope).count();
            Stream<RosterRecord> ordered = query.sort() == null ? district.inArrivalOrder(type)
                    : query.descending() ? district.allDescending(type) : district.all(type);
            page = ordered.filter(scope).skip(query.offset()).limit(query.limit()).toList();
        } else {
            List<String> sortPath = query.sort() == null ? null : List.of(query.sort().split("\\."));
            List<Match> matches = new ArrayList<>();
            district.inArrivalOrder(type).filter(scope).forEach(record -> {
                ObjectNode node = dialect.shape(type, mapper.render(record));
                if (query.filter() == null || query.filter().test(node)) {
                    Filter.SortKey key = sortPath == null ? null
                            : Filter.values(node, sortPath).stream().findFirst().map(Filter::sortKey).orElse(null);
                    matches.add(new Match(key, record));
                }
            });
            if (sortPath != null) {
                Comparator<Match> order = Comparator.comparing(Match::sortKey,
                        Comparator.nullsLast(Comparator.<Filter.SortKey>naturalOrder()));
                // Ties fall back to sourcedId so the order is total and repeatable.
                order = order.thenComparing(m -> m.record().sourcedId());
                matches.sort(query.descending() ? order.reversed() : order);
            } else if (query.descending()) {
                Collections.reverse(matches);
            }
            total = matches.size();
            int from = (int) Math.min(query.offset(), total);
            int to = (int) Math.min((long) from + query.limit(), total);
            page = matches.subList(from, to).stream().map(Match::record).toList();
        }
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode array = body.putArray(wrapper);
        for (RosterRecord record : page) {
            ObjectNode node = dialect.shape(type, mapper.render(record));
            if (!query.fields().isEmpty()) {
                node.retain(query.fields());
            }
            array.add(node);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.set("X-Total-Count", Long.toString(total));
        String links = links(request.getURI(), query, total);
        if (!links.isEmpty()) {
            headers.set(HttpHeaders.LINK, links);
        }
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    /**
     * RFC 8288 links. {@code next} only when records remain, so a client never follows a link to an empty page;
     * {@code prev} only when not on the first page.
     */
    static String links(URI uri, CollectionQuery query, long total) {
        int limit = query.limit();
        long offset = query.offset();
        long lastOffset = total == 0 ? 0 : ((total - 1) / limit) * limit;
        List<String> links = new ArrayList<>();
        if (offset + limit < total) {
            links.add(link(uri, offset + limit, limit, "next"));
        }
        if (offset > 0) {
            links.add(link(uri, Math.max(0, Math.min(offset - limit, lastOffset)), limit, "prev"));
        }
        links.add(link(uri, 0, limit, "first"));
        links.add(link(uri, lastOffset, limit, "last"));
        return String.join(", ", links);
    }

    private static String link(URI uri, long offset, int limit, String rel) {
        String url = UriComponentsBuilder.fromUri(uri).replaceQueryParam("limit", limit)
                .replaceQueryParam("offset", offset).build(true).toUriString();
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    static String hrefBase(ServerHttpRequest request) {
        return hrefBase(request, BASE);
    }

    static String hrefBase(ServerHttpRequest request, String basePath) {
        return UriComponentsBuilder.fromUri(request.getURI()).replacePath(basePath).replaceQuery(null).build()
                .toUriString();
    }

}
