// GET /health with the database unreachable: the driver's error text only for
// callers with a valid token.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "admin/auth.h"
#include "admin/health.h"
#include "admin/metrics.h"
#include "admin/operators.h"
#include "admin/password.h"
#include "admin/system_routes.h"
#include "core/pg/pool.h"
#include "tests/support/test_env.h"

using namespace gw;
using nlohmann::json;

TEST_CASE("/health with the database down shows no raw error text without a token", "[admin][health][security]") {
  // Auth works on a live database; the monitor probes one that is not there.
  test::TestDatabase db;
  pg::PgPool pool(pg::PoolOptions{db.url(), 2});
  const std::string hash = admin::HashPassword("the right password").value();
  REQUIRE(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) {
            return admin::CreateOperator(txn, {"auditor1", "auditor", hash}, "test");
          }).ok());
  admin::Authenticator auth(pool, admin::AuthOptions{});
  auto login = auth.Login("auditor1", "the right password", "127.0.0.1");
  REQUIRE(login.ok());

  const std::string dead_url = "postgresql://gateway:s3cret-pw@127.0.0.1:" + std::to_string(test::FreePort()) +
                               "/ledger_prod?connect_timeout=1";
  admin::HealthMonitor health(dead_url, std::chrono::milliseconds(100), 1, nullptr);
  health.Start();
  REQUIRE(test::WaitUntil([&] { return health.Report().second["components"]["database"]["error"] != "not checked yet"; },
                          std::chrono::seconds(10)));
  admin::Metrics metrics;
  admin::Router router;
  admin::AddSystemRoutes(router, health, metrics, auth, "{}");
  auto route = router.Find("GET", "/health");
  REQUIRE(route.handler != nullptr);

  admin::HttpRequest anonymous;
  anonymous.method = "GET";
  anonymous.path = "/health";
  auto r = (*route.handler)(anonymous);
  CHECK(r.status == 503);
  auto body = json::parse(r.body);
  CHECK(body["components"]["database"]["status"] == "down");
  CHECK(body["components"]["database"]["error"] == "unreachable");
  CHECK(r.body.find("127.0.0.1") == std::string::npos);
  CHECK(r.body.find("ledger_prod") == std::string::npos);
  CHECK(r.body.find("onnect") == std::string::npos);  // "connection to server ...", "Connection refused"

  admin::HttpRequest bad_token = anonymous;
  bad_token.headers["authorization"] = "Bearer gw_not-a-real-token";
  CHECK(json::parse((*route.handler)(bad_token).body)["components"]["database"]["error"] == "unreachable");

  admin::HttpRequest signed_in = anonymous;
  signed_in.headers["authorization"] = "Bearer " + login->token;
  auto detailed = json::parse((*route.handler)(signed_in).body);
  const std::string error = detailed["components"]["database"]["error"];
  CHECK(error != "unreachable");
  CHECK(error.find("127.0.0.1") != std::string::npos);
  health.Stop();
}
