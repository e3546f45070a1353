#include "appliance/gatewayd/links_runtime.h"

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <condition_variable>
#include <csignal>
#include <map>
#include <mutex>
#include <pqxx/pqxx>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "codecs/iso20022/guidelines/usage_guideline.h"
#include "gateway/link_bridge.h"
#include "gateway/links/demo_counterparty.h"
#include "gateway/links/inbound_listener.h"
#include "gateway/links/link_metrics.h"
#include "gateway/links/outbound_link.h"
#include "gateway/links/pki.h"
#include "gateway/links/tls.h"

namespace gw::appliance {

namespace {

constexpr auto kExpiryRefresh = std::chrono::seconds(60);
constexpr double kExpiryWarningSeconds = 30.0 * 86400;
constexpr double kCrlWarningSeconds = 86400;

std::vector<links::AllowedPeer> AllowedPeers(const LinksConfig& config) {
  std::vector<links::AllowedPeer> out;
  for (const auto& p : config.peers) {
    if (p.allow_names.empty() && p.allow_fingerprints.empty()) continue;
    out.push_back(links::AllowedPeer{p.name, p.allow_names, p.allow_fingerprints});
  }
  return out;
}

links::OutboundLinkConfig OutboundConfig(const LinkPeerConfig& p) {
  links::OutboundLinkConfig c;
  c.name = p.name;
  c.host = p.host;
  c.port = static_cast<std::uint16_t>(p.port);
  c.server_name = p.server_name;
  c.pool_size = static_cast<std::size_t>(p.pool_size);
  c.window = static_cast<std::size_t>(p.window);
  c.claim_batch = std::min<std::size_t>(c.window, 256);
  c.answer_timeout = p.answer_timeout;
  c.max_resends = p.max_resends;
  c.backoff_max = p.backoff_max;
  c.backoff_initial = std::min(c.backoff_initial, p.backoff_max);
  c.outbox_poll_interval = std::chrono::milliseconds(200);
  c.breaker.failure_threshold = p.breaker_failures;
  c.breaker.open_cooldown = p.breaker_cooldown;
  return c;
}

// Wakes the link a new outbox message is for (the pipeline's NOTIFY gateway_outbox, '<link>').
class OutboxReceiver : public pqxx::notification_receiver {
 public:
  OutboxReceiver(pqxx::connection_base& c, std::function<void(const std::string&)> wake)
      : pqxx::notification_receiver(c, "gateway_outbox"), wake_(std::move(wake)) {}
  void operator()(const std::string& payload, int) override { wake_(payload); }

 private:
  std::function<void(const std::string&)> wake_;
};

}  // namespace

struct LinksRuntime::Impl {
  // Declared first: destroyed last, after everything with sockets or timers on it.
  boost::asio::io_context io;
  std::optional<boost::asio::executor_work_guard<boost::asio::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;

  GatewayConfig config;
  std::optional<std::filesystem::path> config_file;
  pg::PgPool& pool;
  prometheus::Registry& registry;
  links::LinkMetrics metrics;
  std::shared_ptr<links::TlsCredentials> client_credentials;
  std::shared_ptr<links::TlsCredentials> server_credentials;
  std::unique_ptr<gateway::LinkBridge> bridge;
  std::map<std::string, std::shared_ptr<links::OutboundLink>> outbound;  // fixed after start
  std::shared_ptr<links::InboundListener> listener;
  std::unique_ptr<links::DemoCounterparty> demo;  // the simulated bank, when configured
  std::vector<links::AllowedPeer> demo_allowed;   // who the simulated bank accepts (fixed)
  std::unique_ptr<boost::asio::signal_set> hangup;

  std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;  // guarded by mu
  std::thread watcher;    // LISTEN gateway_outbox + certificate expiry refresh
  std::atomic<bool> stopped{false};
  // Outbound links start only after the outbox recovery (LinkBridge::Start):
  // at start-up when the database answers, else from the watcher once it does.
  std::atomic<bool> links_started{false};

  Impl(const GatewayConfig& c, std::optional<std::filesystem::path> file, pg::PgPool& p, prometheus::Registry& r)
      : config(c), config_file(std::move(file)), pool(p), registry(r), metrics(r) {}

  void WatchLoop();
  // Hands back what this node left SENT, then starts the outbound links. False if
  // the database could not be reached (try again later).
  bool RecoverAndStartLinks();
  void WaitHangup();
  Status Reload();
  std::vector<links::AllowedPeer> DemoAllowed() const { return demo_allowed; }
  std::vector<admin::LinkInfo> Snapshot(const std::map<std::string, std::int64_t>& depth);
  void AddHealthChecks(admin::HealthMonitor& health, const std::shared_ptr<Impl>& self);
  void Stop();
};

bool LinksRuntime::Impl::RecoverAndStartLinks() {
  if (links_started) return true;
  if (Status s = bridge->Start(); !s.ok()) {
    spdlog::warn("links: cannot hand back unanswered messages yet ({}); outbound links start once the database answers",
                 s.message());
    return false;
  }
  for (auto& [name, link] : outbound) link->Start();
  links_started = true;
  return true;
}

void LinksRuntime::Impl::WatchLoop() {
  auto last_refresh = std::chrono::steady_clock::time_point{};
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<OutboxReceiver> receiver;
  while (true) {
    {
      std::unique_lock lock(mu);
      if (stopping) break;
    }
    if (!links_started && !RecoverAndStartLinks()) {
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::seconds(2), [&] { return stopping; });
      continue;
    }
    const auto now = std::chrono::steady_clock::now();
    if (now - last_refresh >= kExpiryRefresh) {
      last_refresh = now;
      if (client_credentials) client_credentials->UpdateExpiryMetric();
      if (server_credentials) server_credentials->UpdateExpiryMetric();
    }
    try {
      if (!conn) {
        auto opened = pg::Connect(pool.options().url, pool.options().connect_timeout_seconds, "gatewayd-links");
        if (!opened.ok()) throw std::runtime_error(opened.status().message());
        conn = std::move(opened).value();
        receiver = std::make_unique<OutboxReceiver>(*conn, [this](const std::string& link) {
          auto it = outbound.find(link);
          if (it != outbound.end()) it->second->Notify();
        });
        // Messages queued while nobody listened are found by the links' polling.
      }
      conn->await_notification(1, 0);
    } catch (const std::exception& e) {
      spdlog::warn("links: outbox notifications unavailable ({}); the links poll meanwhile", e.what());
      receiver.reset();
      conn.reset();
      std::unique_lock lock(mu);
      cv.wait_for(lock, std::chrono::seconds(2), [&] { return stopping; });
    }
  }
  receiver.reset();
  conn.reset();
}

void LinksRuntime::Impl::WaitHangup() {
  hangup->async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    spdlog::info("links: SIGHUP: reloading certificates and allow-lists");
    Status s = Reload();
    if (!s.ok()) spdlog::error("links: reload failed, keeping the previous certificates and allow-lists: {}", s.message());
    WaitHangup();
  });
}

Status LinksRuntime::Impl::Reload() {
  LinksConfig fresh_links = config.links;
  if (config_file) {
    auto fresh = LoadConfig(config_file);
    if (!fresh.ok()) return fresh.status();
    fresh_links = fresh->links;
    for (const auto& p : fresh_links.peers)
      if (p.port > 0 && !outbound.count(p.name))
        spdlog::warn("links: new outbound link {} starts at the next restart", p.name);
  }
  const std::vector<links::AllowedPeer> allowed = AllowedPeers(fresh_links);
  const LinksConfig& lc = fresh_links;
  // The files named now (an own certificate no longer configured keeps the one
  // in use: outbound links and the listener change at a restart only).
  auto files = [&](const std::shared_ptr<links::TlsCredentials>& creds, const std::string& cert,
                   const std::string& key) {
    links::TlsFiles f = creds->files();
    f.ca_file = lc.ca_file;
    f.crl_file = lc.crl_file;
    if (!cert.empty() && !key.empty()) {
      f.cert_file = cert;
      f.key_file = key;
    }
    return f;
  };
  // Every file is loaded once before anything is switched: one that does not
  // load leaves the previous certificates, CRL and allow-lists in force.
  std::optional<links::TlsFiles> client_files, server_files;
  if (client_credentials) client_files = files(client_credentials, lc.client_cert_file, lc.client_key_file);
  if (server_credentials) server_files = files(server_credentials, lc.server_cert_file, lc.server_key_file);
  for (const auto& [label, role, f] : {std::tuple{"client", links::TlsRole::kClient, client_files},
                                       std::tuple{"server", links::TlsRole::kServer, server_files}}) {
    if (!f) continue;
    auto trial = links::TlsCredentials::Load(label, role, *f, nullptr);
    if (!trial.ok()) return trial.status().WithContext(std::string(label) + " certificate");
  }
  if (client_credentials) GW_RETURN_IF_ERROR(client_credentials->Reload(*client_files));
  if (server_credentials) GW_RETURN_IF_ERROR(server_credentials->Reload(*server_files));
  // Established sessions are checked again with the new CA, CRL and allow-list;
  // those no longer accepted are closed.
  std::size_t closed = 0;
  if (listener) closed += listener->SetAllowList(links::AllowList(allowed));
  for (auto& [name, link] : outbound) closed += link->Revalidate();
  if (demo) {
    std::optional<links::TlsFiles> demo_files;
    if (!lc.demo_counterparty_cert_file.empty() && !lc.demo_counterparty_key_file.empty())
      demo_files = links::TlsFiles{lc.ca_file, lc.demo_counterparty_cert_file, lc.demo_counterparty_key_file,
                                   lc.crl_file};
    Status s = demo->Reload(DemoAllowed(), demo_files);
    if (!s.ok()) spdlog::error("links: demo counterparty keeps its previous certificates: {}", s.message());
  }
  if (client_credentials) client_credentials->UpdateExpiryMetric();
  if (server_credentials) server_credentials->UpdateExpiryMetric();
  spdlog::info("links: reloaded certificates{} and {} allow-list entries; {} established session(s) closed",
               lc.crl_file.empty() ? "" : " and CRL", allowed.size(), closed);
  return Status::Ok();
}

std::vector<admin::LinkInfo> LinksRuntime::Impl::Snapshot(const std::map<std::string, std::int64_t>& depth) {
  std::vector<admin::LinkInfo> out;
  for (const auto& [name, link] : outbound) {
    const auto st = link->GetStatus();
    admin::LinkInfo info;
    info.name = name;
    info.direction = "outbound";
    info.breaker = std::string(links::BreakerStateName(st.breaker));
    for (auto& ch : info.breaker) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    info.connections = st.connections_up;
    info.pool_size = st.pool_size;
    info.in_flight = st.in_flight;
    info.waiting = st.waiting;
    info.answered = st.answered;
    info.undeliverable = st.undeliverable;
    info.last_error = st.last_error;
    auto d = depth.find(name);
    info.outbox_depth = d == depth.end() ? 0 : d->second;
    if (stopped) info.state = "stopped";
    else if (st.breaker == links::BreakerState::kOpen) info.state = "open-circuit";
    else if (st.connections_up > 0) info.state = "up";
    else info.state = "connecting";
    out.push_back(std::move(info));
  }
  if (listener) {
    admin::LinkInfo info;
    info.name = "inbound";
    info.direction = "inbound";
    info.state = stopped ? "stopped" : "listening";
    info.connections = listener->active_connections();
    out.push_back(std::move(info));
  }
  return out;
}

void LinksRuntime::Impl::AddHealthChecks(admin::HealthMonitor& health, const std::shared_ptr<Impl>& self) {
  std::weak_ptr<Impl> weak = self;
  for (const auto& [link_name, link] : outbound) {
    health.AddCheck("link:" + link_name, false, [weak, name = link_name]() {
      admin::ComponentHealth h;
      auto impl = weak.lock();
      if (!impl || impl->stopped) {
        h.status = "down";
        h.details = {{"state", "stopped"}};
        return h;
      }
      auto links = impl->Snapshot({});
      for (const auto& l : links) {
        if (l.name != name || l.direction != "outbound") continue;
        h.status = l.state == "up" ? "up" : "degraded";
        h.details = {{"state", l.state}, {"breaker", l.breaker}, {"connections", l.connections},
                     {"in_flight", l.in_flight}};
        if (!l.last_error.empty()) h.details["last_error"] = l.last_error;
      }
      return h;
    });
  }
  if (listener) {
    health.AddCheck("link:inbound", false, [weak]() {
      admin::ComponentHealth h;
      auto impl = weak.lock();
      if (!impl || impl->stopped || !impl->listener) {
        h.status = "down";
        return h;
      }
      h.details = {{"state", "listening"}, {"port", impl->listener->port()},
                   {"connections", impl->listener->active_connections()}};
      return h;
    });
  }
  health.AddCheck("link_certificates", false, [weak]() {
    admin::ComponentHealth h;
    auto impl = weak.lock();
    if (!impl) return h;
    for (const auto& creds : {impl->client_credentials, impl->server_credentials}) {
      if (!creds) continue;
      const double seconds =
          std::chrono::duration<double>(creds->NotAfter() - std::chrono::system_clock::now()).count();
      h.details[creds->label()] = {{"expires_in_days", static_cast<std::int64_t>(seconds / 86400)}};
      if (seconds <= 0) {
        h.status = "down";
        h.details[creds->label()]["problem"] = "expired";
      } else if (seconds < kExpiryWarningSeconds) {
        if (h.status == "up") h.status = "degraded";
        h.details[creds->label()]["problem"] = "expires within 30 days";
      }
      // Past its nextUpdate, a CRL makes every peer fail verification.
      if (auto next = creds->CrlNextUpdate()) {
        const double crl_seconds = std::chrono::duration<double>(*next - std::chrono::system_clock::now()).count();
        h.details[creds->label()]["crl_next_update_in_hours"] = static_cast<std::int64_t>(crl_seconds / 3600);
        if (crl_seconds <= 0) {
          h.status = "down";
          h.details[creds->label()]["crl_problem"] = "CRL past its nextUpdate: every peer is refused";
        } else if (crl_seconds < kCrlWarningSeconds) {
          if (h.status == "up") h.status = "degraded";
          h.details[creds->label()]["crl_problem"] = "CRL nextUpdate within 24 hours";
        }
      }
    }
    return h;
  });
}

void LinksRuntime::Impl::Stop() {
  if (stopped.exchange(true)) return;
  {
    std::lock_guard lock(mu);
    stopping = true;
  }
  cv.notify_all();
  if (watcher.joinable()) watcher.join();
  if (hangup) {
    boost::system::error_code ignored;
    hangup->cancel(ignored);
  }
  // Unanswered messages go back to the outbox (synchronously), then no callback runs.
  for (auto& [name, link] : outbound) link->Stop();
  if (listener) listener->Stop();
  if (demo) demo->Stop();
  if (bridge) bridge->Stop();
  work.reset();
  io.stop();
  for (auto& t : io_threads) t.join();
  io_threads.clear();
  hangup.reset();
  outbound.clear();
  listener.reset();
  demo.reset();
  spdlog::info("links: stopped");
}

StatusOr<std::unique_ptr<LinksRuntime>> LinksRuntime::Start(const GatewayConfig& config,
                                                            std::optional<std::filesystem::path> config_file,
                                                            pg::PgPool& pool, const codecs::SchemaSet& schemas,
                                                            prometheus::Registry& registry,
                                                            admin::HealthMonitor& health,
                                                            gateway::ComplianceService* compliance,
                                                            links::DemoDecisionObserver demo_observer) {
  auto impl = std::make_shared<Impl>(config, std::move(config_file), pool, registry);
  std::unique_ptr<LinksRuntime> runtime(new LinksRuntime(nullptr));
  const LinksConfig& lc = config.links;
  if (!lc.enabled()) {
    runtime->impl_ = std::move(impl);
    return runtime;
  }
  bool any_outbound = false;
  for (const auto& p : lc.peers) any_outbound = any_outbound || p.port > 0;
  if (any_outbound) {
    auto creds = links::TlsCredentials::Load("client", links::TlsRole::kClient,
                                             {lc.ca_file, lc.client_cert_file, lc.client_key_file, lc.crl_file},
                                             &impl->metrics);
    if (!creds.ok()) return InvalidArgument("links: client certificate: " + creds.status().message());
    impl->client_credentials = *creds;
    impl->client_credentials->UpdateExpiryMetric();
  }
  if (lc.listen_port > 0) {
    auto creds = links::TlsCredentials::Load("server", links::TlsRole::kServer,
                                             {lc.ca_file, lc.server_cert_file, lc.server_key_file, lc.crl_file},
                                             &impl->metrics);
    if (!creds.ok()) return InvalidArgument("links: server certificate: " + creds.status().message());
    impl->server_credentials = *creds;
    impl->server_credentials->UpdateExpiryMetric();
  }

  // Settlement accounts named in the configuration must exist and belong to the link.
  for (const auto& p : lc.peers) {
    if (p.settlement_account.empty()) continue;
    Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      auto r = txn.exec_params("SELECT kind, coalesce(counterparty, '') FROM ledger_accounts WHERE id = $1",
                               p.settlement_account);
      if (r.empty())
        spdlog::warn("links: settlement account {} of link {} does not exist", p.settlement_account, p.name);
      else if (r[0][0].as<std::string>() != "settlement" || r[0][1].as<std::string>() != p.name)
        spdlog::warn("links: account {} is not a settlement account of link {}", p.settlement_account, p.name);
      return Status::Ok();
    });
    if (!s.ok()) spdlog::warn("links: cannot check settlement account of {}: {}", p.name, s.message());
  }

  gateway::LinkBridgeOptions bridge_options;
  bridge_options.node_name = lc.node_name;
  bridge_options.our_bic = config.pipeline.our_bic;
  bridge_options.threads = 2;
  bridge_options.compliance = compliance;
  for (const auto& peer : lc.peers)
    if (!peer.usage_guideline.empty())
      bridge_options.guidelines[peer.name] = codecs::FindUsageGuideline(peer.usage_guideline);
  impl->bridge = std::make_unique<gateway::LinkBridge>(pool, schemas, registry, bridge_options);

  impl->work.emplace(boost::asio::make_work_guard(impl->io));
  for (int i = 0; i < lc.threads; ++i) impl->io_threads.emplace_back([io = &impl->io] { io->run(); });
  auto fail = [&](Status s) {
    impl->Stop();
    return s;
  };

  if (lc.listen_port > 0) {
    links::InboundListenerConfig ic;
    ic.name = "inbound";
    ic.bind_address = lc.listen_address;
    ic.port = static_cast<std::uint16_t>(lc.listen_port);
    auto listener = links::InboundListener::Start(impl->io, ic, impl->server_credentials,
                                                  links::AllowList(AllowedPeers(lc)), *impl->bridge, registry);
    if (!listener.ok()) return fail(Unavailable("links: inbound listener on " + lc.listen_address + ":" +
                                                std::to_string(lc.listen_port) + ": " + listener.status().message()));
    impl->listener = *listener;
  }
  if (lc.demo_counterparty_port > 0) {
    // The simulated bank accepts this gateway's own client certificate.
    auto client = links::ReadPemPair(lc.client_cert_file, lc.client_key_file);
    if (!client.ok()) return fail(InvalidArgument("links: client certificate: " + client.status().message()));
    auto cn = links::CertificateCommonName(client->certificate_pem);
    if (!cn.ok()) return fail(InvalidArgument("links: client certificate: " + cn.status().message()));
    links::DemoCounterpartyConfig dc;
    dc.listener.name = "demo-counterparty";
    dc.listener.bind_address = "127.0.0.1";
    dc.listener.port = static_cast<std::uint16_t>(lc.demo_counterparty_port);
    dc.tls = {lc.ca_file, lc.demo_counterparty_cert_file, lc.demo_counterparty_key_file, lc.crl_file};
    dc.allowed = {links::AllowedPeer{lc.node_name, {*cn}, {}}};
    impl->demo_allowed = dc.allowed;
    dc.schema_dir = impl->config.paths.iso20022_dir();
    dc.rejected_creditor_ibans.insert(lc.demo_counterparty_reject_ibans.begin(), lc.demo_counterparty_reject_ibans.end());
    if (!lc.demo_counterparty_max_amount.empty()) dc.max_amount = lc.demo_counterparty_max_amount;
    dc.on_decided = std::move(demo_observer);
    auto demo = links::DemoCounterparty::Start(impl->io, dc, registry);
    if (!demo.ok()) return fail(Unavailable("links: demo counterparty on 127.0.0.1:" +
                                            std::to_string(lc.demo_counterparty_port) + ": " + demo.status().message()));
    impl->demo = std::move(demo).value();
    spdlog::info("links: demo counterparty (simulated bank) listening on 127.0.0.1:{}", impl->demo->port());
  }
  for (const auto& p : lc.peers) {
    if (p.port == 0) continue;
    auto link = links::OutboundLink::Create(impl->io, OutboundConfig(p), impl->client_credentials, *impl->bridge,
                                            *impl->bridge, registry);
    if (!link.ok()) return fail(InvalidArgument("links: link " + p.name + ": " + link.status().message()));
    impl->outbound[p.name] = *link;
  }
  impl->RecoverAndStartLinks();

  impl->hangup = std::make_unique<boost::asio::signal_set>(impl->io, SIGHUP);
  impl->WaitHangup();
  impl->watcher = std::thread([raw = impl.get()] { raw->WatchLoop(); });
  impl->AddHealthChecks(health, impl);
  spdlog::info("links: node {}: {} outbound link(s){}", lc.node_name, impl->outbound.size(),
               impl->listener ? ", listening on " + lc.listen_address + ":" + std::to_string(impl->listener->port())
                              : std::string(", no inbound listener"));
  runtime->impl_ = std::move(impl);
  return runtime;
}

LinksRuntime::LinksRuntime(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}

LinksRuntime::~LinksRuntime() { Stop(); }

void LinksRuntime::Stop() {
  if (impl_) impl_->Stop();
}

Status LinksRuntime::Reload() { return impl_->Reload(); }

StatusOr<std::vector<admin::LinkInfo>> LinksRuntime::ListLinks() {
  std::map<std::string, std::int64_t> depth;
  if (!impl_->outbound.empty()) {
    Status s = pg::InTransaction(impl_->pool, [&](pqxx::dbtransaction& txn) -> Status {
      depth.clear();
      for (const auto& r : txn.exec("SELECT link_name, count(*) FROM outbox WHERE status = 'PENDING' GROUP BY link_name"))
        depth[r[0].as<std::string>()] = r[1].as<std::int64_t>();
      return Status::Ok();
    });
    if (!s.ok()) return s;
  }
  return impl_->Snapshot(depth);
}

Status LinksRuntime::ResetBreaker(const std::string& name) {
  auto it = impl_->outbound.find(name);
  if (it == impl_->outbound.end()) return NotFound("no outbound link named " + name);
  it->second->ResetBreaker();
  return Status::Ok();
}

}  // namespace gw::appliance
