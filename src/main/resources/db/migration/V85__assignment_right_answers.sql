-- Quiz feature, review rules: when a link's reviews show the right answers (after-each,
-- after-last-attempt, after-close, never); NULL keeps the quiz file's setting. Runs unchanged on
-- H2 and PostgreSQL.
ALTER TABLE assignment_settings ADD COLUMN right_answers VARCHAR(32);
