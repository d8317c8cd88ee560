package com.recoverylab.content;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.Heading;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Renders content Markdown to HTML that is safe to insert into a page: raw HTML is escaped (it
 * shows as text) and unsafe link schemes are dropped. Links without a scheme are links to lessons
 * ({@code lesson-id}, {@code lesson-id#anchor}, or {@code #anchor} on the same page); they render
 * as {@code /lessons/lesson-id#anchor} and are returned for checking.
 */
final class Markdown {
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");
  private static final Parser PARSER =
      Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS_AND_INLINES).build();

  private Markdown() {}

  /**
   * Rendered HTML, the headings with the ids the HTML carries, and the lesson links.
   *
   * @param links each link's destination with its 0-based line and column in the Markdown
   */
  record Rendered(String html, List<Lesson.Heading> headings, List<LessonLink> links) {}

  /** A link to a lesson as written, and where (0-based line and column in the Markdown text). */
  record LessonLink(String destination, int lineIndex, int columnIndex) {}

  /** Renders a lesson body: headings get anchor ids, collected in document order. */
  static Rendered lesson(String markdown) {
    return render(markdown, true);
  }

  /** Renders a question prompt (no heading anchors: prompts share the page with other text). */
  static Rendered prompt(String markdown) {
    return render(markdown, false);
  }

  /** True when the destination has no scheme, so it names a lesson or a section of one. */
  static boolean isLessonLink(String destination) {
    return !SCHEME.matcher(destination).find();
  }

  private static Rendered render(String markdown, boolean anchors) {
    Node document = PARSER.parse(markdown);
    List<Lesson.Heading> headings = new ArrayList<>();
    List<LessonLink> links = new ArrayList<>();
    document.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Link link) {
            if (isLessonLink(link.getDestination())) {
              List<SourceSpan> spans = link.getSourceSpans();
              SourceSpan span = spans.isEmpty() ? null : spans.get(0);
              links.add(
                  new LessonLink(
                      link.getDestination(),
                      span == null ? 0 : span.getLineIndex(),
                      span == null ? 0 : span.getColumnIndex()));
            }
            visitChildren(link);
          }
        });
    HtmlRenderer.Builder builder = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true);
    if (anchors) {
      builder.extensions(List.of(HeadingAnchorExtension.create()));
    }
    // runs after the anchor extension's provider, so it sees the id the HTML gets
    builder.attributeProviderFactory(
        context ->
            (AttributeProvider)
                (node, tagName, attributes) -> {
                  if (node instanceof Heading heading && attributes.containsKey("id")) {
                    headings.add(
                        new Lesson.Heading(
                            attributes.get("id"), textOf(heading), heading.getLevel()));
                  }
                  if (node instanceof Link link && isLessonLink(link.getDestination())) {
                    attributes.put("href", href(link.getDestination()));
                    attributes.remove("rel"); // nofollow is for links that leave the tool
                  }
                });
    String html = builder.build().render(document);
    return new Rendered(html, headings, links);
  }

  /** {@code lesson-id#anchor} → {@code /lessons/lesson-id#anchor}; {@code #anchor} stays. */
  static String href(String destination) {
    if (destination.startsWith("#")) {
      return destination;
    }
    return "/lessons/" + destination;
  }

  private static String textOf(Node node) {
    StringBuilder text = new StringBuilder();
    node.accept(
        new AbstractVisitor() {
          @Override
          public void visit(Text t) {
            text.append(t.getLiteral());
          }

          @Override
          public void visit(Code code) {
            text.append(code.getLiteral());
          }
        });
    return text.toString();
  }
}
