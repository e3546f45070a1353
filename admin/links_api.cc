#include "admin/links_api.h"

#include <spdlog/spdlog.h>

#include "admin/api_support.h"
#include "core/pg/audit.h"

namespace gw::admin {

using nlohmann::json;

json LinkInfoToJson(const LinkInfo& l) {
  json j = {{"name", l.name},
            {"direction", l.direction},
            {"state", l.state},
            {"connections", l.connections},
            {"in_flight", l.in_flight},
            {"waiting", l.waiting},
            {"outbox_depth", l.outbox_depth},
            {"answered", l.answered},
            {"undeliverable", l.undeliverable},
            {"last_error", l.last_error.empty() ? json(nullptr) : json(l.last_error)}};
  if (l.direction == "outbound") {
    j["breaker"] = l.breaker;
    j["pool_size"] = l.pool_size;
  }
  return j;
}

void AddLinksApiRoutes(Router& router, Authenticator& auth, pg::PgPool& pool, LinksControl* links) {
  router.Add("GET", "/api/v1/links", Protect(auth, kAllRoles, [links](const HttpRequest&, const Principal&) {
               json out = json::array();
               if (links) {
                 auto list = links->ListLinks();
                 if (!list.ok()) return FromStatus(list.status());
                 for (const auto& l : *list) out.push_back(LinkInfoToJson(l));
               }
               return HttpResponse::Json(200, json{{"links", out}}.dump());
             }));

  router.Add("POST", "/api/v1/links/{name}/circuit-breaker/reset",
             Protect(auth, {"admin"}, [links, &pool](const HttpRequest& req, const Principal& who) {
               const std::string name = req.path_params.at("name");
               if (!links) return HttpResponse::Error(404, "not_found", "no link named " + name);
               std::string before = "unknown";
               if (auto list = links->ListLinks(); list.ok())
                 for (const auto& l : *list)
                   if (l.name == name && l.direction == "outbound") before = l.breaker;
               Status reset = links->ResetBreaker(name);
               if (!reset.ok()) return FromStatus(reset);
               Status audited = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
                 pg::WriteAudit(txn, pg::AuditEntry{who.username, "link.breaker_reset", "link", name,
                                                    json{{"breaker", before}}, json{{"breaker", "closed"}},
                                                    req.remote_address, std::nullopt});
                 return Status::Ok();
               });
               if (!audited.ok()) {
                 spdlog::error("audit of the breaker reset of link {} failed: {}", name, audited.ToString());
                 return FromStatus(audited);
               }
               spdlog::info("{} reset the circuit breaker of link {} (was {})", who.username, name, before);
               return HttpResponse::Json(200, json{{"name", name}, {"breaker", "closed"}, {"previous", before}}.dump());
             }));
}

}  // namespace gw::admin
