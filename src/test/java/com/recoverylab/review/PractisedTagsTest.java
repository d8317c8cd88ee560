package com.recoverylab.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentSources;
import com.recoverylab.content.Question;
import com.recoverylab.testing.FixtureContent;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PractisedTagsTest {

  @Test
  void the_shipped_quizzes_practise_exactly_the_tags_their_wrong_choice_options_carry() {
    ContentLibrary shipped = ContentSources.open(Optional.of(Path.of(".")), false).get();
    Set<String> expected = new HashSet<>();
    shipped.quizzes().stream()
        .flatMap(q -> q.questions().stream())
        .filter(Question.Choice.class::isInstance)
        .flatMap(q -> ((Question.Choice) q).options().stream())
        .filter(o -> !o.correct() && o.misconception() != null)
        .forEach(o -> expected.add(o.misconception()));
    assertFalse(expected.isEmpty());
    assertEquals(expected, ReviewItems.practised(shipped));
    assertTrue(new PractisedTags().includes(shipped, "tools-replace-basics"));
    assertFalse(new PractisedTags().includes(shipped, "no-such-tag"));
  }

  @Test
  void a_reloaded_library_is_read_again() {
    ContentLibrary shipped = ContentSources.open(Optional.of(Path.of(".")), false).get();
    ContentLibrary fixture = FixtureContent.library();
    PractisedTags tags = new PractisedTags();
    assertTrue(tags.includes(shipped, "tools-replace-basics"));
    assertEquals(
        ReviewItems.practised(fixture).contains("tools-replace-basics"),
        tags.includes(fixture, "tools-replace-basics"));
    assertTrue(tags.includes(shipped, "tools-replace-basics"));
  }
}
