package com.recoverylab.instructor;

/**
 * A misconception the class showed (public: templates read it).
 *
 * @param lessonUrl the tool page of the lesson section that corrects it, or null
 */
public record MisconceptionStat(
    String tag, String description, int learners, int picks, String lessonUrl) {}
