// File: admin/links_api.h
//
// The mutual-TLS links in the REST API:
//   GET  /api/v1/links                                 every role: each link's state, breaker,
//                                                      connections, outbox depth, last error
//   POST /api/v1/links/{name}/circuit-breaker/reset    admin only; audited (link.breaker_reset)
//
// The links themselves live in gatewayd (appliance/gatewayd/links_runtime.h),
// which implements LinksControl; the API only talks to that interface.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"
#include "core/status.h"

namespace gw::admin {

struct LinkInfo {
  std::string name;
  std::string direction;      // "outbound" or "inbound"
  std::string state;          // up | connecting | open-circuit | listening | stopped
  std::string breaker;        // closed | open | half_open ("" for inbound)
  std::size_t connections = 0;
  std::size_t pool_size = 0;
  std::size_t in_flight = 0;
  std::size_t waiting = 0;    // claimed by the link, not in flight
  std::int64_t outbox_depth = 0;  // PENDING rows in the database for this link
  std::uint64_t answered = 0;
  std::uint64_t undeliverable = 0;
  std::string last_error;
};

nlohmann::json LinkInfoToJson(const LinkInfo& link);

class LinksControl {
 public:
  virtual ~LinksControl() = default;
  // Outbound links first, then the inbound listener (if any). May query the database.
  virtual StatusOr<std::vector<LinkInfo>> ListLinks() = 0;
  // kNotFound when no outbound link has that name.
  virtual Status ResetBreaker(const std::string& name) = 0;
};

// `links` may be null (no links configured): the list is empty and resets are 404.
void AddLinksApiRoutes(Router& router, Authenticator& auth, pg::PgPool& pool, LinksControl* links);

}  // namespace gw::admin
