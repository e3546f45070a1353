#include "admin/auth.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <pqxx/pqxx>

#include "admin/password.h"
#include "core/pg/audit.h"

namespace gw::admin {

namespace {

using nlohmann::json;

std::string Sha256(const std::string& s) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(s.data()), s.size(), d);
  return std::string(reinterpret_cast<char*>(d), sizeof d);
}

StatusOr<std::string> NewToken() {
  unsigned char b[32];
  if (RAND_bytes(b, sizeof b) != 1) return Internal("the random generator failed; no token was issued");
  static const char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out = "gw_";
  for (unsigned char c : b) out += kAlphabet[c & 63];
  return out;
}

// The hash an unknown (or disabled) user name is checked against, made with the
// current parameters from a random password nobody knows.
//
// Timing: a login for an unknown user name costs one full scrypt computation,
// like a wrong password for a real operator, so the answer time does not tell
// which user names exist. That cost is paid only by attempts the throttle lets
// through (at most max_failures_per_address per address and window, and fewer
// per user name); a throttled attempt is refused before any hash, the same way
// for known and unknown names. Computations are also capped process-wide
// (admin/password.h), so a burst costs waiting time, not memory. Operators whose
// stored hash predates the current parameters answer faster until their next
// login re-hashes it.
constexpr const char* kDummyHash =
    "scrypt$131072$8$1$p9VaMv3jsoHZ42FWQTY7fg==$j0qmG3xQjFnHS3igHVqKg5KzSZ0e3w81prS9utIR0qI=";

// Seconds until `blocked_until` from a `extract(epoch FROM blocked_until - now())`
// column: negative once over, and far in the past for NULL (never blocked).
double BlockedFor(const pqxx::field& f) { return f.is_null() ? -1e9 : f.as<double>(); }

}  // namespace

std::string BearerToken(const HttpRequest& request) {
  const std::string& h = request.Header("authorization");
  if (h.size() > 7 && (h.compare(0, 7, "Bearer ") == 0 || h.compare(0, 7, "bearer ") == 0)) return h.substr(7);
  return "";
}

Authenticator::Authenticator(pg::PgPool& pool, AuthOptions options) : pool_(pool), options_(options) {}

StatusOr<Authenticator::Attempt> Authenticator::BeginAttempt(const std::string& username, const std::string& client,
                                                             const std::string& source) {
  const double window = static_cast<double>(options_.failure_window.count());
  const bool sweep = (attempts_++ % 256) == 0;
  Attempt attempt;
  Status s = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    attempt = Attempt{};
    if (sweep) {
      txn.exec_params(
          "DELETE FROM login_throttle WHERE greatest(last_failure_at, coalesce(blocked_until, last_failure_at)) < "
          "now() - make_interval(secs => $1::float8)",
          window);
      txn.exec_params("DELETE FROM login_throttle_address WHERE window_start < now() - make_interval(secs => $1::float8)",
                      2 * window);
    }
    // Lock both counter rows (always in this order: address, then user name),
    // creating them if needed: concurrent attempts queue here.
    auto a = txn.exec_params1(
        "INSERT INTO login_throttle_address AS t (address) VALUES ($1) "
        "ON CONFLICT (address) DO UPDATE SET address = t.address "
        "RETURNING failures, extract(epoch FROM now() - window_start), extract(epoch FROM blocked_until - now()), refused",
        client);
    auto u = txn.exec_params1(
        "INSERT INTO login_throttle AS t (username, address) VALUES ($1, $2) "
        "ON CONFLICT (username, address) DO UPDATE SET username = t.username "
        "RETURNING failures, extract(epoch FROM now() - last_failure_at), extract(epoch FROM blocked_until - now()), refused",
        username, client);
    int a_failures = a[0].as<int>();
    const double a_age = a[1].as<double>();
    double a_blocked = BlockedFor(a[2]);
    int a_refused = a[3].as<int>();
    bool a_new_window = false;
    if (a_age >= window) {  // a new window
      a_new_window = true;
      a_failures = 0;
      a_blocked = -1e9;
      a_refused = 0;
    }
    int u_failures = u[0].as<int>();
    const double u_since = u[1].as<double>();
    double u_blocked = BlockedFor(u[2]);
    int u_refused = u[3].as<int>();
    // Quiet since the last failure and the end of its wait: forget.
    if (u_failures > 0 && std::min(u_since, -u_blocked) >= window) {
      u_failures = 0;
      u_blocked = -1e9;
      u_refused = 0;
    }

    if (a_blocked > 0 || u_blocked > 0) {
      attempt.throttled = true;
      attempt.retry_after_seconds = static_cast<int64_t>(std::ceil(std::max(a_blocked, u_blocked)));
      std::vector<pg::AuditEntry> audits;
      if (a_blocked > 0 && ++a_refused == 1)
        audits.push_back(pg::AuditEntry{
            username, "auth.login_throttled", "operator", username, std::nullopt, std::nullopt, source,
            json{{"scope", "address"}, {"address", client}, {"failures", a_failures},
                 {"blocked_for_s", static_cast<int64_t>(std::ceil(a_blocked))}}});
      if (u_blocked > 0 && ++u_refused == 1)
        audits.push_back(pg::AuditEntry{
            username, "auth.login_throttled", "operator", username, std::nullopt, std::nullopt, source,
            json{{"scope", "user_address"}, {"address", client}, {"failures", u_failures},
                 {"blocked_for_s", static_cast<int64_t>(std::ceil(u_blocked))}}});
      if (!audits.empty()) pg::WriteAudits(txn, audits);
      txn.exec_params(
          "UPDATE login_throttle_address SET refused = $2::integer, failures = $3::integer, "
          "window_start = CASE WHEN $4::boolean THEN now() ELSE window_start END, "
          "blocked_until = CASE WHEN $4::boolean THEN NULL ELSE blocked_until END WHERE address = $1",
          client, a_refused, a_failures, a_new_window);
      txn.exec_params("UPDATE login_throttle SET failures = $3::integer, refused = $4::integer WHERE username = $1 AND address = $2",
                      username, client, u_failures, u_refused);
      return Status::Ok();
    }

    // Count this attempt as a failure now; a right password takes it back.
    ++a_failures;
    ++u_failures;
    attempt.refused_before = u_refused;
    const bool a_block = a_failures >= options_.max_failures_per_address;
    txn.exec_params(
        "UPDATE login_throttle_address SET failures = $2::integer, refused = 0, "
        "window_start = CASE WHEN $3::boolean THEN now() ELSE window_start END, "
        "blocked_until = CASE WHEN $4::boolean THEN (CASE WHEN $3::boolean THEN now() ELSE window_start END) + "
        "make_interval(secs => $5::float8) ELSE NULL END WHERE address = $1",
        client, a_failures, a_new_window, a_block, window);
    txn.exec_params(
        "UPDATE login_throttle SET failures = $3::integer, refused = 0, last_failure_at = now(), "
        "blocked_until = CASE WHEN $3::integer >= $4::integer THEN now() + make_interval(secs => "
        "least($5::float8 * power(2, least($3::integer - $4::integer, 30)), $6::float8)) END "
        "WHERE username = $1 AND address = $2",
        username, client, u_failures, options_.max_failures, static_cast<double>(options_.backoff_base.count()),
        static_cast<double>(options_.backoff_max.count()));
    auto r = txn.exec_params("SELECT id, role, password_hash FROM operators WHERE username = $1 AND NOT disabled",
                             username);
    if (!r.empty())
      attempt.op = StoredOperator{r[0][0].as<int64_t>(), r[0][1].as<std::string>(), r[0][2].as<std::string>()};
    return Status::Ok();
  });
  GW_RETURN_IF_ERROR(s);
  return attempt;
}

Status Authenticator::RecordFailure(const std::string& username, const std::string& client, const std::string& source,
                                    const std::string& action, int refused_before) {
  return pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    // The back-off counts from the failure, not from when its check began.
    auto r = txn.exec_params(
        "UPDATE login_throttle SET blocked_until = CASE WHEN failures >= $3::integer THEN greatest(blocked_until, now() + "
        "make_interval(secs => least($4::float8 * power(2, least(failures - $3::integer, 30)), $5::float8))) END "
        "WHERE username = $1 AND address = $2 "
        "RETURNING failures, coalesce(ceil(extract(epoch FROM blocked_until - now())), 0)",
        username, client, options_.max_failures, static_cast<double>(options_.backoff_base.count()),
        static_cast<double>(options_.backoff_max.count()));
    json details = {{"address", client}};
    if (!r.empty()) {
      details["failures"] = r[0][0].as<int>();
      if (const auto blocked = r[0][1].as<int64_t>(); blocked > 0) details["blocked_for_s"] = blocked;
    }
    if (refused_before > 0) details["refused_while_throttled"] = refused_before;
    pg::WriteAudit(txn, pg::AuditEntry{username, action, "operator", username, std::nullopt, std::nullopt, source,
                                       details});
    return Status::Ok();
  });
}

void Authenticator::TakeBackFailure(pqxx::dbtransaction& txn, const std::string& username, const std::string& client) {
  // Rows in the order BeginAttempt locks them (address, then user name): no deadlock.
  txn.exec_params(
      "UPDATE login_throttle_address SET failures = greatest(failures - 1, 0), "
      "blocked_until = CASE WHEN failures - 1 < $2::integer THEN NULL ELSE blocked_until END WHERE address = $1",
      client, options_.max_failures_per_address);
  txn.exec_params("DELETE FROM login_throttle WHERE username = $1 AND address = $2", username, client);
}

bool Authenticator::CheckPassword(const std::string& password, const std::optional<StoredOperator>& op) {
  ++password_checks_;
  const bool match = VerifyPassword(password, op ? op->password_hash : std::string(kDummyHash));
  return match && op.has_value();
}

StatusOr<LoginResult> Authenticator::Login(const std::string& username, const std::string& password,
                                           const std::string& source, std::chrono::seconds* retry_after) {
  if (username.empty() || username.size() > 63 || password.empty() || password.size() > 256)
    return Unauthenticated("wrong user name or password");
  const std::string client = ClientKey(source);
  GW_ASSIGN_OR_RETURN(Attempt attempt, BeginAttempt(username, client, source));
  if (attempt.throttled) {
    if (retry_after != nullptr) *retry_after = std::chrono::seconds(attempt.retry_after_seconds);
    return ResourceExhausted("too many failed logins; try again in " + std::to_string(attempt.retry_after_seconds) +
                             " s");
  }
  if (!CheckPassword(password, attempt.op)) {
    GW_RETURN_IF_ERROR(RecordFailure(username, client, source, "auth.login_failed", attempt.refused_before));
    return Unauthenticated("wrong user name or password");
  }
  const StoredOperator& op = *attempt.op;
  // A hash made with weaker parameters is replaced now that the password is known.
  std::optional<std::string> upgraded;
  if (PasswordHashNeedsUpgrade(op.password_hash)) {
    auto h = HashPassword(password);
    if (h.ok()) upgraded = std::move(*h);
    else spdlog::warn("could not re-hash the password of {}: {}", username, h.status().message());
  }
  GW_ASSIGN_OR_RETURN(std::string token, NewToken());
  LoginResult result;
  result.token = token;
  result.principal = Principal{op.id, username, op.role};
  GW_RETURN_IF_ERROR(pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) {
    auto r = txn.exec_params1(
        "INSERT INTO auth_tokens (token_hash, operator_id, expires_at) VALUES ($1, $2, now() + make_interval(secs => $3)) "
        "RETURNING to_char(expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
        pqxx::binarystring(Sha256(result.token)), op.id, static_cast<int>(options_.token_ttl.count()));
    result.expires_at = r[0].as<std::string>();
    TakeBackFailure(txn, username, client);
    json details = json::object();
    if (attempt.refused_before > 0) details["refused_while_throttled"] = attempt.refused_before;
    if (upgraded) {
      auto changed = txn.exec_params(
          "UPDATE operators SET password_hash = $3, updated_at = now() WHERE id = $1 AND password_hash = $2", op.id,
          op.password_hash, *upgraded);
      if (changed.affected_rows() == 1) {
        const auto old_params = ParsePasswordHash(op.password_hash).value();
        pg::WriteAudit(txn, pg::AuditEntry{username, "operator.password_rehash", "operator", username,
                                           json{{"scrypt", {{"n", old_params.n}, {"r", old_params.r}, {"p", old_params.p}}}},
                                           json{{"scrypt", {{"n", kScryptParams.n}, {"r", kScryptParams.r}, {"p", kScryptParams.p}}}},
                                           source, std::nullopt});
      }
    }
    pg::WriteAudit(txn, pg::AuditEntry{username, "auth.login", "operator", username, std::nullopt, std::nullopt, source,
                                       details.empty() ? std::nullopt : std::optional<json>(details)});
    return Status::Ok();
  }));
  return result;
}

Status Authenticator::ChangePassword(const Principal& who, const std::string& token,
                                     const std::string& current_password, const std::string& new_password,
                                     const std::string& source, std::chrono::seconds* retry_after) {
  GW_RETURN_IF_ERROR(CheckPasswordPolicy(new_password));
  if (current_password.empty() || current_password.size() > 256)
    return PermissionDenied("the current password is wrong");
  if (new_password == current_password) return InvalidArgument("the new password must differ from the current one");
  const std::string client = ClientKey(source);
  GW_ASSIGN_OR_RETURN(Attempt attempt, BeginAttempt(who.username, client, source));
  if (attempt.throttled) {
    if (retry_after != nullptr) *retry_after = std::chrono::seconds(attempt.retry_after_seconds);
    return ResourceExhausted("too many failed password checks; try again in " +
                             std::to_string(attempt.retry_after_seconds) + " s");
  }
  if (attempt.op && attempt.op->id != who.operator_id) attempt.op.reset();  // renamed meanwhile: never match
  if (!CheckPassword(current_password, attempt.op)) {
    GW_RETURN_IF_ERROR(
        RecordFailure(who.username, client, source, "auth.password_change_failed", attempt.refused_before));
    return PermissionDenied("the current password is wrong");
  }
  GW_ASSIGN_OR_RETURN(std::string new_hash, HashPassword(new_password));
  const std::string token_hash = Sha256(token);
  GW_RETURN_IF_ERROR(pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    auto changed = txn.exec_params(
        "UPDATE operators SET password_hash = $3, updated_at = now() WHERE id = $1 AND password_hash = $2 "
        "AND NOT disabled",
        who.operator_id, attempt.op->password_hash, new_hash);
    if (changed.affected_rows() != 1)
      return FailedPrecondition("the password of " + who.username + " was changed meanwhile; try again");
    auto revoked = txn.exec_params(
        "UPDATE auth_tokens SET revoked_at = now() WHERE operator_id = $1 AND token_hash <> $2 AND revoked_at IS NULL",
        who.operator_id, pqxx::binarystring(token_hash));
    TakeBackFailure(txn, who.username, client);
    pg::WriteAudit(txn, pg::AuditEntry{who.username, "auth.password_change", "operator", who.username, std::nullopt,
                                       json{{"password_changed", true}}, source,
                                       json{{"revoked_tokens", revoked.affected_rows()}}});
    return Status::Ok();
  }));
  ForgetCachedTokens(who.operator_id, token_hash);
  return Status::Ok();
}

void Authenticator::ForgetCachedTokens(int64_t operator_id, const std::string& except_hash) {
  std::lock_guard lock(mu_);
  for (auto it = cache_.begin(); it != cache_.end();) {
    if (it->second.principal.operator_id == operator_id && it->first != except_hash) it = cache_.erase(it);
    else ++it;
  }
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
