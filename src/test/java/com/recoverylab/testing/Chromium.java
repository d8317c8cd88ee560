package com.recoverylab.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Real-browser tests: Debian's headless Chromium driven through Debian's chromedriver, so nothing
 * is downloaded at run time (Selenium Manager is never asked). Without Chromium the tests are
 * skipped with a visible message; CI sets {@code REQUIRE_CHROMIUM=true} so a missing browser fails
 * the run instead.
 */
public final class Chromium implements AutoCloseable {
  public static final Path BROWSER =
      Path.of(System.getenv().getOrDefault("CHROMIUM_BINARY", "/usr/bin/chromium"));
  public static final Path DRIVER =
      Path.of(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));

  /** How the browser treats cookies, as a user could set it. */
  public enum Cookies {
    /** Chromium's defaults: third-party cookies allowed. */
    DEFAULT,
    /**
     * "Block third-party cookies" in the browser's settings ({@code profile.cookie_controls_mode} =
     * 1). Partitioned (CHIPS) cookies still pass, as in Chrome and Edge.
     */
    BLOCK_THIRD_PARTY
  }

  /** Browser settings; {@link #defaults()} gives a desktop-sized window with default cookies. */
  public record Options(Cookies cookies, int width, int height) {
    public static Options defaults() {
      return new Options(Cookies.DEFAULT, 1280, 900);
    }

    public Options withCookies(Cookies value) {
      return new Options(value, width, height);
    }

    public Options withWindow(int newWidth, int newHeight) {
      return new Options(cookies, newWidth, newHeight);
    }
  }

  private final ChromeDriver driver;
  private final Path profile;

  private Chromium(ChromeDriver driver, Path profile) {
    this.driver = driver;
    this.profile = profile;
  }

  /** True when both the browser and its driver are installed. */
  public static boolean available() {
    return Files.isExecutable(BROWSER) && Files.isExecutable(DRIVER);
  }

  /** Skips the calling test when Chromium is missing, or fails it when CI requires Chromium. */
  public static void assumeAvailable() {
    if (available()) {
      return;
    }
    String message =
        "Chromium not installed ("
            + BROWSER
            + ", "
            + DRIVER
            + "); install Debian's chromium and chromium-driver to run the real-browser tests";
    if (Boolean.parseBoolean(System.getenv("REQUIRE_CHROMIUM"))) {
      throw new IllegalStateException(message + "; REQUIRE_CHROMIUM=true");
    }
    System.err.println("SKIPPED real-browser tests: " + message);
    Assumptions.abort(message);
  }

  /** Starts a headless Chromium with a fresh profile; skips when Chromium is missing. */
  public static Chromium start(Options options) {
    assumeAvailable();
    Path profile;
    try {
      profile = Files.createTempDirectory("recovery-lab-chromium");
      Path preferences = profile.resolve("Default").resolve("Preferences");
      Files.createDirectories(preferences.getParent());
      int cookieControls = options.cookies() == Cookies.BLOCK_THIRD_PARTY ? 1 : 0;
      Files.writeString(
          preferences,
          "{\"profile\":{\"cookie_controls_mode\":" + cookieControls + "}}",
          StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a Chromium profile", e);
    }
    ChromeOptions chrome = new ChromeOptions();
    chrome.setBinary(BROWSER.toFile());
    chrome.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--password-store=basic",
        "--user-data-dir=" + profile,
        "--window-size=" + options.width() + "," + options.height());
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .build();
    ChromeDriver driver = new ChromeDriver(service, chrome);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return new Chromium(driver, profile);
  }

  public ChromeDriver driver() {
    return driver;
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      deleteQuietly(profile);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      // a leftover temporary profile is harmless
    }
  }
}
