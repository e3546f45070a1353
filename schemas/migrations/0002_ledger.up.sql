-- The double-entry ledger. Money is integer minor units of the account's
-- currency (cents for EUR, yen for JPY); never floating point.
--
-- Sign convention: a posting's amount_minor is positive for a credit and
-- negative for a debit, for every account. An entry balances when its postings
-- sum to zero per currency; the whole ledger then always sums to zero per
-- currency (the trial balance).

CREATE TABLE ledger_accounts (
  id              text PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$'),
  kind            text NOT NULL CHECK (kind IN ('customer', 'settlement', 'suspense', 'fees', 'equity')),
  currency        char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
  name            text NOT NULL,
  iban            text UNIQUE,            -- customer accounts
  counterparty    text,                   -- settlement (nostro/vostro) accounts: the link name
  allow_overdraft boolean NOT NULL DEFAULT false,
  balance_minor   bigint NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT ledger_accounts_no_overdraft CHECK (allow_overdraft OR balance_minor >= 0),
  CONSTRAINT ledger_accounts_settlement_has_counterparty CHECK (kind <> 'settlement' OR counterparty IS NOT NULL)
);
CREATE UNIQUE INDEX ledger_accounts_settlement_idx ON ledger_accounts (counterparty, currency) WHERE kind = 'settlement';

CREATE TABLE journal_entries (
  id              bigserial PRIMARY KEY,
  kind            text NOT NULL CHECK (kind IN ('payment', 'reversal', 'opening', 'inbound', 'return', 'adjustment')),
  -- Unique per effect: e.g. "payment:<id>", "reversal:<id>". A retry can never post twice.
  idempotency_key text NOT NULL UNIQUE,
  payment_id      uuid,
  description     text NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX journal_entries_payment_idx ON journal_entries (payment_id);

CREATE TABLE postings (
  id           bigserial PRIMARY KEY,
  entry_id     bigint NOT NULL REFERENCES journal_entries (id),
  account_id   text NOT NULL REFERENCES ledger_accounts (id),
  currency     char(3) NOT NULL,
  amount_minor bigint NOT NULL CHECK (amount_minor <> 0),
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX postings_account_idx ON postings (account_id, id);
CREATE INDEX postings_entry_idx ON postings (entry_id);

-- A posting's currency is its account's, and it moves the account's balance.
CREATE FUNCTION postings_apply() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  acct_currency char(3);
BEGIN
  UPDATE ledger_accounts SET balance_minor = balance_minor + NEW.amount_minor
    WHERE id = NEW.account_id RETURNING currency INTO acct_currency;
  IF acct_currency IS DISTINCT FROM NEW.currency THEN
    RAISE EXCEPTION 'posting currency % does not match account % currency %', NEW.currency, NEW.account_id, acct_currency
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER postings_apply BEFORE INSERT ON postings FOR EACH ROW EXECUTE FUNCTION postings_apply();

-- Postings are never changed or deleted: corrections are new entries.
CREATE FUNCTION postings_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'postings are immutable' USING ERRCODE = 'check_violation';
END $$;
CREATE TRIGGER postings_no_change BEFORE UPDATE OR DELETE ON postings FOR EACH ROW EXECUTE FUNCTION postings_immutable();

-- Every entry balances per currency, checked at commit (after all its postings).
CREATE FUNCTION journal_entry_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  bad record;
BEGIN
  SELECT currency, sum(amount_minor) AS total INTO bad FROM postings
    WHERE entry_id = NEW.entry_id GROUP BY currency HAVING sum(amount_minor) <> 0 LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'journal entry % does not balance in %: off by %', NEW.entry_id, bad.currency, bad.total
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NULL;
END $$;
CREATE CONSTRAINT TRIGGER postings_balanced AFTER INSERT ON postings
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION journal_entry_balanced();
