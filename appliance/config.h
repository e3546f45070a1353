// File: appliance/config.h
//
// The gateway's configuration: one TOML file (documented in
// appliance/config/gateway.toml) plus environment overrides. Everything is
// validated at start-up; any problem is one line naming the key and the reason,
// and the executables exit with code 2.
//
// Environment overrides (they win over the file):
//   DATABASE_URL      database.url
//   PORT              server.port
//   BIND_ADDRESS      server.bind_address
//   LOG_DIR           logging.dir
//   LOG_LEVEL         logging.level
//   DB_POOL_SIZE      database.pool_size
//   GATEWAY_DATA_DIR  paths.data_dir
//   CONSOLE_DIR       console.dir
//   SCREENING_THRESHOLD       compliance.threshold
//   COMPLIANCE_REQUIRE_LISTS  compliance.require_lists
//   DATABASE_ALLOW_PRIVILEGED_ROLE  database.allow_privileged_role
//   LINKS_LISTEN_PORT links.listen_port
//   RECONCILIATION_ENABLED         reconciliation.enabled
//   RECONCILIATION_DEFAULT_CUTOFF  reconciliation.default_cutoff
//   RECONCILIATION_DELAY_S         reconciliation.delay_after_cutoff_s
//   RECONCILIATION_INTERVAL_MS     reconciliation.interval_ms
//   FIX_LISTEN_PORT   fix.listen_port
//   TLS_CERT_FILE     server.tls_cert_file
//   TLS_KEY_FILE      server.tls_key_file
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <map>
#include <vector>
#include <optional>
#include <string>

#include "core/status.h"

namespace gw::appliance {

struct ServerConfig {
  std::string bind_address = "127.0.0.1";
  int port = 3000;
  int io_threads = 2;
  int handler_threads = 32;
  int max_connections = 512;
  int max_connections_per_address = 64;
  std::size_t header_limit_bytes = 16 * 1024;
  std::size_t body_limit_bytes = 1024 * 1024;
  std::chrono::milliseconds read_timeout{15000};    // idle: before a request's first byte
  std::chrono::milliseconds header_timeout{10000};  // from a request's first byte to its last header
  std::chrono::milliseconds body_timeout{30000};    // the body after the headers; the response
  std::chrono::milliseconds shutdown_grace{8000};
  // HTTPS for the console and the API: both set, or neither (plain HTTP, e.g.
  // behind a TLS-terminating proxy). PEM files; the key is never logged.
  std::string tls_cert_file;
  std::string tls_key_file;
};

struct DatabaseConfig {
  std::string url;  // empty: not configured
  int pool_size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  int connect_timeout_seconds = 3;
  std::chrono::milliseconds statement_timeout{30000};
  std::chrono::milliseconds health_interval{2000};
  // gatewayd refuses to run as a role that could switch off the database's own
  // guarantees (superuser, owner of the schema): see docs/database-roles.md.
  bool allow_privileged_role = false;
};

struct LoggingConfig {
  std::string dir = "logs";
  std::string level = "info";  // trace, debug, info, warn, error
  int retention_days = 30;
};

struct PathsConfig {
  // Holds schemas/ (migrations, ISO 20022 XSDs). Defaults to the source tree at
  // build time; packages set it to /usr/share/gateway.
  std::string data_dir;
  std::filesystem::path migrations_dir() const { return std::filesystem::path(data_dir) / "schemas/migrations"; }
  std::filesystem::path iso20022_dir() const { return std::filesystem::path(data_dir) / "schemas/iso20022"; }
};

struct PipelineConfig {
  std::string our_bic = "GWAYDEFFXXX";  // this gateway's BIC (AppHdr From, InstgAgt)
  int workers = 2;
  int batch_size = 50;
  int stuck_after_seconds = 300;
  // Currency -> the amount (a decimal string) at or above which a checker must approve.
  std::map<std::string, std::string> approval_thresholds = {{"EUR", "10000.00"}, {"USD", "10000.00"},
                                                             {"GBP", "10000.00"}, {"CHF", "10000.00"}};
  std::vector<std::string> straight_through_sources;
  // A payment in a currency with no threshold: "checker" (every one needs a
  // checker, the default: four eyes fail closed) or "auto" (none does).
  std::string unlisted_currencies = "checker";
};

// [compliance]: sanctions screening and transaction limits (see
// appliance/config/gateway.toml for each key).
struct ComplianceConfig {
  double threshold = 0.84;                        // a name hit needs score >= threshold
  std::map<std::string, double> list_thresholds;  // per list name, overriding `threshold`
  std::vector<std::string> embargoed_countries;   // ISO 3166 alpha-2
  bool screen_remittance = true;
  bool require_lists = true;  // hold every payment while no list is in force (false: they pass unscreened)
  std::chrono::milliseconds refresh_interval{2000};
  // Currency -> limit name (per_transaction_max, daily_per_debtor_account,
  // daily_per_counterparty_bic) -> amount as a decimal string. Empty: no limits.
  std::map<std::string, std::map<std::string, std::string>> limits;
  bool refuse_unconfigured_currency = false;  // with limits: hold payments in other currencies
};

struct AuthConfig {
  int token_ttl_seconds = 3600;
  int max_failed_logins = 5;  // per user name and address, before the back-off
  int failed_login_window_seconds = 900;
  int max_failed_logins_per_address = 50;  // per window, any user name
  int login_backoff_base_seconds = 1;
  int login_backoff_max_seconds = 900;
};

// One counterparty of the mutual-TLS message links ([[links.peer]]): where to
// send (host/port; none: inbound only) and who may connect as it (allow-list;
// none: outbound only).
struct LinkPeerConfig {
  std::string name;                     // the link name (routes, settlement accounts, metrics)
  std::string host = "127.0.0.1";
  int port = 0;                         // 0: no outbound link to this counterparty
  std::string server_name;              // required with a port: the DNS name or IP its server certificate must carry
  int pool_size = 1;
  int window = 64;
  std::vector<std::string> allow_names;         // client certificate subject CN / SAN DNS
  std::vector<std::string> allow_fingerprints;  // client certificate SHA-256 (hex)
  std::string settlement_account;       // ledger account checked at start-up
  std::chrono::milliseconds answer_timeout{10000};
  int max_resends = 3;
  int breaker_failures = 5;
  std::chrono::milliseconds breaker_cooldown{10000};
  std::chrono::milliseconds backoff_max{30000};
  // A usage guideline (codecs/iso20022/guidelines/) both directions of this link
  // follow, e.g. "cbpr+"; empty: the ISO 20022 base only.
  std::string usage_guideline;
};

struct LinksConfig {
  std::string node_name = "gw1";        // claims in the outbox are made in this name
  std::string ca_file;                  // PEM: the CA counterparties' certificates chain to
  std::string client_cert_file;         // own certificate and key for outbound links
  std::string client_key_file;
  std::string server_cert_file;         // own certificate and key for the inbound listener
  std::string server_key_file;
  std::string crl_file;                 // PEM CRLs of the CA(s); empty: no revocation check
  std::string listen_address = "127.0.0.1";
  int listen_port = 0;                  // 0: no inbound listener
  int threads = 2;                      // link I/O threads
  std::vector<LinkPeerConfig> peers;
  // The built-in simulated counterparty bank, for demonstrations: it listens on
  // 127.0.0.1:demo_counterparty_port (0: off) with its own server certificate,
  // accepts this gateway's client certificate, and answers every pacs.008:
  // RJCT AC01 for a creditor IBAN listed, RJCT AM02 above the maximum amount,
  // otherwise ACSP.
  int demo_counterparty_port = 0;
  std::string demo_counterparty_cert_file;
  std::string demo_counterparty_key_file;
  std::vector<std::string> demo_counterparty_reject_ibans;
  std::string demo_counterparty_max_amount;  // decimal text; empty: no maximum
  bool enabled() const { return listen_port > 0 || !peers.empty() || demo_counterparty_port > 0; }
};

// [reconciliation]: statements against our books (gateway/reconciliation/README.md).
struct ReconciliationConfig {
  bool enabled = true;                       // the scheduled run after each link's cut-off
  std::string default_cutoff = "18:00";      // HH:MM UTC, for links not in `cutoffs`
  std::map<std::string, std::string> cutoffs;  // link -> HH:MM UTC
  int delay_after_cutoff_seconds = 300;      // the run starts this long after the cut-off
  std::chrono::milliseconds interval{30000}; // how often a gatewayd checks for runs due
  int64_t amount_tolerance_minor = 0;        // see the tolerance policy
  int value_date_tolerance_days = 0;
  int demo_page_entries = 500;               // the demo bank's camt.053 entries per page
};

// [fix] and [[fix.session]]: FIX sessions with counterparty and front-office
// systems (gateway/fix/README.md). Counterparties connect over mutual TLS to
// listen_address:listen_port (acceptor sessions), or the gateway calls them at
// connect_host:connect_port (initiator sessions); each session names the
// CompIDs, the certificates allowed to speak for it, and what it may instruct.
struct FixSessionConfig {
  std::string name;                        // payments' source is "fix:<name>"
  std::string begin_string = "FIX.4.4";    // or "FIXT.1.1" (application FIX.5.0SP2)
  std::string sender_comp_id;              // ours
  std::string target_comp_id;              // the counterparty's
  int heartbeat_seconds = 30;              // the longest HeartBtInt a counterparty's Logon may ask for
  std::string start_time = "00:00:00";     // the session's daily window, UTC
  std::string end_time = "00:00:00";       // equal to start_time: the whole day
  std::string start_day;                   // optional weekly window, e.g. "monday"
  std::string end_day;
  std::vector<std::string> allow_names;         // client certificate subject CN / SAN DNS
  std::vector<std::string> allow_fingerprints;  // client certificate SHA-256 (hex)
  std::vector<std::string> debtor_accounts;     // IBANs the session may debit (required)
  std::vector<std::string> currencies;          // ISO 4217 codes it may instruct (required)
  // Initiator sessions only (both set): the gateway connects out to the
  // counterparty with links.client_cert_file, and again every
  // reconnect_interval_seconds after a failed attempt or a dropped connection.
  std::string connect_host;                // a DNS name or an IP address
  int connect_port = 0;                    // 1..65535; 0: an acceptor session
  int reconnect_interval_seconds = 5;      // 1..3600
  bool initiator() const { return connect_port > 0; }
};

struct FixConfig {
  std::string listen_address = "127.0.0.1";
  int listen_port = 0;                     // 0: no FIX sessions
  std::string ca_file;                     // PEM: the CA counterparties' certificates chain to
  std::string cert_file;                   // own server certificate and key
  std::string key_file;
  std::string crl_file;                    // optional
  int handshake_timeout_ms = 10000;        // TLS handshake and Logon must arrive within it
  int connect_timeout_ms = 5000;           // initiator sessions: the TCP connection to the counterparty
  std::vector<FixSessionConfig> sessions;
  // The built-in demo FIX counterparty, for demonstrations (appliance/run.sh):
  // a QuickFIX initiator in gatewayd that logs on to listen_port as the
  // counterparty of session `demo_session` (empty: off; off too while
  // listen_port is 0) with its own RSA client certificate, sends one
  // instruction every demo_interval_ms from demo_debtor_account (one of the
  // session's debtor_accounts, in its first currency) to demo_creditor_account
  // at demo_creditor_bic, and logs every ExecutionReport. It checks the
  // gateway's certificate against ca_file.
  std::string demo_session;
  std::string demo_cert_file;
  std::string demo_key_file;
  int demo_interval_ms = 5000;
  std::string demo_debtor_account;         // IBAN
  std::string demo_creditor_bic;
  std::string demo_creditor_account;       // IBAN
  // FIX runs with a listen_port (acceptor sessions), or with at least one
  // initiator session (then listen_port may stay 0: nothing listens).
  bool enabled() const { return !sessions.empty() && (listen_port > 0 || has_initiators()); }
  bool demo_enabled() const { return enabled() && listen_port > 0 && !demo_session.empty(); }
  bool has_initiators() const {
    for (const auto& s : sessions)
      if (s.initiator()) return true;
    return false;
  }
  // The session named `name`, or null.
  const FixSessionConfig* FindSession(const std::string& name) const {
    for (const auto& s : sessions)
      if (s.name == name) return &s;
    return nullptr;
  }
};

// The web console and the rendered API reference (admin/console_routes.h).
struct ConsoleConfig {
  std::string dir = GW_CONSOLE_DIR;  // the bundle the build writes (<build>/console/www)
};

struct GatewayConfig {
  ServerConfig server;
  LinksConfig links;
  PipelineConfig pipeline;
  AuthConfig auth;
  ComplianceConfig compliance;
  ReconciliationConfig reconciliation;
  DatabaseConfig database;
  LoggingConfig logging;
  PathsConfig paths;
  ConsoleConfig console;
  FixConfig fix;
};

// Reads `file` (if given; a missing file is an error) and applies environment
// overrides read through `getenv` (std::getenv by default). The error message is
// one line: "<file>:<line>: <key>: <problem>" or "<VARIABLE>: <problem>".
using GetEnv = std::function<std::optional<std::string>(const std::string&)>;
StatusOr<GatewayConfig> LoadConfig(const std::optional<std::filesystem::path>& file,
                                   const GetEnv& getenv = {});

}  // namespace gw::appliance
