// LinkBridge against a real PostgreSQL database: the outbox claimed in creation
// order, answers settling payments (ACK completes, NACK fails and reverses the
// postings), undeliverable messages raising exceptions, inbound pacs.008
// credited exactly once, and restart recovery.
#include <catch2/catch.hpp>
#include <prometheus/registry.h>

#include <future>
#include <pqxx/pqxx>

#include "codecs/iso20022/builders.h"
#include "codecs/iso20022/codec.h"
#include "codecs/iso20022/schema_set.h"
#include "core/pg/pool.h"
#include "gateway/ingest.h"
#include "gateway/link_bridge.h"
#include "gateway/payment_store.h"
#include "gateway/pipeline.h"
#include "ledger/ledger.h"
#include "tests/gateway/inbound_test_support.h"
#include "tests/support/test_env.h"

using namespace gw;
using gw::Status;
using namespace gw::gateway;
using gw::gateway::testing::InboundPacs008;

namespace {

const std::string kAliceIban = "DE89370400440532013000";
const std::string kCarolIban = "FR1420041010050500013M02606";
const std::string kDaveIban = "DE44500105175407324931";

std::shared_ptr<const codecs::SchemaSet> Schemas() {
  static auto schemas = [] {
    auto s = codecs::SchemaSet::Load(test::SourcePath("schemas/iso20022"));
    REQUIRE(s.ok());
    return *s;
  }();
  return schemas;
}

// A database with a customer ALICE (10,000.00 EUR), a local beneficiary DAVE,
// settlement accounts for links bank-b and bank-c, routes BANKDE -> bank-b and
// BANKFR -> bank-c, a pipeline to create QUEUED payments and a bridge.
struct BridgeFixture {
  test::TestDatabase db;
  prometheus::Registry registry;
  std::unique_ptr<pg::PgPool> pool;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<LinkBridge> bridge;

  // With `guideline`, link bank-b follows it in both directions.
  explicit BridgeFixture(const std::string& node = "gw1", const codecs::UsageGuideline* guideline = nullptr) {
    pg::PoolOptions po;
    po.url = db.url();
    po.size = 4;
    pool = std::make_unique<pg::PgPool>(po);
    Exec([](pqxx::dbtransaction& txn) -> Status {
      for (const auto& a : std::vector<ledger::Account>{
               {"CUST-ALICE", "customer", "EUR", "Alice Example GmbH", kAliceIban, "", false, 0},
               {"CUST-DAVE", "customer", "EUR", "Dave Beispiel", kDaveIban, "", false, 0},
               {"NOSTRO-BANKB-EUR", "settlement", "EUR", "Bank B", "", "bank-b", true, 0},
               {"NOSTRO-BANKC-EUR", "settlement", "EUR", "Bank C", "", "bank-c", true, 0},
               {"EQUITY-EUR", "equity", "EUR", "Opening balances", "", "", true, 0}})
        GW_RETURN_IF_ERROR(ledger::CreateAccount(txn, a));
      auto opening = ledger::PostEntry(txn, {"opening", "opening:alice", "", "opening balance",
                                             {{"EQUITY-EUR", -1000000}, {"CUST-ALICE", 1000000}}});
      if (!opening.ok()) return opening.status();
      txn.exec("INSERT INTO routes (bic_prefix, link_name) VALUES ('BANKDE', 'bank-b'), ('BANKFR', 'bank-c')");
      return Status::Ok();
    });
    PipelineOptions options;
    options.database_url = db.url();
    options.unlisted_currencies_need_checker = false;  // these tests are about the stages after approval
    options.workers = 1;
    if (guideline != nullptr) options.link_guidelines["bank-b"] = guideline;
    pipeline = std::make_unique<Pipeline>(options, *Schemas(), registry);
    LinkBridgeOptions bo;
    bo.node_name = node;
    if (guideline != nullptr) bo.guidelines["bank-b"] = guideline;
    bridge = std::make_unique<LinkBridge>(*pool, *Schemas(), registry, bo);
  }

  ~BridgeFixture() {
    if (bridge) bridge->Stop();
    bridge.reset();
    pipeline.reset();
    pool->Close();
  }

  void Exec(const std::function<Status(pqxx::dbtransaction&)>& body) {
    Status s = pg::InTransaction(*pool, body);
    INFO(s.ToString());
    REQUIRE(s.ok());
  }

  std::string Scalar(const std::string& sql) { return db.Scalar(sql); }

  // A payment from ALICE to `creditor_bic`, moved to QUEUED by the pipeline.
  std::string QueuedPayment(const std::string& e2e, int64_t amount_minor, const std::string& creditor_bic = "BANKDEFFXXX") {
    std::string id;
    Exec([&](pqxx::dbtransaction& txn) -> Status {
      PaymentInstruction p;
      p.source = "api";
      p.idempotency_key = "e2e:" + e2e;
      p.end_to_end_id = e2e;
      p.uetr = NewUuidV4();
      p.debtor_name = "Alice Example GmbH";
      p.debtor_account = kAliceIban;
      p.debtor_agent_bic = "GWAYDEFFXXX";
      p.creditor_name = "Carol Exemple SARL";
      p.creditor_account = kCarolIban;
      p.creditor_agent_bic = creditor_bic;
      p.amount_minor = amount_minor;
      p.currency = "EUR";
      p.created_by = "maker1";
      GW_ASSIGN_OR_RETURN(auto created, CreatePayment(txn, p));
      id = created.payment.id;
      return Status::Ok();
    });
    auto moved = pipeline->Drain();
    REQUIRE(moved.ok());
    INFO(Scalar("SELECT coalesce(reason, '') FROM payments WHERE id = '" + id + "'"));
    REQUIRE(StatusOf(id) == "QUEUED");
    return id;
  }

  std::string StatusOf(const std::string& payment_id) {
    return Scalar("SELECT status FROM payments WHERE id = '" + payment_id + "'");
  }
  int64_t Balance(const std::string& account) {
    return std::stoll(Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = '" + account + "'"));
  }
  bool WaitStatus(const std::string& payment_id, const std::string& status) {
    return test::WaitUntil([&] { return StatusOf(payment_id) == status; }, std::chrono::seconds(10));
  }

  links::OutboxBatch Claim(const std::string& link, std::size_t max) {
    std::promise<StatusOr<links::OutboxBatch>> promise;
    bridge->Claim(link, max, [&](StatusOr<links::OutboxBatch> b) { promise.set_value(std::move(b)); });
    auto future = promise.get_future();
    REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto batch = future.get();
    INFO(batch.status().ToString());
    REQUIRE(batch.ok());
    return *batch;
  }

  StatusOr<links::InboundAnswer> Receive(const links::InboundMessage& m) {
    auto promise = std::make_shared<std::promise<StatusOr<links::InboundAnswer>>>();
    bridge->OnMessage(m, [promise](StatusOr<links::InboundAnswer> a) { promise->set_value(std::move(a)); });
    auto future = promise->get_future();
    REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    return future.get();
  }
};

std::string TrialBalanceNet(BridgeFixture& f) {
  return f.Scalar("SELECT coalesce(sum(amount_minor), 0) FROM postings");
}

links::DeliveryAnswer Answer(const std::string& status, const std::string& reason = "") {
  links::DeliveryAnswer a;
  a.status = status;
  a.reason = reason;
  a.body = "<Envelope><!-- pacs.002 " + status + " --></Envelope>";
  return a;
}


}  // namespace

TEST_CASE("the bridge claims a link's outbox in creation order and marks payments SENT", "[gateway][links][db]") {
  BridgeFixture f;
  REQUIRE(f.bridge->Start().ok());
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(f.QueuedPayment("E2E-ORDER-" + std::to_string(i), 1000 + i));
  const std::string other = f.QueuedPayment("E2E-OTHER-LINK", 500, "BANKFRPPXXX");

  auto first = f.Claim("bank-b", 3);
  REQUIRE(first.messages.size() == 3);
  REQUIRE(first.remaining == 2u);
  auto second = f.Claim("bank-b", 10);
  REQUIRE(second.messages.size() == 2);
  CHECK(second.remaining == 0u);
  CHECK(f.Claim("bank-b", 10).messages.empty());

  std::vector<links::OutboundMessage> all = first.messages;
  all.insert(all.end(), second.messages.begin(), second.messages.end());
  for (std::size_t i = 0; i < all.size(); ++i) {
    const auto& m = all[i];
    if (i > 0) CHECK(m.id > all[i - 1].id);
    // Each message carries the payment's pacs.008, with the envelope ids inside it.
    CHECK(m.payload.find("<BizMsgIdr>" + m.message_id + "</BizMsgIdr>") != std::string::npos);
    CHECK(m.payload.find(m.uetr) != std::string::npos);
    CHECK(f.Scalar("SELECT payment_id FROM outbox WHERE id = " + std::to_string(m.id)) == ids[i]);
    CHECK(f.StatusOf(ids[i]) == "SENT");
    CHECK(f.Scalar("SELECT claimed_by FROM outbox WHERE id = " + std::to_string(m.id)) == "gw1");
  }
  // The other link's message is untouched.
  CHECK(f.StatusOf(other) == "QUEUED");

  // Release hands messages back: claimable again, in the same order.
  f.bridge->Release("bank-b", {all[3].id, all[4].id});
  CHECK(f.StatusOf(ids[3]) == "QUEUED");
  auto again = f.Claim("bank-b", 10);
  REQUIRE(again.messages.size() == 2);
  CHECK(again.messages[0].id == all[3].id);
  CHECK(again.messages[1].id == all[4].id);
}

TEST_CASE("an ACK completes the payment and stores the pacs.002", "[gateway][links][db]") {
  BridgeFixture f;
  REQUIRE(f.bridge->Start().ok());
  const std::string id = f.QueuedPayment("E2E-ACK", 25000);
  auto batch = f.Claim("bank-b", 10);
  REQUIRE(batch.messages.size() == 1);
  f.bridge->OnAnswered(batch.messages[0], Answer("ACSP"));
  REQUIRE(f.WaitStatus(id, "COMPLETED"));
  const std::string row = std::to_string(batch.messages[0].id);
  CHECK(f.Scalar("SELECT status || '/' || answer_status FROM outbox WHERE id = " + row) == "ACKED/ACSP");
  CHECK(f.Scalar("SELECT count(*) FROM payment_messages WHERE payment_id = '" + id +
                 "' AND direction = 'in' AND message_type LIKE 'pacs.002%'") == "1");
  CHECK(f.Scalar("SELECT count(*) FROM payment_history WHERE payment_id = '" + id + "' AND to_status = 'COMPLETED'") == "1");
  CHECK(f.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'payment.complete' AND entity_id = '" + id + "'") == "1");
  // The money stays posted: Alice paid, the settlement account holds it.
  CHECK(f.Balance("CUST-ALICE") == 1000000 - 25000);
  CHECK(f.Balance("NOSTRO-BANKB-EUR") == 25000);

  // A second answer for the same message (a resend answered twice) changes nothing.
  f.bridge->OnAnswered(batch.messages[0], Answer("RJCT", "DUPL"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(f.StatusOf(id) == "COMPLETED");
  CHECK(f.Balance("CUST-ALICE") == 1000000 - 25000);
}

TEST_CASE("a NACK fails the payment with its reason and reverses its postings", "[gateway][links][db]") {
  BridgeFixture f;
  REQUIRE(f.bridge->Start().ok());
  const std::string id = f.QueuedPayment("E2E-NACK", 40000);
  CHECK(f.Balance("CUST-ALICE") == 1000000 - 40000);
  auto batch = f.Claim("bank-b", 10);
  REQUIRE(batch.messages.size() == 1);
  f.bridge->OnAnswered(batch.messages[0], Answer("RJCT", "AC01"));
  REQUIRE(f.WaitStatus(id, "FAILED"));
  CHECK(f.Scalar("SELECT reason_code FROM payments WHERE id = '" + id + "'") == "AC01");
  CHECK(f.Scalar("SELECT status || '/' || answer_reason FROM outbox WHERE id = " + std::to_string(batch.messages[0].id)) ==
        "NACKED/AC01");
  // Reversed: every account back where it was, one reversal entry, trial balance zero.
  CHECK(f.Balance("CUST-ALICE") == 1000000);
  CHECK(f.Balance("NOSTRO-BANKB-EUR") == 0);
  CHECK(f.Scalar("SELECT count(*) FROM journal_entries WHERE idempotency_key = 'reversal:" + id + "'") == "1");
  CHECK(TrialBalanceNet(f) == "0");
  CHECK(f.Scalar("SELECT sum(balance_minor) FROM ledger_accounts") == "0");
  CHECK(f.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'payment.fail' AND entity_id = '" + id + "'") == "1");

  // The NACK again: no second reversal.
  f.bridge->OnAnswered(batch.messages[0], Answer("RJCT", "AC01"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  CHECK(f.Scalar("SELECT count(*) FROM journal_entries WHERE idempotency_key = 'reversal:" + id + "'") == "1");
  CHECK(f.Balance("CUST-ALICE") == 1000000);
}

TEST_CASE("an undeliverable message puts its payment in EXCEPTION, and a late answer still settles it",
          "[gateway][links][db]") {
  BridgeFixture f;
  REQUIRE(f.bridge->Start().ok());
  const std::string id = f.QueuedPayment("E2E-LOST", 700);
  const std::string late = f.QueuedPayment("E2E-LATE", 800);
  auto batch = f.Claim("bank-b", 10);
  REQUIRE(batch.messages.size() == 2);
  f.bridge->OnUndeliverable(batch.messages[0], DeadlineExceeded("no answer after 4 sends"));
  f.bridge->OnUndeliverable(batch.messages[1], DeadlineExceeded("no answer after 4 sends"));
  REQUIRE(f.WaitStatus(id, "EXCEPTION"));
  REQUIRE(f.WaitStatus(late, "EXCEPTION"));
  CHECK(f.Scalar("SELECT status FROM outbox WHERE id = " + std::to_string(batch.messages[0].id)) == "UNDELIVERABLE");
  CHECK(f.Scalar("SELECT reason FROM payments WHERE id = '" + id + "'").find("no answer after 4 sends") != std::string::npos);
  // Money stays posted until an operator decides.
  CHECK(f.Balance("CUST-ALICE") == 1000000 - 1500);
  // The counterparty's answer arrives after all (e.g. through a resend after a restart).
  f.bridge->OnAnswered(batch.messages[1], Answer("ACSC"));
  REQUIRE(f.WaitStatus(late, "COMPLETED"));
  f.bridge->OnAnswered(batch.messages[0], Answer("RJCT", "AM02"));
  REQUIRE(f.WaitStatus(id, "FAILED"));
  CHECK(f.Balance("CUST-ALICE") == 1000000 - 800);
}

TEST_CASE("an inbound pacs.008 is credited once even when received twice", "[gateway][links][db]") {
  BridgeFixture f;
  REQUIRE(f.bridge->Start().ok());
  auto m = InboundPacs008("BANKB-MSG-1", kDaveIban, "125.50");
  auto first = f.Receive(m);
  INFO(first.status().ToString());
  REQUIRE(first.ok());
  CHECK(first->status == "ACSP");
  CHECK(first->reason.empty());
  CHECK(first->body.find("pacs.002") != std::string::npos);
  CHECK(first->body.find("BANKB-MSG-1") != std::string::npos);  // OrgnlMsgId
  CHECK(f.Balance("CUST-DAVE") == 12550);
  CHECK(f.Balance("NOSTRO-BANKB-EUR") == -12550);
  const std::string pid = f.Scalar("SELECT payment_id FROM inbound_messages WHERE message_id = 'BANKB-MSG-1'");
  REQUIRE_FALSE(pid.empty());
  CHECK(f.StatusOf(pid) == "COMPLETED");
  CHECK(f.Scalar("SELECT direction || '/' || link_name || '/' || source FROM payments WHERE id = '" + pid + "'") ==
        "inbound/bank-b/link:bank-b");

  // The same message again (the sender resent it): the same answer, no second credit.
  auto second = f.Receive(m);
  REQUIRE(second.ok());
  CHECK(second->status == "ACSP");
  CHECK(second->body == first->body);
  // And twice at the same time.
  auto p1 = std::make_shared<std::promise<StatusOr<links::InboundAnswer>>>();
  auto p2 = std::make_shared<std::promise<StatusOr<links::InboundAnswer>>>();
  auto m2 = InboundPacs008("BANKB-MSG-2", kDaveIban, "10.00");
  f.bridge->OnMessage(m2, [p1](StatusOr<links::InboundAnswer> a) { p1->set_value(std::move(a)); });
  f.bridge->OnMessage(m2, [p2](StatusOr<links::InboundAnswer> a) { p2->set_value(std::move(a)); });
  auto a1 = p1->get_future().get();
  auto a2 = p2->get_future().get();
  REQUIRE(a1.ok());
  REQUIRE(a2.ok());
  CHECK(a1->status == "ACSP");
  CHECK(a2->body == a1->body);
  CHECK(f.Balance("CUST-DAVE") == 12550 + 1000);
  CHECK(f.Scalar("SELECT count(*) FROM payments WHERE direction = 'inbound'") == "2");
  CHECK(f.Scalar("SELECT count(*) FROM inbound_messages") == "2");
  CHECK(TrialBalanceNet(f) == "0");
}

TEST_CASE("an inbound pacs.008 for an unknown account is refused with AC01 and posts nothing", "[gateway][links][db]") {
  BridgeFixture f;
  REQUIRE(f.bridge->Start().ok());
  auto unknown = f.Receive(InboundPacs008("BANKB-MSG-X", "DE75512108001245126199"));
  INFO(unknown.status().ToString());
  REQUIRE(unknown.ok());
  CHECK(unknown->status == "RJCT");
  CHECK(unknown->reason == "AC01");
  CHECK(unknown->body.find("RJCT") != std::string::npos);
  CHECK(unknown->body.find("AC01") != std::string::npos);
  CHECK(f.Scalar("SELECT count(*) FROM payments") == "0");
  CHECK(f.Scalar("SELECT count(*) FROM postings p JOIN journal_entries e ON e.id = p.entry_id WHERE e.kind = 'inbound'") == "0");
  CHECK(f.Scalar("SELECT status || '/' || reason FROM inbound_messages WHERE message_id = 'BANKB-MSG-X'") == "RJCT/AC01");
  // Asked again: the same refusal.
  auto again = f.Receive(InboundPacs008("BANKB-MSG-X", "DE75512108001245126199"));
  REQUIRE(again.ok());
  CHECK(again->reason == "AC01");

  // Not a pacs.008 at all: FF01-style refusal, nothing posted.
  auto junk = f.Receive(links::InboundMessage{"bank-b", "BANKB-JUNK", "", "<NotIso/>"});
  REQUIRE(junk.ok());
  CHECK(junk->status == "RJCT");
  CHECK_FALSE(junk->reason.empty());

  // A counterparty without a settlement account in that currency: AG01.
  auto m = InboundPacs008("BANKZ-MSG-1", kDaveIban);
  m.counterparty = "bank-z";
  auto no_settlement = f.Receive(m);
  REQUIRE(no_settlement.ok());
  CHECK(no_settlement->reason == "AG01");
  CHECK(f.Balance("CUST-DAVE") == 0);
}

TEST_CASE("Start() hands back what this node left SENT, and only that", "[gateway][links][db]") {
  std::string mine, theirs;
  std::uint64_t mine_row = 0;
  {
    BridgeFixture f("gw1");
    REQUIRE(f.bridge->Start().ok());
    mine = f.QueuedPayment("E2E-MINE", 100);
    auto batch = f.Claim("bank-b", 10);
    REQUIRE(batch.messages.size() == 1);
    mine_row = batch.messages[0].id;
    theirs = f.QueuedPayment("E2E-THEIRS", 200);
    // Another node holds the second message.
    f.Exec([&](pqxx::dbtransaction& txn) -> Status {
      txn.exec_params("UPDATE outbox SET status = 'SENT', claimed_by = 'gw2' WHERE payment_id = $1::uuid", theirs);
      return Transition(txn, theirs, PaymentStatus::kQueued, PaymentStatus::kSent, "gw2", "sent by another node");
    });
    CHECK(f.StatusOf(mine) == "SENT");

    // gw1 restarts (a new bridge for the same node name).
    f.bridge->Stop();
    f.bridge.reset();
    LinkBridgeOptions bo;
    bo.node_name = "gw1";
    prometheus::Registry registry2;
    f.bridge = std::make_unique<LinkBridge>(*f.pool, *Schemas(), registry2, bo);
    REQUIRE(f.bridge->Start().ok());
    CHECK(f.StatusOf(mine) == "QUEUED");
    CHECK(f.Scalar("SELECT status || '/' || coalesce(claimed_by, '-') FROM outbox WHERE id = " + std::to_string(mine_row)) ==
          "PENDING/-");
    CHECK(f.StatusOf(theirs) == "SENT");
    CHECK(f.Scalar("SELECT count(*) FROM payment_history WHERE payment_id = '" + mine + "' AND from_status = 'SENT' "
                   "AND to_status = 'QUEUED'") == "1");
    // Claimed again with the same identifiers (the receiver deduplicates).
    auto again = f.Claim("bank-b", 10);
    REQUIRE(again.messages.size() == 1);
    CHECK(again.messages[0].id == mine_row);
    CHECK(again.messages[0].message_id == batch.messages[0].message_id);
    CHECK(again.messages[0].payload == batch.messages[0].payload);
    f.bridge->Stop();
    f.bridge.reset();
  }
}

TEST_CASE("a link that follows CBPR+ refuses inbound messages breaking it and writes its pacs.008 under it",
          "[gateway][links][db]") {
  BridgeFixture f("gw1", codecs::FindUsageGuideline("cbpr+"));
  REQUIRE(f.bridge->Start().ok());

  // Valid ISO 20022, but without CBPR+'s business service in the AppHdr: refused.
  auto plain = f.Receive(InboundPacs008("BANKB-PLAIN-1", kDaveIban, "20.00"));
  REQUIRE(plain.ok());
  CHECK(plain->status == "RJCT");
  CHECK(plain->reason == "FF01");
  CHECK(plain->body.find("CBPR+") != std::string::npos);
  CHECK(f.Balance("CUST-DAVE") == 0);

  // The same payment as CBPR+ writes it: credited.
  codecs::CreditTransfer ct;
  ct.routing = {"BANKDEFFXXX", "GWAYDEFFXXX", "BANKB-CBPR-1", "2026-11-29T08:00:00+01:00", "swift.cbprplus.02"};
  ct.settlement_date = "2026-11-30";
  ct.end_to_end_id = "E2E-CBPR-1";
  ct.tx_id = "BANKB-CBPR-1";
  ct.uetr = NewUuidV4();
  ct.amount.value = *codecs::Decimal::Parse("20.00");
  ct.amount.ccy = "EUR";
  ct.debtor_name = "Erika Musterfrau";
  ct.debtor_iban = "DE02120300000000202051";
  ct.debtor_agent_bic = "BANKDEFFXXX";
  ct.creditor_agent_bic = "GWAYDEFFXXX";
  ct.creditor_name = "Dave Beispiel";
  ct.creditor_iban = kDaveIban;
  auto cbpr = f.Receive(links::InboundMessage{"bank-b", "BANKB-CBPR-1", ct.uetr, codecs::Encode(codecs::BuildPacs008(ct))});
  REQUIRE(cbpr.ok());
  INFO(cbpr->body);
  CHECK(cbpr->status == "ACSP");
  CHECK(f.Balance("CUST-DAVE") == 2000);

  // Outbound: the pacs.008 for bank-b carries the CBPR+ service and passes its rules.
  const std::string id = f.QueuedPayment("E2E-OUT-CBPR", 1500);
  auto batch = f.Claim("bank-b", 10);
  REQUIRE(batch.messages.size() == 1);
  CHECK(batch.messages[0].payload.find("swift.cbprplus.02") != std::string::npos);
  auto decoded = codecs::Decode(batch.messages[0].payload, *Schemas());
  REQUIRE(decoded.message);
  codecs::Issues issues = decoded.issues;
  codecs::CheckUsageGuideline(*decoded.message, *codecs::FindUsageGuideline("cbpr+"), issues);
  std::string found;
  for (const auto& issue : issues) found += issue.ToString() + "\n";
  CHECK(found == "");
  (void)id;
}
