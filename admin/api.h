// File: admin/api.h
// The REST API under /api/v1. Every endpoint needs a bearer token (401 without)
// and a role allowed for it (403 otherwise); see admin/api.cc for the table.
#pragma once

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"

namespace gw::codecs {
class SchemaSet;
}
namespace gw::gateway {
class PaymentIntake;
class Pipeline;
}

namespace gw::admin {

struct ApiContext {
  pg::PgPool& pool;
  Authenticator& auth;
  gateway::Pipeline& pipeline;
  gateway::PaymentIntake& intake;
  const codecs::SchemaSet& schemas;
  int stuck_after_seconds = 300;
};

// `context` must outlive the router.
void AddApiRoutes(Router& router, ApiContext& context);

}  // namespace gw::admin
