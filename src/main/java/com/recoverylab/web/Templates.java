package com.recoverylab.web;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/** Renders Thymeleaf templates from {@code templates/} on the classpath; templates only render. */
public final class Templates {
  private final TemplateEngine engine;
  private final Messages messages;
  private volatile JakartaServletWebApplication application;

  public Templates(Messages messages, boolean devMode) {
    this.messages = messages;
    ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
    resolver.setPrefix("templates/");
    resolver.setSuffix(".html");
    resolver.setTemplateMode(TemplateMode.HTML);
    resolver.setCharacterEncoding("UTF-8");
    // parsed templates are cached; development mode re-reads them on every request
    resolver.setCacheable(!devMode);
    engine = new TemplateEngine();
    engine.setTemplateResolver(resolver);
    StandardDialect dialect = new StandardDialect();
    dialect.setVariableExpressionEvaluator(
        new RecordAccessorEvaluator(dialect.getVariableExpressionEvaluator()));
    engine.setDialect(dialect);
    engine.setMessageResolver(messages);
  }

  public Messages messages() {
    return messages;
  }

  /** Renders a page as {@code text/html} with the given status. */
  public void render(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String template,
      Map<String, ?> model)
      throws IOException {
    WebContext context =
        new WebContext(
            webApplication(request.getServletContext()).buildExchange(request, response));
    context.setLocale(request.getLocale());
    model.forEach(context::setVariable);
    String html = engine.process(template, context);
    response.setStatus(status);
    response.setContentType("text/html;charset=UTF-8");
    ServletOutputStream out;
    try {
      out = response.getOutputStream();
    } catch (IllegalStateException writerTaken) {
      // an error page after the servlet had started writing text (a failed CSV export)
      response.getWriter().write(html);
      return;
    }
    // one encoding of the whole page: the servlet writer encoded it character by character
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    response.setContentLength(body.length);
    out.write(body);
  }

  public void render(
      HttpServletRequest request,
      HttpServletResponse response,
      String template,
      Map<String, ?> model)
      throws IOException {
    render(request, response, 200, template, model);
  }

  private JakartaServletWebApplication webApplication(ServletContext servletContext) {
    JakartaServletWebApplication app = application;
    if (app == null) {
      app = JakartaServletWebApplication.buildApplication(servletContext);
      application = app;
    }
    return app;
  }
}
