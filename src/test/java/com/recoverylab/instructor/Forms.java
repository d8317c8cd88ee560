package com.recoverylab.instructor;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.htmlunit.HttpMethod;
import org.htmlunit.Page;
import org.htmlunit.WebClient;
import org.htmlunit.WebRequest;
import org.htmlunit.util.NameValuePair;

/** Form posts built by hand, as a replayed or forged request would be. */
final class Forms {
  private Forms() {}

  static <P extends Page> P post(
      WebClient browser,
      String url,
      Map<String, String> fields,
      List<Map.Entry<String, String>> more)
      throws IOException {
    WebRequest request = new WebRequest(URI.create(url).toURL(), HttpMethod.POST);
    List<NameValuePair> params = new ArrayList<>();
    fields.forEach((k, v) -> params.add(new NameValuePair(k, v)));
    more.forEach(e -> params.add(new NameValuePair(e.getKey(), e.getValue())));
    request.setRequestParameters(params);
    return browser.getPage(request);
  }

  static <P extends Page> P post(WebClient browser, String url, Map<String, String> fields)
      throws IOException {
    return post(browser, url, fields, List.of());
  }
}
