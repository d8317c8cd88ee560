package com.recoverylab.review;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Misconception;
import com.recoverylab.content.Question;
import com.recoverylab.store.Jdbc;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import com.recoverylab.web.Templates;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The learner's spaced review under {@code /review}: the offer ("2 ideas to review"), one practice
 * question per due card, the feedback after each answer, and "Not now". Answers reschedule the card
 * and never reach the gradebook. Forms carry the session and CSRF token; changes answer with a
 * redirect. {@code next} is where the learner was going (a path of this tool), offered on every
 * page.
 */
final class SpacedReviewServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(SpacedReviewServlet.class);

  /** About a minute and a half per idea: read, answer, read the feedback. */
  private static final double MINUTES_PER_IDEA = 1.5;

  /** "Not now" keeps the offer away from launches for this long. */
  static final Duration NOT_NOW = Duration.ofDays(1);

  private final transient LaunchSessions sessions;
  private final transient ReviewCardRepository cards;
  private final transient ReviewSchedule schedule;
  private final transient Jdbc jdbc;
  private final transient Supplier<ContentLibrary> content;
  private final transient Templates templates;
  private final transient Clock clock;

  SpacedReviewServlet(
      LaunchSessions sessions,
      ReviewCardRepository cards,
      ReviewSchedule schedule,
      Jdbc jdbc,
      Supplier<ContentLibrary> content,
      Templates templates,
      Clock clock) {
    this.sessions = sessions;
    this.cards = cards;
    this.schedule = schedule;
    this.jdbc = jdbc;
    this.content = content;
    this.templates = templates;
    this.clock = clock;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    response.setHeader("Cache-Control", "no-store");
    LaunchSession session = sessions.require(request);
    String next = next(request.getParameter("next"), session);
    switch (action(request)) {
      case "" -> offerPage(request, response, session, next);
      case "item" -> itemPage(request, response, session, next);
      case "checked" -> checkedPage(request, response, session, next);
      default -> throw HttpError.notFound("error.404");
    }
  }

  @Override
  protected void doPost(HttpServletRequest request, HttpServletResponse response) {
    LaunchSession session = sessions.requireForm(request);
    String next = next(request.getParameter("next"), session);
    switch (action(request)) {
      case "answer" -> answer(request, response, session, next);
      case "dismiss" -> {
        Instant now = clock.instant();
        cards.hideDue(session.userId(), session.courseId(), now, now.plus(NOT_NOW));
        redirect(response, next);
      }
      default -> throw HttpError.notFound("error.404");
    }
  }

  private void offerPage(
      HttpServletRequest request, HttpServletResponse response, LaunchSession session, String next)
      throws IOException {
    int due = reviewable(session, content.get()).size();
    if (due == 0) {
      redirect(response, next);
      return;
    }
    Map<String, Object> model = model(session, next);
    model.put("count", due);
    model.put("minutes", (int) Math.ceil(due * MINUTES_PER_IDEA));
    model.put("startHref", href("item", session, next, null));
    templates.render(request, response, "review/offer", model);
  }

  private void itemPage(
      HttpServletRequest request, HttpServletResponse response, LaunchSession session, String next)
      throws IOException {
    ContentLibrary library = content.get();
    List<Due> due = reviewable(session, library);
    Map<String, Object> model = model(session, next);
    if (due.isEmpty()) {
      templates.render(request, response, "review/done", model);
      return;
    }
    Due first = due.get(0);
    model.put("card", first.card());
    model.put("left", due.size());
    model.put("question", first.item().question());
    model.put("multiple", first.item().question().choiceKind() == Question.ChoiceKind.MULTIPLE);
    templates.render(request, response, "review/item", model);
  }

  private void answer(
      HttpServletRequest request,
      HttpServletResponse response,
      LaunchSession session,
      String next) {
    long cardId = cardId(request);
    String questionId = request.getParameter("question");
    List<String> picked =
        request.getParameterValues("option") == null
            ? List.of()
            : Arrays.stream(request.getParameterValues("option")).distinct().toList();
    ContentLibrary library = content.get();
    boolean saved =
        jdbc.inTransaction(
            () -> {
              ReviewCard card = own(cards.lock(cardId), session);
              Instant now = clock.instant();
              if (!card.isDueAt(now)) {
                if (questionId != null && questionId.equals(card.lastQuestionId())) {
                  return false; // a second press of "Check answer": the first one counted
                }
                throw HttpError.conflict("error.review.notDue");
              }
              Question.Choice question =
                  ReviewItems.named(library, card, questionId)
                      .orElseThrow(() -> HttpError.badRequest("error.review.unknownQuestion"))
                      .question();
              if (picked.isEmpty()) {
                throw HttpError.badRequest("error.review.noAnswer");
              }
              for (String id : picked) {
                if (question.options().stream().noneMatch(o -> o.id().equals(id))) {
                  throw HttpError.badRequest("error.review.unknownOption");
                }
              }
              if (question.choiceKind() != Question.ChoiceKind.MULTIPLE && picked.size() > 1) {
                throw HttpError.badRequest("error.review.oneOptionOnly");
              }
              cards.saveReview(
                  schedule.answered(
                      card, question.id(), picked, ReviewItems.right(question, picked), now));
              return true;
            });
    if (saved) {
      log.info(
          "event=review_answered user={} course={} card={}",
          session.userId(),
          session.courseId(),
          cardId);
    }
    redirect(response, href("checked", session, next, cardId) + "#feedback");
  }

  private void checkedPage(
      HttpServletRequest request, HttpServletResponse response, LaunchSession session, String next)
      throws IOException {
    ContentLibrary library = content.get();
    ReviewCard card = own(cards.find(cardId(request)), session);
    Optional<ReviewItems.Item> item =
        card.lastRight() == null
            ? Optional.empty()
            : ReviewItems.named(library, card, card.lastQuestionId());
    if (item.isEmpty()) {
      redirect(response, href("item", session, next, null));
      return;
    }
    Question.Choice question = item.get().question();
    List<CheckedOption> options =
        question.options().stream()
            .map(
                o ->
                    new CheckedOption(
                        o.text(),
                        card.lastAnswer().contains(o.id()),
                        o.correct(),
                        card.lastAnswer().contains(o.id()) || o.correct() ? o.feedback() : null))
            .toList();
    Instant now = clock.instant();
    Optional<Misconception> misconception = library.misconception(card.tag());
    Map<String, Object> model = model(session, next);
    model.put("question", question);
    model.put("right", card.lastRight());
    model.put("options", options);
    model.put("idea", misconception.map(Misconception::description).orElse(card.tag()));
    model.put(
        "lessonHref",
        misconception.map(Misconception::link).map(link -> lessonHref(link, session)).orElse(null));
    model.put("days", Math.max(1, (Duration.between(now, card.dueAt()).toHours() + 23) / 24));
    model.put("more", !reviewable(session, library).isEmpty());
    model.put("nextItemHref", href("item", session, next, null));
    templates.render(request, response, "review/checked", model);
  }

  /**
   * An option after the answer: what was picked, whether it is right, and its feedback when it
   * shows.
   */
  record CheckedOption(String text, boolean picked, boolean correct, String feedback) {}

  /** A due card and the item that practises it. */
  private record Due(ReviewCard card, ReviewItems.Item item) {}

  private List<Due> reviewable(LaunchSession session, ContentLibrary library) {
    return cards.due(session.userId(), session.courseId(), clock.instant()).stream()
        .flatMap(card -> ReviewItems.pick(library, card).map(item -> new Due(card, item)).stream())
        .toList();
  }

  private static ReviewCard own(Optional<ReviewCard> found, LaunchSession session) {
    ReviewCard card = found.orElseThrow(() -> HttpError.notFound("error.review.noSuchCard"));
    if (card.userId() != session.userId() || card.courseId() != session.courseId()) {
      throw HttpError.forbidden("error.review.notYourCard");
    }
    return card;
  }

  private static long cardId(HttpServletRequest request) {
    try {
      return Long.parseLong(String.valueOf(request.getParameter("card")));
    } catch (NumberFormatException e) {
      throw HttpError.badRequest("error.review.noSuchCard");
    }
  }

  private static String action(HttpServletRequest request) {
    String path = request.getPathInfo();
    return path == null ? "" : path.replaceAll("^/+|/+$", "");
  }

  /**
   * Where the learner goes after the review: a path of this tool (the launch's destination);
   * anything else, such as another site, falls back to the course overview.
   */
  static String next(String raw, LaunchSession session) {
    boolean local =
        raw != null
            && raw.length() <= 1000
            && raw.startsWith("/")
            && !raw.startsWith("//")
            && raw.chars().noneMatch(c -> c < 0x21 || c == '\\' || c == 0x7f);
    return local ? raw : "/course?s=" + encode(session.id());
  }

  private static String href(String action, LaunchSession session, String next, Long cardId) {
    return "/review/"
        + action
        + "?s="
        + encode(session.id())
        + (cardId == null ? "" : "&card=" + cardId)
        + "&next="
        + encode(next);
  }

  private static String lessonHref(String link, LaunchSession session) {
    int hash = link.indexOf('#');
    String lesson = hash < 0 ? link : link.substring(0, hash);
    return "/lessons/"
        + encode(lesson)
        + "?s="
        + encode(session.id())
        + (hash < 0 ? "" : link.substring(hash));
  }

  private static Map<String, Object> model(LaunchSession session, String next) {
    Map<String, Object> model = new LinkedHashMap<>();
    model.put("launch", session);
    model.put("s", session.id());
    model.put("csrf", session.csrfToken());
    model.put("next", next);
    return model;
  }

  private static void redirect(HttpServletResponse response, String location) {
    response.setStatus(HttpServletResponse.SC_SEE_OTHER);
    response.setHeader("Location", location);
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
