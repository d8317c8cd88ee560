package com.recoverylab.sandbox;

/** The one demo course of the sandbox. */
final class SandboxCourse {
  static final String ID = "sandbox-course";
  static final String LABEL = "RUN101";
  static final String TITLE = "Running recovery (sandbox)";
  static final String TYPE = "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering";

  private SandboxCourse() {}
}
