-- One-time invitations to register a platform through dynamic registration. Only the hash of
-- the invitation is stored, so a copy of the database does not hold usable links.
CREATE TABLE registration_invites (
  token_hash VARCHAR(64) PRIMARY KEY,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  -- set while a registration with it runs and kept once it succeeded
  used_at TIMESTAMP WITH TIME ZONE
);
