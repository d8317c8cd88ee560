package com.recoverylab.content;

/**
 * A misunderstanding a wrong answer reveals, from {@code quizzes/_misconceptions.yaml}.
 *
 * @param link the lesson section that corrects it ({@code lesson-id#anchor})
 */
public record Misconception(String tag, String description, String link) {}
