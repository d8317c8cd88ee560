package com.recoverylab.instructor;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Quiz;
import com.recoverylab.export.BankSelection;
import com.recoverylab.export.GiftWriter;
import com.recoverylab.export.QtiPackageWriter;
import com.recoverylab.web.HttpError;
import com.recoverylab.web.LaunchSession;
import com.recoverylab.web.LaunchSessions;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /instructor/export?quiz=<id>|all&format=gift|qti}: an instructor downloads the choice
 * questions of one quiz, or of all, as Moodle GIFT or as a QTI 2.1 content package.
 */
final class BankExportServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private static final Logger log = LoggerFactory.getLogger(BankExportServlet.class);
  static final String ALL = "all";

  private final transient LaunchSessions sessions;
  private final transient Supplier<ContentLibrary> content;

  BankExportServlet(LaunchSessions sessions, Supplier<ContentLibrary> content) {
    this.sessions = sessions;
    this.content = content;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    LaunchSession session = sessions.requireInstructor(request);
    ContentLibrary library = content.get();
    String quizParam = request.getParameter("quiz");
    if (quizParam == null || quizParam.isBlank()) {
      throw HttpError.badRequest("instructor.export.noQuiz");
    }
    List<Quiz> quizzes =
        ALL.equals(quizParam)
            ? library.quizzes()
            : List.of(
                library
                    .quiz(quizParam)
                    .orElseThrow(
                        () -> HttpError.notFound("instructor.export.unknownQuiz", quizParam)));
    String format = request.getParameter("format");
    String name = "recovery-lab-" + (ALL.equals(quizParam) ? "question-bank" : quizParam);
    BankSelection selection = BankSelection.of(quizzes);
    byte[] body;
    if ("gift".equals(format)) {
      body = new GiftWriter(library).write(selection).getBytes(StandardCharsets.UTF_8);
      response.setContentType("text/plain; charset=UTF-8");
      name += ".gift.txt";
    } else if ("qti".equals(format)) {
      body = new QtiPackageWriter(library).write(selection);
      response.setContentType("application/zip");
      name += ".qti.zip";
    } else {
      throw HttpError.badRequest("instructor.export.unknownFormat", format == null ? "" : format);
    }
    log.info(
        "event=question_bank_export platform={} quiz={} format={} questions={} skipped={}",
        session.platformId(),
        quizParam,
        format,
        selection.exportedCount(),
        selection.skipped().size());
    // quiz ids are [a-z0-9-], so the name needs no quoting beyond the quotes
    response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }
}
