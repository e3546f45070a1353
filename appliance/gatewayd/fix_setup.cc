#include "appliance/gatewayd/fix_setup.h"

namespace gw::appliance {

StatusOr<std::unique_ptr<fix::FixEngine>> StartFix(const GatewayConfig& config, pg::PgPool& pool,
                                                    gateway::PaymentIntake& intake,
                                                    prometheus::Registry& registry, admin::HealthMonitor& health,
                                                    fix::EngineOptions options) {
  const FixConfig& f = config.fix;
  if (!f.enabled()) return std::unique_ptr<fix::FixEngine>();
  auto credentials = links::TlsCredentials::Load(
      "fix", links::TlsRole::kServer, links::TlsFiles{f.ca_file, f.cert_file, f.key_file, f.crl_file}, nullptr);
  if (!credentials.ok()) return InvalidArgument("fix.cert_file: " + credentials.status().message());
  options.database_url = config.database.url;
  options.connect_timeout_seconds = config.database.connect_timeout_seconds;
  options.listen_address = f.listen_address;
  options.port = static_cast<unsigned short>(f.listen_port);
  options.dictionary_dir = std::filesystem::path(config.paths.data_dir) / "schemas/fix";
  options.handshake_timeout = std::chrono::milliseconds(f.handshake_timeout_ms);
  for (const auto& s : f.sessions) {
    fix::SessionOptions o;
    o.policy = fix::SessionPolicy{s.name, s.debtor_accounts, s.currencies};
    o.begin_string = s.begin_string;
    o.sender_comp_id = s.sender_comp_id;
    o.target_comp_id = s.target_comp_id;
    o.start_time = s.start_time;
    o.end_time = s.end_time;
    o.start_day = s.start_day;
    o.end_day = s.end_day;
    o.max_heartbeat_seconds = s.heartbeat_seconds;
    o.allow = std::make_shared<const links::AllowList>(
        std::vector<links::AllowedPeer>{links::AllowedPeer{s.name, s.allow_names, s.allow_fingerprints}});
    options.sessions.push_back(std::move(o));
  }
  auto engine = fix::FixEngine::Create(std::move(options), pool, intake, *credentials, registry);
  if (!engine.ok()) return engine.status();
  GW_RETURN_IF_ERROR((*engine)->Start());
  fix::FixEngine* e = engine->get();
  for (const auto& s : f.sessions) {
    const std::string name = s.name;
    health.AddCheck("fix:" + name, false, [e, name]() {
      admin::ComponentHealth h;
      const bool on = e->LoggedOn(name), enabled = e->Enabled(name);
      h.status = on ? "up" : "degraded";
      h.details = {{"logged_on", on}, {"enabled", enabled}};
      if (!enabled) h.details["note"] = "logged out by an admin";
      return h;
    });
  }
  return engine;
}

}  // namespace gw::appliance
