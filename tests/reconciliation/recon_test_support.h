// File: tests/reconciliation/recon_test_support.h
// A business day seeded straight into the tables: accounts, payments with their
// messages, answers and postings, at chosen instants, and statements written
// from the ISO 20022 camt.053 / camt.054 definitions.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <sstream>
#include <string>

#include <pqxx/pqxx>

#include "core/pg/pool.h"
#include "gateway/reconciliation/reconciliation.h"
#include "tests/support/test_env.h"

namespace gw::test {

inline const std::string kDay = "2026-01-15";         // the business date the tests reconcile
inline const std::string kInDay = "2026-01-15 10:00:00+00";   // inside its window (cut-off 18:00 UTC)
inline const std::string kDayBefore = "2026-01-14 10:00:00+00";

class ReconDb {
 public:
  ReconDb() : conn_(db_.url()) {
    Exec("INSERT INTO ledger_accounts (id, kind, currency, name, iban, allow_overdraft) VALUES "
         "('CUST-ALICE', 'customer', 'EUR', 'Alice Example GmbH', 'DE89370400440532013000', true), "
         "('CUST-BOB', 'customer', 'EUR', 'Bob Example', 'DE44500105175407324931', true), "
         "('EQUITY-EUR', 'equity', 'EUR', 'Equity', NULL, true)");
    Exec("INSERT INTO ledger_accounts (id, kind, currency, name, counterparty, allow_overdraft, iban) VALUES "
         "('NOSTRO-BANKB-EUR', 'settlement', 'EUR', 'Bank B settlement', 'bank-b', true, 'BE71096123456769'), "
         "('NOSTRO-BANKC-EUR', 'settlement', 'EUR', 'Bank C settlement', 'bank-c', true, NULL)");
  }

  TestDatabase& db() { return db_; }
  pqxx::connection& conn() { return conn_; }
  void Exec(const std::string& sql) {
    pqxx::work w(conn_);
    w.exec(sql);
    w.commit();
  }
  std::string Scalar(const std::string& sql) { return db_.Scalar(sql); }

  struct P {
    std::string id;
    std::string uetr;
    std::string e2e;
    int64_t amount = 0;
    std::string link = "bank-b";
    std::string direction = "outbound";
    std::string status = "COMPLETED";
    std::string at = kInDay;
    bool posted = true;
    bool reversed = false;
    std::string outbox;  // "", PENDING, SENT, ACKED, NACKED
    std::string answer;  // ACSP, RJCT, "" (outbound: outbox answer; inbound: ours)
  };

  // Inserts a payment with what its state implies; returns its id.
  std::string Payment(P p) {
    static int n = 0;
    ++n;
    char id[40], uetr[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", n);
    std::snprintf(uetr, sizeof uetr, "11111111-2222-4333-8444-%012d", n);
    if (p.id.empty()) p.id = id;
    if (p.uetr.empty()) p.uetr = uetr;
    if (p.e2e.empty()) p.e2e = "E2E-" + std::to_string(n);
    pqxx::work w(conn_);
    w.exec_params(
        "INSERT INTO payments (id, direction, status, source, idempotency_key, end_to_end_id, uetr, debtor_name, "
        "debtor_account, debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, currency, "
        "created_by, link_name, created_at, updated_at) VALUES ($1::uuid, $2, $3, 'api', $1, $4, $5::uuid, 'Alice', "
        "'DE89370400440532013000', 'GWAYDEFFXXX', 'Carol', 'FR7630006000011234567890189', 'BANKDEFF', $6, 'EUR', "
        "'maker1', $7, $8::timestamptz, $8::timestamptz)",
        p.id, p.direction, p.status, p.e2e, p.uetr, p.amount, p.link, p.at);
    const std::string settlement = p.link == "bank-b" ? "NOSTRO-BANKB-EUR" : "NOSTRO-BANKC-EUR";
    const bool out = p.direction == "outbound";
    if (p.posted) {
      const int64_t e = w.exec_params("INSERT INTO journal_entries (kind, idempotency_key, payment_id, description, "
                                      "created_at) VALUES ($1, $2, $3::uuid, 'test', $4::timestamptz) RETURNING id",
                                      out ? "payment" : "inbound", (out ? "payment:" : "inbound:") + p.id, p.id, p.at)[0][0]
                            .as<int64_t>();
      w.exec_params("INSERT INTO postings (entry_id, account_id, currency, amount_minor, created_at) VALUES "
                    "($1, 'CUST-ALICE', 'EUR', $2, $4::timestamptz), ($1, $3, 'EUR', $5, $4::timestamptz)",
                    e, out ? -p.amount : p.amount, settlement, p.at, out ? p.amount : -p.amount);
      if (p.reversed) {
        const int64_t r = w.exec_params("INSERT INTO journal_entries (kind, idempotency_key, payment_id, description, "
                                        "created_at) VALUES ('reversal', $1, $2::uuid, 'test', $3::timestamptz) RETURNING id",
                                        "reversal:" + p.id, p.id, p.at)[0][0]
                              .as<int64_t>();
        w.exec_params("INSERT INTO postings (entry_id, account_id, currency, amount_minor, created_at) VALUES "
                      "($1, 'CUST-ALICE', 'EUR', $2, $4::timestamptz), ($1, $3, 'EUR', $5, $4::timestamptz)",
                      r, p.amount, settlement, p.at, -p.amount);
      }
    }
    if (out && !p.outbox.empty()) {
      const int64_t m = w.exec_params("INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
                                      "VALUES ($1::uuid, 'out', 'pacs.008.001.08', $2, '<Document/>') RETURNING id",
                                      p.id, "MSG-" + p.id.substr(24))[0][0]
                            .as<int64_t>();
      w.exec_params("INSERT INTO outbox (link_name, payment_id, message_id, msg_id, uetr, status, answer_status, "
                    "answered_at, sent_at) VALUES ($1, $2::uuid, $3, $4, $5::uuid, $6, $7, "
                    "CASE WHEN $7::text IS NULL THEN NULL ELSE now() END, now())",
                    p.link, p.id, m, "MSG-" + p.id.substr(24), p.uetr, p.outbox,
                    p.answer.empty() ? nullptr : p.answer.c_str());
    }
    if (!out && !p.answer.empty())
      w.exec_params("INSERT INTO inbound_messages (counterparty, message_id, uetr, status, answer, body, payment_id) "
                    "VALUES ($1, $2, $3, $4, '<Document/>', '<Document/>', $5::uuid)",
                    p.link, "IN-" + p.id.substr(24), p.uetr, p.answer, p.id);
    w.commit();
    return p.id;
  }

  // A posting on the settlement account that no payment explains.
  void LedgerOnly(int64_t amount, const std::string& at) {
    pqxx::work w(conn_);
    const int64_t e = w.exec_params("INSERT INTO journal_entries (kind, idempotency_key, description, created_at) "
                                    "VALUES ('adjustment', 'manual-fix-1', 'fee', $1::timestamptz) RETURNING id",
                                    at)[0][0]
                          .as<int64_t>();
    w.exec_params("INSERT INTO postings (entry_id, account_id, currency, amount_minor, created_at) VALUES "
                  "($1, 'EQUITY-EUR', 'EUR', $2, $3::timestamptz), ($1, 'NOSTRO-BANKB-EUR', 'EUR', $4, $3::timestamptz)",
                  e, -amount, at, amount);
    w.commit();
  }

  // An opening balance of the settlement account (a credit here), before the day.
  void SettlementOpening(int64_t amount, const std::string& at) {
    pqxx::work w(conn_);
    const int64_t e = w.exec_params("INSERT INTO journal_entries (kind, idempotency_key, description, created_at) "
                                    "VALUES ('opening', 'opening:nostro', 'opening', $1::timestamptz) RETURNING id",
                                    at)[0][0]
                          .as<int64_t>();
    w.exec_params("INSERT INTO postings (entry_id, account_id, currency, amount_minor, created_at) VALUES "
                  "($1, 'EQUITY-EUR', 'EUR', $2, $3::timestamptz), ($1, 'NOSTRO-BANKB-EUR', 'EUR', $4, $3::timestamptz)",
                  e, -amount, at, amount);
    w.commit();
  }

  StatusOr<reconciliation::ImportSummary> Import(const std::string& xml, const std::string& label) {
    std::istringstream in(xml);
    reconciliation::ImportOptions o;
    o.actor = "cli:test";
    o.schema_dir = SourcePath("schemas/iso20022");
    return reconciliation::ImportStatements(conn_, in, label, o);
  }

  pg::PgPool& pool() {
    if (!pool_) {
      pg::PoolOptions o;
      o.url = db_.url();
      o.size = 2;
      pool_ = std::make_unique<pg::PgPool>(o);
    }
    return *pool_;
  }

 private:
  TestDatabase db_;
  pqxx::connection conn_;
  std::unique_ptr<pg::PgPool> pool_;
};

inline reconciliation::StatementLine Line(const std::string& uetr, int64_t amount, const std::string& e2e = "",
                                          const std::string& cd = "DBIT") {
  reconciliation::StatementLine l;
  l.amount_minor = amount;
  l.currency = "EUR";
  l.credit_debit = cd;
  l.booking_date = kDay;
  l.value_date = kDay;
  l.uetr = uetr;
  l.end_to_end_id = e2e;
  static int n = 0;
  l.acct_svcr_ref = "BANKB-REF-" + std::to_string(++n);
  return l;
}

inline reconciliation::StatementHeader Header053(const std::string& id, int page, bool last, int64_t opening,
                                                 int64_t closing) {
  reconciliation::StatementHeader h;
  h.msg_id = "BANKB-053-" + id + "-" + std::to_string(page);
  h.created = kDay + "T18:05:00Z";
  h.statement_id = id;
  h.page = page;
  h.last_page = last;
  h.account_id = "BE71096123456769";
  h.account_is_iban = true;
  h.currency = "EUR";
  h.date = kDay;
  h.from_date_time = "2026-01-14T18:00:00Z";
  h.to_date_time = kDay + "T18:00:00Z";
  h.opening_minor = opening;
  h.closing_minor = closing;
  return h;
}

}  // namespace gw::test
