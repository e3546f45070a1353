// gatewayd: the payment message gateway service.
//
//   gatewayd [--config FILE]
//
// Exit codes: 0 after a clean shutdown (SIGTERM/SIGINT), 1 when it cannot start
// (e.g. the port is taken), 2 for a configuration error.
#include <spdlog/spdlog.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <thread>

#include "admin/api.h"
#include "admin/compliance_api.h"
#include "admin/console_routes.h"
#include "admin/fix_api.h"
#include "admin/auth.h"
#include "admin/health.h"
#include "admin/http_server.h"
#include "admin/links_api.h"
#include "admin/metrics.h"
#include "admin/operators_api.h"
#include "admin/reconciliation_api.h"
#include "admin/system_routes.h"
#include "appliance/config.h"
#include "appliance/gatewayd/links_runtime.h"
#include "appliance/gatewayd/compliance_setup.h"
#include "appliance/gatewayd/fix_setup.h"
#include "appliance/logging.h"
#include "codecs/iso20022/guidelines/usage_guideline.h"
#include "codecs/iso20022/schema_set.h"
#include "core/pg/pool.h"
#include "codecs/decimal.h"
#include "codecs/currency.h"
#include "gateway/compliance_service.h"
#include "gateway/payment_intake.h"
#include "gateway/pipeline.h"
#include "gateway/reconciliation/reconciliation.h"

namespace {

constexpr const char* kUsage =
    "usage: gatewayd [--config FILE]\n"
    "  --config FILE   configuration file (TOML); default: built-in defaults, or $GATEWAY_CONFIG\n"
    "Environment: DATABASE_URL, PORT, BIND_ADDRESS, LOG_DIR, LOG_LEVEL, DB_POOL_SIZE, GATEWAY_DATA_DIR\n";

int Run(const gw::appliance::GatewayConfig& config, const std::optional<std::filesystem::path>& config_file) {
  using namespace gw;
  // Least privilege: every connection this process opens is checked.
  pg::RequireRuntimeRole(!config.database.allow_privileged_role);
  if (auto probe = pg::Connect(config.database.url, config.database.connect_timeout_seconds, "gatewayd-start");
      !probe.ok()) {
    if (probe.status().code() == StatusCode::kFailedPrecondition) {
      spdlog::critical("database.url: {}", probe.status().message());
      return 2;
    }
    // Unreachable now: every later connection is checked the same way.
  }
  admin::Metrics metrics;
  pg::PoolOptions pool_options;
  pool_options.url = config.database.url;
  pool_options.size = config.database.pool_size;
  pool_options.acquire_timeout = config.database.acquire_timeout;
  pool_options.connect_timeout_seconds = config.database.connect_timeout_seconds;
  pool_options.statement_timeout = config.database.statement_timeout;
  pg::PgPool pool(pool_options, &metrics.registry());

  admin::HealthMonitor health(config.database.url, config.database.health_interval,
                              config.database.connect_timeout_seconds, &pool);
  health.Start();

  auto schemas = codecs::SchemaSet::Load(config.paths.iso20022_dir());
  if (!schemas.ok()) {
    spdlog::critical("cannot load the ISO 20022 schemas from {}: {}", config.paths.iso20022_dir().string(),
                     schemas.status().message());
    health.Stop();
    return 1;
  }
  for (const std::string& why : (*schemas)->reference_only()) {
    spdlog::warn("schema validated by Xerces-C, slower than the compiled validator: {}", why);
  }

  gateway::PipelineOptions pipeline_options;
  pipeline_options.database_url = config.database.url;
  pipeline_options.our_bic = config.pipeline.our_bic;
  pipeline_options.workers = config.pipeline.workers;
  pipeline_options.batch_size = config.pipeline.batch_size;
  pipeline_options.stuck_after_seconds = config.pipeline.stuck_after_seconds;
  for (const auto& [ccy, amount] : config.pipeline.approval_thresholds) {
    auto minor = codecs::Decimal::Parse(amount).value_or(codecs::Decimal())
                     .ToMinorUnits(codecs::CurrencyMinorUnits(ccy).value_or(2));
    if (!minor) {
      spdlog::critical("approval.thresholds.{}: {} has more decimals than {} allows", ccy, amount, ccy);
      health.Stop();
      return 2;
    }
    pipeline_options.approval_thresholds_minor[ccy] = *minor;
  }
  pipeline_options.unlisted_currencies_need_checker = config.pipeline.unlisted_currencies != "auto";
  for (const auto& peer : config.links.peers)
    if (!peer.usage_guideline.empty())
      pipeline_options.link_guidelines[peer.name] = codecs::FindUsageGuideline(peer.usage_guideline);
  pipeline_options.straight_through_sources.insert(config.pipeline.straight_through_sources.begin(),
                                                   config.pipeline.straight_through_sources.end());
  auto compliance_options = appliance::ComplianceOptionsFrom(config);
  if (!compliance_options.ok()) {
    spdlog::critical("{}", compliance_options.status().message());
    health.Stop();
    return 2;
  }
  gateway::ComplianceService compliance(*compliance_options, metrics.registry());
  if (auto loaded = compliance.Refresh(); !loaded.ok()) {
    // The database may be starting: the refresh thread keeps trying, and until
    // it succeeds the pipeline screens nothing and lets nothing past screening.
    spdlog::warn("compliance: the lists in force are not loaded yet ({}): new payments wait until they are",
                 loaded.status().message());
  } else if (!compliance.index()) {
    spdlog::warn("compliance: no sanctions list is in force (gatewayctl sanctions import); payments {}",
                 config.compliance.require_lists ? "are held until one is" : "pass screening unscreened");
  }
  pipeline_options.compliance = &compliance;
  gateway::Pipeline pipeline(pipeline_options, **schemas, metrics.registry());
  compliance.SetRelease([&pipeline](pqxx::dbtransaction& txn, const gateway::Payment& p, const std::string& actor,
                                    const std::string& reason) { return pipeline.Release(txn, p, actor, reason); });

  admin::AuthOptions auth_options;
  auth_options.token_ttl = std::chrono::seconds(config.auth.token_ttl_seconds);
  auth_options.max_failures = config.auth.max_failed_logins;
  auth_options.failure_window = std::chrono::seconds(config.auth.failed_login_window_seconds);
  auth_options.max_failures_per_address = config.auth.max_failed_logins_per_address;
  auth_options.backoff_base = std::chrono::seconds(config.auth.login_backoff_base_seconds);
  auth_options.backoff_max = std::chrono::seconds(config.auth.login_backoff_max_seconds);
  admin::Authenticator auth(pool, auth_options);

  admin::Router router;
  std::ifstream openapi_file(std::filesystem::path(config.paths.data_dir) / "schemas/api/openapi.json");
  std::string openapi((std::istreambuf_iterator<char>(openapi_file)), std::istreambuf_iterator<char>());
  if (openapi.empty()) spdlog::warn("schemas/api/openapi.json not found under {}: /api-docs will be empty", config.paths.data_dir);
  admin::MetricsHistory metrics_history(metrics.registry());
  admin::AddSystemRoutes(router, health, metrics, auth, openapi.empty() ? "{}" : openapi, &metrics_history);
  gateway::PaymentIntake intake(pool);
  admin::ApiContext api{pool, auth, pipeline, intake, **schemas, config.pipeline.stuck_after_seconds};
  admin::AddApiRoutes(router, api);
  // Reconciliation: cut-offs and tolerances, the scheduled run, the API, and
  // the demo bank's statements when the simulated bank runs.
  reconciliation::SchedulerOptions recon_options;
  recon_options.enabled = config.reconciliation.enabled;
  recon_options.default_cutoff_minutes = *reconciliation::ParseCutoff(config.reconciliation.default_cutoff);
  for (const auto& [link, hhmm] : config.reconciliation.cutoffs)
    recon_options.cutoff_minutes[link] = *reconciliation::ParseCutoff(hhmm);
  recon_options.delay_after_cutoff = std::chrono::seconds(config.reconciliation.delay_after_cutoff_seconds);
  recon_options.interval = config.reconciliation.interval;
  recon_options.tolerance = {config.reconciliation.amount_tolerance_minor, config.reconciliation.value_date_tolerance_days};
  reconciliation::Scheduler recon_scheduler(pool, recon_options, metrics.registry());
  admin::ReconciliationApiContext recon_api{pool, auth, config.paths.iso20022_dir(), {}};
  recon_api.run_defaults.default_cutoff_minutes = recon_options.default_cutoff_minutes;
  recon_api.run_defaults.cutoff_minutes = recon_options.cutoff_minutes;
  recon_api.run_defaults.tolerance = recon_options.tolerance;
  admin::AddReconciliationRoutes(router, recon_api);
  std::unique_ptr<reconciliation::DemoStatementBank> demo_bank;
  links::DemoDecisionObserver demo_observer;
  if (config.links.demo_counterparty_port > 0) {
    reconciliation::DemoStatementOptions demo_options;
    for (const auto& peer : config.links.peers)
      if (peer.port == config.links.demo_counterparty_port) demo_options.link = peer.name;
    demo_options.schema_dir = config.paths.iso20022_dir();
    demo_options.cutoff_minutes = recon_options.default_cutoff_minutes;
    if (auto c = recon_options.cutoff_minutes.find(demo_options.link); c != recon_options.cutoff_minutes.end())
      demo_options.cutoff_minutes = c->second;
    demo_options.page_entries = static_cast<std::size_t>(config.reconciliation.demo_page_entries);
    demo_bank = std::make_unique<reconciliation::DemoStatementBank>(pool, demo_options);
    demo_observer = [bank = demo_bank.get()](const links::InboundMessage& m, const links::InboundAnswer& a) {
      bank->OnDecided(m.body, a.status);
    };
  }
  auto links = appliance::LinksRuntime::Start(config, config_file, pool, **schemas, metrics.registry(), health,
                                              &compliance, demo_observer);
  if (!links.ok()) {
    spdlog::critical("{}", links.status().message());
    health.Stop();
    return links.status().code() == StatusCode::kInvalidArgument ? 2 : 1;  // 2: certificates or keys unusable
  }
  admin::AddLinksApiRoutes(router, auth, pool, links->get());
  // FIX sessions: instructions in through the same intake as the API.
  fix::EngineOptions fix_hooks;
  fix_hooks.count_initiated = [&pipeline] { pipeline.CountInitiated(); };
  fix_hooks.count_rejected = [&pipeline](const std::string& code) { pipeline.CountRejected(code); };
  auto fix_engine = appliance::StartFix(config, pool, intake, metrics.registry(), health, fix_hooks);
  if (!fix_engine.ok()) {
    spdlog::critical("{}", fix_engine.status().message());
    (*links)->Stop();
    health.Stop();
    return fix_engine.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  // The demo FIX counterparty (fix.demo_session): a client of the engine just started.
  auto fix_demo = appliance::StartFixDemo(config, fix_engine->get());
  if (!fix_demo.ok()) {
    spdlog::critical("{}", fix_demo.status().message());
    if (*fix_engine) (*fix_engine)->Stop();
    (*links)->Stop();
    health.Stop();
    return fix_demo.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::unique_ptr<appliance::FixControlAdapter> fix_control;
  if (*fix_engine) fix_control = std::make_unique<appliance::FixControlAdapter>(**fix_engine);
  admin::AddFixRoutes(router, auth, pool, fix_control.get());
  admin::ComplianceApiContext compliance_api{pool, auth, pipeline, compliance};
  admin::AddComplianceRoutes(router, compliance_api);
  admin::AddOperatorRoutes(router, pool, auth);
  admin::AddConsoleRoutes(router, {config.console.dir});
  admin::CheckApiDocs(router, openapi);

  boost::asio::io_context io;
  boost::asio::thread_pool workers(static_cast<std::size_t>(config.server.handler_threads));
  admin::HttpServerOptions http_options;
  http_options.bind_address = config.server.bind_address;
  http_options.port = static_cast<unsigned short>(config.server.port);
  http_options.max_connections = config.server.max_connections;
  http_options.max_connections_per_address = config.server.max_connections_per_address;
  http_options.header_limit_bytes = config.server.header_limit_bytes;
  http_options.body_limit_bytes = config.server.body_limit_bytes;
  http_options.read_timeout = config.server.read_timeout;
  http_options.header_timeout = config.server.header_timeout;
  http_options.body_timeout = config.server.body_timeout;
  if (!config.server.tls_cert_file.empty()) {
    auto tls = admin::MakeHttpsContext(config.server.tls_cert_file, config.server.tls_key_file);
    if (!tls.ok()) {
      spdlog::critical("{}", tls.status().message());
      health.Stop();
      return 2;
    }
    http_options.tls = *tls;
  }
  admin::HttpServer server(io, workers, router, metrics, http_options);
  if (Status s = server.Start(); !s.ok()) {
    spdlog::critical("{}", s.message());
    health.Stop();
    return 1;
  }
  pipeline.Start();
  compliance.Start();
  recon_scheduler.Start();
  metrics_history.Start();
  if (demo_bank) demo_bank->Start();
  spdlog::info("gatewayd listening on {}://{}:{} (database {}, pool size {})",
               config.server.tls_cert_file.empty() ? "http" : "https", config.server.bind_address, server.port(), pg::RedactUrl(config.database.url), config.database.pool_size);

  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  std::atomic<bool> stop_requested{false};
  signals.async_wait([&](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    spdlog::info("received signal {}: stopping", signo);
    stop_requested = true;
    server.StopAccepting();
    // Drain off the I/O threads, which must keep running to finish responses.
    std::thread([&] {
      const bool drained = server.Drain(std::chrono::steady_clock::now() + config.server.shutdown_grace);
      if (!drained) spdlog::warn("shutdown grace period over with requests still in flight");
      io.stop();
    }).detach();
  });

  std::vector<std::thread> io_threads;
  for (int i = 1; i < config.server.io_threads; ++i) io_threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : io_threads) t.join();
  workers.join();
  if (*fix_demo) (*fix_demo)->Stop();  // first: the engine answers its Logout
  if (*fix_engine) (*fix_engine)->Stop();
  (*links)->Stop();
  if (demo_bank) demo_bank->Stop();
  recon_scheduler.Stop();
  metrics_history.Stop();
  compliance.Stop();
  pipeline.Stop();
  health.Stop();
  pool.Close();
  spdlog::info("gatewayd stopped");
  spdlog::default_logger()->flush();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::filesystem::path> config_file;
  if (const char* env = std::getenv("GATEWAY_CONFIG"); env && *env) config_file = env;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--config" && i + 1 < argc) {
      config_file = argv[++i];
    } else if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    } else {
      std::cerr << "gatewayd: unknown argument '" << arg << "'\n" << kUsage;
      return 2;
    }
  }
  auto config = gw::appliance::LoadConfig(config_file);
  if (!config.ok()) {
    std::cerr << "gatewayd: configuration error: " << config.status().message() << "\n";
    return 2;
  }
  if (config->database.url.empty()) {
    std::cerr << "gatewayd: configuration error: database.url: not set (set DATABASE_URL or database.url)\n";
    return 2;
  }
  if (auto s = gw::appliance::SetupLogging(config->logging.dir, config->logging.level,
                                           config->logging.retention_days, true);
      !s.ok()) {
    std::cerr << "gatewayd: configuration error: " << s.message() << "\n";
    return 2;
  }
  return Run(*config, config_file);
}
