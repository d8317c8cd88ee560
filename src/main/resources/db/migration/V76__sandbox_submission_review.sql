-- The sandbox sends submission review launches from its gradebook, like Moodle 4.5: the
-- learner whose work is shown, or NULL for the whole activity ("View External tool results").
ALTER TABLE sandbox_launches ADD COLUMN for_user VARCHAR(64);
