-- Sessions end after a while unused (SESSION_IDLE_MINUTES), and once a browser has shown it
-- keeps the tool's cookie, only that browser may use its sessions.
ALTER TABLE launch_sessions ADD COLUMN last_seen_at TIMESTAMP WITH TIME ZONE;
-- SHA-256 (base64url) of the browser cookie the session is bound to; NULL while unbound
ALTER TABLE launch_sessions ADD COLUMN browser_hash VARCHAR(64);
-- a new launch ends the older sessions of the same user and link
CREATE INDEX launch_sessions_user ON launch_sessions (user_id);
