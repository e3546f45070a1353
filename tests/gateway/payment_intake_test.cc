// Payments created by concurrent requests through the intake: shared
// transactions, idempotency across requests, and one bad request not failing
// the others; and the database's check of multi-hop status changes.
#include <catch2/catch.hpp>

#include <atomic>
#include <barrier>
#include <pqxx/pqxx>
#include <set>
#include <thread>

#include "core/pg/pool.h"
#include "gateway/ingest.h"
#include "gateway/payment_intake.h"
#include "gateway/payment_store.h"
#include "tests/support/test_env.h"

using namespace gw;
using gw::Status;
using namespace gw::gateway;

namespace {

NewPayment Instruction(const std::string& key, int64_t amount_minor = 1250) {
  PaymentInstruction p;
  p.source = "api";
  p.idempotency_key = "key:" + key;
  p.end_to_end_id = "E2E-" + key;
  p.uetr = NewUuidV4();
  p.debtor_name = "Alice Example GmbH";
  p.debtor_account = "DE89370400440532013000";
  p.debtor_agent_bic = "COBADEFFXXX";
  p.creditor_name = "Bob Example SA";
  p.creditor_account = "FR1420041010050500013M02606";
  p.creditor_agent_bic = "BNPAFRPPXXX";
  p.amount_minor = amount_minor;
  p.currency = "EUR";
  p.created_by = "maker1";
  return NewPayment{p, "", "", ArrivedMessage{"json", p.end_to_end_id, "{\"end_to_end_id\":\"" + p.end_to_end_id + "\"}"}};
}

struct IntakeFixture {
  test::TestDatabase db;
  std::unique_ptr<pg::PgPool> pool;
  explicit IntakeFixture() {
    pg::PoolOptions po;
    po.url = db.url();
    po.size = 4;
    pool = std::make_unique<pg::PgPool>(po);
  }
  std::string Scalar(const std::string& sql) { return db.Scalar(sql); }
};

}  // namespace

TEST_CASE("concurrent requests share transactions and each payment is whole", "[gateway][intake]") {
  IntakeFixture f;
  PaymentIntake intake(*f.pool, PaymentIntakeOptions{.max_batch = 64, .max_concurrent = 1});
  constexpr int kThreads = 40;
  std::barrier start(kThreads);
  std::vector<std::string> ids(kThreads);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = intake.Create({Instruction("SHARED-" + std::to_string(i))});
      if (!r.ok() || r->size() != 1 || !(*r)[0].created) {
        ++failures;
        return;
      }
      ids[i] = (*r)[0].payment.id;
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(failures == 0);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == kThreads);
  CHECK(f.Scalar("SELECT count(*) FROM payments WHERE status = 'INITIATED'") == std::to_string(kThreads));
  // Each payment has its creation history row, its audit row and what arrived.
  CHECK(f.Scalar("SELECT count(*) FROM payment_history WHERE from_status IS NULL AND to_status = 'INITIATED'") ==
        std::to_string(kThreads));
  CHECK(f.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'payment.create'") == std::to_string(kThreads));
  CHECK(f.Scalar("SELECT count(*) FROM payment_messages m JOIN payments p ON p.id = m.payment_id "
                 "WHERE m.direction = 'in' AND m.msg_id = p.end_to_end_id") == std::to_string(kThreads));
  // Fewer transactions than requests: the waiting ones were created together.
  CHECK(std::stoi(f.Scalar("SELECT count(DISTINCT xmin::text) FROM payments")) < kThreads);
}

TEST_CASE("the same idempotency key from concurrent requests creates one payment", "[gateway][intake]") {
  IntakeFixture f;
  PaymentIntake intake(*f.pool, PaymentIntakeOptions{.max_batch = 64, .max_concurrent = 2});
  constexpr int kThreads = 16;
  std::barrier start(kThreads);
  std::vector<std::string> ids(kThreads);
  std::atomic<int> created{0};
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      auto r = intake.Create({Instruction("SAME")});
      if (!r.ok() || r->size() != 1) {
        ++failures;
        return;
      }
      if ((*r)[0].created) ++created;
      ids[i] = (*r)[0].payment.id;
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(failures == 0);
  CHECK(created == 1);
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == 1);
  CHECK(f.Scalar("SELECT count(*) FROM payments") == "1");
  CHECK(f.Scalar("SELECT count(*) FROM payment_history") == "1");
  CHECK(f.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'payment.create'") == "1");
}

TEST_CASE("a request the database refuses does not fail the requests sharing its transaction", "[gateway][intake]") {
  IntakeFixture f;
  PaymentIntake intake(*f.pool, PaymentIntakeOptions{.max_batch = 64, .max_concurrent = 1});
  constexpr int kThreads = 12;
  std::barrier start(kThreads);
  std::vector<Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      // Request 5 breaks a database check (an INITIATED payment of zero).
      auto r = intake.Create({Instruction("MIXED-" + std::to_string(i), i == 5 ? 0 : 1000 + i)});
      results[i] = r.status();
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < kThreads; ++i) {
    INFO("request " << i << ": " << results[i].ToString());
    CHECK(results[i].ok() == (i != 5));
  }
  CHECK(f.Scalar("SELECT count(*) FROM payments") == std::to_string(kThreads - 1));
  CHECK(f.Scalar("SELECT count(*) FROM payments WHERE end_to_end_id = 'E2E-MIXED-5'") == "0");
}

TEST_CASE("the database takes a multi-hop status change only along recorded legal hops", "[gateway][payments]") {
  IntakeFixture f;
  PaymentIntake intake(*f.pool);
  auto created = intake.Create({Instruction("PATH-1")});
  REQUIRE(created.ok());
  const std::string id = (*created)[0].payment.id;
  pqxx::connection c(f.db.url());

  SECTION("a status change without its history row is refused") {
    pqxx::work txn(c);
    CHECK_THROWS_AS(txn.exec("UPDATE payments SET status = 'SCREENING' WHERE id = '" + id + "'"), pqxx::sql_error);
  }
  SECTION("an illegal hop cannot be recorded") {
    pqxx::work txn(c);
    CHECK_THROWS_AS(txn.exec("INSERT INTO payment_history (payment_id, from_status, to_status, actor) VALUES ('" + id +
                             "', 'INITIATED', 'QUEUED', 'someone')"),
                    pqxx::sql_error);
  }
  // The database's message for a statement it refuses ("" when it takes it).
  const auto refusal = [&](const std::string& sql) -> std::string {
    pqxx::work txn(c);
    try {
      txn.exec(sql);
    } catch (const pqxx::sql_error& e) {
      return e.what();
    }
    return "";
  };
  SECTION("one illegal hop among legal ones refuses the whole statement and names that hop") {
    CHECK_THAT(refusal("INSERT INTO payment_history (payment_id, from_status, to_status, actor) VALUES ('" + id +
                       "', 'INITIATED', 'SCREENING', 'someone'), ('" + id + "', 'SCREENING', 'COMPLETED', 'someone'), ('" +
                       id + "', 'SCREENING', 'APPROVED', 'someone')"),
               Catch::Matchers::Contains("illegal payment transition SCREENING -> COMPLETED"));
  }
  SECTION("a payment's first history row is its creation, INITIATED or REJECTED") {
    CHECK_THAT(refusal("INSERT INTO payment_history (payment_id, from_status, to_status, actor) VALUES ('" + id +
                       "', NULL, 'APPROVED', 'someone')"),
               Catch::Matchers::Contains("a payment is created INITIATED or REJECTED, not APPROVED"));
  }
  SECTION("recorded hops that do not start at the current status are refused") {
    pqxx::work txn(c);
    txn.exec("INSERT INTO payment_history (payment_id, from_status, to_status, actor) VALUES ('" + id +
             "', 'SCREENING', 'APPROVED', 'someone')");
    CHECK_THROWS_AS(txn.exec("UPDATE payments SET status = 'APPROVED' WHERE id = '" + id + "'"), pqxx::sql_error);
  }
  SECTION("a path of legal hops is one update with a history row per hop") {
    pqxx::work txn(c);
    Status s = TransitionMany(txn, {TransitionMove{id, PaymentStatus::kInitiated, PaymentStatus::kScreening, "system:test", ""},
                                    TransitionMove{id, PaymentStatus::kScreening, PaymentStatus::kApproved, "system:test",
                                                   "ok", TransitionFields{.approval_mode = "auto"}}});
    REQUIRE(s.ok());
    auto r = txn.exec("SELECT status, approval_mode FROM payments WHERE id = '" + id + "'");
    CHECK(r[0][0].as<std::string>() == "APPROVED");
    CHECK(r[0][1].as<std::string>() == "auto");
    CHECK(txn.exec("SELECT count(*) FROM payment_history WHERE payment_id = '" + id + "'")[0][0].as<int>() == 3);
  }
  SECTION("a broken path is refused before it reaches the database") {
    pqxx::work txn(c);
    Status s = TransitionMany(txn, {TransitionMove{id, PaymentStatus::kInitiated, PaymentStatus::kScreening, "t", ""},
                                    TransitionMove{id, PaymentStatus::kApproved, PaymentStatus::kPosted, "t", ""}});
    CHECK(s.code() == StatusCode::kFailedPrecondition);
  }
}
