-- Indexes for the two lookups every launch and every submit makes. Runs unchanged on H2 and
-- PostgreSQL.
--
-- A launch ends the user's older sessions on the same link (UPDATE ... WHERE user_id = ? AND
-- resource_link_id = ? AND expires_at > ?). With only (user_id) and the foreign key's
-- (resource_link_id) index, H2 chose the link's index and walked every session of the whole class
-- on that link; this one finds the user's live sessions on the link directly. It starts with
-- user_id, so it also serves everything the (user_id) index served.
CREATE INDEX launch_sessions_user_link ON launch_sessions (user_id, resource_link_id, expires_at);
DROP INDEX launch_sessions_user;

-- A submit reads the newest score time of the learner on the link, and the result page the
-- newest row's state (ORDER BY graded_at DESC, id DESC FETCH FIRST 1 ROW). On (resource_link_id,
-- user_id) alone both read and sorted every grade the learner ever had on the link; in this order
-- the first entry is the answer. The pair's own index stays: H2 prefers an index whose columns the
-- condition covers whole, and without it took the link's foreign-key index for superseding a
-- learner's waiting grades and for the newest time inside the grade's INSERT, walking the grades
-- of the whole class on the link.
CREATE INDEX grade_outbox_pair_newest
  ON grade_outbox (resource_link_id, user_id, graded_at DESC, id DESC);
