-- The LTI 1.3 launch no longer keeps accepted nonces in a table of their own. Each login draws a
-- fresh 256-bit nonce for its own state, the id_token is accepted only with the nonce of the
-- state it is posted with, and that state is used once (oidc_states.used_at, set in the
-- launch's transaction): a used, expired or deleted state accepts no token, and no other state
-- carries the nonce. Runs unchanged on H2 and PostgreSQL; the table's index goes with it.
DROP TABLE used_nonces;
