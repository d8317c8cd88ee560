package com.recoverylab.instructor;

import com.recoverylab.lti.launch.LaunchData;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.lti.registration.PlatformRepository;
import com.recoverylab.lti.services.Membership;
import com.recoverylab.lti.services.NrpsClient;
import com.recoverylab.web.LaunchSession;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The course roster from the platform (Names and Role Provisioning Services), for the results page.
 * Never fails the page: a platform that offers no roster, refuses, or is down gives a view with a
 * notice. Rosters are cached per node for a short while, since paging through a big course on every
 * results page would be slow.
 */
final class Roster {
  private static final Logger log = LoggerFactory.getLogger(Roster.class);
  static final Duration CACHE_FOR = Duration.ofMinutes(2);

  private final NrpsClient client;
  private final PlatformRepository platforms;
  private final BearerTokens tokens;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(List<Membership> members, Instant until) {}

  Roster(NrpsClient client, PlatformRepository platforms, BearerTokens tokens, Clock clock) {
    this.client = client;
    this.platforms = platforms;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * What the page knows about the roster (public: templates read it).
   *
   * @param noticeKey why there is no roster (a message key), or null when it was read
   */
  public record View(boolean offered, List<Membership> members, String noticeKey) {
    public View {
      members = List.copyOf(members);
    }

    public boolean available() {
      return offered && noticeKey == null;
    }

    public boolean hasGroups() {
      return members.stream().anyMatch(m -> !m.groupIds().isEmpty());
    }
  }

  View of(LaunchSession session) {
    Optional<String> url = LaunchData.fromJson(session.launchData()).memberships();
    if (url.isEmpty()) {
      return new View(false, List.of(), "instructor.roster.notOffered");
    }
    String key = session.platformId() + " " + url.get();
    Cached cached = cache.get(key);
    Instant now = clock.instant();
    if (cached != null && now.isBefore(cached.until())) {
      return new View(true, cached.members(), null);
    }
    Optional<Platform> platform = platforms.find(session.platformId());
    if (platform.isEmpty()) {
      return new View(true, List.of(), "instructor.roster.failed");
    }
    try {
      List<Membership> members =
          client.members(url.get(), () -> tokens.token(platform.get(), NrpsClient.SCOPE));
      cache.put(key, new Cached(members, now.plus(CACHE_FOR)));
      return new View(true, members, null);
    } catch (NrpsClient.NrpsException e) {
      log.warn(
          "event=roster_failed platform={} status={} reason=\"{}\"",
          platform.get().id(),
          e.status(),
          e.getMessage());
      boolean refused = e.status() == 401 || e.status() == 403;
      return new View(
          true, List.of(), refused ? "instructor.roster.refused" : "instructor.roster.failed");
    }
  }
}
