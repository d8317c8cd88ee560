package com.recoverylab.quiz;

/** Graded attempts count towards the link's grade; practice attempts are never graded or sent. */
enum AttemptMode {
  GRADED,
  PRACTICE
}
