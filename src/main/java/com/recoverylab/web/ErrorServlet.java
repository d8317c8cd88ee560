package com.recoverylab.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Renders errors that Jetty itself raises before any servlet runs (a malformed URI, a method a
 * servlet does not implement), with the same page as every other error.
 */
public final class ErrorServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  private final transient ErrorPageFilter.ErrorPages pages;

  public ErrorServlet(ErrorPageFilter.ErrorPages pages) {
    this.pages = pages;
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    int status = code instanceof Integer i ? i : 500;
    String key =
        switch (status) {
          case 404 -> "error.404";
          case 500 -> "error.500";
          case 413 -> "error.tooLarge";
          case 431 -> "error.headersTooLarge";
          default -> "error.badRequest";
        };
    pages.render(request, response, status, key, new Object[0]);
  }
}
