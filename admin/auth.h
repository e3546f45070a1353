// File: admin/auth.h
//
// Operator authentication for /api/v1: login with user name and password
// returns an opaque bearer token that expires; logout revokes it. Only the
// SHA-256 of a token is stored (auth_tokens), never the token itself. A
// password change revokes the operator's other tokens.
//
// Failed logins are throttled in the database (login_throttle*, migration 0007),
// each counter updated under a row lock in one transaction before the password
// is checked, so concurrent guesses cannot pass a limit:
//  - per (user name, client address): `max_failures` failures are free; each
//    further one makes that user name wait, from that address only, twice as
//    long as the last, from `backoff_base` up to `backoff_max`. The count is
//    forgotten `failure_window` after the last failure (or the end of the
//    wait). Someone guessing an operator's password from one address cannot
//    keep the operator out from another.
//  - per client address, whatever the user name: at most
//    `max_failures_per_address` failures per `failure_window`; then every
//    login from the address is refused until the window ends.
// The client address is the TCP peer's (ClientKey: an IPv4 address or an IPv6
// /64), never a header. A refused attempt (kResourceExhausted, HTTP 429) checks
// no password and writes no audit row of its own: each throttling episode
// writes one auth.login_throttled row, at its first refused attempt, and the
// number of attempts refused in it is reported with the next real attempt
// (details.refused_while_throttled). Every real failure is audited.
//
// Validated tokens are cached in memory for `cache_ttl` (5 s by default), so a
// revocation on another gatewayd node takes effect within that time; on this
// node, at once.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "admin/http.h"
#include "core/pg/pool.h"
#include "core/status.h"

namespace gw::admin {

struct Principal {
  int64_t operator_id = 0;
  std::string username;
  std::string role;
};

struct AuthOptions {
  std::chrono::seconds token_ttl{3600};
  // Per (user name, address): failures before the back-off starts.
  int max_failures = 5;
  std::chrono::seconds backoff_base{1};
  std::chrono::seconds backoff_max{900};
  // How long failures are remembered; also the per-address window.
  std::chrono::seconds failure_window{900};
  // Per address, any user name, per failure_window.
  int max_failures_per_address = 50;
  std::chrono::milliseconds cache_ttl{5000};
};

struct LoginResult {
  std::string token;
  std::string expires_at;
  Principal principal;
};

class Authenticator {
 public:
  // `pool` must outlive the authenticator.
  Authenticator(pg::PgPool& pool, AuthOptions options);

  // kUnauthenticated for a wrong user name or password (the same message for
  // both), kResourceExhausted when throttled (then *retry_after, if given, is
  // the wait in seconds), kInternal if no token could be made. `source` is the
  // client's address.
  StatusOr<LoginResult> Login(const std::string& username, const std::string& password, const std::string& source,
                              std::chrono::seconds* retry_after = nullptr);
  Status Logout(const std::string& token, const std::string& source);

  // Sets the password of the operator behind `token` (a valid token, already
  // authenticated as `who`) after checking `current_password` (throttled and
  // audited like a login), and revokes the operator's other tokens.
  // kInvalidArgument if `new_password` fails the policy or equals the current
  // one, kPermissionDenied for a wrong current password, kResourceExhausted
  // when throttled (see Login), kAborted if the password changed meanwhile.
  Status ChangePassword(const Principal& who, const std::string& token, const std::string& current_password,
                        const std::string& new_password, const std::string& source,
                        std::chrono::seconds* retry_after = nullptr);

  // The operator behind "Authorization: Bearer <token>": kUnauthenticated if
  // absent, unknown, expired or revoked.
  StatusOr<Principal> Authenticate(const HttpRequest& request);

  // Passwords checked so far (each one scrypt computation), for monitoring.
  int64_t password_checks() const { return password_checks_.load(); }

 private:
  struct StoredOperator {
    int64_t id = 0;
    std::string role;
    std::string password_hash;
  };
  struct Attempt {
    bool throttled = false;
    int64_t retry_after_seconds = 0;
    int refused_before = 0;  // refused in the episode before this attempt
    std::optional<StoredOperator> op;
  };

  // Counts an attempt for (username, client) before its password is checked,
  // or refuses it; also reads the operator.
  StatusOr<Attempt> BeginAttempt(const std::string& username, const std::string& client, const std::string& source);
  // Records that the attempt's password was wrong (the count stays) and audits it.
  Status RecordFailure(const std::string& username, const std::string& client, const std::string& source,
                       const std::string& action, int refused_before);
  // After a right password: the attempt counted by BeginAttempt is no failure,
  // and the user name's count from this client starts again.
  void TakeBackFailure(pqxx::dbtransaction& txn, const std::string& username, const std::string& client);
  // Checks `password` against `op`'s hash, or a dummy hash when there is no operator.
  bool CheckPassword(const std::string& password, const std::optional<StoredOperator>& op);
  void ForgetCachedTokens(int64_t operator_id, const std::string& except_hash);

  pg::PgPool& pool_;
  AuthOptions options_;
  std::atomic<int64_t> password_checks_{0};
  std::atomic<uint64_t> attempts_{0};
  struct Cached {
    Principal principal;
    std::chrono::steady_clock::time_point until;
  };
  std::mutex mu_;
  std::map<std::string, Cached> cache_;  // GUARDED_BY(mu_), by token hash
};

// The bearer token of a request, or empty.
std::string BearerToken(const HttpRequest& request);

}  // namespace gw::admin
