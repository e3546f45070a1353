// File: admin/auth.h
//
// Operator authentication for /api/v1: login with user name and password
// returns an opaque bearer token that expires; logout revokes it. Only the
// SHA-256 of a token is stored (auth_tokens), never the token itself.
//
// Failed logins are throttled per user name (after `max_failures` within
// `failure_window`, further attempts get kResourceExhausted until the window
// passes, whatever the password) and every failure is audited.
//
// Validated tokens are cached in memory for `cache_ttl` (5 s by default), so a
// revocation on another gatewayd node takes effect within that time; on this
// node, at once.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
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
  int max_failures = 5;
  std::chrono::seconds failure_window{900};
  std::chrono::milliseconds cache_ttl{5000};
};

struct LoginResult {
  std::string token;
  std::string expires_at;
  Principal principal;
};

class Authenticator {
 public:
  Authenticator(pg::PgPool& pool, AuthOptions options);

  // kUnauthenticated for a wrong user name or password (the same message for
  // both), kResourceExhausted when throttled.
  StatusOr<LoginResult> Login(const std::string& username, const std::string& password, const std::string& source);
  Status Logout(const std::string& token, const std::string& source);

  // The operator behind "Authorization: Bearer <token>": kUnauthenticated if
  // absent, unknown, expired or revoked.
  StatusOr<Principal> Authenticate(const HttpRequest& request);

 private:
  pg::PgPool& pool_;
  AuthOptions options_;
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
