package com.recoverylab.instructor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.app.AppServer;
import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentLoader;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import com.recoverylab.export.GiftTestParser;
import com.recoverylab.lti.registration.Platform;
import com.recoverylab.testing.TestDatabases;
import com.recoverylab.testing.TestServer;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.Role;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.html.HtmlAnchor;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An instructor downloads the question bank as GIFT and as QTI from the deep-linking picker. */
class BankExportFlowTest {
  private static final ContentLibrary SHIPPED = ContentLoader.load(Path.of(""));
  private static AppServer server;
  private static Platform platform;

  @BeforeAll
  static void start() {
    server = TestServer.start(TestServer.settings(TestDatabases.h2()), SHIPPED);
    platform = Fixtures.platform(server, Fixtures.ISSUER, null);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private LaunchSession teacher() {
    return Fixtures.launch(
        server,
        platform,
        "course-export",
        "teacher-1",
        "Tess Teacher",
        Role.INSTRUCTOR,
        null,
        null,
        null,
        Fixtures.deepLinkingLaunch(
            "https://moodle.example.edu/mod/lti/contentitem_return.php", true, null));
  }

  private static byte[] body(Page page) throws IOException {
    try (InputStream in = page.getWebResponse().getContentAsStream()) {
      return in.readAllBytes();
    }
  }

  private static Quiz quizWithSkippedQuestions() {
    return SHIPPED.quizzes().stream()
        .filter(q -> q.questions().stream().anyMatch(x -> x instanceof Question.Ranking))
        .findFirst()
        .orElseThrow();
  }

  private static long choiceQuestions(Quiz quiz) {
    return quiz.questions().stream()
        .filter(q -> q instanceof Question.Choice || q instanceof Question.Matching)
        .count();
  }

  @Test
  void picker_lists_each_quizs_downloads_and_the_questions_they_leave_out() throws Exception {
    LaunchSession session = teacher();
    Quiz quiz = quizWithSkippedQuestions();
    Question.Ranking ranking =
        (Question.Ranking)
            quiz.questions().stream()
                .filter(q -> q instanceof Question.Ranking)
                .findFirst()
                .orElseThrow();
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      String text = picker.asNormalizedText();
      assertTrue(text.contains("Export the question bank"), text);
      assertTrue(text.contains("All quizzes"), text);
      assertTrue(text.contains(choiceQuestions(quiz) + " questions to export"), text);
      assertTrue(text.contains(ranking.id() + " (ranking): a ranking gives partial credit"), text);
      assertTrue(
          text.contains(quiz.id() + "/" + ranking.id() + " (ranking)"),
          "the all-quizzes row names the quiz");
    }
  }

  @Test
  void instructor_downloads_every_quiz_as_gift_that_moodles_importer_reads_completely()
      throws Exception {
    LaunchSession session = teacher();
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      HtmlAnchor all =
          picker.getAnchorByHref("/instructor/export?s=" + session.id() + "&quiz=all&format=gift");
      Page download = all.click();
      assertEquals(200, download.getWebResponse().getStatusCode());
      assertEquals(
          "attachment; filename=\"recovery-lab-question-bank.gift.txt\"",
          download.getWebResponse().getResponseHeaderValue("Content-Disposition"));
      String gift = new String(body(download), StandardCharsets.UTF_8);
      List<GiftTestParser.Parsed> questions = GiftTestParser.parse(gift);
      long expected =
          SHIPPED.quizzes().stream().mapToLong(BankExportFlowTest::choiceQuestions).sum();
      assertEquals(expected, questions.size());
      assertEquals(
          SHIPPED.quizzes().size(),
          questions.stream().map(GiftTestParser.Parsed::category).distinct().count());
      assertTrue(
          gift.contains("(branching): a branching scenario leads through steps"),
          "the report lists skipped ones");
    }
  }

  @Test
  void instructor_downloads_one_quiz_as_a_qti_package() throws Exception {
    LaunchSession session = teacher();
    Quiz quiz = quizWithSkippedQuestions();
    try (WebClient browser = TestServer.browser()) {
      HtmlPage picker = browser.getPage(server.url() + "/instructor/deep-link?s=" + session.id());
      Page download =
          picker
              .getAnchorByHref(
                  "/instructor/export?s=" + session.id() + "&quiz=" + quiz.id() + "&format=qti")
              .click();
      assertEquals(200, download.getWebResponse().getStatusCode());
      assertEquals("application/zip", download.getWebResponse().getContentType());
      assertEquals(
          "attachment; filename=\"recovery-lab-" + quiz.id() + ".qti.zip\"",
          download.getWebResponse().getResponseHeaderValue("Content-Disposition"));
      List<String> names = new ArrayList<>();
      try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(body(download)))) {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
          names.add(entry.getName());
        }
      }
      assertEquals("imsmanifest.xml", names.get(0));
      assertEquals(
          choiceQuestions(quiz),
          names.stream().filter(n -> n.startsWith("items/" + quiz.id() + "/")).count());
      assertTrue(names.contains("export-report.txt"), names.toString());
    }
  }

  @Test
  void unknown_quiz_or_format_and_students_get_a_clear_refusal() throws Exception {
    LaunchSession session = teacher();
    LaunchSession student =
        Fixtures.launch(
            server,
            platform,
            "course-export",
            "student-1",
            "Sam Student",
            Role.LEARNER,
            null,
            null,
            null,
            Fixtures.resourceLaunch());
    try (WebClient browser = TestServer.browser()) {
      String base = server.url() + "/instructor/export?s=";
      Page unknown = browser.getPage(base + session.id() + "&quiz=no-such-quiz&format=gift");
      assertEquals(404, unknown.getWebResponse().getStatusCode());
      assertTrue(
          unknown
              .getWebResponse()
              .getContentAsString()
              .contains("There is no quiz called \u201cno-such-quiz\u201d"),
          unknown.getWebResponse().getContentAsString());
      Page format = browser.getPage(base + session.id() + "&quiz=all&format=pdf");
      assertEquals(400, format.getWebResponse().getStatusCode());
      assertTrue(
          format
              .getWebResponse()
              .getContentAsString()
              .contains("\u201cpdf\u201d is not an export format"));
      Page none = browser.getPage(base + session.id() + "&format=gift");
      assertEquals(400, none.getWebResponse().getStatusCode());
      Page refused = browser.getPage(base + student.id() + "&quiz=all&format=gift");
      assertEquals(403, refused.getWebResponse().getStatusCode());
    }
  }
}
