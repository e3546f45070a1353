// Pulling the plug: payments driven through the API while gatewayd is killed
// with SIGKILL at random moments and restarted. Afterwards every payment is in a
// state consistent with its postings, none is posted twice, none is missing, and
// the trial balance is zero. Clients retry with the same Idempotency-Key, as a
// bank's systems do when an answer is lost.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>
#include <thread>

#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

namespace {

void CheckConsistency(TestDatabase& db, int expected_payments) {
  pqxx::connection c(db.url());
  pqxx::nontransaction n(c);
  CHECK(n.exec1("SELECT count(*) FROM payments")[0].as<int>() == expected_payments);
  // Every payment is valid, funded and below the four-eyes threshold: each one
  // reached QUEUED, none was rejected or left half-way.
  const auto by_status = n.exec("SELECT status || ':' || count(*) FROM payments GROUP BY status ORDER BY 1");
  std::string statuses;
  for (const auto& row : by_status) statuses += row[0].as<std::string>() + " ";
  INFO("payments by status: " << statuses);
  CHECK(n.exec1("SELECT count(*) FROM payments WHERE status = 'QUEUED'")[0].as<int>() == expected_payments);
  // Each QUEUED payment: exactly one balanced payment entry, one outbound message, one outbox row.
  CHECK(n.exec1("SELECT count(*) FROM payments p WHERE status = 'QUEUED' AND "
                "(SELECT count(*) FROM journal_entries e WHERE e.payment_id = p.id) <> 1")[0].as<int>() == 0);
  CHECK(n.exec1("SELECT count(*) FROM payments p WHERE status = 'QUEUED' AND "
                "(SELECT count(*) FROM outbox o WHERE o.payment_id = p.id) <> 1")[0].as<int>() == 0);
  // Nothing posted for a payment that is not QUEUED.
  CHECK(n.exec1("SELECT count(*) FROM journal_entries e JOIN payments p ON p.id = e.payment_id "
                "WHERE p.status <> 'QUEUED'")[0].as<int>() == 0);
  CHECK(n.exec1("SELECT count(*) FROM (SELECT payment_id FROM journal_entries WHERE payment_id IS NOT NULL "
                "GROUP BY payment_id HAVING count(*) > 1) d")[0].as<int>() == 0);
  // The ledger: net zero per currency; balances equal the sum of postings.
  CHECK(n.exec1("SELECT count(*) FROM (SELECT currency FROM postings GROUP BY currency HAVING sum(amount_minor) <> 0) x")[0].as<int>() == 0);
  CHECK(n.exec1("SELECT count(*) FROM ledger_accounts a WHERE balance_minor <> "
                "(SELECT coalesce(sum(amount_minor), 0) FROM postings p WHERE p.account_id = a.id)")[0].as<int>() == 0);
  // The debtor paid exactly the queued amounts.
  auto paid = n.exec1("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE status = 'QUEUED'")[0].as<int64_t>();
  auto nostro = n.exec1("SELECT balance_minor FROM ledger_accounts WHERE id = 'NOSTRO-BANKB-EUR'")[0].as<int64_t>();
  CHECK(paid == nostro);
}

void DriveWithKills(GatewayFixture& f, int node_count, int total) {
  // The fixture's gatewayd (killed and restarted on the same port) and, for
  // node_count 2, a second one on the same database that stays up.
  std::vector<unsigned short> ports = {f.gatewayd().port()};
  std::vector<std::unique_ptr<Gatewayd>> others;
  for (int i = 1; i < node_count; ++i) {
    others.push_back(std::make_unique<Gatewayd>(f.db().url()));
    REQUIRE(others.back()->WaitReady());
    ports.push_back(others.back()->port());
  }
  const std::string token = f.Token("maker1");
  std::atomic<int> next{0};
  std::atomic<int> done{0};
  std::atomic<int> answered{0};  // got 201 or 200 (a replay) in the end
  std::atomic<bool> stop_killing{false};
  std::vector<std::thread> clients;
  for (int t = 0; t < 8; ++t) {
    clients.emplace_back([&, t] {
      std::mt19937 rng(static_cast<unsigned>(t));
      while (true) {
        const int i = next++;
        if (i >= total) return;
        const auto body = f.PaymentJson("E2E-CRASH-" + std::to_string(i), std::to_string(1 + i % 50) + ".00", f.alice_iban).dump();
        // Retry until the API answers; the idempotency key makes retries safe.
        for (int attempt = 0; attempt < 400; ++attempt) {
          const unsigned short port = ports[rng() % ports.size()];
          auto r = Http(port, "POST", "/api/v1/payments", body,
                        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"},
                         {"Idempotency-Key", "crash-" + std::to_string(i)}},
                        std::chrono::seconds(5));
          if (r.status == 201 || r.status == 200) {
            ++answered;
            break;
          }
          std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        ++done;
      }
    });
  }
  // The killer: SIGKILL a node at random moments, restart it at once on the same port.
  std::thread killer([&] {
    std::mt19937 rng(42);
    int kills = 0;
    while (!stop_killing) {
      std::this_thread::sleep_for(std::chrono::milliseconds(300 + rng() % 900));
      if (stop_killing) break;
      f.gatewayd().process().Signal(SIGKILL);
      f.gatewayd().process().Wait(std::chrono::seconds(5));
      ++kills;
      f.RestartGatewayd();
    }
    INFO("kills: " << kills);
    CHECK(kills >= 3);
  });
  for (auto& c : clients) c.join();
  stop_killing = true;
  killer.join();
  REQUIRE(done.load() == total);
  REQUIRE(answered.load() == total);
  // Let the pipeline finish what the kills interrupted.
  REQUIRE(WaitUntil([&] { return f.db().Scalar("SELECT count(*) FROM payments WHERE status IN ('INITIATED', 'SCREENING', 'APPROVED', 'POSTED')") == "0"; },
                    std::chrono::seconds(60)));
}

}  // namespace

TEST_CASE("SIGKILL at random moments loses no payment and posts none twice", "[integration][crash][fault]") {
  GatewayFixture f;
  const int total = 2000;
  DriveWithKills(f, 1, total);
  CheckConsistency(f.db(), total);
}

TEST_CASE("two gatewayd processes on one database, one killed at random, share the work exactly once",
          "[integration][crash][fault]") {
  GatewayFixture f;
  const int total = 2000;
  DriveWithKills(f, 2, total);
  CheckConsistency(f.db(), total);
}
