// File: admin/fix_api.h
//
// FIX sessions in the REST API:
//   GET /api/v1/fix/sessions   every role: each session's CompIDs, state, next
//                              sequence numbers in and out, last logon, messages
//                              in and out, last error.
// The sessions live in gatewayd (gateway/fix/fix_engine.h); the API only asks
// for their description.
#pragma once

#include <functional>

#include <nlohmann/json.hpp>

#include "admin/auth.h"
#include "admin/http.h"

namespace gw::admin {

// `describe` returns a JSON array (gw::fix::FixEngine::Describe); empty when
// no FIX session is configured.
void AddFixRoutes(Router& router, Authenticator& auth, std::function<nlohmann::json()> describe);

}  // namespace gw::admin
