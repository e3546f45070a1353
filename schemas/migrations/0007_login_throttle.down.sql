CREATE TABLE login_failures (
  id        bigserial PRIMARY KEY,
  username  text NOT NULL,
  source    text,
  at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_user_idx ON login_failures (username, at);

DROP INDEX auth_tokens_operator_idx;
DROP TABLE login_throttle_address;
DROP TABLE login_throttle;
