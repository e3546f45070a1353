#include "admin/fix_api.h"

#include "admin/api_support.h"

namespace gw::admin {

void AddFixRoutes(Router& router, Authenticator& auth, std::function<nlohmann::json()> describe) {
  router.Add("GET", "/api/v1/fix/sessions",
             Protect(auth, kAllRoles, [describe](const HttpRequest&, const Principal&) {
               nlohmann::json sessions = describe ? describe() : nlohmann::json::array();
               return HttpResponse::Json(200, nlohmann::json{{"sessions", sessions}}.dump());
             }));
}

}  // namespace gw::admin
