// File: admin/api_support.h
// What every /api/v1 handler file shares: the role check in front of a handler,
// the mapping from Status to an HTTP error, and body parsing.
#pragma once

#include <functional>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "admin/auth.h"
#include "admin/http.h"
#include "core/status.h"

namespace gw::admin {

using Roles = std::set<std::string>;
inline const Roles kAllRoles = {"admin", "maker", "checker", "compliance", "auditor"};

// 400 invalid argument, 404, 409 conflict / precondition, 403, 401, 429, 503, 504, else 500.
int HttpStatusFor(const Status& s);
// The error response for `s`; 500s are logged and answered without detail.
HttpResponse FromStatus(const Status& s);

using ProtectedHandler = std::function<HttpResponse(const HttpRequest&, const Principal&)>;
// 401 without a valid bearer token, 403 when the caller's role is not in `roles`.
HttpHandler Protect(Authenticator& auth, Roles roles, ProtectedHandler handler);

// The request body as a JSON object, or InvalidArgument.
StatusOr<nlohmann::json> ParseBody(const HttpRequest& req);
bool IsUuid(const std::string& s);

}  // namespace gw::admin
