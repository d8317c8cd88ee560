package com.recoverylab.store;

/**
 * The database a command-line tool works on: the configured one, migrated, with a pool of two
 * connections (a command runs one thing at a time; Flyway takes two while it migrates). Every
 * command opens it this way.
 *
 * @param jdbc the database access repositories are built from
 */
public record CommandDatabase(Database database, Jdbc jdbc) implements AutoCloseable {
  private static final int POOL = 2;

  /** Opens and migrates the configured database; a failure says which database and why. */
  public static CommandDatabase open(DatabaseAddress address) throws StartupException {
    Database database = Database.open(address, POOL);
    return new CommandDatabase(database, new Jdbc(database.dataSource(), database.isPostgres()));
  }

  @Override
  public void close() {
    database.close();
  }
}
