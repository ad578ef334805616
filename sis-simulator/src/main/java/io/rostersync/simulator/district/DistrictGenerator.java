package io.rostersync.simulator.district;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import io.rostersync.simulator.district.RosterRecord.Affiliation;
import io.rostersync.simulator.district.RosterRecord.Course;
import io.rostersync.simulator.district.RosterRecord.Demographic;
import io.rostersync.simulator.district.RosterRecord.Enrollment;
import io.rostersync.simulator.district.RosterRecord.Organization;
import io.rostersync.simulator.district.RosterRecord.Person;
import io.rostersync.simulator.district.RosterRecord.Race;
import io.rostersync.simulator.district.RosterRecord.Section;
import io.rostersync.simulator.district.RosterRecord.Session;

/**
 * Builds a district from a seed and sizes. Same seed, sizes and school year give the same records, so tests can
 * predict ids ({@code org-00000} district, {@code org-00001} first school, {@code usr-000001} first student,
 * {@code usr-t00001} first teacher, {@code usr-a00001} first administrator, {@code cls-00001}, {@code crs-00001},
 * {@code enr-0000001}, sessions {@code ses-0001} year, {@code ses-0101}/{@code ses-0102} terms,
 * {@code ses-0201}..{@code ses-0204} grading periods). Demographics share their student's id.
 */
public final class DistrictGenerator {

    public static final String DISTRICT_ID = "org-00000";
    public static final String SCHOOL_YEAR_ID = "ses-0001";
    public static final String FALL_TERM_ID = "ses-0101";
    public static final String SPRING_TERM_ID = "ses-0102";

    private static final String[] GIVEN = { "Ava", "Liam", "Olivia", "Noah", "Emma", "Mateo", "Sophia", "Elijah",
            "Amara", "Kenji", "Isabella", "Lucas", "Mia", "Aarav", "Zoe", "Diego", "Chloe", "Ethan", "Leila", "Omar",
            "Grace", "Hugo", "Nora", "Tariq", "Ines", "Malik", "Yuna", "Felix", "Priya", "Samuel" };
    private static final String[] FAMILY = { "Garcia", "Smith", "Nguyen", "Johnson", "Patel", "Kim", "Brown",
            "Martinez", "Okafor", "Lee", "Wilson", "Lopez", "Hassan", "Anderson", "Rossi", "Chen", "Taylor", "Silva",
            "Novak", "Murphy", "Yamamoto", "Haddad", "Clark", "Dubois", "Singh", "Walker", "Kowalski", "Reyes" };
    private static final String[] TOWNS = { "Maple Valley", "Cedar Falls", "Riverbend", "Oak Ridge", "Pine Hollow" };
    private static final String[] SCHOOL_NAMES = { "Lincoln", "Roosevelt", "Jefferson", "Franklin", "Washington",
            "Hamilton", "Madison", "Adams", "Kennedy", "Carver" };
    private static final String[] SUBJECTS = { "Mathematics", "English Language Arts", "Science", "Social Studies",
            "Art", "Music", "Physical Education", "World Languages" };
    private static final String[] SUBJECT_CODES = { "MATH", "ELA", "SCI", "SOC", "ART", "MUS", "PE", "WL" };
    private static final String[][] GRADE_BANDS = { { "09", "10", "11", "12" }, { "06", "07", "08" },
            { "KG", "01", "02", "03", "04", "05" } };

    private DistrictGenerator() {
    }

    /**
     * @param size what to build
     * @param now  the current instant; it picks the school year, and every generated timestamp lies before it
     */
    public static District generate(DistrictSize size, Instant now) {
        SplittableRandom random = new SplittableRandom(size.seed());
        District district = new District(size, now);
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int startYear = today.getMonthValue() >= 8 ? today.getYear() : today.getYear() - 1;
        // Generated records look as if loaded during July, before the school year starts: always in the past.
        Instant base = LocalDate.of(startYear, 7, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        long window = Duration.ofDays(30).toMillis();
        Timestamps stamps = () -> base.plusMillis(random.nextLong(window));
        String town = TOWNS[random.nextInt(TOWNS.length)];
        String domain = town.toLowerCase().replace(' ', '-') + ".k12.example";

        district.put(new Organization(Meta.active(DISTRICT_ID, stamps.next()), town + " Unified School District",
                "district", "D" + String.format("%05d", Math.floorMod(size.seed(), 100_000)), null));
        List<String> schoolIds = new ArrayList<>();
        for (int s = 1; s <= size.schools(); s++) {
            String id = String.format("org-%05d", s);
            schoolIds.add(id);
            String band = switch ((s - 1) % 3) {
                case 0 -> "High School";
                case 1 -> "Middle School";
                default -> "Elementary School";
            };
            String name = SCHOOL_NAMES[(s - 1) % SCHOOL_NAMES.length] + (s > SCHOOL_NAMES.length ? " " + s : "") + " "
                    + band;
            district.put(new Organization(Meta.active(id, stamps.next()), name, "school",
                    String.format("SCH-%03d", s), DISTRICT_ID));
        }

        LocalDate yearStart = LocalDate.of(startYear, 8, 15);
        LocalDate yearEnd = LocalDate.of(startYear + 1, 6, 15);
        LocalDate fallEnd = LocalDate.of(startYear, 12, 20);
        LocalDate springStart = LocalDate.of(startYear + 1, 1, 6);
        String schoolYear = Integer.toString(startYear + 1);
        district.put(new Session(Meta.active(SCHOOL_YEAR_ID, stamps.next()), startYear + "-" + (startYear + 1),
                "schoolYear", yearStart, yearEnd, null, schoolYear, null));
        district.put(new Session(Meta.active(FALL_TERM_ID, stamps.next()), "Fall " + startYear, "term", yearStart,
                fallEnd, SCHOOL_YEAR_ID, schoolYear, null));
        district.put(new Session(Meta.active(SPRING_TERM_ID, stamps.next()), "Spring " + (startYear + 1), "term",
                springStart, yearEnd, SCHOOL_YEAR_ID, schoolYear, null));
        LocalDate q2Start = LocalDate.of(startYear, 10, 20);
        LocalDate q4Start = LocalDate.of(startYear + 1, 3, 23);
        district.put(new Session(Meta.active("ses-0201", stamps.next()), "Q1 " + startYear, "gradingPeriod",
                yearStart, q2Start.minusDays(1), FALL_TERM_ID, schoolYear, null));
        district.put(new Session(Meta.active("ses-0202", stamps.next()), "Q2 " + startYear, "gradingPeriod", q2Start,
                fallEnd, FALL_TERM_ID, schoolYear, null));
        district.put(new Session(Meta.active("ses-0203", stamps.next()), "Q3 " + (startYear + 1), "gradingPeriod",
                springStart, q4Start.minusDays(1), SPRING_TERM_ID, schoolYear, null));
        district.put(new Session(Meta.active("ses-0204", stamps.next()), "Q4 " + (startYear + 1), "gradingPeriod",
                q4Start, yearEnd, SPRING_TERM_ID, schoolYear, null));

        // Courses and classes, school by school.
        int courseSeq = 0;
        int classSeq = 0;
        List<List<Section>> classesBySchool = new ArrayList<>();
        for (int s = 0; s < size.schools(); s++) {
            String[] grades = GRADE_BANDS[s % GRADE_BANDS.length];
            List<Course> courses = new ArrayList<>();
            for (int c = 0; c < size.coursesPerSchool(); c++) {
                courseSeq++;
                int subject = c % SUBJECTS.length;
                String grade = grades[(c / SUBJECTS.length) % grades.length];
                Course course = new Course(Meta.active(String.format("crs-%05d", courseSeq), stamps.next()),
                        SUBJECTS[subject] + " " + grade, SUBJECT_CODES[subject] + "-" + grade + "-" + courseSeq,
                        SCHOOL_YEAR_ID, schoolIds.get(s), List.of(grade), List.of(SUBJECTS[subject]));
                courses.add(course);
                district.put(course);
            }
            List<Section> sections = new ArrayList<>();
            for (int k = 0; k < size.classesPerSchool(); k++) {
                classSeq++;
                Course course = courses.get(k % courses.size());
                int period = k % 8 + 1;
                List<String> terms = switch (k % 3) {
                    case 0 -> List.of(FALL_TERM_ID, SPRING_TERM_ID);
                    case 1 -> List.of(FALL_TERM_ID);
                    default -> List.of(SPRING_TERM_ID);
                };
                Section section = new Section(Meta.active(String.format("cls-%05d", classSeq), stamps.next()),
                        course.title() + " - Period " + period, course.courseCode() + "-P" + period, "scheduled",
                        "Room " + (100 + k), course.sourcedId(), schoolIds.get(s), terms, course.grades(),
                        course.subjects(), List.of(Integer.toString(period)));
                sections.add(section);
                district.put(section);
            }
            classesBySchool.add(sections);
        }

        int enrollmentSeq = 0;
        // Teachers: teacher i works at school i mod schools; each class gets one primary teacher from its school.
        List<List<String>> teachersBySchool = new ArrayList<>();
        for (int s = 0; s < size.schools(); s++) {
            teachersBySchool.add(new ArrayList<>());
        }
        for (int t = 1; t <= size.teachers(); t++) {
            int school = (t - 1) % size.schools();
            String id = String.format("usr-t%05d", t);
            teachersBySchool.get(school).add(id);
            district.put(person(id, "T" + String.format("%05d", t), "teacher", schoolIds.get(school), List.of(),
                    random, domain, stamps));
        }
        for (int s = 0; s < size.schools(); s++) {
            List<Section> sections = classesBySchool.get(s);
            List<String> teachers = teachersBySchool.get(s);
            for (int k = 0; k < sections.size(); k++) {
                String teacher = teachers.isEmpty() ? String.format("usr-t%05d", (k % size.teachers()) + 1)
                        : teachers.get(k % teachers.size());
                enrollmentSeq++;
                district.put(new Enrollment(Meta.active(String.format("enr-%07d", enrollmentSeq), stamps.next()),
                        teacher, sections.get(k).sourcedId(), schoolIds.get(s), "teacher", Boolean.TRUE, yearStart,
                        yearEnd));
            }
        }

        for (int a = 1; a <= size.administrators(); a++) {
            district.put(person(String.format("usr-a%05d", a), "A" + String.format("%05d", a),
                    "districtAdministrator", DISTRICT_ID, List.of(), random, domain, stamps));
        }

        for (int i = 1; i <= size.students(); i++) {
            int s = (i - 1) % size.schools();
            String[] band = GRADE_BANDS[s % GRADE_BANDS.length];
            String grade = band[random.nextInt(band.length)];
            String id = String.format("usr-%06d", i);
            district.put(person(id, "S" + String.format("%06d", i), "student", schoolIds.get(s), List.of(grade),
                    random, domain, stamps));
            district.put(demographic(id, grade, startYear, random, stamps));
            List<Section> sections = classesBySchool.get(s);
            int count = Math.min(size.enrollmentsPerStudent(), sections.size());
            int first = random.nextInt(sections.size());
            for (int e = 0; e < count; e++) {
                Section section = sections.get((first + e) % sections.size());
                enrollmentSeq++;
                district.put(new Enrollment(Meta.active(String.format("enr-%07d", enrollmentSeq), stamps.next()), id,
                        section.sourcedId(), section.schoolId(), "student", Boolean.FALSE, yearStart, yearEnd));
            }
        }
        district.generated();
        return district;
    }

    private static Person person(String id, String identifier, String role, String orgId, List<String> grades,
            SplittableRandom random, String domain, Timestamps stamps) {
        String given = GIVEN[random.nextInt(GIVEN.length)];
        String family = FAMILY[random.nextInt(FAMILY.length)];
        String username = (given.charAt(0) + family + identifier.substring(1)).toLowerCase();
        return new Person(Meta.active(id, stamps.next()), username, true, given, family, null,
                List.of(new Affiliation(role, true, orgId)), orgId, identifier, username + "@" + domain, null, grades);
    }

    private static Demographic demographic(String id, String grade, int startYear, SplittableRandom random,
            Timestamps stamps) {
        int gradeNumber = grade.equals("KG") ? 0 : Integer.parseInt(grade);
        LocalDate birthDate = LocalDate.of(startYear - 6 - gradeNumber, 9, 1).plusDays(random.nextInt(365));
        int r = random.nextInt(100);
        String sex = r < 48 ? "female" : r < 96 ? "male" : r < 98 ? "other" : "unspecified";
        Race[] all = Race.values();
        Set<Race> races = EnumSet.of(all[random.nextInt(all.length)]);
        if (random.nextInt(10) == 0) {
            races.add(all[random.nextInt(all.length)]);
        }
        return new Demographic(Meta.active(id, stamps.next()), birthDate, sex, races, random.nextInt(5) == 0, "US",
                null, null);
    }

    @FunctionalInterface
    private interface Timestamps {
        Instant next();
    }
}
