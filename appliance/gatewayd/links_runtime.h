// File: appliance/gatewayd/links_runtime.h
//
// The mutual-TLS message links inside gatewayd: from the [links] configuration it
// loads the certificates, starts one outbound link per counterparty with a port
// (fed from the database outbox through gateway::LinkBridge) and the inbound
// listener (when links.listen_port is set) with the counterparties' allow-lists.
//
//   - The outbox is claimed in this node's name (links.node_name); at start the
//     messages this node left unanswered are sent again (same identifiers). With
//     the database down at start-up, gatewayd still starts: the outbound links
//     start once that recovery has run.
//   - LISTEN gateway_outbox wakes the link a new message is for.
//   - Reload() (SIGHUP) re-reads the configuration file, the certificates, keys
//     and CRL (links.crl_file) and the allow-lists, then checks every
//     established session again: an inbound session whose counterparty is no
//     longer allowed, or whose certificate no longer verifies (e.g. revoked),
//     and an outbound connection whose server certificate no longer verifies,
//     is closed (logged; tls_sessions_closed_on_reload_total). The outbound
//     connection settings need a restart.
//   - tls_certificate_expiry_seconds is refreshed every minute; /health shows
//     each link and is "degraded" when a certificate expires within 30 days or
//     the CRL's nextUpdate is within 24 hours ("down" once either has passed).
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "admin/health.h"
#include "admin/links_api.h"
#include "appliance/config.h"
#include "core/pg/pool.h"
#include "core/status.h"
#include "gateway/links/demo_counterparty.h"

namespace prometheus {
class Registry;
}
namespace gw::codecs {
class SchemaSet;
}
namespace gw::gateway {
class ComplianceService;
}

namespace gw::appliance {

class LinksRuntime : public admin::LinksControl {
 public:
  // Starts everything `config.links` describes (nothing when it is empty).
  // `config_file` is re-read by Reload(). `compliance` (may be null) screens
  // inbound payments. `pool`, `schemas`, `registry`, `health` and `compliance`
  // must outlive the runtime; Stop() before they go.
  static StatusOr<std::unique_ptr<LinksRuntime>> Start(const GatewayConfig& config,
                                                       std::optional<std::filesystem::path> config_file,
                                                       pg::PgPool& pool, const codecs::SchemaSet& schemas,
                                                       prometheus::Registry& registry, admin::HealthMonitor& health,
                                                       gateway::ComplianceService* compliance = nullptr,
                                                       links::DemoDecisionObserver demo_observer = {});
  ~LinksRuntime() override;

  // Hands unanswered messages back to the outbox and stops all I/O. Idempotent.
  void Stop();
  // Re-reads certificates, keys, the CRL and the allow-lists (the configuration
  // file), and closes the established sessions they no longer accept. On an
  // error, everything stays as it was.
  Status Reload();

  StatusOr<std::vector<admin::LinkInfo>> ListLinks() override;
  Status ResetBreaker(const std::string& name) override;

  struct Impl;

 private:
  explicit LinksRuntime(std::shared_ptr<Impl> impl);
  std::shared_ptr<Impl> impl_;  // shared with the /health checks, which outlive no Stop()
};

}  // namespace gw::appliance
