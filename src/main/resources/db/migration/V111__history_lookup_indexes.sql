-- Indexes for reads that grew with a learner's history: a learner who takes a quiz many times
-- (practice, or a graded link without an attempt limit) made every start page and every submit
-- read all their earlier attempts and grades. Runs unchanged on H2 and PostgreSQL.
--
-- The quiz start page lists the learner's newest attempts at the quiz (ORDER BY user_id, quiz_id,
-- started_at DESC, id DESC, the newest eleven). In this order it reads the newest entries and
-- stops; on (user_id, quiz_id) it read and sorted every attempt the learner had made there. It
-- starts with (user_id, quiz_id), so that index goes: with both, H2 took the shorter one.
CREATE INDEX quiz_attempts_user_quiz_newest
  ON quiz_attempts (user_id, quiz_id, started_at DESC, id DESC);
DROP INDEX quiz_attempts_user_quiz;

-- A submit supersedes the learner's waiting grades on the link (status = 'PENDING'), and a
-- delivery asks whether an earlier grade of the pair was delivered. With the status and the score
-- time in the index both read only the rows they ask for; on (resource_link_id, user_id) they
-- walked every grade the learner ever had on the link. That index goes too: while it was there
-- H2 took it for the reads in newest order as well (the result page's state), and walked the
-- same rows, where (resource_link_id, user_id, graded_at DESC, id DESC) stops at the first.
CREATE INDEX grade_outbox_pair_status
  ON grade_outbox (resource_link_id, user_id, status);
DROP INDEX grade_outbox_pair;
