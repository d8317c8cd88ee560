-- Which lessons each user has opened in each course: the first time only, so the course
-- overview can mark lessons as read and instructors can see who read what.
CREATE TABLE lesson_reads (
  user_id BIGINT NOT NULL REFERENCES users (id),
  course_id BIGINT NOT NULL REFERENCES courses (id),
  lesson_id VARCHAR(100) NOT NULL,
  first_read_at TIMESTAMP WITH TIME ZONE NOT NULL,
  PRIMARY KEY (user_id, course_id, lesson_id)
);
CREATE INDEX lesson_reads_course ON lesson_reads (course_id, lesson_id);
