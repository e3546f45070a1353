-- Operating FIX sessions (gateway/fix/README.md): an operator's logout holds a
-- session out on every node until an operator logs it on again, and a
-- sequence-number reset is proposed by one admin and carried out only once a
-- second admin approves it. gateway_runtime gets row rights from the default
-- privileges of 0006; the decided history is not rewritten.

-- Absent row: the session is enabled.
CREATE TABLE fix_session_controls (
  session     text PRIMARY KEY,
  enabled     boolean NOT NULL,
  reason      text NOT NULL,
  updated_by  text NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE fix_sequence_resets (
  id               bigserial PRIMARY KEY,
  session          text NOT NULL,
  next_sender_seq  integer NOT NULL CHECK (next_sender_seq >= 1),
  next_target_seq  integer NOT NULL CHECK (next_target_seq >= 1),
  reason           text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  proposed_by      text NOT NULL,
  proposed_at      timestamptz NOT NULL DEFAULT now(),
  status           text NOT NULL DEFAULT 'PROPOSED' CHECK (status IN ('PROPOSED', 'APPLIED', 'REJECTED')),
  decided_by       text,
  decided_at       timestamptz,
  decision_reason  text,
  -- Four eyes, in the database too: whoever decides did not propose.
  CONSTRAINT fix_sequence_resets_four_eyes CHECK (decided_by IS NULL OR decided_by <> proposed_by),
  CONSTRAINT fix_sequence_resets_decided CHECK ((status = 'PROPOSED') = (decided_by IS NULL))
);
-- At most one open proposal per session.
CREATE UNIQUE INDEX fix_sequence_resets_open_idx ON fix_sequence_resets (session) WHERE status = 'PROPOSED';

REVOKE DELETE ON fix_session_controls, fix_sequence_resets FROM gateway_runtime;
