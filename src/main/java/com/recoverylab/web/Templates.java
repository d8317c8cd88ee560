package com.recoverylab.web;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.cache.StandardCacheManager;
import org.thymeleaf.context.Context;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.standard.StandardDialect;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/** Renders Thymeleaf templates from {@code templates/} on the classpath; templates only render. */
public final class Templates {
  /**
   * Every distinct expression in the templates (about 1,000 attribute values, and OGNL's parsed
   * trees beside them) fits; Thymeleaf's default of 500 evicted entries at random and parsed them
   * again once every page had been seen.
   */
  private static final int EXPRESSION_CACHE_SIZE = 4096;

  /** A buffer that grew past this for one large page is not kept for the thread's next page. */
  private static final int KEPT_BUFFER_BYTES = 256 * 1024;

  /** Each request thread writes its pages into its own buffer, reused page after page. */
  private static final ThreadLocal<PageBytes> BUFFERS = ThreadLocal.withInitial(PageBytes::new);

  private final TemplateEngine engine;
  private final Messages messages;
  private final ContextLinks links = new ContextLinks();

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
    StandardCacheManager caches = new StandardCacheManager();
    caches.setExpressionCacheMaxSize(EXPRESSION_CACHE_SIZE);
    engine.setCacheManager(caches);
    engine.setLinkBuilder(links);
    StandardDialect dialect = new StandardDialect();
    dialect.setVariableExpressionEvaluator(
        new RecordAccessorEvaluator(dialect.getVariableExpressionEvaluator()));
    engine.setDialect(dialect);
    engine.setMessageResolver(messages);
  }

  public Messages messages() {
    return messages;
  }

  /**
   * Renders a page as {@code text/html} with the given status.
   *
   * <p>The page's variables are the model plus the request's launch session ({@code launch}, set by
   * {@link LaunchSessions} for the page header), kept in a plain map: a servlet web context kept
   * every variable as a request attribute, and each lookup went through the container's attribute
   * layers. No template reads request parameters, the servlet session or other request attributes.
   */
  public void render(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String template,
      Map<String, ?> model)
      throws IOException {
    links.contextPath = request.getContextPath();
    Context context = new Context(request.getLocale());
    Object launch = request.getAttribute(LaunchSessions.REQUEST_ATTRIBUTE);
    if (launch != null) {
      context.setVariable(LaunchSessions.REQUEST_ATTRIBUTE, launch);
    }
    model.forEach(context::setVariable);
    PageBytes page = BUFFERS.get();
    page.reset();
    try {
      engine.process(template, context, page);
      page.finish();
      response.setStatus(status);
      response.setContentType("text/html;charset=UTF-8");
      ServletOutputStream out;
      try {
        out = response.getOutputStream();
      } catch (IllegalStateException writerTaken) {
        // an error page after the servlet had started writing text (a failed CSV export)
        response.getWriter().write(page.toString());
        return;
      }
      // the page's UTF-8 bytes straight from the buffer Thymeleaf wrote into, with their length
      response.setContentLength(page.length());
      out.write(page.bytes(), 0, page.length());
    } finally {
      if (page.capacity() > KEPT_BUFFER_BYTES) {
        BUFFERS.remove();
      }
    }
  }

  public void render(
      HttpServletRequest request,
      HttpServletResponse response,
      String template,
      Map<String, ?> model)
      throws IOException {
    render(request, response, 200, template, model);
  }

  /**
   * Context-relative links ({@code @{/course(s=...)}}) start at the servlet context's path, as
   * Thymeleaf's web links did. Its web links also passed each URL through {@code
   * response.encodeURL}, which only adds a servlet session id; the tool runs without servlet
   * sessions (its session travels as {@code s=}), so nothing is lost.
   */
  private static final class ContextLinks extends StandardLinkBuilder {
    /** The one servlet context's path ("" at the root); the same for every request. */
    volatile String contextPath = "";

    @Override
    protected String computeContextPath(
        IExpressionContext context, String base, Map<String, Object> parameters) {
      return contextPath;
    }
  }
}
