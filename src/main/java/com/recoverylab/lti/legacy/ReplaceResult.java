package com.recoverylab.lti.legacy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.imsglobal.pox.IMSPOXRequest;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The POX messages of the LTI 1.1 Basic Outcomes service (Implementation Guide, "LTI Basic Outcomes
 * Service"): the replaceResult request, built from basiclti-util's template, and the status of the
 * platform's answer.
 */
final class ReplaceResult {
  private ReplaceResult() {}

  /** The request body; the score is a decimal from 0.0 to 1.0 as the service requires. */
  static String request(String messageId, String sourcedId, String score) {
    // the template's last slot is optional resultData (an extension); grades need none
    return String.format(
        Locale.ROOT,
        IMSPOXRequest.ReplaceResultMessageTemplate,
        xml(messageId),
        xml(sourcedId),
        score,
        "");
  }

  /**
   * The grade as the fraction of the maximum, clamped to 0..1, written like {@code 0.8} or {@code
   * 1.0}.
   */
  static String score(double given, double maximum) {
    if (!(maximum > 0) || Double.isNaN(given)) {
      throw new IllegalArgumentException(
          "score needs a positive maximum, got " + given + "/" + maximum);
    }
    BigDecimal fraction =
        BigDecimal.valueOf(given)
            .divide(BigDecimal.valueOf(maximum), 4, RoundingMode.HALF_UP)
            .max(BigDecimal.ZERO)
            .min(BigDecimal.ONE)
            .stripTrailingZeros();
    String text = fraction.toPlainString();
    return text.contains(".") ? text : text + ".0";
  }

  /** The imsx_statusInfo of an answer. */
  record Status(String codeMajor, String description) {}

  /**
   * Reads {@code imsx_codeMajor} and {@code imsx_description} from the answer.
   *
   * @throws IOException when the answer is not a POX envelope with a status
   */
  static Status status(byte[] body) throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      // the answer comes from another server: no DTDs, no external entities
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setExpandEntityReferences(false);
      Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      String major = text(document, "imsx_codeMajor");
      if (major == null) {
        throw new IOException("the answer has no imsx_codeMajor");
      }
      return new Status(major.strip().toLowerCase(Locale.ROOT), text(document, "imsx_description"));
    } catch (ParserConfigurationException | SAXException e) {
      throw new IOException("the answer is not a POX envelope: " + e.getMessage(), e);
    }
  }

  private static String text(Document document, String localName) {
    NodeList nodes = document.getElementsByTagNameNS("*", localName);
    if (nodes.getLength() == 0) {
      return null;
    }
    String text = nodes.item(0).getTextContent();
    return text == null || text.isBlank() ? null : text.strip();
  }

  private static String xml(String value) {
    StringBuilder out = new StringBuilder(value.length() + 16);
    for (char c : value.toCharArray()) {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&apos;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  static byte[] utf8(String body) {
    return body.getBytes(StandardCharsets.UTF_8);
  }
}
