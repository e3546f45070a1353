#include "admin/fix_api.h"

#include <spdlog/spdlog.h>

#include <pqxx/pqxx>

#include "admin/api_support.h"
#include "core/pg/audit.h"

namespace gw::admin {

using nlohmann::json;

namespace {

// The mandatory reason of an operator's action: 1-500 characters.
StatusOr<std::string> Reason(const json& body) {
  if (!body.contains("reason") || !body["reason"].is_string() || body["reason"].get<std::string>().empty())
    return InvalidArgument("reason (a non-empty string) is required");
  std::string reason = body["reason"].get<std::string>();
  if (reason.size() > 500) return InvalidArgument("reason is longer than 500 characters");
  return reason;
}

json ResetToJson(const pqxx::row& r) {
  auto text = [&](int i) { return r[i].is_null() ? json(nullptr) : json(r[i].as<std::string>()); };
  return json{{"id", r[0].as<int64_t>()},        {"session", r[1].as<std::string>()},
              {"next_sender_seq", r[2].as<int>()}, {"next_target_seq", r[3].as<int>()},
              {"reason", r[4].as<std::string>()},  {"proposed_by", r[5].as<std::string>()},
              {"proposed_at", r[6].as<std::string>()}, {"status", r[7].as<std::string>()},
              {"decided_by", text(8)},             {"decided_at", text(9)},
              {"decision_reason", text(10)}};
}

constexpr const char* kResetColumns =
    "id, session, next_sender_seq, next_target_seq, reason, proposed_by, proposed_at::text, status, decided_by, "
    "decided_at::text, decision_reason";

}  // namespace

void AddFixRoutes(Router& router, Authenticator& auth, pg::PgPool& pool, FixControl* fix) {
  router.Add("GET", "/api/v1/fix/sessions", Protect(auth, kAllRoles, [fix](const HttpRequest&, const Principal&) {
               json sessions = fix ? fix->Describe() : json::array();
               return HttpResponse::Json(200, json{{"sessions", sessions}}.dump());
             }));

  auto control = [fix, &pool](bool enabled) {
    return [fix, &pool, enabled](const HttpRequest& req, const Principal& who) {
      const std::string name = req.path_params.at("name");
      if (!fix || !fix->HasSession(name)) return HttpResponse::Error(404, "not_found", "no FIX session named " + name);
      auto body = ParseBody(req);
      if (!body.ok()) return FromStatus(body.status());
      auto reason = Reason(*body);
      if (!reason.ok()) return FromStatus(reason.status());
      Status st = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        txn.exec_params0(
            "INSERT INTO fix_session_controls (session, enabled, reason, updated_by) VALUES ($1, $2, $3, $4) "
            "ON CONFLICT (session) DO UPDATE SET enabled = EXCLUDED.enabled, reason = EXCLUDED.reason, "
            "updated_by = EXCLUDED.updated_by, updated_at = now()",
            name, enabled, *reason, who.username);
        pg::WriteAudit(txn, pg::AuditEntry{who.username, enabled ? "fix.session_logon" : "fix.session_logout",
                                           "fix_session", name, std::nullopt, json{{"enabled", enabled}},
                                           req.remote_address, json{{"reason", *reason}}});
        return Status::Ok();
      });
      if (!st.ok()) return FromStatus(st);
      fix->ApplyControl(name, enabled, *reason);
      spdlog::info("{} {} FIX session {}: {}", who.username, enabled ? "enabled" : "logged out", name, *reason);
      return HttpResponse::Json(200, json{{"session", name}, {"enabled", enabled}}.dump());
    };
  };
  router.Add("POST", "/api/v1/fix/sessions/{name}/logout", Protect(auth, {"admin"}, control(false)));
  router.Add("POST", "/api/v1/fix/sessions/{name}/logon", Protect(auth, {"admin"}, control(true)));

  router.Add("POST", "/api/v1/fix/sessions/{name}/sequence-resets",
             Protect(auth, {"admin"}, [fix, &pool](const HttpRequest& req, const Principal& who) {
               const std::string name = req.path_params.at("name");
               if (!fix || !fix->HasSession(name))
                 return HttpResponse::Error(404, "not_found", "no FIX session named " + name);
               auto body = ParseBody(req);
               if (!body.ok()) return FromStatus(body.status());
               auto reason = Reason(*body);
               if (!reason.ok()) return FromStatus(reason.status());
               auto seq = [&](const char* key) -> int {
                 const json& b = *body;
                 if (!b.contains(key) || !b[key].is_number_integer()) return 0;
                 const auto v = b[key].get<int64_t>();
                 return v >= 1 && v <= 2000000000 ? static_cast<int>(v) : 0;
               };
               const int sender = seq("next_sender_seq"), target = seq("next_target_seq");
               if (sender == 0 || target == 0)
                 return HttpResponse::Error(400, "invalid_argument",
                                            "next_sender_seq and next_target_seq (integers from 1) are required");
               json proposal;
               Status st = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
                 auto open = txn.exec_params("SELECT id FROM fix_sequence_resets WHERE session = $1 AND status = 'PROPOSED'",
                                             name);
                 if (!open.empty())
                   return AlreadyExists("session " + name + " already has a proposed reset (" +
                                        open[0][0].as<std::string>() + "): approve or reject it first");
                 auto r = txn.exec_params(std::string("INSERT INTO fix_sequence_resets (session, next_sender_seq, "
                                                      "next_target_seq, reason, proposed_by) VALUES ($1, $2, $3, $4, $5) "
                                                      "RETURNING ") + kResetColumns,
                                          name, sender, target, *reason, who.username);
                 proposal = ResetToJson(r[0]);
                 pg::WriteAudit(txn, pg::AuditEntry{who.username, "fix.sequence_reset_proposed", "fix_session", name,
                                                    std::nullopt, proposal, req.remote_address, std::nullopt});
                 return Status::Ok();
               });
               if (!st.ok()) return FromStatus(st);
               return HttpResponse::Json(202, proposal.dump());
             }));

  router.Add("GET", "/api/v1/fix/sequence-resets",
             Protect(auth, {"admin", "auditor"}, [&pool](const HttpRequest& req, const Principal&) {
               const std::string status = req.Query("status").value_or("");
               if (!status.empty() && status != "PROPOSED" && status != "APPLIED" && status != "REJECTED")
                 return HttpResponse::Error(400, "invalid_argument", "status must be PROPOSED, APPLIED or REJECTED");
               json out = json::array();
               Status st = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
                 auto rows = txn.exec_params(std::string("SELECT ") + kResetColumns +
                                                 " FROM fix_sequence_resets WHERE ($1 = '' OR status = $1) "
                                                 "ORDER BY id DESC LIMIT 200",
                                             status);
                 for (const auto& r : rows) out.push_back(ResetToJson(r));
                 return Status::Ok();
               });
               if (!st.ok()) return FromStatus(st);
               return HttpResponse::Json(200, json{{"sequence_resets", out}}.dump());
             }));

  auto decide = [fix, &pool](bool approve) {
    return [fix, &pool, approve](const HttpRequest& req, const Principal& who) {
      int64_t id = 0;
      try {
        id = std::stoll(req.path_params.at("id"));
      } catch (const std::exception&) {
        return HttpResponse::Error(404, "not_found", "no sequence reset " + req.path_params.at("id"));
      }
      std::string reason;
      if (!approve || !req.body.empty()) {
        auto body = ParseBody(req);
        if (!body.ok()) return FromStatus(body.status());
        if (!approve) {
          auto r = Reason(*body);
          if (!r.ok()) return FromStatus(r.status());
          reason = *r;
        } else if (body->contains("reason") && (*body)["reason"].is_string()) {
          reason = (*body)["reason"].get<std::string>().substr(0, 500);
        }
      }
      // Checked and locked first; carried out; then recorded with its audit row.
      std::string session;
      int sender = 0, target = 0;
      Status st = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        auto r = txn.exec_params("SELECT session, next_sender_seq, next_target_seq, proposed_by, status "
                                 "FROM fix_sequence_resets WHERE id = $1",
                                 id);
        if (r.empty()) return NotFound("no sequence reset " + std::to_string(id));
        if (r[0][4].as<std::string>() != "PROPOSED")
          return FailedPrecondition("sequence reset " + std::to_string(id) + " is already " + r[0][4].as<std::string>());
        if (r[0][3].as<std::string>() == who.username)
          return PermissionDenied("four eyes: the admin who proposed a sequence reset cannot " +
                                  std::string(approve ? "approve" : "reject") + " it");
        session = r[0][0].as<std::string>();
        sender = r[0][1].as<int>();
        target = r[0][2].as<int>();
        return Status::Ok();
      });
      if (!st.ok()) return FromStatus(st);
      if (approve) {
        if (!fix || !fix->HasSession(session))
          return HttpResponse::Error(409, "failed_precondition", "no FIX session " + session + " at this gatewayd");
        Status applied = fix->ApplySequenceReset(session, sender, target);
        if (!applied.ok()) return FromStatus(applied);
      }
      json decided;
      st = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        auto r = txn.exec_params(std::string("UPDATE fix_sequence_resets SET status = $2, decided_by = $3, "
                                             "decided_at = now(), decision_reason = nullif($4, '') "
                                             "WHERE id = $1 AND status = 'PROPOSED' RETURNING ") + kResetColumns,
                                 id, approve ? "APPLIED" : "REJECTED", who.username, reason);
        if (r.empty()) return FailedPrecondition("sequence reset " + std::to_string(id) + " was decided meanwhile");
        decided = ResetToJson(r[0]);
        pg::WriteAudit(txn, pg::AuditEntry{who.username,
                                           approve ? "fix.sequence_reset_applied" : "fix.sequence_reset_rejected",
                                           "fix_session", session, std::nullopt, decided, req.remote_address,
                                           std::nullopt});
        return Status::Ok();
      });
      if (!st.ok()) {
        if (approve) spdlog::error("FIX sequence reset {} of session {} was carried out but not recorded: {}", id, session, st.ToString());
        return FromStatus(st);
      }
      if (approve)
        spdlog::info("{} approved FIX sequence reset {}: session {} continues at {} out, {} in", who.username, id,
                     session, sender, target);
      return HttpResponse::Json(200, decided.dump());
    };
  };
  router.Add("POST", "/api/v1/fix/sequence-resets/{id}/approve", Protect(auth, {"admin"}, decide(true)));
  router.Add("POST", "/api/v1/fix/sequence-resets/{id}/reject", Protect(auth, {"admin"}, decide(false)));
}

}  // namespace gw::admin
