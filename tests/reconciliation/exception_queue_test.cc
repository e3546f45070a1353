// File: tests/reconciliation/exception_queue_test.cc
// The exception queue: a manual match or a write-off proposed by one operator
// does nothing until a second one approves it; the database refuses what the
// server would; every step is audited.
#include <catch2/catch.hpp>

#include "tests/reconciliation/recon_test_support.h"

namespace gw::test {
namespace {

using nlohmann::json;
namespace rec = gw::reconciliation;

rec::RunOptions Options() {
  rec::RunOptions o;
  o.date = kDay;
  o.actor = "cli:test";
  o.links = {rec::LinkCutoff{"bank-b", 18 * 60}};
  return o;
}

int64_t CaseFor(ReconDb& d, const std::string& item_key) {
  return std::stoll(d.Scalar("SELECT id FROM exception_cases WHERE item_key = '" + item_key + "' AND status <> 'RESOLVED'"));
}

TEST_CASE("a write-off by one operator alone does not take effect, with a second it posts to suspense",
          "[reconciliation]") {
  ReconDb d;
  using P = ReconDb::P;
  const auto missing = d.Payment(P{.amount = 4200, .outbox = "ACKED", .answer = "ACSP"});
  REQUIRE(d.Import(rec::WriteCamt053(Header053("S-1", 0, true, 0, 0), {}), "empty.xml").ok());
  REQUIRE(rec::RunDay(d.pool(), Options()).ok());
  const int64_t id = CaseFor(d, "payment:" + missing);
  const std::string nostro_before = d.Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'NOSTRO-BANKB-EUR'");

  {
    pqxx::work w(d.conn());
    auto pid = rec::ProposeWriteOff(w, id, {"checker1", "127.0.0.1"}, "not on the statement after 3 days");
    REQUIRE(pid.ok());
    w.commit();
  }
  CHECK(d.Scalar("SELECT status FROM exception_cases WHERE id = " + std::to_string(id)) == "PENDING_APPROVAL");
  {
    pqxx::work w(d.conn());
    Status self = rec::DecideProposal(w, id, {"checker1", ""}, true, "");
    CHECK(self.code() == StatusCode::kPermissionDenied);
  }
  // Nothing took effect: no posting, the item still open.
  CHECK(d.Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'NOSTRO-BANKB-EUR'") == nostro_before);
  CHECK(d.Scalar("SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'recon-writeoff:%'") == "0");
  // The database refuses it too: the proposer as approver, or a posting without approval.
  CHECK_THROWS(d.Exec("UPDATE exception_case_proposals SET decision = 'APPROVED', decided_by = proposed_by"));
  CHECK_THROWS(d.Exec("INSERT INTO journal_entries (kind, idempotency_key, description) VALUES "
                      "('adjustment', 'recon-writeoff:' || (SELECT max(id) FROM exception_case_proposals), 'x')"));
  CHECK_THROWS(d.Exec("UPDATE exception_cases SET status = 'RESOLVED', resolution = 'write_off' WHERE id = " +
                      std::to_string(id)));
  {
    pqxx::work w(d.conn());
    Status other = rec::DecideProposal(w, id, {"admin1", "127.0.0.1"}, true, "agreed");
    INFO(other.ToString());
    REQUIRE(other.ok());
    w.commit();
  }
  CHECK(d.Scalar("SELECT status || ' ' || resolution FROM exception_cases WHERE id = " + std::to_string(id)) ==
        "RESOLVED write_off");
  // The payment's credit to the settlement account is taken back to suspense.
  CHECK(std::stoll(d.Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'NOSTRO-BANKB-EUR'")) ==
        std::stoll(nostro_before) - 4200);
  CHECK(d.Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'SUSPENSE-RECON-EUR'") == "4200");
  CHECK(d.Scalar("SELECT resolution FROM recon_items WHERE item_key = 'payment:" + missing + "'") == "write_off");
  // A decided proposal cannot change.
  CHECK_THROWS(d.Exec("UPDATE exception_case_proposals SET decided_by = 'someone'"));
  // Both operators in audit_logs.
  CHECK(d.Scalar("SELECT string_agg(actor || ':' || action, ',' ORDER BY id) FROM audit_logs WHERE entity_type = "
                 "'exception_case'") == "checker1:exception.propose,admin1:exception.approve");
  // The next run keeps it written off, not open.
  REQUIRE(rec::RunDay(d.pool(), Options()).ok());
  CHECK(d.Scalar("SELECT resolution FROM recon_items WHERE item_key = 'payment:" + missing + "'") == "write_off");
  CHECK(d.Scalar("SELECT count(*) FROM exception_cases WHERE status <> 'RESOLVED'") == "0");
}

TEST_CASE("a manual match needs a second operator, then matches both sides and closes both cases", "[reconciliation]") {
  ReconDb d;
  using P = ReconDb::P;
  // Our payment and a statement line without its UETR, with another end-to-end id.
  const auto ours = d.Payment(P{.e2e = "INV-77", .amount = 9900, .outbox = "ACKED", .answer = "ACSP"});
  REQUIRE(d.Import(rec::WriteCamt053(Header053("S-1", 0, true, 0, -9900), {Line("", 9900, "CUST-REF-77")}), "s.xml").ok());
  REQUIRE(rec::RunDay(d.pool(), Options()).ok());
  const int64_t payment_case = CaseFor(d, "payment:" + ours);
  const std::string entry = d.Scalar("SELECT id FROM recon_statement_entries");
  const int64_t entry_case = CaseFor(d, "entry:" + entry);

  {
    pqxx::work w(d.conn());
    REQUIRE(rec::AssignCase(w, payment_case, {"checker1", ""}).ok());
    REQUIRE(rec::CommentCase(w, payment_case, {"checker1", ""}, "the bank used the customer's reference").ok());
    auto pid = rec::ProposeManualMatch(w, payment_case, {"checker1", ""}, std::stoll(entry), "", "same amount and day");
    REQUIRE(pid.ok());
    w.commit();
  }
  {
    pqxx::work w(d.conn());
    CHECK(rec::DecideProposal(w, payment_case, {"checker1", ""}, true, "").code() == StatusCode::kPermissionDenied);
  }
  CHECK(d.Scalar("SELECT status FROM recon_items WHERE item_key = 'payment:" + ours + "'") == "UNMATCHED");
  {
    pqxx::work w(d.conn());
    Status approved = rec::DecideProposal(w, payment_case, {"admin1", ""}, true, "");
    INFO(approved.ToString());
    REQUIRE(approved.ok());
    w.commit();
  }
  CHECK(d.Scalar("SELECT status || ' ' || match_rule FROM recon_items WHERE item_key = 'payment:" + ours + "'") ==
        "MATCHED manual");
  CHECK(d.Scalar("SELECT status FROM exception_cases WHERE id = " + std::to_string(entry_case)) == "RESOLVED");
  // A new run keeps the pair matched.
  auto again = rec::RunDay(d.pool(), Options());
  REQUIRE(again.ok());
  CHECK((*again)[0].unmatched == 0);
  auto c = [&] {
    pqxx::work w(d.conn());
    return rec::GetCase(w, payment_case);
  }();
  REQUIRE(c.ok());
  std::vector<std::string> actions;
  for (const auto& s : (*c)["steps"]) actions.push_back(s["action"].get<std::string>());
  CHECK(actions == std::vector<std::string>{"opened", "assigned", "comment", "proposed", "approved"});
  CHECK(d.Scalar("SELECT string_agg(action, ',' ORDER BY id) FROM audit_logs WHERE entity_type = 'exception_case'") ==
        "exception.assign,exception.comment,exception.propose,exception.approve");
}

TEST_CASE("payments in EXCEPTION are cases until they leave it", "[reconciliation]") {
  ReconDb d;
  using P = ReconDb::P;
  const auto stuck = d.Payment(P{.amount = 500, .status = "EXCEPTION", .outbox = "UNDELIVERABLE"});
  {
    pqxx::work w(d.conn());
    auto n = rec::SyncPaymentExceptionCases(w);
    REQUIRE(n.ok());
    CHECK(*n == 1);
    CHECK(*rec::SyncPaymentExceptionCases(w) == 0);
    w.commit();
  }
  const int64_t id = CaseFor(d, "payment:" + stuck);
  {
    pqxx::work w(d.conn());
    auto action = rec::RetriggerCase(w, id, {"admin1", ""}, "resend after the counterparty's outage");
    INFO(action.status().ToString());
    REQUIRE(action.ok());
    CHECK(action->find("QUEUED") != std::string::npos);
    w.commit();
  }
  CHECK(d.Scalar("SELECT status FROM payments WHERE id = '" + stuck + "'") == "QUEUED");
  CHECK(d.Scalar("SELECT status FROM outbox WHERE payment_id = '" + stuck + "'") == "PENDING");
  {
    pqxx::work w(d.conn());
    REQUIRE(rec::SyncPaymentExceptionCases(w).ok());
    w.commit();
  }
  CHECK(d.Scalar("SELECT resolution FROM exception_cases WHERE id = " + std::to_string(id)) == "payment_recovered");
  pqxx::work w(d.conn());
  auto list = rec::ListCases(w, rec::CaseFilter{.status = "RESOLVED"});
  REQUIRE(list.ok());
  CHECK((*list)["cases"].size() == 1);
}

}  // namespace
}  // namespace gw::test
