// File: gateway/reconciliation/matcher.h
//
// The three-way match of one day and link, in memory: what the run reads
// (Inputs), how it classifies (Match), what it writes (Item). Internal to
// gw::reconciliation; the rules are in README.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pg/pool.h"
#include "core/status.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::reconciliation::internal {

struct OurPayment {
  std::string id;
  std::string direction;  // outbound, inbound
  std::string status;
  std::string uetr;
  std::string e2e;
  int64_t amount_minor = 0;
  std::string currency;
  std::string value_date;
  bool posted = false;
  bool reversed = false;
  std::string outbox_status;  // "" (none), PENDING, SENT, ACKED, NACKED, UNDELIVERABLE
  std::string answer;         // outbound: the pacs.002 status; inbound: our answer
};

struct StatementEntry {
  int64_t id = 0;
  std::string currency;
  int64_t amount_minor = 0;
  std::string credit_debit;
  bool reversal = false;
  std::string status;
  std::string value_date;  // ValDt, or BookgDt
  std::string uetr;
  std::string e2e;
  std::string acct_svcr_ref;
};

struct LedgerOnly {  // a posting on the settlement account without a payment
  int64_t entry_id = 0;
  std::string currency;
  int64_t amount_minor = 0;
};

struct CurrencyBalances {
  std::string settlement_account;
  std::optional<int64_t> statement_opening, statement_closing;  // signed, credit > 0
  int64_t ours_opening = 0, ours_closing = 0;                    // our settlement balance at the window's ends
};

struct Inputs {
  std::string date, link;
  std::string window_from, window_to;  // ISO timestamps
  std::vector<OurPayment> payments;    // ordered by id
  std::vector<StatementEntry> entries; // ordered
  std::vector<LedgerOnly> ledger_only;
  std::set<std::string> currencies_with_statement;
  std::string statement_source;        // camt.053, camt.054, none
  std::vector<std::string> statement_ids;
  bool statement_complete = true;
  std::map<std::string, CurrencyBalances> balances;  // by currency
  std::map<std::string, int64_t> manual_payment_to_entry;  // approved manual matches
  std::map<int64_t, std::string> manual_entry_to_payment;
  std::set<std::string> written_off;    // item keys
  std::set<std::string> uetrs_elsewhere;  // statement UETRs we hold on another day
  std::set<std::string> e2e_elsewhere;    // "e2e|ccy|amount" we hold on another day
};

struct Item {
  std::string key;
  std::string status;  // MATCHED, UNMATCHED
  std::string reason;
  std::string rule;
  std::string payment_id;
  int64_t entry_id = 0;
  std::string direction;
  std::string currency;
  int64_t amount_minor = 0;
  std::optional<int64_t> statement_amount_minor;
  std::string uetr, e2e, our_value_date, statement_value_date;
  std::string resolution;
};

// Reads what the day's match needs, in `txn`.
StatusOr<Inputs> Load(pqxx::dbtransaction& txn, const std::string& date, const std::string& link, int cutoff_minutes);
// Classifies (deterministic: the same inputs give the same items, in order).
std::vector<Item> Match(const Inputs& in, const TolerancePolicy& tolerance);
// Totals and balances per currency, unmatched counts by reason, the statement used.
nlohmann::json Summary(const Inputs& in, const std::vector<Item>& items, int cutoff_minutes);
std::string Fingerprint(const std::vector<Item>& items);
nlohmann::json ItemToJson(const Item& item);
std::string FormatCutoff(int minutes);

}  // namespace gw::reconciliation::internal
