package com.recoverylab.testing;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Moodle's deep linking return ({@code /mod/lti/contentitem_return.php}): takes the tool's form
 * post with the signed {@code JWT} and keeps it for the test, answering as Moodle does when the
 * activities were added.
 */
public final class DeepLinkReturn {
  private final String url;
  private final BlockingQueue<Received> posts = new LinkedBlockingQueue<>();

  DeepLinkReturn(String url) {
    this.url = url;
  }

  /** The deep_link_return_url of deep linking launches. */
  public String url() {
    return url;
  }

  /** The next post the tool made, waiting up to the given seconds; null if none came. */
  public Received nextPost(long seconds) throws InterruptedException {
    return posts.poll(seconds, TimeUnit.SECONDS);
  }

  /** Forgets posts received so far. */
  public void clear() {
    posts.clear();
  }

  void handle(HttpExchange exchange, Received request) throws IOException {
    posts.add(request);
    if (!"POST".equals(request.method()) || request.form().get("JWT") == null) {
      Exchanges.sendHtml(
          exchange,
          400,
          "<!DOCTYPE html><html><head><title>Moodle</title></head><body>"
              + "<p>Invalid request: no JWT</p></body></html>");
      return;
    }
    Exchanges.sendHtml(
        exchange,
        200,
        "<!DOCTYPE html><html><head><title>Moodle</title></head><body>"
            + "<p>Activities added</p></body></html>");
  }
}
