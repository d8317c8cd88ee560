package com.recoverylab.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.recoverylab.content.ContentLibrary;
import com.recoverylab.content.ContentLoader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.validation.Schema;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The QTI 2.1 package: a manifest the IMS CP schema accepts, and items the QTI 2.1 schema accepts
 * that say what the quiz says.
 */
class QtiPackageWriterTest {
  private static final Schema CONTENT_PACKAGING = LocalSchemas.load("imscp_v1p1.xsd");
  private static final Schema QTI_ITEMS =
      LocalSchemas.load("www.imsglobal.org/xsd/imsqti_v2p1.xsd");

  private final ContentLibrary library = ExportFixtures.library();
  private final Map<String, String> files =
      unzip(new QtiPackageWriter(library).write(BankSelection.of(library.quizzes())));

  static Map<String, String> unzip(byte[] zip) {
    Map<String, String> files = new LinkedHashMap<>();
    try (ZipInputStream in =
        new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
      for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
      }
    } catch (IOException e) {
      throw new AssertionError("not a zip", e);
    }
    return files;
  }

  static Document xml(String text) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + text, e);
    }
  }

  private static List<Element> all(Document doc, String namespace, String name) {
    NodeList nodes = doc.getElementsByTagNameNS(namespace, name);
    List<Element> elements = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      elements.add((Element) nodes.item(i));
    }
    return elements;
  }

  private static List<String> texts(Document doc, String name) {
    return all(doc, QtiPackageWriter.QTI, name).stream().map(Element::getTextContent).toList();
  }

  private Document item(String path) {
    String text = files.get(path);
    assertTrue(text != null, "no " + path + " in " + files.keySet());
    return xml(text);
  }

  @Test
  void the_package_holds_a_manifest_one_item_per_choice_question_and_the_report() {
    assertEquals(
        List.of(
            "imsmanifest.xml",
            "items/special-week/first.xml",
            "items/special-week/pick-three.xml",
            "items/special-week/myth.xml",
            "items/special-week/effects.xml",
            "items/plain/only.xml",
            "export-report.txt"),
        List.copyOf(files.keySet()));
    String report = files.get("export-report.txt");
    assertTrue(report.contains("5 questions from 2 quizzes"), report);
    assertTrue(
        report.contains("special-week/order (ranking): a ranking gives partial credit"), report);
    assertTrue(report.contains("special-week/story (branching): a branching scenario"), report);
  }

  @Test
  void manifest_validates_against_the_ims_content_packaging_schema_and_lists_every_file() {
    String manifest = files.get("imsmanifest.xml");
    assertEquals(List.of(), LocalSchemas.problems(CONTENT_PACKAGING, manifest), manifest);
    Document doc = xml(manifest);
    List<String> hrefs =
        all(doc, QtiPackageWriter.CP, "file").stream().map(e -> e.getAttribute("href")).toList();
    List<String> others =
        files.keySet().stream().filter(name -> !name.equals("imsmanifest.xml")).toList();
    assertEquals(others, hrefs);
    List<String> types =
        all(doc, QtiPackageWriter.CP, "resource").stream()
            .map(e -> e.getAttribute("type"))
            .toList();
    assertEquals(5, types.stream().filter("imsqti_item_xmlv2p1"::equals).count(), types.toString());
  }

  @Test
  void the_schema_check_refuses_a_manifest_without_its_organizations() {
    String broken =
        files
            .get("imsmanifest.xml")
            .replace("<organizations/>", "")
            .replace("<organizations></organizations>", "");
    assertTrue(
        !LocalSchemas.problems(CONTENT_PACKAGING, broken).isEmpty(),
        "the validator must not accept anything");
  }

  @Test
  void every_item_validates_against_the_qti_2_1_schema() {
    List<String> items = files.keySet().stream().filter(name -> name.startsWith("items/")).toList();
    assertEquals(5, items.size(), items.toString());
    for (String item : items) {
      assertEquals(
          List.of(),
          LocalSchemas.problems(QTI_ITEMS, files.get(item)),
          item + "\n" + files.get(item));
    }
  }

  @Test
  void the_qti_schema_check_refuses_a_choice_without_identifier_and_an_unknown_element() {
    String item = files.get("items/special-week/first.xml");
    assertTrue(item.contains("<simpleChoice identifier=\"C_gun\""), item);
    String noIdentifier = item.replace("<simpleChoice identifier=\"C_gun\"", "<simpleChoice");
    assertTrue(
        LocalSchemas.problems(QTI_ITEMS, noIdentifier).stream()
            .anyMatch(p -> p.contains("identifier")),
        LocalSchemas.problems(QTI_ITEMS, noIdentifier).toString());
    String unknownElement = item.replace("<itemBody>", "<itemBody><sparkle/>");
    assertTrue(
        LocalSchemas.problems(QTI_ITEMS, unknownElement).stream()
            .anyMatch(p -> p.contains("sparkle")),
        LocalSchemas.problems(QTI_ITEMS, unknownElement).toString());
  }

  @Test
  void manifest_metadata_carries_the_quiz_the_misconception_tags_and_the_lesson_sections() {
    Document doc = xml(files.get("imsmanifest.xml"));
    List<String> keywords =
        all(doc, QtiPackageWriter.LOM, "keyword").stream().map(Element::getTextContent).toList();
    assertEquals(
        List.of(
            "tools-replace-basics",
            "more-is-better",
            "more-is-better",
            "tools-speed-adaptation",
            "tools-speed-adaptation",
            "more-is-better"),
        keywords);
    List<String> entries =
        all(doc, QtiPackageWriter.LOM, "entry").stream().map(Element::getTextContent).toList();
    assertTrue(entries.contains("special-week/first"), entries.toString());
    assertTrue(entries.contains("basics-first#sleep"), entries.toString());
    String manifest = files.get("imsmanifest.xml");
    assertTrue(
        manifest.contains(
            "Read more: lesson \u201cBasics: sleep &amp; food\u201d, section \u201cSleep {first}\u201d."),
        manifest);
    assertTrue(
        manifest.contains("Quiz \u201cWeek 3/4: a {special} quiz\u201d, single question"),
        manifest);
  }

  @Test
  void single_choice_item_keeps_the_key_each_options_text_and_feedback_with_special_characters() {
    Document doc = item("items/special-week/first.xml");
    assertEquals(QtiPackageWriter.QTI, doc.getDocumentElement().getNamespaceURI());
    assertEquals("Q_special-week.first", doc.getDocumentElement().getAttribute("identifier"));
    assertEquals(List.of("C_sleep"), texts(doc, "value").subList(0, 1));
    assertEquals(
        List.of("Sleep " + ExportFixtures.SPECIAL, "A massage gun = dinner?", "Both, fixed last"),
        texts(doc, "simpleChoice"));
    List<Element> choices = all(doc, QtiPackageWriter.QTI, "simpleChoice");
    assertEquals("true", choices.get(2).getAttribute("fixed"), "a fixed option keeps its place");
    assertEquals(
        "1", all(doc, QtiPackageWriter.QTI, "choiceInteraction").get(0).getAttribute("maxChoices"));
    List<String> feedback = texts(doc, "modalFeedback");
    assertEquals(
        List.of(
            "Right: "
                + ExportFixtures.SPECIAL
                + " Read more: lesson \u201cBasics: sleep & food\u201d, "
                + "section \u201cSleep {first}\u201d.",
            "No #1: a gun {cannot} feed you. Read more: lesson \u201cBasics: sleep & food\u201d."),
        feedback,
        "an option without feedback has none");
    assertEquals(
        List.of("C_sleep", "C_gun"),
        all(doc, QtiPackageWriter.QTI, "modalFeedback").stream()
            .map(e -> e.getAttribute("identifier"))
            .toList());
    // the prompt's lesson link needs a launch, so only its text remains
    assertEquals(
        List.of(
            "Sam ran at 6: what comes first? 2 > 1 & {x} = ~y #1 \\ see the basics.",
            "Second line"),
        texts(doc, "p"));
    assertTrue(all(doc, QtiPackageWriter.QTI, "a").isEmpty());
  }

  @Test
  void multiple_answer_item_maps_right_options_to_shares_and_wrong_ones_below_zero() {
    Document doc = item("items/special-week/pick-three.xml");
    Element declaration = all(doc, QtiPackageWriter.QTI, "responseDeclaration").get(0);
    assertEquals("multiple", declaration.getAttribute("cardinality"));
    assertEquals(List.of("C_a", "C_b", "C_c"), texts(doc, "value").subList(0, 3));
    Map<String, String> mapping = new LinkedHashMap<>();
    all(doc, QtiPackageWriter.QTI, "mapEntry")
        .forEach(e -> mapping.put(e.getAttribute("mapKey"), e.getAttribute("mappedValue")));
    assertEquals(
        Map.of("C_a", "0.3333333", "C_b", "0.3333333", "C_c", "0.3333333", "C_d", "-0.3333333"),
        mapping);
    assertEquals("0", all(doc, QtiPackageWriter.QTI, "mapping").get(0).getAttribute("lowerBound"));
    assertEquals(
        "0", all(doc, QtiPackageWriter.QTI, "choiceInteraction").get(0).getAttribute("maxChoices"));
  }

  @Test
  void true_false_item_keeps_true_then_false_unshuffled() {
    Document doc = item("items/special-week/myth.xml");
    assertEquals(List.of("True", "False"), texts(doc, "simpleChoice"));
    assertEquals(
        "false",
        all(doc, QtiPackageWriter.QTI, "choiceInteraction").get(0).getAttribute("shuffle"));
    assertEquals("C_false", texts(doc, "value").get(0));
  }

  @Test
  void matching_item_pairs_each_item_with_its_effect_and_offers_the_distractors() {
    Document doc = item("items/special-week/effects.xml");
    assertEquals(List.of("L_boots R_boots", "L_ball R_ball"), texts(doc, "value").subList(0, 2));
    assertEquals(
        List.of(
            "Boots -> legs",
            "Ball: small",
            "Less heavy = lighter {legs}",
            "Pressure ~ on one spot",
            "Faster adaptation: 100%"),
        texts(doc, "simpleAssociableChoice"));
    assertEquals(
        "D_faster",
        all(doc, QtiPackageWriter.QTI, "simpleAssociableChoice").get(4).getAttribute("identifier"));
    List<String> rows = texts(doc, "li");
    assertTrue(
        rows.get(0)
            .startsWith(
                "Boots -> legs \u2192 Less heavy = lighter {legs}: Boots ease heaviness #1."),
        rows.get(0));
    assertTrue(
        rows.get(2)
            .startsWith("Faster adaptation: 100% (matches no item): No tool {speeds} it up."),
        rows.get(2));
  }

  @Test
  void
      every_shipped_choice_question_becomes_an_item_the_qti_schema_accepts_and_the_manifest_validates() {
    ContentLibrary shipped = ContentLoader.load(Path.of(""));
    BankSelection selection = BankSelection.of(shipped.quizzes());
    Map<String, String> shippedFiles = unzip(new QtiPackageWriter(shipped).write(selection));
    assertEquals(selection.exportedCount() + 2, shippedFiles.size());
    assertEquals(
        List.of(), LocalSchemas.problems(CONTENT_PACKAGING, shippedFiles.get("imsmanifest.xml")));
    for (Map.Entry<String, String> file : shippedFiles.entrySet()) {
      if (file.getKey().startsWith("items/")) {
        assertEquals(
            List.of(),
            LocalSchemas.problems(QTI_ITEMS, file.getValue()),
            file.getKey() + "\n" + file.getValue());
        Document doc = xml(file.getValue());
        List<String> choices = new ArrayList<>();
        all(doc, QtiPackageWriter.QTI, "simpleChoice")
            .forEach(e -> choices.add(e.getAttribute("identifier")));
        all(doc, QtiPackageWriter.QTI, "simpleAssociableChoice")
            .forEach(e -> choices.add(e.getAttribute("identifier")));
        Element correct = all(doc, QtiPackageWriter.QTI, "correctResponse").get(0);
        for (String value :
            texts(
                xml("<r xmlns='" + QtiPackageWriter.QTI + "'>" + innerXml(correct) + "</r>"),
                "value")) {
          for (String id : value.split(" ")) {
            assertTrue(
                choices.contains(id),
                file.getKey() + ": key " + id + " is not a choice of " + choices);
          }
        }
      }
    }
  }

  private static String innerXml(Element element) {
    StringBuilder out = new StringBuilder();
    NodeList values = element.getElementsByTagNameNS(QtiPackageWriter.QTI, "value");
    for (int i = 0; i < values.getLength(); i++) {
      out.append("<value>").append(values.item(i).getTextContent()).append("</value>");
    }
    return out.toString();
  }
}
