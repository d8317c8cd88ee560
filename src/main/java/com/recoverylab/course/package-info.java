/**
 * The course as platforms and instructors shape it: the people who launched the tool, their
 * courses, the resource links in them and the rules an instructor set on each link. Owns the tables
 * {@code users}, {@code courses}, {@code resource_links} and {@code assignment_settings}; every
 * other feature reads and writes them through {@link com.recoverylab.course.CourseRecordRepository}
 * and {@link com.recoverylab.course.LinkRulesRepository}.
 */
package com.recoverylab.course;
