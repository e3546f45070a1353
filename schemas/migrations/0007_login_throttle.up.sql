-- Failed-login throttling (admin/auth.h). Counters are rows updated under a row
-- lock, so concurrent attempts cannot pass the limits.
--
-- login_throttle: one row per (user name, client address): failures count
-- towards an exponential back-off of that user name from that address only,
-- so guessing from one address cannot keep the operator out from another.
-- login_throttle_address: every failure from an address, whatever the user
-- name, within a fixed window; over the cap the address is refused until the
-- window ends.
-- Addresses are client keys: an IPv4 address, or an IPv6 /64 prefix.
CREATE TABLE login_throttle (
  username        text NOT NULL,
  address         text NOT NULL,
  failures        integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  last_failure_at timestamptz NOT NULL DEFAULT now(),
  blocked_until   timestamptz,
  refused         integer NOT NULL DEFAULT 0 CHECK (refused >= 0),  -- attempts refused while blocked
  PRIMARY KEY (username, address)
);
CREATE INDEX login_throttle_last_failure_idx ON login_throttle (last_failure_at);

CREATE TABLE login_throttle_address (
  address       text PRIMARY KEY,
  failures      integer NOT NULL DEFAULT 0 CHECK (failures >= 0),
  window_start  timestamptz NOT NULL DEFAULT now(),
  blocked_until timestamptz,
  refused       integer NOT NULL DEFAULT 0 CHECK (refused >= 0)
);
CREATE INDEX login_throttle_address_window_idx ON login_throttle_address (window_start);

-- Revoking an operator's tokens (password change) finds them by operator.
CREATE INDEX auth_tokens_operator_idx ON auth_tokens (operator_id) WHERE revoked_at IS NULL;

-- Replaced by the tables above.
DROP TABLE login_failures;
