-- Which node is finding or creating a link's gradebook column (AGS line item) on the platform,
-- and until when. The claim commits before the platform call and the line item is stored in a
-- new short transaction after it, so no database row lock or pooled connection is held while
-- the platform answers; another delivery for the same link waits for the column instead of
-- making a second one, and a claim left by a node that died mid-call expires.
CREATE TABLE line_item_claims (
  resource_link_id BIGINT PRIMARY KEY REFERENCES resource_links (id) ON DELETE CASCADE,
  claimed_by VARCHAR(100) NOT NULL,
  claim_until TIMESTAMP WITH TIME ZONE NOT NULL
);
