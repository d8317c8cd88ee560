package com.recoverylab.export;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.Question;
import com.recoverylab.content.Quiz;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/**
 * Writes a {@link BankSelection} as a QTI 2.1 content package: {@code imsmanifest.xml} (IMS Content
 * Packaging 1.1) listing one {@code assessmentItem} file per question, with the quiz, the
 * misconception tags and the lesson sections as LOM metadata of each resource, and {@code
 * export-report.txt} saying what was skipped and why.
 */
public final class QtiPackageWriter {
  static final String QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1";
  static final String CP = "http://www.imsglobal.org/xsd/imscp_v1p1";
  static final String LOM = "http://ltsc.ieee.org/xsd/LOM";
  static final String XSI = XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI;
  static final String REPORT = "export-report.txt";
  private static final String RESPONSE = "RESPONSE";
  private static final String FEEDBACK = "FEEDBACK";
  // the XHTML elements a prompt keeps (all of them exist in QTI 2.1's content model); others
  // are unwrapped to their text
  private static final Set<String> BLOCKS =
      Set.of("p", "div", "ul", "ol", "li", "blockquote", "pre", "h2", "h3", "h4", "h5", "h6", "hr");
  private static final Set<String> INLINES =
      Set.of(
          "em", "strong", "code", "br", "a", "b", "i", "sub", "sup", "span", "q", "kbd", "samp",
          "var", "dfn", "abbr", "cite", "small", "big", "tt");

  private final ContentLibrary library;

  public QtiPackageWriter(ContentLibrary library) {
    this.library = library;
  }

  /** The package as zip bytes. */
  public byte[] write(BankSelection selection) {
    Map<String, String> files = files(selection);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
      for (Map.Entry<String, String> file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return bytes.toByteArray();
  }

  /** Every file of the package by its path, the manifest first. */
  Map<String, String> files(BankSelection selection) {
    Map<String, String> files = new LinkedHashMap<>();
    files.put("imsmanifest.xml", manifest(selection));
    for (BankSelection.QuizPart part : selection.quizzes()) {
      for (Question question : part.questions()) {
        files.put(itemPath(part.quiz(), question), item(part.quiz(), question));
      }
    }
    files.put(REPORT, report(selection));
    return files;
  }

  static String itemPath(Quiz quiz, Question question) {
    return "items/" + quiz.id() + "/" + question.id() + ".xml";
  }

  /** An identifier (an XML name) from ids made of letters, digits, hyphens and underscores. */
  static String identifier(String prefix, String id) {
    return prefix + id;
  }

  static String itemIdentifier(Quiz quiz, Question question) {
    return identifier("Q_", quiz.id() + "." + question.id());
  }

  String report(BankSelection selection) {
    StringBuilder out = new StringBuilder();
    out.append("Recovery Lab question bank, QTI 2.1: ")
        .append(selection.exportedCount())
        .append(" questions from ")
        .append(selection.quizzes().size())
        .append(" quizzes.\n");
    if (selection.skipped().isEmpty()) {
      out.append("No question was skipped.\n");
    } else {
      out.append("Skipped, because QTI choice items cannot express them faithfully:\n");
      selection
          .skipped()
          .forEach(s -> out.append("  ").append(Markup.oneLine(s.line())).append('\n'));
    }
    return out.toString();
  }

  // ---- manifest

  String manifest(BankSelection selection) {
    return xml(
        w -> {
          w.writeStartElement("manifest");
          w.writeDefaultNamespace(CP);
          w.writeNamespace("lom", LOM);
          w.writeNamespace("xsi", XSI);
          w.writeAttribute(
              "xsi", XSI, "schemaLocation", CP + " http://www.imsglobal.org/xsd/imscp_v1p1.xsd");
          w.writeAttribute("identifier", "recovery-lab-question-bank");
          w.writeStartElement("metadata");
          element(w, "schema", "QTIv2.1 Package");
          element(w, "schemaversion", "1.0.0");
          w.writeEndElement();
          w.writeEmptyElement("organizations");
          w.writeStartElement("resources");
          for (BankSelection.QuizPart part : selection.quizzes()) {
            for (Question question : part.questions()) {
              resource(w, part.quiz(), question);
            }
          }
          w.writeStartElement("resource");
          w.writeAttribute("identifier", "export-report");
          w.writeAttribute("type", "webcontent");
          w.writeAttribute("href", REPORT);
          w.writeEmptyElement("file");
          w.writeAttribute("href", REPORT);
          w.writeEndElement();
          w.writeEndElement();
          w.writeEndElement();
        });
  }

  private void resource(XMLStreamWriter w, Quiz quiz, Question question) throws XMLStreamException {
    String path = itemPath(quiz, question);
    w.writeStartElement("resource");
    w.writeAttribute("identifier", "R_" + itemIdentifier(quiz, question));
    w.writeAttribute("type", "imsqti_item_xmlv2p1");
    w.writeAttribute("href", path);
    w.writeStartElement("metadata");
    w.writeStartElement("lom", "lom", LOM);
    w.writeStartElement("lom", "general", LOM);
    w.writeStartElement("lom", "identifier", LOM);
    lomElement(w, "catalog", "recovery-lab");
    lomElement(w, "entry", quiz.id() + "/" + question.id());
    w.writeEndElement();
    lomString(w, "title", Markup.oneLine(quiz.title()) + ": " + question.id());
    lomString(
        w,
        "description",
        "Quiz \u201c" + Markup.oneLine(quiz.title()) + "\u201d, " + question.kind() + " question");
    for (String tag : GiftWriter.tags(question)) {
      lomString(w, "keyword", tag);
    }
    w.writeEndElement();
    for (String link : links(question)) {
      LessonReference.of(library, link)
          .ifPresent(
              ref -> {
                try {
                  w.writeStartElement("lom", "relation", LOM);
                  w.writeStartElement("lom", "kind", LOM);
                  lomElement(w, "source", "LOMv1.0");
                  lomElement(w, "value", "references");
                  w.writeEndElement();
                  w.writeStartElement("lom", "resource", LOM);
                  w.writeStartElement("lom", "identifier", LOM);
                  lomElement(w, "catalog", "recovery-lab-lesson");
                  lomElement(w, "entry", ref.link());
                  w.writeEndElement();
                  lomString(w, "description", ref.sentence());
                  w.writeEndElement();
                  w.writeEndElement();
                } catch (XMLStreamException e) {
                  throw new IllegalStateException(e);
                }
              });
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEmptyElement("file");
    w.writeAttribute("href", path);
    w.writeEndElement();
  }

  /** The lesson links of a question's options or pairs, each once. */
  private static List<String> links(Question question) {
    List<String> links = new ArrayList<>();
    if (question instanceof Question.Choice choice) {
      choice.options().forEach(o -> links.add(o.link()));
    } else if (question instanceof Question.Matching matching) {
      matching.pairs().forEach(p -> links.add(p.link()));
      matching.distractors().forEach(o -> links.add(o.link()));
    }
    return links.stream().filter(l -> l != null && !l.isBlank()).distinct().toList();
  }

  private static void lomElement(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    w.writeStartElement("lom", name, LOM);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  private static void lomString(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    w.writeStartElement("lom", name, LOM);
    w.writeStartElement("lom", "string", LOM);
    w.writeAttribute("language", "en");
    w.writeCharacters(text);
    w.writeEndElement();
    w.writeEndElement();
  }

  // ---- items

  /** One question as a QTI 2.1 assessmentItem. */
  String item(Quiz quiz, Question question) {
    return xml(
        w -> {
          w.writeStartElement("assessmentItem");
          w.writeDefaultNamespace(QTI);
          w.writeNamespace("xsi", XSI);
          w.writeAttribute(
              "xsi",
              XSI,
              "schemaLocation",
              QTI + " http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd");
          w.writeAttribute("identifier", itemIdentifier(quiz, question));
          w.writeAttribute("title", Markup.oneLine(quiz.title()) + ": " + question.id());
          w.writeAttribute("adaptive", "false");
          w.writeAttribute("timeDependent", "false");
          if (question instanceof Question.Choice choice) {
            choiceItem(w, choice);
          } else if (question instanceof Question.Matching matching) {
            matchingItem(w, matching);
          } else {
            throw new IllegalArgumentException("not a choice question: " + question.kind());
          }
          w.writeEndElement();
        });
  }

  private void choiceItem(XMLStreamWriter w, Question.Choice choice) throws XMLStreamException {
    List<Question.Option> options = choice.options();
    long right = options.stream().filter(Question.Option::correct).count();
    boolean single = choice.choiceKind() != Question.ChoiceKind.MULTIPLE;
    w.writeStartElement("responseDeclaration");
    w.writeAttribute("identifier", RESPONSE);
    w.writeAttribute("cardinality", single ? "single" : "multiple");
    w.writeAttribute("baseType", "identifier");
    w.writeStartElement("correctResponse");
    for (Question.Option option : options) {
      if (option.correct()) {
        element(w, "value", identifier("C_", option.id()));
      }
    }
    w.writeEndElement();
    if (!single) {
      // each right option earns its share, each wrong one takes a share away, never below 0:
      // the tool's own scoring of a multiple-answer question
      w.writeStartElement("mapping");
      w.writeAttribute("lowerBound", "0");
      w.writeAttribute("upperBound", "1");
      w.writeAttribute("defaultValue", "0");
      for (Question.Option option : options) {
        w.writeEmptyElement("mapEntry");
        w.writeAttribute("mapKey", identifier("C_", option.id()));
        w.writeAttribute("mappedValue", (option.correct() ? "" : "-") + fraction(right));
      }
      w.writeEndElement();
    }
    w.writeEndElement();
    outcomes(w, single ? "single" : "multiple");
    w.writeStartElement("itemBody");
    prompt(w, choice.prompt());
    w.writeStartElement("choiceInteraction");
    w.writeAttribute("responseIdentifier", RESPONSE);
    // true/false keeps "true, false"; other options shuffle unless fixed, as in the tool
    w.writeAttribute(
        "shuffle", Boolean.toString(choice.choiceKind() != Question.ChoiceKind.TRUE_FALSE));
    w.writeAttribute("maxChoices", single ? "1" : "0");
    for (Question.Option option : options) {
      w.writeStartElement("simpleChoice");
      w.writeAttribute("identifier", identifier("C_", option.id()));
      w.writeAttribute("fixed", Boolean.toString(option.fixed()));
      w.writeCharacters(Markup.oneLine(option.text()));
      w.writeEndElement();
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeStartElement("responseProcessing");
    if (single) {
      w.writeStartElement("responseCondition");
      w.writeStartElement("responseIf");
      w.writeStartElement("match");
      variable(w, RESPONSE);
      w.writeEmptyElement("correct");
      w.writeAttribute("identifier", RESPONSE);
      w.writeEndElement();
      setScore(w, "1");
      w.writeEndElement();
      w.writeStartElement("responseElse");
      setScore(w, "0");
      w.writeEndElement();
      w.writeEndElement();
    } else {
      setScoreFromMapping(w);
    }
    // the chosen options are the feedback to show: each option's own explanation
    w.writeStartElement("setOutcomeValue");
    w.writeAttribute("identifier", FEEDBACK);
    variable(w, RESPONSE);
    w.writeEndElement();
    w.writeEndElement();
    for (Question.Option option : options) {
      modalFeedback(w, identifier("C_", option.id()), feedback(option.feedback(), option.link()));
    }
  }

  private void matchingItem(XMLStreamWriter w, Question.Matching matching)
      throws XMLStreamException {
    w.writeStartElement("responseDeclaration");
    w.writeAttribute("identifier", RESPONSE);
    w.writeAttribute("cardinality", "multiple");
    w.writeAttribute("baseType", "directedPair");
    w.writeStartElement("correctResponse");
    for (Question.Pair pair : matching.pairs()) {
      element(w, "value", pairValue(pair));
    }
    w.writeEndElement();
    w.writeStartElement("mapping");
    w.writeAttribute("lowerBound", "0");
    w.writeAttribute("upperBound", "1");
    w.writeAttribute("defaultValue", "0");
    for (Question.Pair pair : matching.pairs()) {
      w.writeEmptyElement("mapEntry");
      w.writeAttribute("mapKey", pairValue(pair));
      w.writeAttribute("mappedValue", fraction(matching.pairs().size()));
    }
    w.writeEndElement();
    w.writeEndElement();
    outcomes(w, "single");
    w.writeStartElement("itemBody");
    prompt(w, matching.prompt());
    w.writeStartElement("matchInteraction");
    w.writeAttribute("responseIdentifier", RESPONSE);
    w.writeAttribute("shuffle", "true");
    w.writeAttribute("maxAssociations", Integer.toString(matching.pairs().size()));
    w.writeStartElement("simpleMatchSet");
    for (Question.Pair pair : matching.pairs()) {
      associable(w, identifier("L_", pair.id()), pair.left());
    }
    w.writeEndElement();
    w.writeStartElement("simpleMatchSet");
    for (Question.Pair pair : matching.pairs()) {
      associable(w, identifier("R_", pair.id()), pair.right());
    }
    for (Question.Option distractor : matching.distractors()) {
      associable(w, identifier("D_", distractor.id()), distractor.text());
    }
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    w.writeStartElement("responseProcessing");
    setScoreFromMapping(w);
    w.writeStartElement("setOutcomeValue");
    w.writeAttribute("identifier", FEEDBACK);
    w.writeStartElement("baseValue");
    w.writeAttribute("baseType", "identifier");
    w.writeCharacters("PAIRS");
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    // feedback comes per row in the tool; here it is one explanation of every pair and distractor
    w.writeStartElement("modalFeedback");
    w.writeAttribute("outcomeIdentifier", FEEDBACK);
    w.writeAttribute("identifier", "PAIRS");
    w.writeAttribute("showHide", "show");
    w.writeStartElement("ul");
    for (Question.Pair pair : matching.pairs()) {
      String feedback = feedback(pair.feedback(), pair.link());
      element(
          w,
          "li",
          Markup.oneLine(pair.left())
              + " \u2192 "
              + Markup.oneLine(pair.right())
              + (feedback.isEmpty() ? "" : ": " + feedback));
    }
    for (Question.Option distractor : matching.distractors()) {
      String feedback = feedback(distractor.feedback(), distractor.link());
      element(
          w,
          "li",
          Markup.oneLine(distractor.text())
              + " (matches no item)"
              + (feedback.isEmpty() ? "" : ": " + feedback));
    }
    w.writeEndElement();
    w.writeEndElement();
  }

  private static String pairValue(Question.Pair pair) {
    return identifier("L_", pair.id()) + " " + identifier("R_", pair.id());
  }

  private static void associable(XMLStreamWriter w, String id, String text)
      throws XMLStreamException {
    w.writeStartElement("simpleAssociableChoice");
    w.writeAttribute("identifier", id);
    w.writeAttribute("matchMax", "1");
    w.writeCharacters(Markup.oneLine(text));
    w.writeEndElement();
  }

  private static void outcomes(XMLStreamWriter w, String feedbackCardinality)
      throws XMLStreamException {
    w.writeStartElement("outcomeDeclaration");
    w.writeAttribute("identifier", "SCORE");
    w.writeAttribute("cardinality", "single");
    w.writeAttribute("baseType", "float");
    w.writeStartElement("defaultValue");
    element(w, "value", "0");
    w.writeEndElement();
    w.writeEndElement();
    w.writeEmptyElement("outcomeDeclaration");
    w.writeAttribute("identifier", FEEDBACK);
    w.writeAttribute("cardinality", feedbackCardinality);
    w.writeAttribute("baseType", "identifier");
  }

  private static void setScore(XMLStreamWriter w, String value) throws XMLStreamException {
    w.writeStartElement("setOutcomeValue");
    w.writeAttribute("identifier", "SCORE");
    w.writeStartElement("baseValue");
    w.writeAttribute("baseType", "float");
    w.writeCharacters(value);
    w.writeEndElement();
    w.writeEndElement();
  }

  private static void setScoreFromMapping(XMLStreamWriter w) throws XMLStreamException {
    w.writeStartElement("setOutcomeValue");
    w.writeAttribute("identifier", "SCORE");
    w.writeEmptyElement("mapResponse");
    w.writeAttribute("identifier", RESPONSE);
    w.writeEndElement();
  }

  private static void variable(XMLStreamWriter w, String identifier) throws XMLStreamException {
    w.writeEmptyElement("variable");
    w.writeAttribute("identifier", identifier);
  }

  private static void modalFeedback(XMLStreamWriter w, String identifier, String text)
      throws XMLStreamException {
    if (text.isEmpty()) {
      return;
    }
    w.writeStartElement("modalFeedback");
    w.writeAttribute("outcomeIdentifier", FEEDBACK);
    w.writeAttribute("identifier", identifier);
    w.writeAttribute("showHide", "show");
    w.writeCharacters(text);
    w.writeEndElement();
  }

  /** 1 / parts, to seven decimals. */
  static String fraction(long parts) {
    return BigDecimal.ONE
        .divide(BigDecimal.valueOf(parts), 7, RoundingMode.HALF_UP)
        .stripTrailingZeros()
        .toPlainString();
  }

  /** Feedback and the lesson section to read, as plain text. */
  private String feedback(String feedback, String link) {
    String text = feedback == null ? "" : Markup.oneLine(feedback);
    String lesson = LessonReference.of(library, link).map(LessonReference::sentence).orElse("");
    return (text + " " + lesson).trim();
  }

  /**
   * The rendered prompt as QTI content: a {@code div} holding its elements in the QTI namespace,
   * without links into the tool, with attributes other than a link's {@code href} left out.
   */
  private static void prompt(XMLStreamWriter w, String renderedHtml) throws XMLStreamException {
    w.writeStartElement("div");
    Element parsed = parse(Markup.prompt(renderedHtml));
    if (parsed == null) {
      w.writeStartElement("p");
      w.writeCharacters(Markup.oneLine(renderedHtml.replaceAll("<[^>]*>", "")));
      w.writeEndElement();
    } else {
      copyChildren(w, parsed);
    }
    w.writeEndElement();
  }

  private static void copyChildren(XMLStreamWriter w, Node parent) throws XMLStreamException {
    for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
      if (node.getNodeType() == Node.TEXT_NODE || node.getNodeType() == Node.CDATA_SECTION_NODE) {
        w.writeCharacters(node.getNodeValue());
      } else if (node.getNodeType() == Node.ELEMENT_NODE) {
        Element element = (Element) node;
        String name = element.getTagName().toLowerCase(java.util.Locale.ROOT);
        boolean link = "a".equals(name);
        if ((BLOCKS.contains(name) || INLINES.contains(name))
            && !(link && element.getAttribute("href").isEmpty())) {
          w.writeStartElement(name);
          if (link) {
            w.writeAttribute("href", element.getAttribute("href"));
          }
          copyChildren(w, element);
          w.writeEndElement();
        } else {
          copyChildren(w, element);
        }
      }
    }
  }

  /** The prompt's HTML read as XML (the Markdown renderer writes XHTML), or null when it is not. */
  private static Element parse(String html) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return factory
          .newDocumentBuilder()
          .parse(new InputSource(new StringReader("<div>" + html + "</div>")))
          .getDocumentElement();
    } catch (SAXException | IOException | ParserConfigurationException e) {
      return null;
    }
  }

  private static void element(XMLStreamWriter w, String name, String text)
      throws XMLStreamException {
    w.writeStartElement(name);
    w.writeCharacters(text);
    w.writeEndElement();
  }

  private interface XmlBody {
    void write(XMLStreamWriter writer) throws XMLStreamException;
  }

  private static String xml(XmlBody body) {
    StringWriter out = new StringWriter();
    try {
      XMLStreamWriter w = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
      w.writeStartDocument("UTF-8", "1.0");
      w.writeCharacters("\n");
      body.write(w);
      w.writeEndDocument();
      w.close();
    } catch (XMLStreamException e) {
      throw new IllegalStateException("writing XML to memory failed", e);
    }
    return out.append('\n').toString();
  }
}
