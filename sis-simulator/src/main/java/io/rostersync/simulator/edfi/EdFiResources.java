package io.rostersync.simulator.edfi;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import io.rostersync.simulator.district.District;
import io.rostersync.simulator.district.EntityType;
import io.rostersync.simulator.district.RecordStatus;
import io.rostersync.simulator.district.RosterRecord;
import io.rostersync.simulator.district.RosterRecord.CodeValue;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.CourseOffering;
import io.rostersync.simulator.district.RosterRecord.Demographic;
import io.rostersync.simulator.district.RosterRecord.Enrollment;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.SchoolAssociation;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.district.RosterRecord.Session;

/**
 * The Ed-Fi (Data Standard 5) view of the neutral district. Each resource lists its items in a stable key order
 * (the OneRoster sourcedId of the record it comes from), so offset and keyset paging are repeatable. A record marked
 * to be deleted is an Ed-Fi delete: it leaves the resource and shows up under {@code /deletes}.
 */
final class EdFiResources {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /**
     * One Ed-Fi resource item.
     *
     * @param key           stable order key (see {@link EdFiIds})
     * @param changeVersion the highest change version of the records it is built from
     * @param body          renders the resource body without {@code id}, {@code _etag}, {@code _lastModifiedDate}
     * @param keyValues     renders the natural key (what {@code /deletes} reports)
     */
    record Item(String key, String id, long changeVersion, Instant lastModified, boolean deleted,
            Supplier<ObjectNode> body, Supplier<ObjectNode> keyValues) {
    }

    /** A resource: its items whose key sorts after {@code afterKey} (null = from the start), in key order. */
    interface Resource {
        Stream<Item> items(District district, String afterKey);
    }

    static final Map<String, Resource> RESOURCES = new LinkedHashMap<>();
    static {
        RESOURCES.put("schools", EdFiResources::schools);
        RESOURCES.put("students", (d, after) -> people(d, after, "students", true));
        RESOURCES.put("staffs", (d, after) -> people(d, after, "staffs", false));
        RESOURCES.put("sessions", (d, after) -> after(sessions(d), after));
        RESOURCES.put("courses", EdFiResources::courses);
        RESOURCES.put("courseOfferings", (d, after) -> after(courseOfferings(d), after));
        RESOURCES.put("sections", EdFiResources::sections);
        RESOURCES.put("studentSchoolAssociations", EdFiResources::studentSchoolAssociations);
        RESOURCES.put("studentSectionAssociations", (d, after) -> sectionAssociations(d, after, true));
        RESOURCES.put("staffSectionAssociations", (d, after) -> sectionAssociations(d, after, false));
        EdFiDescriptors.VALUES.keySet().forEach(name -> RESOURCES.put(name, (d, after) -> descriptors(d, name, after)));
    }

    private EdFiResources() {
    }

    static boolean isDescriptor(String resource) {
        return resource.endsWith("Descriptors");
    }

    // ------------------------------------------------------------------ resources

    private static Stream<Item> schools(District d, String after) {
        return d.after(EntityType.ORGS, after).map(Organization.class::cast).filter(o -> "school".equals(o.kind()))
                .map(o -> item("schools", o.sourcedId(), List.of(o), () -> {
                    ObjectNode n = NODES.objectNode();
                    n.put("schoolId", EdFiIds.educationOrganizationId(o.sourcedId()));
                    n.put("nameOfInstitution", o.name());
                    n.put("shortNameOfInstitution", o.identifier());
                    n.putArray("educationOrganizationCategories").addObject().put(
                            "educationOrganizationCategoryDescriptor",
                            EdFiDescriptors.uri("educationOrganizationCategoryDescriptors", "School"));
                    ArrayNode grades = n.putArray("gradeLevels");
                    List<String> declared = !o.grades().isEmpty() ? o.grades()
                            : d.all(EntityType.COURSES, Course.class).filter(c -> o.sourcedId().equals(c.orgId()))
                                    .flatMap(c -> c.grades().stream()).toList();
                    new TreeSet<>(declared)
                            .forEach(g -> grades.addObject().put("gradeLevelDescriptor", EdFiDescriptors.gradeLevel(g)));
                    if (o.parentId() != null) {
                        n.putObject("localEducationAgencyReference").put("localEducationAgencyId",
                                EdFiIds.educationOrganizationId(o.parentId()));
                    }
                    return n;
                }, () -> key("schoolId", EdFiIds.educationOrganizationId(o.sourcedId()))));
    }

    private static Stream<Item> people(District d, String after, String resource, boolean students) {
        return d.after(EntityType.USERS, after).map(Person.class::cast)
                .filter(p -> students ? p.hasRole("student") : p.hasRole("teacher") || p.hasRole("administrator"))
                .map(p -> {
                    Optional<Demographic> demo = students
                            ? d.find(EntityType.DEMOGRAPHICS, p.sourcedId(), Demographic.class) : Optional.empty();
                    List<RosterRecord> sources = new ArrayList<>(List.of(p));
                    demo.ifPresent(sources::add);
                    String keyName = students ? "studentUniqueId" : "staffUniqueId";
                    // A person's item is deleted only when the person is; demographics only add fields.
                    return new Item(p.sourcedId(), EdFiIds.resourceId(resource, p.sourcedId()), maxVersion(sources),
                            maxModified(sources), p.meta().status() == RecordStatus.TO_BE_DELETED, () -> {
                                ObjectNode n = NODES.objectNode();
                                n.put(keyName, EdFiIds.uniqueId(p));
                                n.put("firstName", p.givenName());
                                if (p.middleName() != null) {
                                    n.put("middleName", p.middleName());
                                }
                                n.put("lastSurname", p.familyName());
                                if (students) {
                                    LocalDate birth = demo.map(Demographic::birthDate).orElse(null);
                                    n.put("birthDate", (birth != null ? birth : LocalDate.of(2010, 1, 1)).toString());
                                    demo.ifPresent(x -> n.put("birthSexDescriptor", EdFiDescriptors.sex(x.sex())));
                                } else if (p.username() != null) {
                                    n.put("loginId", p.username());
                                }
                                return n;
                            }, () -> key(keyName, EdFiIds.uniqueId(p)));
                });
    }

    private static List<Item> sessions(District d) {
        List<Item> items = new ArrayList<>();
        List<Organization> schools = d.all(EntityType.ORGS, Organization.class).filter(o -> "school".equals(o.kind()))
                .toList();
        List<Session> sessions = d.all(EntityType.ACADEMIC_SESSIONS, Session.class)
                .filter(s -> s.kind().equals("term") || s.kind().equals("schoolYear")).toList();
        for (Organization school : schools) {
            for (Session s : sessions) {
                if (!s.heldBy(school.sourcedId())) {
                    continue;
                }
                String key = school.sourcedId() + "|" + s.sourcedId();
                items.add(item("sessions", key, List.of(school, s), () -> {
                    ObjectNode n = sessionReference(school.sourcedId(), s);
                    ObjectNode body = NODES.objectNode();
                    body.put("sessionName", s.title());
                    body.putObject("schoolReference").put("schoolId", n.get("schoolId").asLong());
                    body.putObject("schoolYearTypeReference").put("schoolYear", n.get("schoolYear").asInt());
                    body.put("beginDate", s.startDate().toString());
                    body.put("endDate", s.endDate().toString());
                    body.put("termDescriptor", EdFiDescriptors.uri("termDescriptors", termCode(s)));
                    body.put("totalInstructionalDays", weekdays(s.startDate(), s.endDate()));
                    return body;
                }, () -> sessionReference(school.sourcedId(), s)));
            }
        }
        items.sort(Comparator.comparing(Item::key));
        return items;
    }

    private static Stream<Item> courses(District d, String after) {
        return d.after(EntityType.COURSES, after).map(Course.class::cast).filter(c -> c.orgId() != null)
                .map(c -> item("courses", c.sourcedId(), List.of(c), () -> {
                    ObjectNode n = NODES.objectNode();
                    n.put("courseCode", c.courseCode());
                    n.put("courseTitle", c.title());
                    n.put("numberOfParts", 1);
                    ObjectNode code = n.putArray("identificationCodes").addObject();
                    code.put("courseIdentificationSystemDescriptor",
                            EdFiDescriptors.uri("courseIdentificationSystemDescriptors", "LEA course code"));
                    code.put("identificationCode", c.courseCode());
                    n.putObject("educationOrganizationReference").put("educationOrganizationId",
                            EdFiIds.educationOrganizationId(c.orgId()));
                    ArrayNode grades = n.putArray("offeredGradeLevels");
                    c.grades().forEach(g -> grades.addObject().put("gradeLevelDescriptor", EdFiDescriptors.gradeLevel(g)));
                    return n;
                }, () -> {
                    ObjectNode k = key("courseCode", c.courseCode());
                    k.put("educationOrganizationId", EdFiIds.educationOrganizationId(c.orgId()));
                    return k;
                }));
    }

    private static List<Item> courseOfferings(District d) {
        Map<String, Item> offerings = new TreeMap<>();
        d.all(EntityType.CLASSES, Section.class).forEach(section -> {
            Optional<Course> course = d.find(EntityType.COURSES, section.courseId(), Course.class);
            Optional<Session> session = sessionOf(d, section);
            Optional<RosterRecord> school = d.find(EntityType.ORGS, section.schoolId());
            if (course.isEmpty() || session.isEmpty() || school.isEmpty()) {
                return;
            }
            String key = offeringItemKey(course.get().sourcedId(), session.get().sourcedId(), section.schoolId());
            offerings.computeIfAbsent(key, k -> item("courseOfferings", k,
                    List.of(course.get(), session.get(), school.get()), () -> {
                        ObjectNode n = NODES.objectNode();
                        n.put("localCourseCode", course.get().courseCode());
                        n.put("localCourseTitle", course.get().title());
                        ObjectNode courseRef = n.putObject("courseReference");
                        courseRef.put("courseCode", course.get().courseCode());
                        courseRef.put("educationOrganizationId",
                                EdFiIds.educationOrganizationId(course.get().orgId()));
                        n.putObject("schoolReference").put("schoolId",
                                EdFiIds.educationOrganizationId(section.schoolId()));
                        ObjectNode sessionRef = sessionReference(section.schoolId(), session.get());
                        n.set("sessionReference", sessionRef);
                        return n;
                    }, () -> offeringKey(course.get(), section.schoolId(), session.get())));
        });
        // Offerings written through Ed-Fi (also deleted ones) win over the ones the classes imply.
        d.all(EntityType.COURSE_OFFERINGS, CourseOffering.class).forEach(o -> {
            Optional<Course> course = d.find(EntityType.COURSES, o.courseId(), Course.class);
            Optional<Session> session = d.find(EntityType.ACADEMIC_SESSIONS, o.sessionId(), Session.class);
            Optional<RosterRecord> school = d.find(EntityType.ORGS, o.schoolId());
            if (course.isEmpty() || session.isEmpty() || school.isEmpty()) {
                return;
            }
            offerings.put(o.sourcedId(), item("courseOfferings", o.sourcedId(),
                    List.of(o, course.get(), session.get(), school.get()), () -> {
                        ObjectNode n = NODES.objectNode();
                        n.put("localCourseCode", course.get().courseCode());
                        n.put("localCourseTitle",
                                o.localCourseTitle() != null ? o.localCourseTitle() : course.get().title());
                        ObjectNode courseRef = n.putObject("courseReference");
                        courseRef.put("courseCode", course.get().courseCode());
                        courseRef.put("educationOrganizationId",
                                EdFiIds.educationOrganizationId(course.get().orgId()));
                        n.putObject("schoolReference").put("schoolId", EdFiIds.educationOrganizationId(o.schoolId()));
                        n.set("sessionReference", sessionReference(o.schoolId(), session.get()));
                        return n;
                    }, () -> offeringKey(course.get(), o.schoolId(), session.get())));
        });
        return new ArrayList<>(offerings.values());
    }

    /** The item key of a course offering: its course, session and school sourcedIds. */
    static String offeringItemKey(String courseId, String sessionId, String schoolId) {
        return courseId + "|" + sessionId + "|" + schoolId;
    }

    private static Stream<Item> sections(District d, String after) {
        return d.after(EntityType.CLASSES, after).map(Section.class::cast).flatMap(section -> {
            Optional<Course> course = d.find(EntityType.COURSES, section.courseId(), Course.class);
            Optional<Session> session = sessionOf(d, section);
            if (course.isEmpty() || session.isEmpty()) {
                return Stream.empty();
            }
            return Stream.of(item("sections", section.sourcedId(), List.of(section, course.get()), () -> {
                ObjectNode n = NODES.objectNode();
                n.put("sectionIdentifier", section.sourcedId());
                n.put("sectionName", section.title());
                n.set("courseOfferingReference", offeringKey(course.get(), section.schoolId(), session.get()));
                ArrayNode grades = n.putArray("offeredGradeLevels");
                section.grades().forEach(
                        g -> grades.addObject().put("gradeLevelDescriptor", EdFiDescriptors.gradeLevel(g)));
                return n;
            }, () -> sectionKey(section, course.get(), session.get())));
        });
    }

    private static Stream<Item> studentSchoolAssociations(District d, String after) {
        Optional<Session> year = schoolYear(d);
        return d.after(EntityType.USERS, after).map(Person.class::cast).filter(p -> p.hasRole("student"))
                .flatMap(p -> {
                    Optional<SchoolAssociation> written = d.find(EntityType.SCHOOL_ASSOCIATIONS, p.sourcedId(),
                            SchoolAssociation.class);
                    return written.isPresent() ? writtenSchoolAssociation(d, p, written.get(), year)
                            : impliedSchoolAssociation(d, p, year);
                });
    }

    /** The association an Ed-Fi write gave the student: its own school, entry date and grade. */
    private static Stream<Item> writtenSchoolAssociation(District d, Person p, SchoolAssociation a,
            Optional<Session> year) {
        if (d.find(EntityType.ORGS, a.schoolId()).isEmpty()) {
            return Stream.empty();
        }
        return Stream.of(item("studentSchoolAssociations", p.sourcedId(), List.of(p, a), () -> {
            ObjectNode n = NODES.objectNode();
            n.put("entryDate", a.entryDate().toString());
            n.put("entryGradeLevelDescriptor",
                    EdFiDescriptors.gradeLevel(a.entryGrade() == null ? "" : a.entryGrade()));
            n.putObject("schoolReference").put("schoolId", EdFiIds.educationOrganizationId(a.schoolId()));
            n.putObject("studentReference").put("studentUniqueId", EdFiIds.uniqueId(p));
            year.ifPresent(s -> n.putObject("schoolYearTypeReference").put("schoolYear",
                    Integer.parseInt(s.schoolYear())));
            return n;
        }, () -> schoolAssociationKey(a.entryDate().toString(), a.schoolId(), p)));
    }

    private static ObjectNode schoolAssociationKey(String entryDate, String schoolId, Person p) {
        ObjectNode k = key("entryDate", entryDate);
        k.put("schoolId", EdFiIds.educationOrganizationId(schoolId));
        k.put("studentUniqueId", EdFiIds.uniqueId(p));
        return k;
    }

    /** The association the student's primary school role implies, entering on the first day of the school year. */
    private static Stream<Item> impliedSchoolAssociation(District d, Person p, Optional<Session> year) {
        String entryDate = year.map(s -> s.startDate().toString()).orElse("2000-08-15");
        return p.roles().stream().filter(r -> r.role().equals("student") && r.primary()).findFirst()
                .filter(r -> d.find(EntityType.ORGS, r.orgId(), Organization.class)
                        .filter(o -> "school".equals(o.kind())).isPresent())
                .map(r -> item("studentSchoolAssociations", p.sourcedId(), List.of(p), () -> {
                    ObjectNode n = NODES.objectNode();
                    n.put("entryDate", entryDate);
                    n.put("entryGradeLevelDescriptor",
                            EdFiDescriptors.gradeLevel(p.grades().isEmpty() ? "" : p.grades().get(0)));
                    n.putObject("schoolReference").put("schoolId", EdFiIds.educationOrganizationId(r.orgId()));
                    n.putObject("studentReference").put("studentUniqueId", EdFiIds.uniqueId(p));
                    year.ifPresent(s -> n.putObject("schoolYearTypeReference").put("schoolYear",
                            Integer.parseInt(s.schoolYear())));
                    return n;
                }, () -> schoolAssociationKey(entryDate, r.orgId(), p))).stream();
    }

    private static Stream<Item> sectionAssociations(District d, String after, boolean students) {
        String resource = students ? "studentSectionAssociations" : "staffSectionAssociations";
        return d.after(EntityType.ENROLLMENTS, after).map(Enrollment.class::cast)
                .filter(e -> students ? e.role().equals("student") : !e.role().equals("student")).flatMap(e -> {
                    Optional<Person> person = d.find(EntityType.USERS, e.userId(), Person.class);
                    Optional<Section> section = d.find(EntityType.CLASSES, e.classId(), Section.class);
                    Optional<Course> course = section.flatMap(s -> d.find(EntityType.COURSES, s.courseId(), Course.class));
                    Optional<Session> session = section.flatMap(s -> sessionOf(d, s));
                    if (person.isEmpty() || course.isEmpty() || session.isEmpty()) {
                        return Stream.empty();
                    }
                    String begin = (e.beginDate() != null ? e.beginDate() : session.get().startDate()).toString();
                    String personKey = students ? "studentUniqueId" : "staffUniqueId";
                    Supplier<ObjectNode> keyValues = () -> {
                        ObjectNode k = sectionKey(section.get(), course.get(), session.get());
                        k.put("beginDate", begin);
                        k.put(personKey, EdFiIds.uniqueId(person.get()));
                        return k;
                    };
                    // The person's key is part of this item's key, so a re-keyed person changes the item too.
                    return Stream.of(item(resource, e.sourcedId(), List.of(e, person.get()), () -> {
                        ObjectNode n = NODES.objectNode();
                        n.put("beginDate", begin);
                        if (e.endDate() != null) {
                            n.put("endDate", e.endDate().toString());
                        }
                        n.set("sectionReference", sectionKey(section.get(), course.get(), session.get()));
                        n.putObject(students ? "studentReference" : "staffReference").put(personKey,
                                EdFiIds.uniqueId(person.get()));
                        if (!students) {
                            n.put("classroomPositionDescriptor", EdFiDescriptors.uri("classroomPositionDescriptors",
                                    Boolean.TRUE.equals(e.primary()) ? "Teacher of Record" : "Assistant Teacher"));
                        }
                        return n;
                    }, keyValues));
                });
    }

    /** The built-in values (change version 0), with values written through Ed-Fi winning over them. */
    private static Stream<Item> descriptors(District d, String resource, String after) {
        Map<String, Item> items = new TreeMap<>();
        String namespace = EdFiDescriptors.namespace(resource);
        for (String code : EdFiDescriptors.VALUES.get(resource)) {
            String key = EdFiDescriptors.key(namespace, code);
            items.put(key, new Item(key, EdFiIds.resourceId(resource, key), 0, d.generatedAt(), false,
                    () -> descriptorBody(namespace, code, code, code), () -> descriptorKey(namespace, code)));
        }
        String prefix = EdFiDescriptors.sourcedIdPrefix(resource);
        d.after(EntityType.DESCRIPTORS, prefix).map(CodeValue.class::cast)
                .takeWhile(v -> v.sourcedId().startsWith(prefix)).forEach(v -> {
                    String key = EdFiDescriptors.key(v.namespace(), v.codeValue());
                    items.put(key, item(resource, key, List.of(v), () -> descriptorBody(v.namespace(), v.codeValue(),
                            v.shortDescription(), v.description()), () -> descriptorKey(v.namespace(), v.codeValue())));
                });
        return after(new ArrayList<>(items.values()), after);
    }

    private static ObjectNode descriptorBody(String namespace, String code, String shortDescription,
            String description) {
        ObjectNode n = NODES.objectNode();
        n.put("codeValue", code);
        if (description != null) {
            n.put("description", description);
        }
        n.put("namespace", namespace);
        n.put("shortDescription", shortDescription);
        return n;
    }

    private static ObjectNode descriptorKey(String namespace, String code) {
        ObjectNode k = key("codeValue", code);
        k.put("namespace", namespace);
        return k;
    }

    // ------------------------------------------------------------------ helpers

    /** The district's school year (the shared calendar's), if it has one. */
    static Optional<Session> schoolYear(District d) {
        return d.all(EntityType.ACADEMIC_SESSIONS, Session.class)
                .filter(s -> s.kind().equals("schoolYear") && s.orgId() == null).findFirst();
    }

    /** A section with one term is offered in that term; one spanning several terms in their school year. */
    static Optional<Session> sessionOf(District d, Section section) {
        if (section.termIds().isEmpty()) {
            return Optional.empty();
        }
        Optional<Session> first = d.find(EntityType.ACADEMIC_SESSIONS, section.termIds().get(0), Session.class);
        if (section.termIds().size() == 1) {
            return first;
        }
        return first.flatMap(t -> t.parentId() == null ? first
                : d.find(EntityType.ACADEMIC_SESSIONS, t.parentId(), Session.class));
    }

    private static ObjectNode sessionReference(String schoolSourcedId, Session s) {
        ObjectNode n = NODES.objectNode();
        n.put("schoolId", EdFiIds.educationOrganizationId(schoolSourcedId));
        n.put("schoolYear", Integer.parseInt(s.schoolYear()));
        n.put("sessionName", s.title());
        return n;
    }

    private static ObjectNode offeringKey(Course course, String schoolSourcedId, Session session) {
        ObjectNode n = NODES.objectNode();
        n.put("localCourseCode", course.courseCode());
        n.put("schoolId", EdFiIds.educationOrganizationId(schoolSourcedId));
        n.put("schoolYear", Integer.parseInt(session.schoolYear()));
        n.put("sessionName", session.title());
        return n;
    }

    private static ObjectNode sectionKey(Section section, Course course, Session session) {
        ObjectNode n = offeringKey(course, section.schoolId(), session);
        n.put("sectionIdentifier", section.sourcedId());
        return n;
    }

    private static String termCode(Session s) {
        if (s.kind().equals("schoolYear")) {
            return "Year Round";
        }
        return s.startDate().getMonthValue() >= 7 ? "Fall Semester" : "Spring Semester";
    }

    private static int weekdays(LocalDate from, LocalDate to) {
        int days = 0;
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                days++;
            }
        }
        return days;
    }

    private static Item item(String resource, String key, List<? extends RosterRecord> sources,
            Supplier<ObjectNode> body, Supplier<ObjectNode> keyValues) {
        boolean deleted = sources.stream().anyMatch(r -> r.meta().status() == RecordStatus.TO_BE_DELETED);
        return new Item(key, EdFiIds.resourceId(resource, key), maxVersion(sources), maxModified(sources), deleted,
                body, keyValues);
    }

    private static long maxVersion(List<? extends RosterRecord> sources) {
        return sources.stream().mapToLong(r -> r.meta().changeVersion()).max().orElse(0);
    }

    private static Instant maxModified(List<? extends RosterRecord> sources) {
        return sources.stream().map(r -> r.meta().lastModified()).max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    }

    private static ObjectNode key(String name, Object value) {
        ObjectNode n = NODES.objectNode();
        if (value instanceof Long l) {
            n.put(name, l);
        } else {
            n.put(name, String.valueOf(value));
        }
        return n;
    }

    private static Stream<Item> after(List<Item> items, String afterKey) {
        return items.stream().filter(i -> afterKey == null || i.key().compareTo(afterKey) > 0);
    }
}
