// When the random generator fails, nothing is made from unset bytes: no token,
// no salt, no UUID.
#define OPENSSL_SUPPRESS_DEPRECATED  // RAND_set_rand_method: the way to make RAND_bytes fail
#include <catch2/catch.hpp>
#include <openssl/rand.h>

#include <pqxx/pqxx>
#include <stdexcept>

#include "admin/auth.h"
#include "admin/operators.h"
#include "admin/password.h"
#include "core/pg/pool.h"
#include "gateway/ingest.h"
#include "tests/support/test_env.h"

using namespace gw;

namespace {

int FailBytes(unsigned char*, int) { return 0; }
int FailStatus() { return 0; }
RAND_METHOD failing_method = {nullptr, FailBytes, nullptr, nullptr, FailBytes, FailStatus};

// RAND_bytes fails while one exists.
class FailingRandom {
 public:
  FailingRandom() { REQUIRE(RAND_set_rand_method(&failing_method) == 1); }
  ~FailingRandom() { RAND_set_rand_method(nullptr); }
};

}  // namespace

TEST_CASE("a failing random generator makes no password hash and no UUID", "[admin][auth]") {
  FailingRandom failing;
  unsigned char probe[4];
  REQUIRE(RAND_bytes(probe, sizeof probe) != 1);
  auto hash = admin::HashPassword("a long enough password");
  CHECK(hash.status().code() == StatusCode::kInternal);
  CHECK_THROWS_AS(gateway::NewUuidV4(), std::runtime_error);
}

TEST_CASE("a failing random generator issues no token", "[admin][auth]") {
  test::TestDatabase db;
  pg::PgPool pool(pg::PoolOptions{db.url(), 1});
  const std::string hash = admin::HashPassword("the right password").value();
  REQUIRE(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) {
            return admin::CreateOperator(txn, {"admin1", "admin", hash}, "test");
          }).ok());
  admin::Authenticator auth(pool, admin::AuthOptions{});
  {
    FailingRandom failing;
    auto r = auth.Login("admin1", "the right password", "10.0.0.1");
    CHECK(r.status().code() == StatusCode::kInternal);
  }
  CHECK(db.Scalar("SELECT count(*) FROM auth_tokens") == "0");
  CHECK(auth.Login("admin1", "the right password", "10.0.0.1").ok());
}
