// Login throttling, password changes and re-hashing through the Authenticator,
// against a real PostgreSQL.
#include "admin/auth.h"

#include <catch2/catch.hpp>
#include <openssl/evp.h>

#include <barrier>
#include <cstring>
#include <pqxx/pqxx>
#include <thread>
#include <vector>

#include "admin/operators.h"
#include "admin/password.h"
#include "core/pg/pool.h"
#include "tests/support/test_env.h"

using namespace gw;
using gw::admin::AuthOptions;
using gw::admin::Authenticator;

namespace {

constexpr const char* kPassword = "the right password";
constexpr const char* kWrong = "a wrong password";

// One hash per test process: each costs a few hundred milliseconds.
const std::string& OperatorHash() {
  static const std::string hash = admin::HashPassword(kPassword).value();
  return hash;
}

// A test database with operators admin1 and maker1 (password kPassword).
struct AuthDb {
  test::TestDatabase db;
  pg::PgPool pool{pg::PoolOptions{db.url(), 20}};

  AuthDb() {
    REQUIRE(pg::InTransaction(pool, [](pqxx::dbtransaction& txn) -> Status {
              GW_RETURN_IF_ERROR(admin::CreateOperator(txn, {"admin1", "admin", OperatorHash()}, "test"));
              return admin::CreateOperator(txn, {"maker1", "maker", OperatorHash()}, "test");
            }).ok());
  }
  int Count(const std::string& where) const {
    return std::stoi(db.Scalar("SELECT count(*) FROM audit_logs WHERE " + where));
  }
};

AuthOptions Options(int max_failures, std::chrono::seconds backoff_base, int per_address = 1000) {
  AuthOptions o;
  o.max_failures = max_failures;
  o.backoff_base = backoff_base;
  o.max_failures_per_address = per_address;
  return o;
}

admin::HttpRequest WithToken(const std::string& token) {
  admin::HttpRequest r;
  r.headers["authorization"] = "Bearer " + token;
  return r;
}

StatusCode Code(const StatusOr<admin::LoginResult>& r) { return r.status().code(); }

}  // namespace

TEST_CASE("concurrent wrong-password logins get no more password checks than the limit", "[admin][auth]") {
  AuthDb env;
  Authenticator auth(env.pool, Options(3, std::chrono::seconds(60)));
  constexpr int kAttempts = 16;
  std::barrier start(kAttempts);
  std::vector<StatusCode> codes(kAttempts);
  std::vector<std::thread> threads;
  for (int i = 0; i < kAttempts; ++i)
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      codes[i] = Code(auth.Login("admin1", kWrong, "10.0.0.1"));
    });
  for (auto& t : threads) t.join();
  CHECK(std::count(codes.begin(), codes.end(), StatusCode::kUnauthenticated) == 3);
  CHECK(std::count(codes.begin(), codes.end(), StatusCode::kResourceExhausted) == kAttempts - 3);
  CHECK(auth.password_checks() == 3);
  CHECK(env.Count("action = 'auth.login_failed'") == 3);
  // One audit row for the whole throttling episode, not one per refused attempt.
  CHECK(env.Count("action = 'auth.login_throttled'") == 1);
}

TEST_CASE("guessing from one address does not lock the operator out from another", "[admin][auth]") {
  AuthDb env;
  Authenticator auth(env.pool, Options(3, std::chrono::seconds(60)));
  for (int i = 0; i < 3; ++i) CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  std::chrono::seconds retry_after{0};
  auto refused = auth.Login("admin1", kPassword, "10.0.0.1", &retry_after);
  CHECK(Code(refused) == StatusCode::kResourceExhausted);  // even the right password, from there
  CHECK(retry_after.count() > 50);
  CHECK(retry_after.count() <= 60);
  auto ok = auth.Login("admin1", kPassword, "10.0.0.2");
  INFO(ok.status().ToString());
  REQUIRE(ok.ok());
  CHECK(ok->principal.role == "admin");
  // IPv6 clients are keyed by their /64: another address in it is the same client.
  for (int i = 0; i < 3; ++i)
    CHECK(Code(auth.Login("maker1", kWrong, "2001:db8:1:2::10")) == StatusCode::kUnauthenticated);
  CHECK(Code(auth.Login("maker1", kPassword, "2001:db8:1:2::99")) == StatusCode::kResourceExhausted);
  CHECK(auth.Login("maker1", kPassword, "2001:db8:1:3::10").ok());
}

TEST_CASE("the back-off doubles per user name and address, and a right password clears it", "[admin][auth]") {
  AuthDb env;
  AuthOptions o = Options(2, std::chrono::seconds(1));
  o.backoff_max = std::chrono::seconds(4);
  Authenticator auth(env.pool, o);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);  // waits 1 s now
  std::chrono::seconds retry_after{0};
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1", &retry_after)) == StatusCode::kResourceExhausted);
  CHECK(retry_after.count() == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);  // waits 2 s now
  CHECK(Code(auth.Login("admin1", kPassword, "10.0.0.1", &retry_after)) == StatusCode::kResourceExhausted);
  CHECK(retry_after.count() == 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(1300));
  CHECK(Code(auth.Login("admin1", kPassword, "10.0.0.1")) == StatusCode::kResourceExhausted);
  std::this_thread::sleep_for(std::chrono::milliseconds(1000));
  REQUIRE(auth.Login("admin1", kPassword, "10.0.0.1").ok());
  // Cleared: the free failures start again.
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  CHECK(env.db.Scalar("SELECT failures FROM login_throttle WHERE username = 'admin1' AND address = '10.0.0.1'") == "2");
}

TEST_CASE("failures are forgotten a window after the last one", "[admin][auth]") {
  AuthDb env;
  AuthOptions o = Options(3, std::chrono::seconds(60));
  o.failure_window = std::chrono::seconds(2);
  Authenticator auth(env.pool, o);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  std::this_thread::sleep_for(std::chrono::milliseconds(2300));
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.1")) == StatusCode::kUnauthenticated);
  CHECK(env.db.Scalar("SELECT failures FROM login_throttle WHERE username = 'admin1' AND address = '10.0.0.1'") == "2");
}

TEST_CASE("an address is refused after its cap of failures, whatever the user name, without password checks",
          "[admin][auth]") {
  AuthDb env;
  Authenticator auth(env.pool, Options(100, std::chrono::seconds(1), 4));
  // Unknown user names cost a password check like known ones, with the same answer.
  for (const char* user : {"nobody1", "nobody2", "nobody3"}) {
    auto r = auth.Login(user, kWrong, "10.0.0.3");
    CHECK(Code(r) == StatusCode::kUnauthenticated);
    CHECK(r.status().message() == "wrong user name or password");
  }
  auto wrong = auth.Login("admin1", kWrong, "10.0.0.3");
  CHECK(wrong.status().message() == "wrong user name or password");
  CHECK(auth.password_checks() == 4);
  for (int i = 0; i < 10; ++i)
    CHECK(Code(auth.Login(i % 2 ? "maker1" : "nobody9", kPassword, "10.0.0.3")) == StatusCode::kResourceExhausted);
  CHECK(auth.password_checks() == 4);  // refused attempts cost no hash
  CHECK(env.Count("action = 'auth.login_throttled' AND details->>'scope' = 'address'") == 1);
  CHECK(env.Count("action = 'auth.login_throttled'") == 1);
  CHECK(auth.Login("maker1", kPassword, "10.0.0.4").ok());
}

TEST_CASE("refused attempts are audited once per episode and counted with the next real attempt", "[admin][auth]") {
  AuthDb env;
  Authenticator auth(env.pool, Options(2, std::chrono::seconds(2)));
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.5")) == StatusCode::kUnauthenticated);
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.5")) == StatusCode::kUnauthenticated);
  for (int i = 0; i < 7; ++i) CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.5")) == StatusCode::kResourceExhausted);
  CHECK(auth.password_checks() == 2);
  CHECK(env.Count("action = 'auth.login_throttled'") == 1);
  CHECK(env.db.Scalar("SELECT details->>'scope' FROM audit_logs WHERE action = 'auth.login_throttled'") ==
        "user_address");
  std::this_thread::sleep_for(std::chrono::milliseconds(2300));
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.5")) == StatusCode::kUnauthenticated);
  CHECK(env.db.Scalar("SELECT details->>'refused_while_throttled' FROM audit_logs WHERE action = 'auth.login_failed' "
                      "ORDER BY id DESC LIMIT 1") == "7");
  // A new episode, a new audit row.
  CHECK(Code(auth.Login("admin1", kWrong, "10.0.0.5")) == StatusCode::kResourceExhausted);
  CHECK(env.Count("action = 'auth.login_throttled'") == 2);
}

TEST_CASE("a hash made with weaker parameters verifies and is replaced at the next login", "[admin][auth]") {
  AuthDb env;
  const unsigned char salt[16] = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};
  unsigned char out[32];
  REQUIRE(EVP_PBE_scrypt(kPassword, std::strlen(kPassword), salt, sizeof salt, 1 << 15, 8, 1, 64 << 20, out,
                         sizeof out) == 1);
  unsigned char salt64[64], out64[64];
  EVP_EncodeBlock(salt64, salt, sizeof salt);
  EVP_EncodeBlock(out64, out, sizeof out);
  const std::string legacy = std::string("scrypt$32768$8$1$") + reinterpret_cast<char*>(salt64) + "$" +
                             reinterpret_cast<char*>(out64);
  REQUIRE(pg::InTransaction(env.pool, [&](pqxx::dbtransaction& txn) {
            return admin::CreateOperator(txn, {"legacy1", "checker", legacy}, "test");
          }).ok());
  Authenticator auth(env.pool, AuthOptions{});
  CHECK(Code(auth.Login("legacy1", kWrong, "10.0.0.6")) == StatusCode::kUnauthenticated);
  CHECK(env.db.Scalar("SELECT password_hash FROM operators WHERE username = 'legacy1'") == legacy);
  REQUIRE(auth.Login("legacy1", kPassword, "10.0.0.6").ok());
  const std::string upgraded = env.db.Scalar("SELECT password_hash FROM operators WHERE username = 'legacy1'");
  CHECK(upgraded.rfind("scrypt$131072$8$1$", 0) == 0);
  CHECK(env.Count("action = 'operator.password_rehash' AND entity_id = 'legacy1'") == 1);
  REQUIRE(auth.Login("legacy1", kPassword, "10.0.0.6").ok());
  CHECK(env.db.Scalar("SELECT password_hash FROM operators WHERE username = 'legacy1'") == upgraded);
  CHECK(env.Count("action = 'operator.password_rehash'") == 1);
}

TEST_CASE("a password change needs the current password, keeps the policy and revokes the other tokens",
          "[admin][auth]") {
  AuthDb env;
  Authenticator auth(env.pool, Options(3, std::chrono::seconds(60)));
  AuthOptions uncached;
  uncached.cache_ttl = std::chrono::milliseconds(0);
  Authenticator other_node(env.pool, uncached);
  auto first = auth.Login("admin1", kPassword, "10.0.0.7");
  auto second = auth.Login("admin1", kPassword, "10.0.0.8");
  auto maker = auth.Login("maker1", kPassword, "10.0.0.7");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  REQUIRE(maker.ok());
  REQUIRE(auth.Authenticate(WithToken(second->token)).ok());  // now cached
  const admin::Principal who = first->principal;
  const std::string next = "a brand new password";

  CHECK(auth.ChangePassword(who, first->token, kWrong, next, "10.0.0.7").code() == StatusCode::kPermissionDenied);
  CHECK(env.Count("action = 'auth.password_change_failed' AND actor = 'admin1'") == 1);
  CHECK(auth.ChangePassword(who, first->token, kPassword, "too short", "10.0.0.7").code() ==
        StatusCode::kInvalidArgument);
  CHECK(auth.ChangePassword(who, first->token, kPassword, kPassword, "10.0.0.7").code() ==
        StatusCode::kInvalidArgument);
  REQUIRE(auth.ChangePassword(who, first->token, kPassword, next, "10.0.0.7").ok());

  CHECK(auth.Authenticate(WithToken(first->token)).ok());
  CHECK(auth.Authenticate(WithToken(second->token)).status().code() == StatusCode::kUnauthenticated);
  CHECK(other_node.Authenticate(WithToken(second->token)).status().code() == StatusCode::kUnauthenticated);
  CHECK(other_node.Authenticate(WithToken(maker->token)).ok());  // another operator's
  CHECK(env.db.Scalar("SELECT details->>'revoked_tokens' FROM audit_logs WHERE action = 'auth.password_change'") ==
        "1");
  CHECK(Code(auth.Login("admin1", kPassword, "10.0.0.9")) == StatusCode::kUnauthenticated);
  CHECK(auth.Login("admin1", next, "10.0.0.9").ok());

  // Wrong current passwords are throttled like logins.
  for (int i = 0; i < 3; ++i)
    CHECK(auth.ChangePassword(who, first->token, kWrong, "yet another password", "10.0.0.7").code() ==
          StatusCode::kPermissionDenied);
  std::chrono::seconds retry_after{0};
  CHECK(auth.ChangePassword(who, first->token, next, "yet another password", "10.0.0.7", &retry_after).code() ==
        StatusCode::kResourceExhausted);
  CHECK(retry_after.count() > 0);

  // A new hash from a seed file ends every session of the operator too.
  REQUIRE(pg::InTransaction(env.pool, [&](pqxx::dbtransaction& txn) -> Status {
            return admin::UpsertOperator(txn, {"admin1", "admin", OperatorHash()}, "seed").status();
          }).ok());
  CHECK(other_node.Authenticate(WithToken(first->token)).status().code() == StatusCode::kUnauthenticated);
}
