#include "admin/reconciliation_api.h"

#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include "admin/api_support.h"

namespace gw::admin {

namespace {

using nlohmann::json;

const Roles kReaders = {"admin", "checker", "auditor"};
const Roles kWorkers = {"admin", "checker"};

std::string TodayUtc() {
  const auto t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

StatusOr<int64_t> CaseId(const HttpRequest& req) {
  try {
    std::size_t used = 0;
    const std::string& v = req.path_params.at("id");
    const int64_t id = std::stoll(v, &used);
    if (used == v.size() && id > 0) return id;
  } catch (...) {
  }
  return NotFound("no exception case " + req.path_params.at("id"));
}

// The request's JSON object (an empty body is an empty object).
StatusOr<json> OptionalBody(const HttpRequest& req) {
  if (req.body.empty()) return json::object();
  return ParseBody(req);
}

std::string Text(const json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

reconciliation::RunOptions RunOptionsFor(const ReconciliationApiContext& ctx, const HttpRequest& req,
                                         const std::string& actor) {
  reconciliation::RunOptions o = ctx.run_defaults;
  o.date = req.Query("date").value_or(TodayUtc());
  o.actor = actor;
  o.source_address = req.remote_address;
  if (auto link = req.Query("link")) {
    int minutes = o.default_cutoff_minutes;
    if (auto c = o.cutoff_minutes.find(*link); c != o.cutoff_minutes.end()) minutes = c->second;
    o.links = {reconciliation::LinkCutoff{*link, minutes}};
  }
  return o;
}

HttpResponse Daily(ReconciliationApiContext& ctx, const HttpRequest& req, const Principal& who) {
  const std::string format = req.Query("format").value_or("json");
  if (format != "json" && format != "csv") return HttpResponse::Error(400, "invalid_argument", "format must be json or csv");
  const std::string items = req.Query("items").value_or(format == "csv" ? "all" : "unmatched");
  if (items != "all" && items != "unmatched")
    return HttpResponse::Error(400, "invalid_argument", "items must be all or unmatched");
  auto report = reconciliation::DailyReport(ctx.pool, RunOptionsFor(ctx, req, who.username), items == "all");
  if (!report.ok()) return FromStatus(report.status());
  if (format == "csv") {
    auto r = HttpResponse::Text(200, reconciliation::DailyReportCsv(*report), "text/csv; charset=utf-8");
    r.headers.emplace_back("Content-Disposition",
                           "attachment; filename=\"reconciliation-" + (*report)["date"].get<std::string>() + ".csv\"");
    return r;
  }
  return HttpResponse::Json(200, report->dump());
}

HttpResponse AgingHandler(ReconciliationApiContext& ctx, const HttpRequest& req) {
  int days = 30;
  if (auto v = req.Query("days")) {
    try {
      std::size_t used = 0;
      days = std::stoi(*v, &used);
      if (used != v->size()) throw std::invalid_argument(*v);
    } catch (...) {
      return HttpResponse::Error(400, "invalid_argument", "days must be a whole number of days");
    }
  }
  json body;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(body, reconciliation::Aging(txn, days, req.Query("link").value_or("")));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, body.dump());
}

HttpResponse Upload(ReconciliationApiContext& ctx, const HttpRequest& req, const Principal& who) {
  const std::string& type = req.Header("content-type");
  if (type.find("xml") == std::string::npos)
    return HttpResponse::Error(415, "unsupported_media_type", "send a camt.053 or camt.054 as application/xml");
  std::string name = req.Query("name").value_or("upload");
  if (name.size() > 200) name = name.substr(0, 200);
  const std::string label = "api:" + who.username + ":" + name;
  auto lease = ctx.pool.Acquire();
  if (!lease.ok()) return FromStatus(lease.status());
  std::istringstream in(req.body);
  reconciliation::ImportOptions options;
  options.actor = who.username;
  options.source_address = req.remote_address;
  options.schema_dir = ctx.schema_dir;
  auto summary = reconciliation::ImportStatements(lease->conn(), in, label, options);
  if (!summary.ok()) {
    if (summary.status().code() == StatusCode::kUnavailable) lease->MarkBroken();
    if (summary.status().code() == StatusCode::kInvalidArgument)
      return HttpResponse::Error(422, "invalid_statement", summary.status().message());
    if (summary.status().code() == StatusCode::kAlreadyExists)
      return HttpResponse::Error(409, "already_imported", summary.status().message());
    return FromStatus(summary.status());
  }
  return HttpResponse::Json(201, reconciliation::ImportSummaryToJson(*summary).dump());
}

HttpResponse Run(ReconciliationApiContext& ctx, const HttpRequest& req, const Principal& who) {
  if (!req.Query("date")) return HttpResponse::Error(400, "invalid_argument", "date (YYYY-MM-DD) is required");
  auto results = reconciliation::RunDay(ctx.pool, RunOptionsFor(ctx, req, who.username));
  if (!results.ok()) return FromStatus(results.status());
  json runs = json::array();
  for (const auto& r : *results)
    runs.push_back({{"link", r.link}, {"run_id", r.run_id}, {"matched", r.matched}, {"unmatched", r.unmatched},
                    {"fingerprint", r.fingerprint}});
  return HttpResponse::Json(201, json{{"date", *req.Query("date")}, {"runs", runs}}.dump());
}

HttpResponse ListCasesHandler(ReconciliationApiContext& ctx, const HttpRequest& req) {
  reconciliation::CaseFilter f;
  f.status = req.Query("status").value_or("");
  f.reason = req.Query("reason").value_or("");
  f.link = req.Query("link").value_or("");
  f.assigned_to = req.Query("assigned_to").value_or("");
  f.kind = req.Query("kind").value_or("");
  f.date = req.Query("date").value_or("");
  try {
    if (auto v = req.Query("limit")) f.limit = std::stoi(*v);
    if (auto v = req.Query("before")) f.before = std::stoll(*v);
  } catch (...) {
    return HttpResponse::Error(400, "invalid_argument", "limit and before must be numbers");
  }
  if (!f.date.empty() && (f.date.size() != 10 || f.date[4] != '-' || f.date[7] != '-'))
    return HttpResponse::Error(400, "invalid_argument", "date must be an ISO date such as 2026-01-15");
  json body;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(body, reconciliation::ListCases(txn, f));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, body.dump());
}

// Runs `action` on case {id} in one transaction and answers with the case.
HttpResponse OnCase(ReconciliationApiContext& ctx, const HttpRequest& req, int created_status,
                    const std::function<Status(pqxx::dbtransaction&, int64_t, const json&, json&)>& action) {
  auto id = CaseId(req);
  if (!id.ok()) return FromStatus(id.status());
  auto body = OptionalBody(req);
  if (!body.ok()) return FromStatus(body.status());
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    result = json::object();
    GW_RETURN_IF_ERROR(action(txn, *id, *body, result));
    GW_ASSIGN_OR_RETURN(json c, reconciliation::GetCase(txn, *id));
    result["case"] = c;
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(created_status, result.dump());
}

}  // namespace

void AddReconciliationRoutes(Router& router, ReconciliationApiContext& ctx) {
  auto& auth = ctx.auth;
  router.Add("GET", "/api/v1/payments/reconciliation/daily",
             Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal& p) { return Daily(ctx, r, p); }));
  router.Add("GET", "/api/v1/payments/reconciliation/aging",
             Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal&) { return AgingHandler(ctx, r); }));
  router.Add("POST", "/api/v1/payments/reconciliation/statements",
             Protect(auth, {"admin"}, [&ctx](const HttpRequest& r, const Principal& p) { return Upload(ctx, r, p); }));
  router.Add("POST", "/api/v1/payments/reconciliation/runs",
             Protect(auth, {"admin"}, [&ctx](const HttpRequest& r, const Principal& p) { return Run(ctx, r, p); }));

  router.Add("GET", "/api/v1/exceptions",
             Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal&) { return ListCasesHandler(ctx, r); }));
  router.Add("GET", "/api/v1/exceptions/{id}", Protect(auth, kReaders, [&ctx](const HttpRequest& r, const Principal&) {
               auto id = CaseId(r);
               if (!id.ok()) return FromStatus(id.status());
               json body;
               Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
                 GW_ASSIGN_OR_RETURN(body, reconciliation::GetCase(txn, *id));
                 return Status::Ok();
               });
               if (!s.ok()) return FromStatus(s);
               return HttpResponse::Json(200, body.dump());
             }));
  router.Add("POST", "/api/v1/exceptions/{id}/assign",
             Protect(auth, kWorkers, [&ctx](const HttpRequest& r, const Principal& p) {
               return OnCase(ctx, r, 200, [&](pqxx::dbtransaction& txn, int64_t id, const json&, json&) {
                 return reconciliation::AssignCase(txn, id, {p.username, r.remote_address});
               });
             }));
  router.Add("POST", "/api/v1/exceptions/{id}/comments",
             Protect(auth, kWorkers, [&ctx](const HttpRequest& r, const Principal& p) {
               return OnCase(ctx, r, 201, [&](pqxx::dbtransaction& txn, int64_t id, const json& body, json&) {
                 return reconciliation::CommentCase(txn, id, {p.username, r.remote_address}, Text(body, "comment"));
               });
             }));
  router.Add("POST", "/api/v1/exceptions/{id}/retrigger",
             Protect(auth, {"admin"}, [&ctx](const HttpRequest& r, const Principal& p) {
               return OnCase(ctx, r, 200, [&](pqxx::dbtransaction& txn, int64_t id, const json& body, json& out) {
                 auto action = reconciliation::RetriggerCase(txn, id, {p.username, r.remote_address}, Text(body, "comment"));
                 if (!action.ok()) return action.status();
                 out["action"] = *action;
                 return Status::Ok();
               });
             }));
  router.Add("POST", "/api/v1/exceptions/{id}/manual-match",
             Protect(auth, kWorkers, [&ctx](const HttpRequest& r, const Principal& p) {
               return OnCase(ctx, r, 201, [&](pqxx::dbtransaction& txn, int64_t id, const json& body, json& out) {
                 int64_t entry = 0;
                 if (body.contains("statement_entry_id")) {
                   if (!body["statement_entry_id"].is_number_integer())
                     return InvalidArgument("statement_entry_id must be a number");
                   entry = body["statement_entry_id"].get<int64_t>();
                 }
                 const std::string payment = Text(body, "payment_id");
                 if (!payment.empty() && !IsUuid(payment)) return InvalidArgument("payment_id must be a payment id");
                 auto pid = reconciliation::ProposeManualMatch(txn, id, {p.username, r.remote_address}, entry, payment,
                                                               Text(body, "comment"));
                 if (!pid.ok()) return pid.status();
                 out["proposal_id"] = *pid;
                 out["needs"] = "approval by a second operator (POST /api/v1/exceptions/" + std::to_string(id) + "/approve)";
                 return Status::Ok();
               });
             }));
  router.Add("POST", "/api/v1/exceptions/{id}/write-off",
             Protect(auth, kWorkers, [&ctx](const HttpRequest& r, const Principal& p) {
               return OnCase(ctx, r, 201, [&](pqxx::dbtransaction& txn, int64_t id, const json& body, json& out) {
                 auto pid = reconciliation::ProposeWriteOff(txn, id, {p.username, r.remote_address}, Text(body, "comment"));
                 if (!pid.ok()) return pid.status();
                 out["proposal_id"] = *pid;
                 out["needs"] = "approval by a second operator (POST /api/v1/exceptions/" + std::to_string(id) + "/approve)";
                 return Status::Ok();
               });
             }));
  for (const bool approve : {true, false}) {
    router.Add("POST", std::string("/api/v1/exceptions/{id}/") + (approve ? "approve" : "reject"),
               Protect(auth, kWorkers, [&ctx, approve](const HttpRequest& r, const Principal& p) {
                 return OnCase(ctx, r, 200, [&](pqxx::dbtransaction& txn, int64_t id, const json& body, json&) {
                   return reconciliation::DecideProposal(txn, id, {p.username, r.remote_address}, approve,
                                                         Text(body, "comment"));
                 });
               }));
  }
}

}  // namespace gw::admin
