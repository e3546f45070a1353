#include "admin/api.h"
#include "admin/api_support.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <regex>
#include <set>

#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "core/pg/audit.h"
#include "gateway/ingest.h"
#include "gateway/payment_intake.h"
#include "gateway/payment_store.h"
#include "gateway/pipeline.h"
#include "ledger/ledger.h"

namespace gw::admin {

namespace {

using nlohmann::json;

json IssuesToJson(const codecs::Issues& issues) {
  json out = json::array();
  for (const auto& i : issues)
    out.push_back({{"path", i.path}, {"line", i.line}, {"column", i.column}, {"rule", i.rule_id},
                   {"value", i.value}, {"message", i.message}, {"reason_code", i.reason_code}});
  return out;
}

// A 429 says when to try again.
HttpResponse WithRetryAfter(HttpResponse response, std::chrono::seconds retry_after) {
  if (response.status == 429 && retry_after.count() > 0)
    response.headers.emplace_back("Retry-After", std::to_string(retry_after.count()));
  return response;
}

HttpResponse Login(ApiContext& ctx, const HttpRequest& req) {
  auto body = ParseBody(req);
  if (!body.ok()) return FromStatus(body.status());
  const auto& j = *body;
  if (!j.contains("username") || !j["username"].is_string() || !j.contains("password") || !j["password"].is_string())
    return HttpResponse::Error(400, "invalid_argument", "username and password (strings) are required");
  std::chrono::seconds retry_after{0};
  auto r = ctx.auth.Login(j["username"].get<std::string>(), j["password"].get<std::string>(), req.remote_address,
                          &retry_after);
  if (!r.ok()) return WithRetryAfter(FromStatus(r.status()), retry_after);
  return HttpResponse::Json(200, json{{"token", r->token},
                                      {"token_type", "Bearer"},
                                      {"expires_at", r->expires_at},
                                      {"username", r->principal.username},
                                      {"role", r->principal.role}}
                                     .dump());
}

// The caller's own password: the current one, and the new one (policy-checked).
HttpResponse ChangePasswordHandler(ApiContext& ctx, const HttpRequest& req, const Principal& who) {
  auto body = ParseBody(req);
  if (!body.ok()) return FromStatus(body.status());
  const auto& j = *body;
  if (!j.contains("current_password") || !j["current_password"].is_string() || !j.contains("new_password") ||
      !j["new_password"].is_string())
    return HttpResponse::Error(400, "invalid_argument", "current_password and new_password (strings) are required");
  std::chrono::seconds retry_after{0};
  Status s = ctx.auth.ChangePassword(who, BearerToken(req), j["current_password"].get<std::string>(),
                                     j["new_password"].get<std::string>(), req.remote_address, &retry_after);
  if (!s.ok()) return WithRetryAfter(FromStatus(s), retry_after);
  return HttpResponse::Json(200, R"({"password_changed":true,"other_tokens_revoked":true})");
}

HttpResponse CreatePayments(ApiContext& ctx, const HttpRequest& req, const Principal& who) {
  const std::string& type = req.Header("content-type");
  const bool xml = type.find("xml") != std::string::npos;
  if (!xml && type.find("json") == std::string::npos)
    return HttpResponse::Error(415, "unsupported_media_type", "send application/json or application/xml");
  const std::string key = req.Header("idempotency-key");
  if (key.size() > 128) return HttpResponse::Error(400, "invalid_argument", "Idempotency-Key is longer than 128 characters");
  gateway::IngestResult in = xml ? gateway::IngestXml(req.body, ctx.schemas, "api", who.username, key)
                                 : gateway::IngestJson(req.body, "api", who.username, key);
  const bool valid = in.ok();
  std::vector<gateway::CreateResult> results;
  // Keep what arrived, verbatim (bounded by the body limit), with each payment.
  const auto arrived = [&](const gateway::PaymentInstruction& instruction) {
    return gateway::ArrivedMessage{in.message_type,
                                   instruction.msg_id.empty() ? instruction.end_to_end_id : instruction.msg_id, req.body};
  };
  Status s;
  if (valid && in.instructions.size() == 1) {
    // The usual case, one valid payment: created together with other requests'
    // (gateway/payment_intake.h), durable when this returns.
    auto created = ctx.intake.Create({gateway::NewPayment{in.instructions.front(), "", "", arrived(in.instructions.front())}});
    if (created.ok()) results = std::move(*created);
    else s = created.status();
  } else {
    s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
      results.clear();
      for (const auto& instruction : in.instructions) {
        const std::string code = valid ? "" : in.issues.front().reason_code;
        const std::string reason = valid ? "" : in.issues.front().ToString();
        const gateway::ArrivedMessage message = arrived(instruction);
        GW_ASSIGN_OR_RETURN(auto created, gateway::CreatePayment(txn, instruction, code, reason, &message));
        if (created.conflict) {  // roll back the request's other payments too: all or none
          results = {created};
          return AlreadyExists("idempotency conflict");
        }
        if (created.created && !valid)
          pg::WriteAudit(txn, pg::AuditEntry{who.username, "payment.validation_failed", "payment", created.payment.id,
                                             std::nullopt, std::nullopt, req.remote_address,
                                             json{{"issues", IssuesToJson(in.issues)}}});
        results.push_back(std::move(created));
      }
      return Status::Ok();
    });
  }
  const bool conflicted = std::any_of(results.begin(), results.end(), [](const auto& r) { return r.conflict; });
  if (!s.ok() && !conflicted) return FromStatus(s);
  for (const auto& r : results) {
    if (!r.conflict) continue;
    // Reused identifiers with other content: never answer with the other payment
    // as if this request had been seen before.
    const bool header_key = !key.empty();
    return HttpResponse::Error(
        409, "idempotency_conflict",
        std::string(header_key ? "the Idempotency-Key" : "the message id and end-to-end id") +
            " of this request were already used by this operator for a different payment (" + r.payment.id +
            ", " + std::string(gateway::ToString(r.payment.status)) +
            "); send a new key and identifiers for a new payment, or the same request to retry it");
  }
  bool any_created = false;
  json payments = json::array();
  for (const auto& r : results) {
    any_created |= r.created;
    if (r.created) {
      if (valid) ctx.pipeline.CountInitiated();
      else ctx.pipeline.CountRejected(r.payment.reason_code.empty() ? "FF01" : r.payment.reason_code);
    }
    payments.push_back(gateway::PaymentToJson(r.payment));
  }
  if (!valid) {
    json body = {{"error", {{"code", "validation_failed"},
                            {"message", std::to_string(in.issues.size()) + " problem(s) in the payment; it was recorded as REJECTED"},
                            {"issues", IssuesToJson(in.issues)}}}};
    if (payments.size() == 1) body["payment"] = payments[0];
    else body["payments"] = payments;
    return HttpResponse::Json(422, body.dump());
  }
  auto response = HttpResponse::Json(any_created ? 201 : 200, payments.size() == 1 ? payments[0].dump()
                                                                                  : json{{"payments", payments}}.dump());
  if (!any_created) response.headers.emplace_back("Idempotent-Replay", "true");
  if (payments.size() == 1) response.headers.emplace_back("Location", "/api/v1/payments/" + payments[0]["id"].get<std::string>());
  return response;
}

StatusOr<int64_t> ParseMinor(const std::string& amount, const std::string& currency) {
  auto d = codecs::Decimal::Parse(amount);
  const int digits = codecs::CurrencyMinorUnits(currency).value_or(2);
  if (!d) return InvalidArgument("not a decimal amount: \"" + amount + "\"");
  auto minor = d->ToMinorUnits(digits);
  if (!minor) return InvalidArgument("amount \"" + amount + "\" has too many decimals or is too large");
  return *minor;
}

HttpResponse ListPaymentsHandler(ApiContext& ctx, const HttpRequest& req) {
  gateway::PaymentFilter f;
  f.status = req.Query("status");
  if (f.status && !gateway::ParsePaymentStatus(*f.status))
    return HttpResponse::Error(400, "invalid_argument", "unknown status \"" + *f.status + "\"");
  f.from_date = req.Query("from");
  f.to_date = req.Query("to");
  f.counterparty = req.Query("counterparty");
  f.currency = req.Query("currency");
  f.direction = req.Query("direction");
  if (f.direction && *f.direction != "outbound" && *f.direction != "inbound")
    return HttpResponse::Error(400, "invalid_argument", "direction must be outbound or inbound");
  f.source = req.Query("source");
  f.text = req.Query("q");
  if (f.text && f.text->size() > 140) return HttpResponse::Error(400, "invalid_argument", "q is longer than 140 characters");
  for (auto* o : {&f.status, &f.from_date, &f.to_date, &f.counterparty, &f.currency, &f.direction, &f.source, &f.text})
    if (*o && (*o)->empty()) o->reset();  // an empty filter field means "any"
  for (const auto* d : {&f.from_date, &f.to_date}) {
    static const std::regex kDate(R"(^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$)");
    if (*d && !std::regex_match(**d, kDate))
      return HttpResponse::Error(400, "invalid_argument", "from/to must be ISO dates such as 2026-11-29");
  }
  const std::string ccy = f.currency.value_or("EUR");
  if (auto v = req.Query("min_amount")) {
    auto m = ParseMinor(*v, ccy);
    if (!m.ok()) return FromStatus(m.status());
    f.min_amount_minor = *m;
  }
  if (auto v = req.Query("max_amount")) {
    auto m = ParseMinor(*v, ccy);
    if (!m.ok()) return FromStatus(m.status());
    f.max_amount_minor = *m;
  }
  f.stuck_only = req.Query("stuck").value_or("") == "true";
  f.stuck_after_seconds = ctx.stuck_after_seconds;
  if (auto v = req.Query("limit")) {
    try {
      f.limit = std::stoi(*v);
    } catch (...) {
      return HttpResponse::Error(400, "invalid_argument", "limit must be a number");
    }
  }
  f.before = req.Query("before").value_or("");
  if (!f.before.empty() && !IsUuid(f.before)) return HttpResponse::Error(400, "invalid_argument", "before must be a payment id");
  std::vector<gateway::Payment> list;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(list, gateway::ListPayments(txn, f));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  json items = json::array();
  for (const auto& p : list) items.push_back(gateway::PaymentToJson(p));
  json body = {{"payments", items}};
  if (static_cast<int>(list.size()) == std::clamp(f.limit, 1, 500)) body["next"] = list.back().id;
  return HttpResponse::Json(200, body.dump());
}

HttpResponse GetPaymentHandler(ApiContext& ctx, const HttpRequest& req) {
  const std::string id = req.path_params.at("id");
  if (!IsUuid(id)) return HttpResponse::Error(404, "not_found", "no payment " + id);
  json body;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto p, gateway::GetPayment(txn, id));
    if (!p) return NotFound("no payment " + id);
    body = gateway::PaymentToJson(*p);
    GW_ASSIGN_OR_RETURN(body["history"], gateway::PaymentHistory(txn, id));
    GW_ASSIGN_OR_RETURN(body["messages"], gateway::PaymentMessages(txn, id));
    GW_ASSIGN_OR_RETURN(auto postings, ledger::PaymentPostings(txn, id));
    json pj = json::array();
    for (const auto& l : postings)
      pj.push_back({{"entry_id", l.entry_id}, {"kind", l.kind}, {"account", l.description.substr(0, l.description.find(':'))},
                    {"amount_minor", l.amount_minor}, {"amount", gateway::FormatAmount(l.amount_minor, l.currency)},
                    {"currency", l.currency}, {"created_at", l.created_at}});
    body["postings"] = pj;
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, body.dump());
}

HttpResponse GetMessageHandler(ApiContext& ctx, const HttpRequest& req) {
  const std::string id = req.path_params.at("id");
  int64_t mid = 0;
  try {
    mid = std::stoll(req.path_params.at("mid"));
  } catch (...) {
    return HttpResponse::Error(404, "not_found", "no such message");
  }
  if (!IsUuid(id)) return HttpResponse::Error(404, "not_found", "no payment " + id);
  std::optional<std::pair<std::string, std::string>> content;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(content, gateway::PaymentMessageContent(txn, id, mid));
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  if (!content) return HttpResponse::Error(404, "not_found", "payment " + id + " has no message " + std::to_string(mid));
  return HttpResponse::Text(200, content->second,
                            content->first == "json" ? "application/json" : "application/xml; charset=utf-8");
}

// approve / reject by a checker who is not the maker.
HttpResponse Decide(ApiContext& ctx, const HttpRequest& req, const Principal& who, bool approve) {
  const std::string id = req.path_params.at("id");
  if (!IsUuid(id)) return HttpResponse::Error(404, "not_found", "no payment " + id);
  std::string reason;
  if (!req.body.empty()) {
    auto j = ParseBody(req);
    if (!j.ok()) return FromStatus(j.status());
    if (j->contains("reason") && (*j)["reason"].is_string()) reason = (*j)["reason"].get<std::string>();
  }
  if (!approve && reason.empty()) return HttpResponse::Error(400, "invalid_argument", "a reason is required to reject");
  if (reason.size() > 500) return HttpResponse::Error(400, "invalid_argument", "the reason is longer than 500 characters");
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto p, gateway::GetPayment(txn, id, true));
    if (!p) return NotFound("no payment " + id);
    if (p->status != gateway::PaymentStatus::kPendingApproval)
      return FailedPrecondition("payment " + id + " is " + std::string(gateway::ToString(p->status)) +
                                ", not PENDING_APPROVAL");
    if (p->created_by == who.username)
      return PermissionDenied("four eyes: " + who.username + " created this payment and may not " +
                              (approve ? "approve" : "reject") + " it");
    if (approve) {
      GW_RETURN_IF_ERROR(gateway::Transition(txn, id, p->status, gateway::PaymentStatus::kApproved, who.username,
                                             reason.empty() ? "approved by a checker" : reason,
                                             gateway::TransitionFields{.approval_mode = "manual", .approved_by = who.username}));
      txn.exec("NOTIFY gateway_work");
    } else {
      GW_RETURN_IF_ERROR(gateway::Transition(txn, id, p->status, gateway::PaymentStatus::kRejected, who.username, reason,
                                             gateway::TransitionFields{.reason_code = "CUST", .reason = reason}));
    }
    pg::WriteAudit(txn, pg::AuditEntry{who.username, approve ? "payment.approve" : "payment.reject", "payment", id,
                                       json{{"status", "PENDING_APPROVAL"}},
                                       json{{"status", approve ? "APPROVED" : "REJECTED"}, {"reason", reason}},
                                       req.remote_address, std::nullopt});
    GW_ASSIGN_OR_RETURN(auto after, gateway::GetPayment(txn, id));
    result = gateway::PaymentToJson(*after);
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  if (approve) ctx.pipeline.CountApproved();
  else ctx.pipeline.CountRejected("CUST");
  return HttpResponse::Json(200, result.dump());
}

// Safely re-runs a payment's current stage (admin).
HttpResponse Retrigger(ApiContext& ctx, const HttpRequest& req, const Principal& who) {
  const std::string id = req.path_params.at("id");
  if (!IsUuid(id)) return HttpResponse::Error(404, "not_found", "no payment " + id);
  json result;
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto p, gateway::GetPayment(txn, id, true));
    if (!p) return NotFound("no payment " + id);
    using S = gateway::PaymentStatus;
    std::string action;
    if (p->status == S::kInitiated || p->status == S::kApproved) {
      txn.exec_params("UPDATE payments SET updated_at = now(), attempts = attempts + 1 WHERE id = $1::uuid", id);
      action = "requeued for the pipeline";
    } else if (p->status == S::kException) {
      const bool posted = !txn.exec_params("SELECT 1 FROM journal_entries WHERE idempotency_key = $1", "payment:" + id).empty();
      const bool queued = !txn.exec_params("SELECT 1 FROM outbox WHERE payment_id = $1::uuid", id).empty();
      if (!posted) {
        GW_RETURN_IF_ERROR(gateway::Transition(txn, id, S::kException, S::kApproved, who.username, "retriggered"));
        action = "back to APPROVED (nothing was posted)";
      } else if (queued) {
        txn.exec_params("UPDATE outbox SET status = 'PENDING', attempts = 0 WHERE payment_id = $1::uuid AND status IN ('SENT', 'UNDELIVERABLE')", id);
        GW_RETURN_IF_ERROR(gateway::Transition(txn, id, S::kException, S::kQueued, who.username, "retriggered"));
        action = "back to QUEUED; its pacs.008 will be sent again with the same identifiers";
      } else {
        return FailedPrecondition("payment " + id + " is posted but has no outbound message; it needs manual repair");
      }
    } else if (p->status == S::kSent || p->status == S::kQueued) {
      txn.exec_params("UPDATE outbox SET status = 'PENDING', attempts = 0 WHERE payment_id = $1::uuid AND status IN ('SENT', 'UNDELIVERABLE')", id);
      txn.exec_params("UPDATE payments SET updated_at = now() WHERE id = $1::uuid", id);
      action = "its pacs.008 will be sent again with the same identifiers";
    } else {
      return FailedPrecondition("payment " + id + " is " + std::string(gateway::ToString(p->status)) +
                                "; there is no stage to re-run");
    }
    txn.exec("NOTIFY gateway_work");
    pg::WriteAudit(txn, pg::AuditEntry{who.username, "payment.retrigger", "payment", id,
                                       json{{"status", std::string(gateway::ToString(p->status))}}, json{{"action", action}},
                                       req.remote_address, std::nullopt});
    result = {{"id", id}, {"action", action}};
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  return HttpResponse::Json(200, result.dump());
}

json AccountToJson(const ledger::Account& a) {
  return {{"id", a.id}, {"kind", a.kind}, {"currency", a.currency}, {"name", a.name}, {"iban", a.iban},
          {"counterparty", a.counterparty}, {"allow_overdraft", a.allow_overdraft},
          {"balance_minor", a.balance_minor}, {"balance", gateway::FormatAmount(a.balance_minor, a.currency)}};
}

// Audit records, newest first, filtered by time range, actor, action (exact,
// or a prefix ending in '.': "payment."), entity type and id; keyset-paginated
// on the record id ("before").
HttpResponse ListAuditHandler(ApiContext& ctx, const HttpRequest& req) {
  int limit = 100;
  int64_t before = 0;
  try {
    if (auto v = req.Query("limit")) limit = std::clamp(std::stoi(*v), 1, 1000);
    if (auto v = req.Query("before"); v && !v->empty()) before = std::stoll(*v);
  } catch (...) {
    return HttpResponse::Error(400, "invalid_argument", "limit and before must be numbers");
  }
  const std::string from = req.Query("from").value_or("");
  const std::string to = req.Query("to").value_or("");
  for (const auto* d : {&from, &to}) {
    static const std::regex kDate(R"(^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$)");
    if (!d->empty() && !std::regex_match(*d, kDate))
      return HttpResponse::Error(400, "invalid_argument", "from/to must be ISO dates such as 2026-11-29");
  }
  const std::string action = req.Query("action").value_or("");
  json items = json::array();
  Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
    items = json::array();
    for (const auto& r : txn.exec_params(
             "SELECT id, to_char(\"timestamp\" AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), actor, action, "
             "coalesce(entity_type, ''), coalesce(entity_id, ''), coalesce(before::text, 'null'), "
             "coalesce(after::text, 'null'), coalesce(source_address, ''), coalesce(details::text, 'null') FROM audit_logs "
             "WHERE ($1 = '' OR entity_id = $1) AND ($2 = '' OR entity_type = $2) AND ($3 = '' OR actor = $3) "
             "AND ($4 = '' OR action = $4 OR (right($4, 1) = '.' AND left(action, length($4)) = $4)) "
             "AND ($5 = '' OR \"timestamp\" >= $5::timestamptz) AND ($6 = '' OR \"timestamp\" < $6::timestamptz) "
             "AND ($7::bigint = 0 OR id < $7::bigint) ORDER BY id DESC LIMIT $8::int",
             req.Query("entity_id").value_or(""), req.Query("entity_type").value_or(""), req.Query("actor").value_or(""),
             action, from, to, before, limit))
      items.push_back({{"id", r[0].as<int64_t>()}, {"timestamp", r[1].as<std::string>()},
                       {"actor", r[2].as<std::string>()}, {"action", r[3].as<std::string>()},
                       {"entity_type", r[4].as<std::string>()}, {"entity_id", r[5].as<std::string>()},
                       {"before", json::parse(r[6].as<std::string>())}, {"after", json::parse(r[7].as<std::string>())},
                       {"source_address", r[8].as<std::string>()}, {"details", json::parse(r[9].as<std::string>())}});
    return Status::Ok();
  });
  if (!s.ok()) return FromStatus(s);
  json body = {{"audit_logs", items}};
  if (static_cast<int>(items.size()) == limit) body["next"] = items.back()["id"];
  return HttpResponse::Json(200, body.dump());
}

}  // namespace

void AddApiRoutes(Router& router, ApiContext& ctx) {
  auto& auth = ctx.auth;
  router.Add("POST", "/api/v1/auth/login", [&ctx](const HttpRequest& req) { return Login(ctx, req); });
  router.Add("POST", "/api/v1/auth/logout", [&auth](const HttpRequest& req) {
    const std::string token = BearerToken(req);
    if (token.empty()) return HttpResponse::Error(401, "unauthenticated", "a bearer token is required");
    Status s = auth.Logout(token, req.remote_address);
    if (!s.ok()) return FromStatus(s);
    return HttpResponse::Json(200, R"({"logged_out":true})");
  });
  router.Add("POST", "/api/v1/auth/password", Protect(auth, kAllRoles, [&ctx](const HttpRequest& r, const Principal& p) {
               return ChangePasswordHandler(ctx, r, p);
             }));

  router.Add("POST", "/api/v1/payments", Protect(auth, {"maker", "admin"}, [&ctx](const HttpRequest& r, const Principal& p) {
               return CreatePayments(ctx, r, p);
             }));
  router.Add("GET", "/api/v1/payments",
             Protect(auth, kAllRoles, [&ctx](const HttpRequest& r, const Principal&) { return ListPaymentsHandler(ctx, r); }));
  router.Add("GET", "/api/v1/payments/{id}",
             Protect(auth, kAllRoles, [&ctx](const HttpRequest& r, const Principal&) { return GetPaymentHandler(ctx, r); }));
  router.Add("GET", "/api/v1/payments/{id}/messages/{mid}",
             Protect(auth, kAllRoles, [&ctx](const HttpRequest& r, const Principal&) { return GetMessageHandler(ctx, r); }));
  router.Add("POST", "/api/v1/payments/{id}/approve",
             Protect(auth, {"checker"}, [&ctx](const HttpRequest& r, const Principal& p) { return Decide(ctx, r, p, true); }));
  router.Add("POST", "/api/v1/payments/{id}/reject",
             Protect(auth, {"checker"}, [&ctx](const HttpRequest& r, const Principal& p) { return Decide(ctx, r, p, false); }));
  router.Add("POST", "/api/v1/payments/{id}/retrigger",
             Protect(auth, {"admin"}, [&ctx](const HttpRequest& r, const Principal& p) { return Retrigger(ctx, r, p); }));

  router.Add("GET", "/api/v1/ledger/accounts", Protect(auth, kAllRoles, [&ctx](const HttpRequest&, const Principal&) {
               json items = json::array();
               Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
                 GW_ASSIGN_OR_RETURN(auto accounts, ledger::ListAccounts(txn));
                 items = json::array();
                 for (const auto& a : accounts) items.push_back(AccountToJson(a));
                 return Status::Ok();
               });
               if (!s.ok()) return FromStatus(s);
               return HttpResponse::Json(200, json{{"accounts", items}}.dump());
             }));
  router.Add("GET", "/api/v1/ledger/accounts/{id}/entries", Protect(auth, kAllRoles, [&ctx](const HttpRequest& req, const Principal&) {
               const std::string id = req.path_params.at("id");
               int limit = 100;
               int64_t before = 0;
               try {
                 if (auto v = req.Query("limit")) limit = std::stoi(*v);
                 if (auto v = req.Query("before")) before = std::stoll(*v);
               } catch (...) {
                 return HttpResponse::Error(400, "invalid_argument", "limit and before must be numbers");
               }
               json body;
               Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
                 GW_ASSIGN_OR_RETURN(auto account, ledger::FindAccount(txn, id));
                 if (!account) return NotFound("no ledger account " + id);
                 GW_ASSIGN_OR_RETURN(auto lines, ledger::AccountEntries(txn, id, limit, before));
                 json items = json::array();
                 for (const auto& l : lines)
                   items.push_back({{"posting_id", l.posting_id}, {"entry_id", l.entry_id}, {"kind", l.kind},
                                    {"payment_id", l.payment_id}, {"description", l.description},
                                    {"amount_minor", l.amount_minor}, {"amount", gateway::FormatAmount(l.amount_minor, l.currency)},
                                    {"currency", l.currency}, {"created_at", l.created_at}});
                 body = {{"account", AccountToJson(*account)}, {"entries", items}};
                 return Status::Ok();
               });
               if (!s.ok()) return FromStatus(s);
               return HttpResponse::Json(200, body.dump());
             }));
  router.Add("GET", "/api/v1/ledger/trial-balance", Protect(auth, kAllRoles, [&ctx](const HttpRequest&, const Principal&) {
               json items = json::array();
               bool balanced = true;
               Status s = pg::InTransaction(ctx.pool, [&](pqxx::dbtransaction& txn) -> Status {
                 GW_ASSIGN_OR_RETURN(auto lines, ledger::TrialBalance(txn));
                 items = json::array();
                 for (const auto& l : lines) {
                   balanced &= l.net_minor == 0 && l.balances_net_minor == 0;
                   items.push_back({{"currency", l.currency}, {"debits_minor", l.debits_minor},
                                    {"credits_minor", l.credits_minor}, {"net_minor", l.net_minor},
                                    {"balances_net_minor", l.balances_net_minor}});
                 }
                 return Status::Ok();
               });
               if (!s.ok()) return FromStatus(s);
               return HttpResponse::Json(200, json{{"balanced", balanced}, {"currencies", items}}.dump());
             }));
  router.Add("GET", "/api/v1/audit", Protect(auth, {"auditor", "admin"}, [&ctx](const HttpRequest& req, const Principal&) {
               return ListAuditHandler(ctx, req);
             }));
}

}  // namespace gw::admin
