// File: admin/api_support.cc
#include "admin/api_support.h"

#include <spdlog/spdlog.h>

#include <cctype>
#include <regex>

#include "codecs/json_input.h"

namespace gw::admin {

using nlohmann::json;

int HttpStatusFor(const Status& s) {
  switch (s.code()) {
    case StatusCode::kInvalidArgument: return 400;
    case StatusCode::kNotFound: return 404;
    case StatusCode::kAlreadyExists: return 409;
    case StatusCode::kFailedPrecondition: return 409;
    case StatusCode::kPermissionDenied: return 403;
    case StatusCode::kUnauthenticated: return 401;
    case StatusCode::kResourceExhausted: return 429;
    case StatusCode::kUnavailable: return 503;
    case StatusCode::kDeadlineExceeded: return 504;
    default: return 500;
  }
}

HttpResponse FromStatus(const Status& s) {
  const int code = HttpStatusFor(s);
  if (code == 500) {
    spdlog::error("internal error: {}", s.ToString());
    return HttpResponse::Error(500, "internal", "internal error");
  }
  if (code == 503) return HttpResponse::Error(503, "unavailable", "the database is unavailable; retry later");
  std::string name(StatusCodeName(s.code()));
  for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return HttpResponse::Error(code, name, s.message());
}

HttpHandler Protect(Authenticator& auth, Roles roles, ProtectedHandler handler) {
  return [&auth, roles = std::move(roles), handler = std::move(handler)](const HttpRequest& req) {
    auto principal = auth.Authenticate(req);
    if (!principal.ok()) {
      if (principal.status().code() == StatusCode::kUnauthenticated) {
        auto r = HttpResponse::Error(401, "unauthenticated", principal.status().message());
        r.headers.emplace_back("WWW-Authenticate", "Bearer");
        return r;
      }
      return FromStatus(principal.status());
    }
    if (!roles.count(principal->role))
      return HttpResponse::Error(403, "forbidden", "the " + principal->role + " role may not do this");
    return handler(req, *principal);
  };
}

StatusOr<json> ParseBody(const HttpRequest& req) {
  auto j = codecs::ParseJson(req.body, codecs::kMaxApiJsonDepth);
  if (!j.ok()) return InvalidArgument("the body must be a JSON object: " + j.status().message());
  if (!j->is_object()) return InvalidArgument("the body must be a JSON object, not " + codecs::JsonKind(*j));
  return j;
}

bool IsUuid(const std::string& s) {
  static const std::regex kUuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
  return std::regex_match(s, kUuid);
}

}  // namespace gw::admin
