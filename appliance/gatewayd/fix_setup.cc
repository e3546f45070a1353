#include "appliance/gatewayd/fix_setup.h"

#include <fstream>

namespace gw::appliance {

StatusOr<std::unique_ptr<fix::FixEngine>> StartFix(const GatewayConfig& config, pg::PgPool& pool,
                                                    gateway::PaymentIntake& intake,
                                                    prometheus::Registry& registry, admin::HealthMonitor& health,
                                                    fix::EngineOptions options) {
  const FixConfig& f = config.fix;
  if (!f.enabled()) return std::unique_ptr<fix::FixEngine>();
  // The server side (acceptor sessions) only with a listen_port; without one
  // the engine still needs a server context, made from the client certificate.
  std::shared_ptr<links::TlsCredentials> client;
  if (f.has_initiators()) {
    // Initiator sessions: the gateway's own client certificate, as for the
    // links; the counterparty's server certificate must chain to fix.ca_file.
    auto loaded = links::TlsCredentials::Load(
        "fix-client", links::TlsRole::kClient,
        links::TlsFiles{f.ca_file, config.links.client_cert_file, config.links.client_key_file, f.crl_file}, nullptr);
    if (!loaded.ok()) return InvalidArgument("links.client_cert_file: " + loaded.status().message());
    client = *loaded;
  }
  std::shared_ptr<links::TlsCredentials> server;
  if (f.listen_port > 0) {
    auto loaded = links::TlsCredentials::Load(
        "fix", links::TlsRole::kServer, links::TlsFiles{f.ca_file, f.cert_file, f.key_file, f.crl_file}, nullptr);
    if (!loaded.ok()) return InvalidArgument("fix.cert_file: " + loaded.status().message());
    server = *loaded;
  }
  options.client_credentials = client;
  options.listen = f.listen_port > 0;
  options.connect_timeout = std::chrono::milliseconds(f.connect_timeout_ms);
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
    o.connect_host = s.connect_host;
    o.connect_port = static_cast<unsigned short>(s.connect_port);
    o.reconnect_interval = std::chrono::seconds(s.reconnect_interval_seconds);
    options.sessions.push_back(std::move(o));
  }
  auto engine = fix::FixEngine::Create(std::move(options), pool, intake, server ? server : client, registry);
  if (!engine.ok()) return engine.status();
  GW_RETURN_IF_ERROR((*engine)->Start());
  fix::FixEngine* e = engine->get();
  for (const auto& s : f.sessions) {
    const std::string name = s.name;
    health.AddCheck("fix:" + name, false, [e, name]() {
      admin::ComponentHealth h;
      const fix::FixEngine::SessionState st = e->State(name);
      const bool on = st.logged_on, enabled = st.enabled, ever = st.ever_logged_on;
      h.details = {{"role", st.initiator ? "initiator" : "acceptor"}, {"logged_on", on}, {"enabled", enabled}};
      if (st.initiator) {
        // The gateway calls this counterparty: not reaching it is a fault
        // once an attempt has failed, unless another gatewayd holds the
        // session or it is outside its schedule.
        const bool waiting = st.owned_elsewhere || st.outside_schedule || (!st.attempted && !ever);
        h.status = on || (enabled && waiting) ? "up" : "degraded";
        if (!enabled) h.details["note"] = "logged out by an admin";
        else if (on) {
        } else if (st.outside_schedule) h.details["note"] = "outside the session's schedule";
        else if (st.owned_elsewhere) h.details["note"] = "connected from another gatewayd";
        else if (!st.attempted && !ever) h.details["note"] = "connecting";
        else h.details["note"] = "cannot reach the counterparty: " + (st.connect_error.empty() ? "not logged on" : st.connect_error);
        return h;
      }
      // A session that has not logged on since start-up is waiting for its
      // counterparty (a desk that connects in the morning, a session for manual
      // tries): not a fault. One that was on and dropped, or that an admin
      // logged out, is degraded.
      h.status = on || (enabled && !ever) ? "up" : "degraded";
      if (!enabled) h.details["note"] = "logged out by an admin";
      else if (!on && !ever) h.details["note"] = "waiting for the counterparty's first logon";
      else if (!on) h.details["note"] = "disconnected";
      return h;
    });
  }
  return engine;
}

StatusOr<std::unique_ptr<fix::DemoCounterparty>> StartFixDemo(const GatewayConfig& config,
                                                              const fix::FixEngine* engine) {
  const FixConfig& f = config.fix;
  if (!f.demo_enabled() || engine == nullptr) return std::unique_ptr<fix::DemoCounterparty>();
  const FixSessionConfig* session = f.FindSession(f.demo_session);
  if (session == nullptr) return InvalidArgument("fix.demo_session: no session \"" + f.demo_session + "\"");
  fix::DemoCounterpartyOptions o;
  o.session = session->name;
  o.interval = std::chrono::milliseconds(f.demo_interval_ms);
  fix::InitiatorOptions& i = o.initiator;
  // A listener on every address is reached on the loopback.
  i.host = f.listen_address == "0.0.0.0" ? "127.0.0.1" : f.listen_address == "::" ? "::1" : f.listen_address;
  i.port = engine->port();
  i.begin_string = session->begin_string;
  i.sender_comp_id = session->target_comp_id;  // the counterparty's side of the session
  i.target_comp_id = session->sender_comp_id;
  i.dictionary_dir = std::filesystem::path(config.paths.data_dir) / "schemas/fix";
  i.cert_file = f.demo_cert_file;
  i.key_file = f.demo_key_file;
  i.ca_file = f.ca_file;
  i.heartbeat_seconds = session->heartbeat_seconds;
  i.start_time = session->start_time;
  i.end_time = session->end_time;
  i.start_day = session->start_day;
  i.end_day = session->end_day;
  fix::InstructionFields& in = o.instruction;
  in.currency = session->currencies.front();
  in.debtor_name = "Demo Desk Client";
  in.debtor_account = f.demo_debtor_account;
  in.debtor_agent_bic = config.pipeline.our_bic;
  in.creditor_name = "Demo Supplier KG";
  in.creditor_account = f.demo_creditor_account;
  in.creditor_agent_bic = f.demo_creditor_bic;
  for (const auto& [key, file] : {std::pair<const char*, std::string>{"fix.demo_cert_file", f.demo_cert_file},
                                  {"fix.demo_key_file", f.demo_key_file}})
    if (!std::ifstream(file)) return InvalidArgument(std::string(key) + ": cannot read " + file);
  auto demo = fix::DemoCounterparty::Create(std::move(o));
  if (!demo.ok()) return InvalidArgument("fix.demo_session: " + session->name + ": " + demo.status().message());
  // QuickFIX reads the certificate and key here.
  if (Status s = (*demo)->Start(); !s.ok()) return InvalidArgument("fix.demo_cert_file: " + s.message());
  return demo;
}

}  // namespace gw::appliance
