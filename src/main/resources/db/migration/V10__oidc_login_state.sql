-- OIDC third-party-initiated login: what the tool sent to the platform, so the launch that
-- comes back can be checked on any node. Rows live about ten minutes; a used row stays until
-- it expires so a replayed launch is recognised as such.
CREATE TABLE oidc_states (
  state VARCHAR(64) PRIMARY KEY,
  nonce VARCHAR(64) NOT NULL,
  platform_id BIGINT NOT NULL REFERENCES platforms (id),
  target_link_uri VARCHAR(2000) NOT NULL,
  -- SHA-256 (base64url) of the secret in the browser's login cookie
  browser_binding_hash VARCHAR(64) NOT NULL,
  -- frame name for client-side (postMessage) storage when the platform offered one
  storage_target VARCHAR(200),
  -- the login request, to restart it in a new window when the browser kept no cookie
  login_hint VARCHAR(2000) NOT NULL,
  lti_message_hint VARCHAR(4000),
  deployment_id VARCHAR(255),
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX oidc_states_expires ON oidc_states (expires_at);

-- Nonces of accepted id_tokens; a second token with the same nonce is a replay.
CREATE TABLE used_nonces (
  platform_id BIGINT NOT NULL REFERENCES platforms (id),
  nonce VARCHAR(255) NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (platform_id, nonce)
);
CREATE INDEX used_nonces_expires ON used_nonces (expires_at);
