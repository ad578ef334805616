package io.rostersync.simulator.district;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * Seed and sizes of a generated district. The same values always produce the same district.
 *
 * @param seed                  random seed
 * @param schools               number of schools under the district org
 * @param students              number of students, spread round-robin over the schools
 * @param teachers              number of teachers, spread round-robin over the schools
 * @param classesPerSchool      classes in each school
 * @param coursesPerSchool      courses in each school (classes are spread over them)
 * @param enrollmentsPerStudent class enrollments of each student (capped at classesPerSchool)
 * @param administrators        district administrators
 */
public record DistrictSize(long seed, @Min(1) @Max(999) int schools, @Min(0) @Max(999_999) int students,
        @Min(1) @Max(99_999) int teachers, @Min(1) @Max(9_999) int classesPerSchool,
        @Min(1) @Max(999) int coursesPerSchool, @Min(0) @Max(20) int enrollmentsPerStudent,
        @Min(0) @Max(99) int administrators) {
}
