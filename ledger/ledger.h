// File: ledger/ledger.h
//
// The double-entry ledger: accounts, journal entries and their postings, in
// PostgreSQL (schemas/migrations/0002_ledger.*).
//
// Every function works inside the caller's transaction, so a posting commits
// together with the payment state change that caused it, or not at all.
// Money is integer minor units (see codecs' currency table for the exponent).
//
// Invariants (enforced here and again by the database):
//   - an entry's postings sum to zero per currency;
//   - a posting's currency is its account's;
//   - an account without overdraft never goes below zero;
//   - an idempotency key is posted at most once (a retry gets kAlreadyPosted);
//   - postings are never updated or deleted.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/pg/pool.h"
#include "core/status.h"

namespace gw::ledger {

struct Account {
  std::string id;    // e.g. "CUST-DE44500105175407324931", "NOSTRO-BANKB-EUR"
  std::string kind;  // customer | settlement | suspense | fees | equity
  std::string currency;
  std::string name;
  std::string iban;          // customer accounts; empty otherwise
  std::string counterparty;  // settlement accounts: the link name
  bool allow_overdraft = false;
  int64_t balance_minor = 0;
};

struct PostingLine {
  std::string account_id;
  int64_t amount_minor = 0;  // credit > 0, debit < 0
};

struct EntrySpec {
  std::string kind;             // payment | reversal | opening | inbound | return | adjustment
  std::string idempotency_key;  // e.g. "payment:<uuid>"
  std::string payment_id;       // optional (uuid)
  std::string description;
  std::vector<PostingLine> lines;
};

struct PostResult {
  int64_t entry_id = 0;
  bool already_posted = false;  // the key was posted before: nothing was done now
};

// Creates an account. kAlreadyExists if the id (or IBAN, or settlement account
// for the same counterparty and currency) exists; kInvalidArgument for a bad field.
Status CreateAccount(pqxx::dbtransaction& txn, const Account& account);

// Posts a balanced entry. kInvalidArgument if it does not balance or names an
// unknown account or mixes currencies; kFailedPrecondition ("insufficient
// funds in <account>") when a debit would overdraw an account that may not be
// overdrawn, with nothing posted. Locks the accounts it touches (in id order,
// so concurrent postings cannot deadlock) FOR NO KEY UPDATE: exclusive among
// postings as FOR UPDATE is, but rows that only reference the account (a
// statement naming it as settlement account: a foreign-key check, FOR KEY
// SHARE) are not made to wait for the posting's commit. The same holds for
// every row lock on payments and outbox rows: no key of theirs ever changes.
StatusOr<PostResult> PostEntry(pqxx::dbtransaction& txn, const EntrySpec& entry);
// Posts several entries, in order, in a fixed number of round trips (whatever
// their number): one result per entry, as PostEntry would give it, with each
// entry's funds checked against the balances the entries before it leave. An
// entry refused with kInvalidArgument or kFailedPrecondition posts nothing and
// does not stop the others; a database error is returned for the whole call
// (roll back then).
StatusOr<std::vector<StatusOr<PostResult>>> PostEntries(pqxx::dbtransaction& txn, const std::vector<EntrySpec>& entries);

StatusOr<std::optional<Account>> FindAccount(pqxx::dbtransaction& txn, const std::string& id);
StatusOr<std::optional<Account>> FindAccountByIban(pqxx::dbtransaction& txn, const std::string& iban);
// The accounts holding these IBANs, by IBAN (IBANs held by none are absent).
StatusOr<std::map<std::string, Account>> FindAccountsByIban(pqxx::dbtransaction& txn, const std::vector<std::string>& ibans);
StatusOr<std::optional<Account>> FindSettlementAccount(pqxx::dbtransaction& txn, const std::string& counterparty,
                                                       const std::string& currency);
StatusOr<std::vector<Account>> ListAccounts(pqxx::dbtransaction& txn);

struct EntryLine {
  int64_t posting_id = 0;
  int64_t entry_id = 0;
  std::string kind;
  std::string payment_id;
  std::string description;
  int64_t amount_minor = 0;
  std::string currency;
  std::string created_at;
};
// Newest first; `before_posting_id` pages backwards (0: from the newest).
StatusOr<std::vector<EntryLine>> AccountEntries(pqxx::dbtransaction& txn, const std::string& account_id, int limit,
                                                int64_t before_posting_id);
StatusOr<std::vector<EntryLine>> PaymentPostings(pqxx::dbtransaction& txn, const std::string& payment_id);

struct TrialBalanceLine {
  std::string currency;
  int64_t debits_minor = 0;   // sum of debit postings (a negative number)
  int64_t credits_minor = 0;  // sum of credit postings
  int64_t net_minor = 0;      // always zero in a sound ledger
  int64_t balances_net_minor = 0;  // sum of account balances: zero too
};
StatusOr<std::vector<TrialBalanceLine>> TrialBalance(pqxx::dbtransaction& txn);

}  // namespace gw::ledger
