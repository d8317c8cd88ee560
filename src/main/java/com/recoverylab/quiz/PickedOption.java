package com.recoverylab.quiz;

/**
 * One option an answer picked, stored in {@code quiz_answer_choices} so instructors can count picks
 * and misconceptions without reading answer JSON.
 *
 * @param slot where it was picked: ranking position, matching pair id, branching step id; null for
 *     choice questions
 */
record PickedOption(String slot, String optionId, boolean correct, String misconception) {}
