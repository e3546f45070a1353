// Inbound payments through the compliance stage: a pacs.008 from a counterparty
// whose debtor is on a list is answered (the money has arrived) but held on the
// compliance suspense account; a release credits the beneficiary, a rejection
// leaves the amount on suspense; the books balance throughout.
#include <catch2/catch.hpp>
#include <prometheus/registry.h>

#include <future>
#include <pqxx/pqxx>

#include "codecs/iso20022/schema_set.h"
#include "core/pg/pool.h"
#include "gateway/compliance/list_import.h"
#include "gateway/compliance_service.h"
#include "gateway/compliance_store.h"
#include "gateway/link_bridge.h"
#include "gateway/payment_store.h"
#include "gateway/pipeline.h"
#include "ledger/ledger.h"
#include "tests/gateway/inbound_test_support.h"
#include "tests/support/test_env.h"

using namespace gw;
using namespace gw::gateway;

namespace {

const std::string kDaveIban = "DE44500105175407324931";

struct InboundFixture {
  test::TestDatabase db;
  prometheus::Registry registry;
  std::shared_ptr<const codecs::SchemaSet> schemas;
  std::unique_ptr<pg::PgPool> pool;
  std::unique_ptr<ComplianceService> compliance;
  std::unique_ptr<Pipeline> pipeline;
  std::unique_ptr<LinkBridge> bridge;

  InboundFixture() {
    auto loaded = codecs::SchemaSet::Load(test::SourcePath("schemas/iso20022"));
    REQUIRE(loaded.ok());
    schemas = *loaded;
    pg::PoolOptions po;
    po.url = db.url();
    po.size = 4;
    pool = std::make_unique<pg::PgPool>(po);
    Exec([](pqxx::dbtransaction& txn) -> Status {
      GW_RETURN_IF_ERROR(ledger::CreateAccount(
          txn, {"CUST-DAVE", "customer", "EUR", "Dave Beispiel", kDaveIban, "", false, 0}));
      GW_RETURN_IF_ERROR(
          ledger::CreateAccount(txn, {"NOSTRO-BANKB-EUR", "settlement", "EUR", "Bank B", "", "bank-b", true, 0}));
      // The bank's watch list: one entry.
      std::istringstream csv("name,aliases,country,bic,list name,reference\n"
                             "\"Viktor Sergeyevich Orlov\",\"\",RU,,BANK-WATCH,WL-77\n");
      auto list = compliance::ImportWatchlist(csv, compliance::ImportOptions());
      if (!list.ok()) return list.status();
      StoreListOptions store;
      store.format = "watchlist";
      store.source = "test";
      store.sha256 = "-";
      store.actor = "test";
      return StoreListVersion(txn, *list, store).status();
    });
    ComplianceOptions co;
    co.database_url = db.url();
    compliance = std::make_unique<ComplianceService>(co, registry);
    REQUIRE(compliance->Refresh().ok());
    PipelineOptions options;
    options.database_url = db.url();
    options.unlisted_currencies_need_checker = false;  // these tests are about the stages after approval
    options.compliance = compliance.get();
    pipeline = std::make_unique<Pipeline>(options, *schemas, registry);
    LinkBridgeOptions bo;
    bo.node_name = "gw1";
    bo.compliance = compliance.get();
    bridge = std::make_unique<LinkBridge>(*pool, *schemas, registry, bo);
  }
  ~InboundFixture() {
    bridge->Stop();
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
  int64_t Balance(const std::string& account) {
    return std::stoll(Scalar("SELECT coalesce((SELECT balance_minor FROM ledger_accounts WHERE id = '" + account +
                             "'), 0)"));
  }

  links::InboundAnswer Receive(const std::string& msg_id, const std::string& debtor_name, const std::string& amount) {
    links::InboundMessage m = testing::InboundPacs008(msg_id, kDaveIban, amount, debtor_name);
    auto promise = std::make_shared<std::promise<StatusOr<links::InboundAnswer>>>();
    bridge->OnMessage(m, [promise](StatusOr<links::InboundAnswer> a) { promise->set_value(std::move(a)); });
    auto future = promise->get_future();
    REQUIRE(future.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
    auto answer = future.get();
    INFO(answer.status().ToString());
    REQUIRE(answer.ok());
    return *answer;
  }

  std::string PaymentOf(const std::string& msg_id) {
    return Scalar("SELECT payment_id FROM inbound_messages WHERE message_id = '" + msg_id + "'");
  }
};

}  // namespace

TEST_CASE("an inbound payment from a listed debtor is held on suspense, not credited, release credits it",
          "[gateway][compliance][links][db]") {
  InboundFixture f;
  // Reordered, one letter changed.
  auto answer = f.Receive("IN-HOLD-1", "Orlov Viktor Sergeevich", "300.00");
  CHECK(answer.status == "ACSP");
  const std::string id = f.PaymentOf("IN-HOLD-1");
  REQUIRE(!id.empty());
  CHECK(f.Scalar("SELECT status FROM payments WHERE id = '" + id + "'") == "COMPLIANCE_HOLD");
  CHECK(f.Scalar("SELECT direction FROM payments WHERE id = '" + id + "'") == "inbound");
  CHECK(f.Scalar("SELECT reason FROM payments WHERE id = '" + id + "'").find("WL-77") != std::string::npos);
  CHECK(f.Balance("CUST-DAVE") == 0);
  CHECK(f.Balance("SUSPENSE-COMPLIANCE-EUR") == 30000);
  CHECK(f.Balance("NOSTRO-BANKB-EUR") == -30000);
  CHECK(f.Scalar("SELECT hits->0->>'field' FROM screening_results WHERE payment_id = '" + id + "'") == "debtor");

  // The same message again: the same answer, nothing held or posted twice.
  CHECK(f.Receive("IN-HOLD-1", "Orlov Viktor Sergeevich", "300.00").status == "ACSP");
  CHECK(f.Balance("SUSPENSE-COMPLIANCE-EUR") == 30000);

  // A clean sender is credited at once.
  CHECK(f.Receive("IN-CLEAN-1", "Erika Musterfrau", "20.00").status == "ACSP");
  CHECK(f.Balance("CUST-DAVE") == 2000);

  // Release: suspense -> Dave, COMPLETED.
  f.Exec([&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto p, GetPayment(txn, id, true));
    return f.pipeline->Release(txn, *p, "compliance1", "not the listed person");
  });
  CHECK(f.Scalar("SELECT status FROM payments WHERE id = '" + id + "'") == "COMPLETED");
  CHECK(f.Balance("CUST-DAVE") == 32000);
  CHECK(f.Balance("SUSPENSE-COMPLIANCE-EUR") == 0);
  CHECK(f.Scalar("SELECT coalesce(sum(amount_minor), 0) FROM postings") == "0");
}
