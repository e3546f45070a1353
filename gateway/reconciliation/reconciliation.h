// File: gateway/reconciliation/reconciliation.h
//
// Reconciliation of each day's payments against the counterparties'
// statements, and the exception queue (gateway/reconciliation/README.md):
//
//   ImportStatements   camt.053 / camt.054 in, streamed, validated, one
//                      transaction per file (nothing half-imported or twice)
//   Reconcile          three-way match of a day and link: our messages, our
//                      ledger, the statement; stored (RunDay) or not (Preview)
//   DailyReport, Aging the runbook's reports, as JSON or CSV
//   exception queue    cases for every open unmatched item and every payment
//                      in EXCEPTION; manual matches and write-offs need a
//                      second operator (enforced here and by the database)
//   Scheduler          the run after each link's cut-off, once per day and
//                      link whatever the number of gatewayd, and the metrics
//
// Thread safety: free functions are thread-safe (they use the caller's
// transaction or pool); Scheduler and DemoStatementBank are thread-safe.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pg/pool.h"
#include "core/status.h"

namespace prometheus {
class Registry;
}

namespace gw::reconciliation {

// Why an item is UNMATCHED: the documented list (README.md), in the order the
// checks are made.
enum class Reason {
  kNoStatement,              // no statement of the account for the day
  kPostingWithoutMessage,    // posted here, no pacs.008 built or stored
  kNotSent,                  // posted and queued, never sent by the cut-off
  kMissingAnswer,            // sent, no pacs.002 answer
  kAnswerWithoutPosting,     // accepted (ACSP) but nothing posted in our ledger
  kReversedHereSettledThere, // refused or reversed here, booked on the statement
  kMissingFromStatement,     // on our books, not on the statement
  kDirectionMismatch,        // debit where a credit is expected, or the reverse
  kReturnedThere,            // settled here, reversed (RvslInd) on the statement
  kPendingOnStatement,       // the statement's entry is not booked (PDNG)
  kCurrencyMismatch,
  kAmountMismatch,
  kValueDateMismatch,
  kTimingDifference,         // on this day's statement, on another day here
  kDuplicateOnStatement,     // a second entry for a payment already matched
  kUnknownToUs,              // on the statement, no payment or posting of ours
};
const char* ReasonName(Reason r);
const std::vector<std::pair<Reason, const char*>>& AllReasons();  // name, meaning
std::optional<Reason> ParseReason(const std::string& name);

// What may differ and still match.
struct TolerancePolicy {
  int64_t amount_minor = 0;    // |ours - statement| <= this: MATCHED (noted)
  int value_date_days = 0;     // |our value date - statement's| <= this: MATCHED
};

// ---------------------------------------------------------------------------
// Statement import.

struct ImportOptions {
  std::string actor;            // audit_logs actor: cli:<user>, an operator, system:...
  std::string source_address;   // for audit_logs
  std::filesystem::path schema_dir;  // holds camt.053.001.08.xsd and camt.054.001.08.xsd
  std::size_t batch_entries = 5000;  // entries written per statement
};

struct ImportedStatement {
  std::string message_type;
  std::string statement_ref;
  int page = 1;
  std::string link_name;
  std::string settlement_account;
  std::string business_date;
  int64_t entries = 0;
};
struct ImportSummary {
  std::string label;  // the file name
  std::vector<ImportedStatement> statements;
  int64_t entries = 0;
};

// Reads one camt.053.001.08 or camt.054.001.08 document from `in` as a stream
// (bounded memory whatever its size), validates it against the schema, maps
// each statement to one of our settlement accounts (Acct/Id/IBAN or Othr/Id is
// the account's IBAN or id, Acct/Ccy its currency) and stores it, all in one
// transaction on `conn`: a file is imported whole or not at all.
// kInvalidArgument naming `label`, the element (path and line) and the problem
// for a document that is not valid, for an account we do not hold, or for a
// statement page imported before (kAlreadyExists).
StatusOr<ImportSummary> ImportStatements(pqxx::connection& conn, std::istream& in, const std::string& label,
                                         const ImportOptions& options);
StatusOr<ImportSummary> ImportStatementFile(pqxx::connection& conn, const std::filesystem::path& file,
                                            const ImportOptions& options);
nlohmann::json ImportSummaryToJson(const ImportSummary& summary);

// ---------------------------------------------------------------------------
// Reconciliation runs.

struct LinkCutoff {
  std::string link;
  int minutes = 18 * 60;  // after midnight UTC
};

struct RunOptions {
  std::string date;               // YYYY-MM-DD, the business date
  std::vector<LinkCutoff> links;  // empty: every link with a settlement account, at `default_cutoff_minutes`
  int default_cutoff_minutes = 18 * 60;
  std::map<std::string, int> cutoff_minutes;  // per link, overriding the default
  TolerancePolicy tolerance;
  std::string actor;               // system:reconciliation, an operator, cli:<user>
  std::string source_address;
  bool scheduled = false;          // claim the day's scheduled run (once per day and link)
};

struct LinkRunResult {
  std::string link;
  int64_t run_id = 0;       // 0: not stored (preview, or the scheduled run was made elsewhere)
  bool skipped = false;     // scheduled: another gatewayd made it
  int64_t matched = 0;
  int64_t unmatched = 0;
  std::string fingerprint;
};

// Runs the day for each link and stores the items (replacing the day's
// previous items), the run, the exception cases, and an audit row; each link
// in its own transaction. The same inputs give the same items and fingerprint.
StatusOr<std::vector<LinkRunResult>> RunDay(pg::PgPool& pool, const RunOptions& options);

// The report of a day: the latest stored run of each link, or, for links
// without one, the outcome computed now and not stored ("provisional").
// `all_items`: every item (else the unmatched ones).
StatusOr<nlohmann::json> DailyReport(pg::PgPool& pool, const RunOptions& options, bool all_items);
// The same as CSV: one line per item, with a header.
std::string DailyReportCsv(const nlohmann::json& report);

// Open unmatched items by age (0-1, 1-3, 3-7, over 7 days), of the last
// `days` days (at most), optionally of one link.
StatusOr<nlohmann::json> Aging(pqxx::dbtransaction& txn, int days, const std::string& link);

// ---------------------------------------------------------------------------
// The exception queue.

struct CaseFilter {
  std::string status;       // OPEN, PENDING_APPROVAL, RESOLVED, or "open" (not RESOLVED); "" all
  std::string reason;
  std::string link;
  std::string assigned_to;
  std::string kind;         // reconciliation, payment_exception
  std::string date;         // business date
  int limit = 100;
  int64_t before = 0;       // cursor: cases with a smaller id
};
StatusOr<nlohmann::json> ListCases(pqxx::dbtransaction& txn, const CaseFilter& filter);
// The case with its steps and proposals; kNotFound.
StatusOr<nlohmann::json> GetCase(pqxx::dbtransaction& txn, int64_t id);

struct Actor {
  std::string username;
  std::string source_address;
};
// Each writes a case step and an audit row in `txn`.
Status AssignCase(pqxx::dbtransaction& txn, int64_t id, const Actor& who);
Status CommentCase(pqxx::dbtransaction& txn, int64_t id, const Actor& who, const std::string& comment);
// Runs the payment's stage again (EXCEPTION: back to APPROVED or QUEUED; SENT
// or QUEUED: its pacs.008 is sent again with the same identifiers). Returns
// what was done.
StatusOr<std::string> RetriggerCase(pqxx::dbtransaction& txn, int64_t id, const Actor& who, const std::string& comment);
// Proposals, decided by a second operator.
StatusOr<int64_t> ProposeManualMatch(pqxx::dbtransaction& txn, int64_t id, const Actor& who,
                                     int64_t statement_entry_id, const std::string& payment_id,
                                     const std::string& comment);
StatusOr<int64_t> ProposeWriteOff(pqxx::dbtransaction& txn, int64_t id, const Actor& who, const std::string& comment);
// kPermissionDenied when `who` proposed it. Approving applies it: the item is
// matched, or the difference is posted to the currency's suspense account.
Status DecideProposal(pqxx::dbtransaction& txn, int64_t id, const Actor& who, bool approve, const std::string& comment);

// Opens a case for every payment in EXCEPTION without one and resolves those
// whose payment left EXCEPTION. Returns the number of cases opened.
StatusOr<int> SyncPaymentExceptionCases(pqxx::dbtransaction& txn);

// ---------------------------------------------------------------------------
// The scheduled run and the metrics.

struct SchedulerOptions {
  bool enabled = true;
  int default_cutoff_minutes = 18 * 60;
  std::map<std::string, int> cutoff_minutes;
  std::chrono::seconds delay_after_cutoff{300};
  std::chrono::milliseconds interval{30000};
  TolerancePolicy tolerance;
};

// Metrics: reconciliation_unmatched_items{link,reason},
// reconciliation_last_run_timestamp_seconds, exception_cases_open.
class Scheduler {
 public:
  Scheduler(pg::PgPool& pool, SchedulerOptions options, prometheus::Registry& registry);
  ~Scheduler();
  void Start();
  void Stop();
  // One pass: the runs due, the payment exception cases, the metrics.
  Status Tick();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// "HH:MM" -> minutes after midnight, or kInvalidArgument.
StatusOr<int> ParseCutoff(const std::string& hhmm);

// ---------------------------------------------------------------------------
// The demo bank's statements.

struct DemoStatementOptions {
  std::string link = "demo-bank";
  std::string bank_bic = "DEMOBEBBXXX";
  std::filesystem::path schema_dir;
  int cutoff_minutes = 18 * 60;
  std::size_t page_entries = 500;  // camt.053 entries per page
};

// The simulated bank's account keeping: for each pacs.008 it accepts it books
// a debit on our account with it and sends a camt.054; at its cut-off it sends
// the day's camt.053 (split into pages). Its statements reach us the way files
// do (ImportStatements, source "link:<link>").
class DemoStatementBank {
 public:
  DemoStatementBank(pg::PgPool& pool, DemoStatementOptions options);
  ~DemoStatementBank();
  void Start();
  void Stop();
  // The simulated bank decided on a pacs.008 (`status` ACSP/ACCP/ACSC/RJCT).
  void OnDecided(const std::string& pacs008_xml, const std::string& status);
  // Sends the camt.053 of `date` now (YYYY-MM-DD).
  Status SendStatement(const std::string& date);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Writers for statements (the demo bank, tests, benchmarks).
struct StatementLine {
  int64_t amount_minor = 0;
  std::string currency;
  std::string credit_debit = "DBIT";
  bool reversal = false;
  std::string status = "BOOK";
  std::string booking_date;  // YYYY-MM-DD
  std::string value_date;
  std::string acct_svcr_ref;
  std::string uetr;
  std::string end_to_end_id;
  std::string msg_id;
  std::string tx_id;
};
struct StatementHeader {
  std::string msg_id;
  std::string created;       // ISO date-time
  std::string statement_id;
  int page = 0;              // 0: no pagination
  bool last_page = true;
  std::string account_id;    // Othr/Id (or IBAN when `account_is_iban`)
  bool account_is_iban = false;
  std::string currency;
  std::string date;          // business date
  std::string from_date_time, to_date_time;  // FrToDt (both or neither)
  std::optional<int64_t> opening_minor;  // signed, credit > 0 (camt.053)
  std::optional<int64_t> closing_minor;
};
// A camt.053.001.08 with one statement page.
std::string WriteCamt053(const StatementHeader& header, const std::vector<StatementLine>& lines);
// A camt.054.001.08 with one notification.
std::string WriteCamt054(const StatementHeader& header, const std::vector<StatementLine>& lines);
// Appends one Ntry element (for writers that stream).
void AppendEntry(std::string& out, const StatementLine& line);

}  // namespace gw::reconciliation
