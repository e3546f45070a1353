// Screening fails closed: before the lists in force have been read, no payment
// gets past screening; with no list in force, every payment is held unless the
// configuration says otherwise.
#include <catch2/catch.hpp>
#include <prometheus/registry.h>

#include <pqxx/pqxx>
#include <sstream>

#include "codecs/iso20022/schema_set.h"
#include "core/pg/pool.h"
#include "gateway/compliance/list_import.h"
#include "gateway/compliance_service.h"
#include "gateway/compliance_store.h"
#include "gateway/ingest.h"
#include "gateway/payment_store.h"
#include "gateway/pipeline.h"
#include "tests/support/test_env.h"

using namespace gw;
using namespace gw::gateway;

namespace {

struct ScreeningFixture {
  test::TestDatabase db;
  prometheus::Registry registry;
  std::shared_ptr<const codecs::SchemaSet> schemas;
  std::unique_ptr<pg::PgPool> pool;

  ScreeningFixture() {
    auto loaded = codecs::SchemaSet::Load(test::SourcePath("schemas/iso20022"));
    REQUIRE(loaded.ok());
    schemas = *loaded;
    pg::PoolOptions po;
    po.url = db.url();
    po.size = 2;
    pool = std::make_unique<pg::PgPool>(po);
  }

  std::string Create(const std::string& e2e) {
    PaymentInstruction p;
    p.source = "api";
    p.idempotency_key = "e2e:" + e2e;
    p.end_to_end_id = e2e;
    p.uetr = NewUuidV4();
    p.debtor_name = "Alice Example GmbH";
    p.debtor_account = "DE89370400440532013000";
    p.debtor_agent_bic = "GWAYDEFFXXX";
    p.creditor_name = "Carol Exemple SARL";
    p.creditor_account = "FR1420041010050500013M02606";
    p.creditor_agent_bic = "BANKFRPP";
    p.amount_minor = 1000;
    p.currency = "EUR";
    p.created_by = "maker1";
    std::string id;
    REQUIRE(pg::InTransaction(*pool, [&](pqxx::dbtransaction& txn) -> Status {
              GW_ASSIGN_OR_RETURN(auto r, CreatePayment(txn, p));
              id = r.payment.id;
              return Status::Ok();
            }).ok());
    return id;
  }

  void ImportList() {
    REQUIRE(pg::InTransaction(*pool, [&](pqxx::dbtransaction& txn) -> Status {
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
            }).ok());
  }

  std::string StatusOf(const std::string& id) { return db.Scalar("SELECT status FROM payments WHERE id = '" + id + "'"); }
};

}  // namespace

TEST_CASE("the pipeline screens nothing and lets nothing past screening before the lists are loaded",
          "[gateway][compliance][db]") {
  ScreeningFixture f;
  f.ImportList();
  ComplianceOptions co;
  co.database_url = f.db.url();
  ComplianceService compliance(co, f.registry);  // never refreshed: as when the database was down at start-up
  REQUIRE_FALSE(compliance.loaded());
  PipelineOptions options;
  options.database_url = f.db.url();
  options.compliance = &compliance;
  options.unlisted_currencies_need_checker = false;
  Pipeline pipeline(options, *f.schemas, f.registry);
  const std::string id = f.Create("E2E-WAIT-1");
  auto moved = pipeline.Drain();
  REQUIRE(moved.ok());
  CHECK(*moved == 0);
  CHECK(f.StatusOf(id) == "INITIATED");
  CHECK(f.db.Scalar("SELECT count(*) FROM screening_results") == "0");

  // Asked directly (inbound credits are screened by the link), it holds.
  REQUIRE(pg::InTransaction(*f.pool, [&](pqxx::dbtransaction& txn) -> gw::Status {
            GW_ASSIGN_OR_RETURN(auto p, GetPayment(txn, id));
            GW_ASSIGN_OR_RETURN(auto d, compliance.Screen(txn, *p));
            CHECK(d.hold);
            CHECK(d.reason.find("not loaded yet") != std::string::npos);
            return gw::Status::Ok();
          }).ok());

  // Once the lists are read, the payment is screened against them and moves on.
  REQUIRE(compliance.Refresh().ok());
  REQUIRE(compliance.loaded());
  REQUIRE(pipeline.Drain().ok());
  CHECK(f.StatusOf(id) != "INITIATED");
  CHECK(f.StatusOf(id) != "COMPLIANCE_HOLD");
  CHECK(f.db.Scalar("SELECT outcome FROM screening_results WHERE payment_id = '" + id + "'") == "CLEAR");
}

TEST_CASE("with no list in force every payment is held, unless require_lists is switched off",
          "[gateway][compliance][db]") {
  ScreeningFixture f;
  ComplianceOptions co;
  co.database_url = f.db.url();
  ComplianceService compliance(co, f.registry);
  CHECK(co.require_lists);  // the default
  REQUIRE(compliance.Refresh().ok());
  REQUIRE(compliance.loaded());
  CHECK(compliance.index() == nullptr);
  PipelineOptions options;
  options.database_url = f.db.url();
  options.compliance = &compliance;
  options.unlisted_currencies_need_checker = false;
  Pipeline pipeline(options, *f.schemas, f.registry);
  const std::string held = f.Create("E2E-NOLIST-1");
  REQUIRE(pipeline.Drain().ok());
  CHECK(f.StatusOf(held) == "COMPLIANCE_HOLD");
  CHECK(f.db.Scalar("SELECT reason FROM payments WHERE id = '" + held + "'").find("no sanctions list is in force") !=
        std::string::npos);

  ComplianceOptions open = co;
  open.require_lists = false;
  ComplianceService lenient(open, f.registry);
  REQUIRE(lenient.Refresh().ok());
  options.compliance = &lenient;
  Pipeline lenient_pipeline(options, *f.schemas, f.registry);
  const std::string passed = f.Create("E2E-NOLIST-2");
  REQUIRE(lenient_pipeline.Drain().ok());
  CHECK(f.StatusOf(passed) != "COMPLIANCE_HOLD");
  CHECK(f.StatusOf(passed) != "INITIATED");
}
