-- A login is never restarted with the platform's login hints (Moodle's launchid in
-- lti_message_hint is good for one authentication request), so the login state stops keeping them.
ALTER TABLE oidc_states DROP COLUMN login_hint;
ALTER TABLE oidc_states DROP COLUMN lti_message_hint;
-- TRUE when the login answer also kept the browser secret in the tool frame's own storage
-- (sessionStorage/localStorage), so the launch may read it back when no cookie arrives.
ALTER TABLE oidc_states ADD COLUMN client_stored BOOLEAN DEFAULT FALSE NOT NULL;
-- TRUE once the login page reported, with the secret or the cookie, that this browser keeps the
-- secret: from then on a launch without it is another browser's, never an unbound launch.
ALTER TABLE oidc_states ADD COLUMN browser_bound BOOLEAN DEFAULT FALSE NOT NULL;

-- One-time tickets that hand a launch validated inside the platform's frame (where the browser
-- kept nothing to tie it to) to a first-party window. Only a SHA-256 of each ticket is kept.
CREATE TABLE launch_tickets (
  ticket_hash VARCHAR(64) PRIMARY KEY,
  -- the tool page the launch goes to, carrying its session
  destination VARCHAR(2000) NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX launch_tickets_expires ON launch_tickets (expires_at);
