-- Grade delivery: which node holds a row while it sends it, and until when. A node that dies
-- mid-delivery leaves a claim that simply expires, so another node picks the row up.
ALTER TABLE grade_outbox ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE grade_outbox ADD COLUMN claim_until TIMESTAMP WITH TIME ZONE;
-- What the platform last said about a delivered or superseded row (e.g. it already held a
-- newer grade); last_error keeps the reason a row is waiting or failed.
ALTER TABLE grade_outbox ADD COLUMN note VARCHAR(2000);
