package com.recoverylab.web;

/** What a launched user may do in the tool: learners take quizzes, instructors manage them. */
public enum Role {
  LEARNER,
  INSTRUCTOR;

  public boolean isInstructor() {
    return this == INSTRUCTOR;
  }
}
