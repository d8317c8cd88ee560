package com.recoverylab.instructor;

import com.recoverylab.content.Quiz;
import com.recoverylab.quiz.AttemptResponses;
import com.recoverylab.web.HttpError;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The item analysis of the session's quiz link as CSV, counting first or all graded attempts as the
 * page does.
 */
final class ItemAnalysisCsvServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  private final transient InstructorAccess access;
  private final transient Results results;
  private final transient ItemAnalysis items;

  ItemAnalysisCsvServlet(InstructorAccess access, Results results, ItemAnalysis items) {
    this.access = access;
    this.results = results;
    this.items = items;
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    InstructorAccess.OnLink on = access.require(request);
    Quiz quiz =
        results.quiz(on.link()).orElseThrow(() -> HttpError.notFound("instructor.results.notQuiz"));
    AttemptResponses.Counting counting = ItemAnalysis.counting(request.getParameter("attempts"));
    response.setContentType("text/csv;charset=UTF-8");
    response.setHeader(
        "Content-Disposition",
        "attachment; filename=\"item-analysis-"
            + quiz.id()
            + "-"
            + ItemAnalysis.word(counting)
            + ".csv\"");
    response.getWriter().write(ItemAnalysisCsv.of(items.of(on.link(), quiz, counting), counting));
  }
}
