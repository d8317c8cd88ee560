package com.recoverylab.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/**
 * LTI 1.1 Basic Outcomes as Moodle answers them ({@code /mod/lti/service.php}): a POX {@code
 * replaceResult} stores the score under its sourcedId and is answered with HTTP 200 and {@code
 * imsx_codeMajor} success; an activity that does not accept grades answers 200 with {@code
 * failure}. Answers can be scripted ahead; every request is recorded (the tests check the OAuth
 * signature with their own code).
 */
public final class BasicOutcomesService {
  private final String url;
  private final ConcurrentLinkedDeque<Answer> script = new ConcurrentLinkedDeque<>();
  private volatile Answer always;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, String> scores = new ConcurrentHashMap<>();

  BasicOutcomesService(String url) {
    this.url = url;
  }

  /** The lis_outcome_service_url of launches. */
  public String url() {
    return url;
  }

  /** Answers for the next requests, in order; then scores are stored. */
  public void enqueue(Answer... answers) {
    script.addAll(Arrays.asList(answers));
  }

  /** Answers every request this way from now on (null: store scores again). */
  public void answerAlways(Answer answer) {
    this.always = answer;
  }

  /** Moodle's answer when the activity does not take grades from the tool. */
  public void refuseGrades(String description) {
    answerAlways(
        Answer.status(200, pox("failure", description), Map.of("Content-Type", "application/xml")));
  }

  public List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** The score stored for a sourcedId (as sent, 0.0 to 1.0), or null. */
  public String score(String sourcedId) {
    return scores.get(sourcedId);
  }

  /** A POX answer envelope with this status. */
  public static String pox(String codeMajor, String description) {
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
        + "<imsx_POXEnvelopeResponse xmlns=\"http://www.imsglobal.org/services/ltiv1p1/xsd/imsoms_v1p0\">"
        + "<imsx_POXHeader><imsx_POXResponseHeaderInfo><imsx_version>V1.0</imsx_version>"
        + "<imsx_messageIdentifier>1</imsx_messageIdentifier><imsx_statusInfo>"
        + "<imsx_codeMajor>"
        + codeMajor
        + "</imsx_codeMajor><imsx_severity>status</imsx_severity>"
        + "<imsx_description>"
        + description
        + "</imsx_description>"
        + "<imsx_messageRefIdentifier>x</imsx_messageRefIdentifier>"
        + "<imsx_operationRefIdentifier>replaceResult</imsx_operationRefIdentifier>"
        + "</imsx_statusInfo></imsx_POXResponseHeaderInfo></imsx_POXHeader>"
        + "<imsx_POXBody><replaceResultResponse/></imsx_POXBody></imsx_POXEnvelopeResponse>";
  }

  /** The sourcedId and score of a replaceResult request body. */
  public static String[] replaceResult(String body) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      Document pox =
          factory
              .newDocumentBuilder()
              .parse(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
      if (pox.getElementsByTagNameNS("*", "replaceResultRequest").getLength() != 1) {
        throw new IllegalArgumentException("not a replaceResultRequest: " + body);
      }
      return new String[] {
        pox.getElementsByTagNameNS("*", "sourcedId").item(0).getTextContent(),
        pox.getElementsByTagNameNS("*", "textString").item(0).getTextContent()
      };
    } catch (IOException
        | javax.xml.parsers.ParserConfigurationException
        | org.xml.sax.SAXException e) {
      throw new IllegalArgumentException("unreadable POX: " + body, e);
    }
  }

  void handle(HttpExchange exchange, Received request) throws IOException {
    received.add(request);
    Answer scripted = script.poll();
    if (scripted == null) {
      scripted = always;
    }
    if (scripted != null && scripted.scripted()) {
      Map<String, String> headers =
          new java.util.HashMap<>(Map.of("Content-Type", "application/xml"));
      headers.putAll(scripted.headers());
      Exchanges.send(
          exchange,
          new Answer(scripted.status(), scripted.body(), headers, scripted.delay(), false));
      return;
    }
    String[] result;
    try {
      result = replaceResult(request.body());
    } catch (IllegalArgumentException e) {
      Exchanges.send(
          exchange,
          200,
          pox("unsupported", "not a replaceResult request"),
          Map.of("Content-Type", "application/xml"));
      return;
    }
    scores.put(result[0], result[1]);
    Exchanges.send(
        exchange,
        200,
        pox("success", "Score for " + result[0] + " is now " + result[1]),
        Map.of("Content-Type", "application/xml"));
  }
}
