#include "admin/auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <pqxx/pqxx>

#include "admin/password.h"
#include "core/pg/audit.h"

namespace gw::admin {

namespace {

std::string Sha256(const std::string& s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  return std::string(reinterpret_cast<char*>(d), sizeof d);
}

std::string NewToken() {
  unsigned char b[32];
  RAND_bytes(b, sizeof b);
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out = "gw_";
  for (unsigned char c : b) out += kAlphabet[c & 63];
  return out;
}

// A dummy hash so an unknown user name costs as much as a wrong password.
const std::string& DummyHash() {
  static const std::string h = HashPassword("not a real password at all").value();
  return h;
}

}  // namespace

std::string BearerToken(const HttpRequest& request) {
  const std::string& h = request.Header("authorization");
  if (h.size() > 7 && (h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0)) return h.substr(7);
  return "";
}

Authenticator::Authenticator(pg::PgPool& pool, AuthOptions options) : pool_(pool), options_(options) {}

StatusOr<LoginResult> Authenticator::Login(const std::string& username, const std::string& password,
                                           const std::string& source) {
  if (username.empty() || username.size() > 63 || password.empty() || password.size() > 256)
    return Unauthenticated("wrong user name or password");
  // Throttle before the slow hash, and record the outcome after it.
  int64_t failures = 0;
  std::optional<std::pair<int64_t, std::pair<std::string, std::string>>> op;  // id, (role, hash)
  Status s = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
    failures = txn.exec_params1("SELECT count(*) FROM login_failures WHERE username = $1 AND at > now() - make_interval(secs => $2)",
                                username, static_cast<int>(options_.failure_window.count()))[0]
                   .as<int64_t>();
    auto r = txn.exec_params("SELECT id, role, password_hash FROM operators WHERE username = $1 AND NOT disabled", username);
    if (!r.empty())
      op = std::make_pair(r[0][0].as<int64_t>(), std::make_pair(r[0][1].as<std::string>(), r[0][2].as<std::string>()));
    return Status::Ok();
  });
  GW_RETURN_IF_ERROR(s);
  if (failures >= options_.max_failures) {
    GW_RETURN_IF_ERROR(pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
      pg::WriteAudit(txn, pg::AuditEntry{username, "auth.login_throttled", "operator", username, std::nullopt,
                                         std::nullopt, source, std::nullopt});
      return Status::Ok();
    }));
    return ResourceExhausted("too many failed logins for this user; try again later");
  }
  const bool ok = VerifyPassword(password, op ? op->second.second : DummyHash()) && op.has_value();
  if (!ok) {
    GW_RETURN_IF_ERROR(pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
      txn.exec_params("INSERT INTO login_failures (username, source) VALUES ($1, NULLIF($2, ''))", username, source);
      pg::WriteAudit(txn, pg::AuditEntry{username, "auth.login_failed", "operator", username, std::nullopt,
                                         std::nullopt, source, std::nullopt});
      return Status::Ok();
    }));
    return Unauthenticated("wrong user name or password");
  }
  LoginResult result;
  result.token = NewToken();
  result.principal = Principal{op->first, username, op->second.first};
  GW_RETURN_IF_ERROR(pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
    auto r = txn.exec_params1(
        "INSERT INTO auth_tokens (token_hash, operator_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) "
        "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        pqxx::binarystring(Sha256(result.token)), op->first, static_cast<int>(options_.token_ttl.count()));
    result.expires_at = r[0].as<std::string>();
    txn.exec_params("DELETE FROM login_failures WHERE username = $1", username);
    pg::WriteAudit(txn, pg::AuditEntry{username, "auth.login", "operator", username, std::nullopt, std::nullopt, source,
                                       std::nullopt});
    return Status::Ok();
  }));
  return result;
}

Status Authenticator::Logout(const std::string& token, const std::string& source) {
  const std::string hash = Sha256(token);
  {
    std::lock_guard lock(mu_);
    cache_.erase(hash);
  }
  return pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    auto r = txn.exec_params(
        "UPDATE auth_tokens t SET revoked_at = now() FROM operators o WHERE t.token_hash = $1 AND o.id = t.operator_id "
        "AND t.revoked_at IS NULL RETURNING o.username",
        pqxx::binarystring(hash));
    if (r.empty()) return Unauthenticated("unknown or already revoked token");
    pg::WriteAudit(txn, pg::AuditEntry{r[0][0].as<std::string>(), "auth.logout", "operator", r[0][0].as<std::string>(),
                                       std::nullopt, std::nullopt, source, std::nullopt});
    return Status::Ok();
  });
}

StatusOr<Principal> Authenticator::Authenticate(const HttpRequest& request) {
  const std::string token = BearerToken(request);
  if (token.empty() || token.size() > 128) return Unauthenticated("a bearer token is required");
  const std::string hash = Sha256(token);
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lock(mu_);
    auto it = cache_.find(hash);
    if (it != cache_.end()) {
      if (it->second.until > now) return it->second.principal;
      cache_.erase(it);
    }
  }
  Principal p;
  bool found = false;
  double seconds_left = 0;
  GW_RETURN_IF_ERROR(pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
    auto r = txn.exec_params(
        "SELECT o.id, o.username, o.role, extract(epoch FROM t.expires_at - now()) FROM auth_tokens t "
        "JOIN operators o ON o.id = t.operator_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL "
        "AND t.expires_at > now() AND NOT o.disabled",
        pqxx::binarystring(hash));
    if (!r.empty()) {
      found = true;
      p = Principal{r[0][0].as<int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
      seconds_left = r[0][3].as<double>();
    }
    return Status::Ok();
  }));
  if (!found) return Unauthenticated("the token is unknown, expired or revoked");
  std::lock_guard lock(mu_);
  if (cache_.size() > 10000) cache_.clear();
  const auto expiry = now + std::chrono::milliseconds(static_cast<int64_t>(seconds_left * 1000));
  cache_[hash] = Cached{p, std::min(now + options_.cache_ttl, expiry)};
  return p;
}

}  // namespace gw::admin
