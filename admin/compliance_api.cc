// File: admin/compliance_api.cc
//
//   GET  /api/v1/compliance/holds                    compliance, auditor, admin
//   POST /api/v1/compliance/holds/{id}/release       compliance   {"reason"}
//   POST /api/v1/compliance/holds/{id}/reject        compliance   {"reason", "reason_code"?}
//   GET  /api/v1/compliance/screenings?payment_id=   compliance, auditor, admin
//   GET  /api/v1/compliance/lists                    compliance, auditor, admin
//   GET  /api/v1/compliance/rules                    compliance, auditor, admin
//   POST /api/v1/compliance/rules                    compliance   {"list", "entry_id", "party_name", "reason"}
//   POST /api/v1/compliance/rules/{id}/approve       compliance, not the proposer
//   POST /api/v1/compliance/rules/{id}/reject        compliance, not the proposer  {"reason"}
//   POST /api/v1/compliance/rules/{id}/revoke        compliance   {"reason"}
//   POST /api/v1/compliance/screen                   compliance, auditor, admin
//                                                    {"name", "country"?, "date_of_birth"?, "bic"?}
// Every change is one transaction with its audit record; so is every search (a read
// of sensitive data).
#include "admin/compliance_api.h"

#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "admin/api_support.h"
#include "core/pg/audit.h"
#include "gateway/compliance/screening_search.h"
#include "gateway/compliance_service.h"
#include "gateway/compliance_store.h"
#include "gateway/payment_store.h"
#include "gateway/pipeline.h"

namespace gw::admin {

namespace {

using nlohmann::json;

const Roles kReaders = {"compliance", "auditor", "admin"};
constexpr size_t kMaxReason = 500;

json ParseJsonColumn(const pqxx::field& f) {
  if (f.is_null()) return nullptr;
  json j = json::parse(f.c_str(), nullptr, false);
  return j.is_discarded() ? json(nullptr) : j;
}

// The "reason" of a request body: required, at most kMaxReason bytes.
StatusOr<std::string> RequiredReason(const json& body) {
  if (!body.contains("reason") || !body["reason"].is_string() || body["reason"].get<std::string>().empty())
    return InvalidArgument("reason: required (a non-empty string)");
  std::string reason = body["reason"].get<std::string>();
  if (reason.size() > kMaxReason) return InvalidArgument("reason: longer than 500 characters");
  return reason;
}

StatusOr<std::string> RequiredString(const json& body, const char* key, size_t max) {
  if (!body.contains(key) || !body[key].is_string() || body[key].get<std::string>().empty())
    return InvalidArgument(std::string(key) + ": required (a non-empty string)");
  std::string v = body[key].get<std::string>();
  if (v.size() > max) return InvalidArgument(std::string(key) + ": longer than " + std::to_string(max) + " characters");
  return v;
}

json ScreeningRow(const pqxx::row& r) {
  return json{{"id", r["id"].as<int64_t>()},
              {"trigger", r["trigger"].as<std::string>()},
              {"outcome", r["outcome"].as<std::string>()},
              {"list_versions", ParseJsonColumn(r["list_versions"])},
              {"hits", ParseJsonColumn(r["hits"])},
              {"suppressed", ParseJsonColumn(r["suppressed"])},
              {"limit_breaches", ParseJsonColumn(r["limit_breaches"])},
              {"screened_at", r["screened_at"].as<std::string>()}};
}

constexpr const char* kScreeningColumns =
    "id, trigger, outcome, list_versions::text, hits::text, suppressed::text, limit_breaches::text, "
    "to_char(screened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS screened_at";

HttpResponse ListHolds(ComplianceApiContext& ctx) {
  json holds = json::array();
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    holds = json::array();
    auto rows = txn.exec(
        "SELECT id::text FROM payments WHERE status = 'COMPLIANCE_HOLD' ORDER BY updated_at, id LIMIT 500");
    for (const auto& row : rows) {
      GW_ASSIGN_OR_RETURN(auto p, gateway::GetPayment(txn, row[0].as<std::string>()));
      if (!p) continue;
      json hold = gateway::PaymentToJson(*p);
      auto last = txn.exec_params(std::string("SELECT ") + kScreeningColumns +
                                      " FROM screening_results WHERE payment_id = $1::uuid ORDER BY id DESC LIMIT 1",
                                  p->id);
      hold["screening"] = last.empty() ? json(nullptr) : ScreeningRow(last[0]);
      holds.push_back(std::move(hold));
    }
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, json{{"holds", holds}}.dump());
}

HttpResponse DecideHold(ComplianceApiContext& ctx, const HttpRequest& req, const Principal& who, bool release) {
  const std::string id = req.path_params.at("id");
  if (!IsUuid(id)) return HttpResponse::Error(404, "not_found", "no payment " + id);
  auto body = ParseBody(req);
  if (!body.ok()) return FromStatus(body.status());
  auto reason = RequiredReason(*body);
  if (!reason.ok()) return FromStatus(reason.status());
  std::string code = "RR04";  // ISO 20022: regulatory reason
  if (!release && body->contains("reason_code")) {
    if (!(*body)["reason_code"].is_string() || (*body)["reason_code"].get<std::string>().size() != 4)
      return HttpResponse::Error(400, "invalid_argument", "reason_code: a four-character ISO reason code");
    code = (*body)["reason_code"].get<std::string>();
  }
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto p, gateway::GetPayment(txn, id, true));
    if (!p) return NotFound("no payment " + id);
    if (p->status != gateway::PaymentStatus::kComplianceHold)
      return FailedPrecondition("payment " + id + " is " + std::string(gateway::ToString(p->status)) +
                                ", not COMPLIANCE_HOLD");
    if (release) {
      GW_RETURN_IF_ERROR(ctx.pipeline.Release(txn, *p, who.username, *reason));
    } else {
      GW_RETURN_IF_ERROR(gateway::Transition(txn, id, p->status, gateway::PaymentStatus::kRejected, who.username,
                                             code + ": " + *reason,
                                             gateway::TransitionFields{.reason_code = code, .reason = *reason}));
    }
    GW_ASSIGN_OR_RETURN(auto after, gateway::GetPayment(txn, id));
    pg::WriteAudit(txn, pg::AuditEntry{who.username, release ? "compliance.release" : "compliance.reject", "payment",
                                       id, json{{"status", "COMPLIANCE_HOLD"}, {"reason", p->reason}},
                                       json{{"status", std::string(gateway::ToString(after->status))}, {"reason", *reason}},
                                       req.remote_address, std::nullopt});
    result = gateway::PaymentToJson(*after);
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  if (!release) ctx.pipeline.CountRejected(code);
  return HttpResponse::Json(200, result.dump());
}

HttpResponse ListScreenings(ComplianceApiContext& ctx, const HttpRequest& req) {
  const std::string id = req.Query("payment_id").value_or("");
  if (!IsUuid(id)) return HttpResponse::Error(400, "invalid_argument", "payment_id: a payment id (UUID) is required");
  json out = json::array();
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    out = json::array();
    for (const auto& r : txn.exec_params(std::string("SELECT ") + kScreeningColumns +
                                             " FROM screening_results WHERE payment_id = $1::uuid ORDER BY id",
                                         id))
      out.push_back(ScreeningRow(r));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, json{{"payment_id", id}, {"screenings", out}}.dump());
}

HttpResponse ListLists(ComplianceApiContext& ctx, const HttpRequest& req) {
  const bool all = req.Query("all").value_or("") == "true";
  json out = json::array();
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto versions, gateway::ListVersions(txn, !all));
    out = json::array();
    for (const auto& v : versions)
      out.push_back({{"id", v.id}, {"list", v.list_name}, {"version", v.version}, {"format", v.format},
                     {"status", v.status}, {"entries", v.entries}, {"aliases", v.aliases}, {"rejected", v.rejected},
                     {"source", v.source}, {"imported_by", v.imported_by}, {"imported_at", v.imported_at}});
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, json{{"lists", out}, {"in_force_key", ctx.compliance.lists_key()}}.dump());
}

constexpr const char* kRuleColumns =
    "id, list_name, entry_id, party_name, reason, status, created_by, decided_by, revoked_by, "
    "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS created_at, "
    "to_char(decided_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS decided_at";

json RuleRow(const pqxx::row& r) {
  return json{{"id", r["id"].as<int64_t>()},
              {"list", r["list_name"].as<std::string>()},
              {"entry_id", r["entry_id"].as<std::string>()},
              {"party_name", r["party_name"].as<std::string>()},
              {"reason", r["reason"].as<std::string>()},
              {"status", r["status"].as<std::string>()},
              {"created_by", r["created_by"].as<std::string>()},
              {"created_at", r["created_at"].as<std::string>()},
              {"decided_by", r["decided_by"].is_null() ? json(nullptr) : json(r["decided_by"].as<std::string>())},
              {"decided_at", r["decided_at"].is_null() ? json(nullptr) : json(r["decided_at"].as<std::string>())},
              {"revoked_by", r["revoked_by"].is_null() ? json(nullptr) : json(r["revoked_by"].as<std::string>())}};
}

HttpResponse ListRules(ComplianceApiContext& ctx) {
  json out = json::array();
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    out = json::array();
    for (const auto& r : txn.exec(std::string("SELECT ") + kRuleColumns + " FROM compliance_rules ORDER BY id DESC LIMIT 500"))
      out.push_back(RuleRow(r));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, json{{"rules", out}}.dump());
}

HttpResponse ProposeRule(ComplianceApiContext& ctx, const HttpRequest& req, const Principal& who) {
  auto body = ParseBody(req);
  if (!body.ok()) return FromStatus(body.status());
  auto list = RequiredString(*body, "list", 100);
  auto entry = RequiredString(*body, "entry_id", 100);
  auto party = RequiredString(*body, "party_name", 1024);
  auto reason = RequiredReason(*body);
  for (const Status& st : {list.status(), entry.status(), party.status(), reason.status()})
    if (!st.ok()) return FromStatus(st);
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto row = txn.exec_params1(std::string("INSERT INTO compliance_rules (list_name, entry_id, party_name, reason, "
                                            "created_by) VALUES ($1, $2, $3, $4, $5) RETURNING ") +
                                    kRuleColumns,
                                *list, *entry, *party, *reason, who.username);
    result = RuleRow(row);
    pg::WriteAudit(txn, pg::AuditEntry{who.username, "compliance.rule.propose", "compliance_rule",
                                       std::to_string(result["id"].get<int64_t>()), std::nullopt, result,
                                       req.remote_address, std::nullopt});
    return Status::Ok();
  });
  if (s.code() == StatusCode::kAlreadyExists)
    return HttpResponse::Error(409, "already_exists",
                               "a rule for " + *list + " entry " + *entry + " and '" + *party + "' is already pending or in force");
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(201, result.dump());
}

// approve / reject (a second officer, for a PENDING rule) and revoke (an ACTIVE rule).
HttpResponse DecideRule(ComplianceApiContext& ctx, const HttpRequest& req, const Principal& who,
                        const std::string& action) {
  const std::string& id_text = req.path_params.at("id");
  if (id_text.empty() || id_text.size() > 18 || id_text.find_first_not_of("0123456789") != std::string::npos)
    return HttpResponse::Error(404, "not_found", "no rule " + id_text);
  const int64_t id = std::stoll(id_text);
  std::string reason;
  if (action != "approve") {
    auto body = ParseBody(req);
    if (!body.ok()) return FromStatus(body.status());
    auto r = RequiredReason(*body);
    if (!r.ok()) return FromStatus(r.status());
    reason = *r;
  }
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto rows = txn.exec_params(std::string("SELECT ") + kRuleColumns + " FROM compliance_rules WHERE id = $1 FOR UPDATE", id);
    if (rows.empty()) return NotFound("no rule " + id_text);
    json before = RuleRow(rows[0]);
    const std::string status = before["status"];
    const std::string expected = action == "revoke" ? "ACTIVE" : "PENDING";
    if (status != expected)
      return FailedPrecondition("rule " + id_text + " is " + status + "; only a " + expected + " rule can be " +
                                (action == "approve" ? "approved" : action == "reject" ? "rejected" : "revoked"));
    if (action != "revoke" && before["created_by"] == who.username)
      return PermissionDenied("four eyes: " + who.username + " proposed rule " + id_text +
                              "; a second compliance officer must decide it");
    const std::string next = action == "approve" ? "ACTIVE" : action == "reject" ? "REJECTED" : "REVOKED";
    const std::string set = action == "revoke" ? "revoked_by = $3, revoked_at = now()" : "decided_by = $3, decided_at = now()";
    auto row = txn.exec_params1("UPDATE compliance_rules SET status = $2, " + set + " WHERE id = $1 RETURNING " +
                                    std::string(kRuleColumns),
                                id, next, who.username);
    result = RuleRow(row);
    pg::WriteAudit(txn, pg::AuditEntry{who.username, "compliance.rule." + action, "compliance_rule", id_text, before,
                                       result, req.remote_address,
                                       reason.empty() ? std::nullopt : std::optional<json>(json{{"reason", reason}})});
    txn.exec("NOTIFY compliance_lists");
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  // Bring the rule into (or out of) force now, and release the holds it covers.
  auto refreshed = ctx.compliance.Refresh();
  if (refreshed.ok()) {
    auto n = ctx.compliance.Rescreen();
    if (n.ok()) result["rescreened"] = *n;
    else spdlog::warn("compliance: re-screening after rule {} failed: {}", id_text, n.status().message());
  } else {
    spdlog::warn("compliance: reloading rules after rule {} failed: {}", id_text, refreshed.status().message());
  }
  return HttpResponse::Json(200, result.dump());
}

StatusOr<compliance::SearchQuery> SearchQueryFrom(const json& body) {
  compliance::SearchQuery q;
  for (const char* key : {"name", "country", "date_of_birth", "bic"}) {
    if (!body.contains(key) || body[key].is_null()) continue;
    if (!body[key].is_string()) return InvalidArgument(std::string(key) + ": a string");
  }
  if (!body.contains("name") || !body["name"].is_string())
    return InvalidArgument("name: required (a non-empty string)");
  q.name = body["name"].get<std::string>();
  if (body.contains("country") && body["country"].is_string()) q.country = body["country"].get<std::string>();
  if (body.contains("date_of_birth") && body["date_of_birth"].is_string())
    q.date_of_birth = body["date_of_birth"].get<std::string>();
  if (body.contains("bic") && body["bic"].is_string()) q.bic = body["bic"].get<std::string>();
  GW_RETURN_IF_ERROR(compliance::ValidateSearchQuery(q));
  return q;
}

HttpResponse ScreenSearch(ComplianceApiContext& ctx, const HttpRequest& req, const Principal& who) {
  auto body = ParseBody(req);
  if (!body.ok()) return FromStatus(body.status());
  if (!body->is_object()) return HttpResponse::Error(400, "invalid_argument", "a JSON object is required");
  auto query = SearchQueryFrom(*body);
  if (!query.ok()) return FromStatus(query.status());
  auto index = ctx.compliance.index();
  const std::string key = ctx.compliance.lists_key();
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(result, RunScreeningSearch(txn, index.get(), key, *query, who.username, req.remote_address));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, result.dump());
}

}  // namespace

StatusOr<json> RunScreeningSearch(pqxx::dbtransaction& txn, const compliance::ScreeningIndex* index,
                                  const std::string& lists_key, const compliance::SearchQuery& query,
                                  const std::string& actor, const std::string& source_address) {
  GW_RETURN_IF_ERROR(compliance::ValidateSearchQuery(query));
  std::vector<compliance::ScreeningHit> hits;
  if (index != nullptr) {
    GW_ASSIGN_OR_RETURN(hits, compliance::ScreenSearch(*index, query));
  }
  json out_hits = json::array();
  for (const auto& hit : hits) {
    json j = gateway::HitToJson(hit);
    j["field"] = hit.kind == compliance::HitKind::kName ? "name"
                 : hit.kind == compliance::HitKind::kBic ? "bic"
                                                          : (hit.field == compliance::PaymentField::kDebtorAgent ? "bic"
                                                                                                                 : "country");
    j["rank"] = out_hits.size() + 1;
    if (hit.kind != compliance::HitKind::kEmbargoedCountry) {
      auto rows = txn.exec_params(
          "SELECT e.entry::text FROM sanctions_entries e JOIN sanctions_list_versions v ON v.id = e.version_id "
          "WHERE v.status = 'ACTIVE' AND v.list_name = $1 AND v.version = $2 AND e.entry_id = $3 LIMIT 1",
          hit.list_name, hit.list_version, hit.entry_id);
      if (!rows.empty()) {
        json stored = json::parse(rows[0][0].c_str(), nullptr, false);
        if (!stored.is_discarded()) {
          compliance::ListEntry entry = gateway::EntryFromJson(stored);
          compliance::IdentifierCheck check = compliance::CheckIdentifiers(entry, query);
          j["entry"] = {{"type", std::string(compliance::EntryTypeName(entry.type))},
                        {"countries", check.listed_countries},
                        {"dates_of_birth", check.listed_dates_of_birth},
                        {"programmes", entry.programmes}};
          j["country_check"] = check.country;
          j["date_of_birth_check"] = check.date_of_birth;
        }
      }
    }
    out_hits.push_back(std::move(j));
  }
  json q = {{"name", query.name}};
  if (!query.country.empty()) q["country"] = query.country;
  if (!query.date_of_birth.empty()) q["date_of_birth"] = query.date_of_birth;
  if (!query.bic.empty()) q["bic"] = query.bic;
  pg::WriteAudit(txn, pg::AuditEntry{actor, "compliance.screen", "screening_search", query.name, std::nullopt,
                                     std::nullopt, source_address,
                                     json{{"query", q}, {"hits", out_hits.size()}, {"lists_key", lists_key}}});
  return json{{"query", q}, {"screened", index != nullptr}, {"lists_key", lists_key}, {"hits", std::move(out_hits)}};
}

void AddComplianceRoutes(Router& router, ComplianceApiContext& ctx) {
  Authenticator& auth = ctx.auth;
  router.Add("GET", "/api/v1/compliance/holds",
             Protect(auth, kReaders, [&ctx](const HttpRequest&, const Principal&) { return ListHolds(ctx); }));
  router.Add("POST", "/api/v1/compliance/holds/{id}/release",
             Protect(auth, {"compliance"}, [&ctx](const HttpRequest& r, const Principal& p) { return DecideHold(ctx, r, p, true); }));
  router.Add("POST", "/api/v1/compliance/holds/{id}/reject",
             Protect(auth, {"compliance"}, [&ctx](const HttpRequest& r, const Principal& p) { return DecideHold(ctx, r, p, false); }));
  router.Add("GET", "/api/v1/compliance/screenings",
             Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal&) { return ListScreenings(ctx, r); }));
  router.Add("GET", "/api/v1/compliance/lists",
             Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal&) { return ListLists(ctx, r); }));
  router.Add("GET", "/api/v1/compliance/rules",
             Protect(auth, kReaders, [&ctx](const HttpRequest&, const Principal&) { return ListRules(ctx); }));
  router.Add("POST", "/api/v1/compliance/rules",
             Protect(auth, {"compliance"}, [&ctx](const HttpRequest& r, const Principal& p) { return ProposeRule(ctx, r, p); }));
  router.Add("POST", "/api/v1/compliance/screen",
             Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal& p) { return ScreenSearch(ctx, r, p); }));
  for (const char* action : {"approve", "reject", "revoke"}) {
    router.Add("POST", std::string("/api/v1/compliance/rules/{id}/") + action,
               Protect(auth, {"compliance"}, [&ctx, a = std::string(action)](const HttpRequest& r, const Principal& p) {
                 return DecideRule(ctx, r, p, a);
               }));
  }
}

}  // namespace gw::admin
