package com.recoverylab.testing;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Drops the PostgreSQL databases a test run created when its JUnit session ends. A JVM shutdown
 * hook alone is not enough: Surefire kills its fork 30 s after asking it to exit, before a hook
 * dropping dozens of databases on a busy machine is done.
 */
public final class DropTestDatabases implements LauncherSessionListener {
  @Override
  public void launcherSessionClosed(LauncherSession session) {
    TestDatabases.dropCreated();
  }
}
