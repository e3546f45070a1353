// File: admin/operators_api.cc
#include "admin/operators_api.h"

#include <openssl/rand.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "admin/api_support.h"
#include "admin/operators.h"  // CheckUsername, CheckRole
#include "admin/password.h"
#include "core/pg/audit.h"

namespace gw::admin {

namespace {

using nlohmann::json;

const Roles kAdmin = {"admin"};
constexpr std::size_t kMaxReason = 500;

// The "reason" of a request body: required, at most 500 characters.
StatusOr<std::string> RequiredReason(const HttpRequest& req) {
  GW_ASSIGN_OR_RETURN(auto body, ParseBody(req));
  if (!body.contains("reason") || !body["reason"].is_string() || body["reason"].get<std::string>().empty())
    return InvalidArgument("a reason is required");
  std::string reason = body["reason"].get<std::string>();
  if (reason.size() > kMaxReason) return InvalidArgument("the reason is longer than 500 characters");
  return reason;
}

// 20 characters from a 56-character alphabet without look-alikes (about 116 bits).
StatusOr<std::string> OneTimePassword() {
  static const char kAlphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  constexpr std::size_t kSize = sizeof kAlphabet - 1;
  std::string out;
  while (out.size() < 20) {
    unsigned char b[32];
    if (RAND_bytes(b, sizeof b) != 1) return Internal("the random generator failed");
    for (unsigned char c : b)
      if (c < 256 - 256 % kSize && out.size() < 20) out += kAlphabet[c % kSize];
  }
  return out;
}

json OperatorRow(const pqxx::row& r) {
  return {{"id", r[0].as<int64_t>()},        {"username", r[1].as<std::string>()},
          {"role", r[2].as<std::string>()},  {"disabled", r[3].as<bool>()},
          {"created_at", r[4].as<std::string>()}, {"updated_at", r[5].as<std::string>()},
          {"active_sessions", r[6].as<int64_t>()}};
}

constexpr const char* kOperatorColumns =
    "o.id, o.username, o.role, o.disabled, "
    "to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "(SELECT count(*) FROM auth_tokens t WHERE t.operator_id = o.id AND t.revoked_at IS NULL AND t.expires_at > now())";

HttpResponse List(pg::PgPool& pool) {
  json items = json::array();
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    items = json::array();
    for (const auto& r : txn.exec(std::string("SELECT ") + kOperatorColumns + " FROM operators o ORDER BY o.username"))
      items.push_back(OperatorRow(r));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, json{{"operators", items}}.dump());
}

HttpResponse Create(pg::PgPool& pool, const HttpRequest& req, const Principal& who) {
  auto body = ParseBody(req);
  if (!body.ok()) return FromStatus(body.status());
  const auto& j = *body;
  for (const char* k : {"username", "role", "password"})
    if (!j.contains(k) || !j[k].is_string())
      return HttpResponse::Error(400, "invalid_argument", "username, role and password (strings) are required");
  const std::string username = j["username"].get<std::string>();
  const std::string role = j["role"].get<std::string>();
  const std::string password = j["password"].get<std::string>();
  if (Status s = CheckUsername(username); !s.ok()) return FromStatus(s);
  if (Status s = CheckRole(role); !s.ok()) return FromStatus(s);
  if (Status s = CheckPasswordPolicy(password); !s.ok()) return FromStatus(s);
  auto hash = HashPassword(password);
  if (!hash.ok()) return FromStatus(hash.status());
  json created;
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto inserted = txn.exec_params(
        "INSERT INTO operators (username, role, password_hash) VALUES ($1, $2, $3) "
        "ON CONFLICT (username) DO NOTHING RETURNING id",
        username, role, *hash);
    if (inserted.empty()) return AlreadyExists("operator " + username + " already exists");
    pg::WriteAudit(txn, pg::AuditEntry{who.username, "operator.create", "operator", username, std::nullopt,
                                       json{{"username", username}, {"role", role}, {"disabled", false}},
                                       req.remote_address, std::nullopt});
    auto r = txn.exec_params(std::string("SELECT ") + kOperatorColumns + " FROM operators o WHERE o.username = $1",
                             username);
    created = OperatorRow(r[0]);
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  auto response = HttpResponse::Json(201, created.dump());
  response.headers.emplace_back("Location", "/api/v1/operators/" + username);
  return response;
}

// disable / enable / password reset of another operator.
enum class Change { kDisable, kEnable, kResetPassword };

HttpResponse Modify(pg::PgPool& pool, const HttpRequest& req, const Principal& who, Change change) {
  const std::string username = req.path_params.at("username");
  auto reason = RequiredReason(req);
  if (!reason.ok()) return FromStatus(reason.status());
  if (username == who.username && change != Change::kEnable)
    return HttpResponse::Error(403, "forbidden",
                               change == Change::kDisable
                                   ? "an administrator may not disable their own account"
                                   : "an administrator may not reset their own password here; use POST /api/v1/auth/password");
  std::string one_time;
  std::string hash;
  if (change == Change::kResetPassword) {
    auto p = OneTimePassword();
    if (!p.ok()) return FromStatus(p.status());
    one_time = *p;
    auto h = HashPassword(one_time);
    if (!h.ok()) return FromStatus(h.status());
    hash = *h;
  }
  json result;
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto existing = txn.exec_params("SELECT id, role, disabled FROM operators WHERE username = $1 FOR UPDATE", username);
    if (existing.empty()) return NotFound("no operator " + username);
    const int64_t id = existing[0][0].as<int64_t>();
    const std::string role = existing[0][1].as<std::string>();
    const bool disabled = existing[0][2].as<bool>();
    std::string action;
    json before = {{"disabled", disabled}};
    json after;
    int64_t revoked = 0;
    auto revoke = [&] {
      revoked = txn.exec_params("UPDATE auth_tokens SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL", id)
                    .affected_rows();
    };
    switch (change) {
      case Change::kDisable: {
        if (disabled) return FailedPrecondition("operator " + username + " is already disabled");
        if (role == "admin") {
          // Lock every admin row so that two admins cannot disable each other at once.
          auto admins = txn.exec("SELECT count(*) FILTER (WHERE NOT disabled) FROM "
                                 "(SELECT disabled FROM operators WHERE role = 'admin' FOR UPDATE) a");
          if (admins[0][0].as<int64_t>() <= 1) return FailedPrecondition("the last enabled administrator cannot be disabled");
        }
        txn.exec_params("UPDATE operators SET disabled = true, updated_at = now() WHERE id = $1", id);
        revoke();
        action = "operator.disable";
        after = {{"disabled", true}};
        break;
      }
      case Change::kEnable:
        if (!disabled) return FailedPrecondition("operator " + username + " is not disabled");
        if (username == who.username) return PermissionDenied("an administrator may not enable their own account");
        txn.exec_params("UPDATE operators SET disabled = false, updated_at = now() WHERE id = $1", id);
        action = "operator.enable";
        after = {{"disabled", false}};
        break;
      case Change::kResetPassword:
        txn.exec_params("UPDATE operators SET password_hash = $2, updated_at = now() WHERE id = $1", id, hash);
        revoke();
        action = "operator.password_reset";
        before = nullptr;
        after = {{"password_changed", true}};
        break;
    }
    pg::WriteAudit(txn, pg::AuditEntry{who.username, action, "operator", username,
                                       before.is_null() ? std::nullopt : std::optional<json>(before), after,
                                       req.remote_address, json{{"reason", *reason}, {"revoked_tokens", revoked}}});
    auto r = txn.exec_params(std::string("SELECT ") + kOperatorColumns + " FROM operators o WHERE o.id = $1", id);
    result = OperatorRow(r[0]);
    result["revoked_tokens"] = revoked;
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  if (change == Change::kResetPassword) result["one_time_password"] = one_time;
  return HttpResponse::Json(200, result.dump());
}

}  // namespace

void AddOperatorRoutes(Router& router, pg::PgPool& pool, Authenticator& auth) {
  router.Add("GET", "/api/v1/operators",
             Protect(auth, kAdmin, [&pool](const HttpRequest&, const Principal&) { return List(pool); }));
  router.Add("POST", "/api/v1/operators", Protect(auth, kAdmin, [&pool](const HttpRequest& r, const Principal& p) {
               return Create(pool, r, p);
             }));
  router.Add("POST", "/api/v1/operators/{username}/disable",
             Protect(auth, kAdmin, [&pool](const HttpRequest& r, const Principal& p) {
               return Modify(pool, r, p, Change::kDisable);
             }));
  router.Add("POST", "/api/v1/operators/{username}/enable",
             Protect(auth, kAdmin, [&pool](const HttpRequest& r, const Principal& p) {
               return Modify(pool, r, p, Change::kEnable);
             }));
  router.Add("POST", "/api/v1/operators/{username}/password",
             Protect(auth, kAdmin, [&pool](const HttpRequest& r, const Principal& p) {
               return Modify(pool, r, p, Change::kResetPassword);
             }));
}

}  // namespace gw::admin
