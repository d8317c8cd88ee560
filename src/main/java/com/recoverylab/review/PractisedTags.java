package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import java.util.Set;

/**
 * The tags a short question can practise, worked out once per content library instead of walking
 * every quiz's options for each misconception a submission reveals. A content reload brings a new
 * library, and with it a new set.
 */
final class PractisedTags {
  private record Known(ContentLibrary library, Set<String> tags) {}

  private volatile Known known;

  boolean includes(ContentLibrary library, String tag) {
    Known current = known;
    if (current == null || current.library() != library) {
      current = new Known(library, ReviewItems.practised(library));
      known = current;
    }
    return current.tags().contains(tag);
  }
}
