// File: appliance/gatewayctl/recon_command.cc
//
//   gatewayctl recon import FILE...
//   gatewayctl recon run --date YYYY-MM-DD [--link LINK]
//   gatewayctl recon report --date YYYY-MM-DD [--link LINK] [--format json|csv] [--all]
//
// Each statement file is imported in its own transaction, read as a stream: a
// file is imported whole or not at all, and a file imported before is refused.
#include <iostream>

#include "appliance/gatewayctl/args.h"
#include "appliance/gatewayctl/db_commands.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::ctl {

namespace {

constexpr const char* kUsage =
    "usage: gatewayctl recon import FILE...            import camt.053 / camt.054 statements\n"
    "       gatewayctl recon run --date YYYY-MM-DD [--link LINK]\n"
    "                                                  reconcile a day (stored; replaces that day's result)\n"
    "       gatewayctl recon report --date YYYY-MM-DD [--link LINK] [--format json|csv] [--all]\n";

reconciliation::RunOptions RunOptionsFrom(const Args& args, const appliance::GatewayConfig& config) {
  reconciliation::RunOptions o;
  o.date = Flag(args, "--date").value_or("");
  o.actor = CliActor();
  o.default_cutoff_minutes = reconciliation::ParseCutoff(config.reconciliation.default_cutoff).value();
  for (const auto& [link, hhmm] : config.reconciliation.cutoffs)
    o.cutoff_minutes[link] = reconciliation::ParseCutoff(hhmm).value();
  o.tolerance = {config.reconciliation.amount_tolerance_minor, config.reconciliation.value_date_tolerance_days};
  if (auto link = Flag(args, "--link")) {
    int minutes = o.default_cutoff_minutes;
    if (auto c = o.cutoff_minutes.find(*link); c != o.cutoff_minutes.end()) minutes = c->second;
    o.links = {reconciliation::LinkCutoff{*link, minutes}};
  }
  return o;
}

int Import(const Args& files, const appliance::GatewayConfig& config) {
  if (files.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  auto conn = pg::Connect(config.database.url, config.database.connect_timeout_seconds, "gatewayctl");
  if (!conn.ok()) return Fail(conn.status());
  reconciliation::ImportOptions options;
  options.actor = CliActor();
  options.schema_dir = config.paths.iso20022_dir();
  int failed = 0;
  for (const auto& file : files) {
    auto summary = reconciliation::ImportStatementFile(**conn, file, options);
    if (!summary.ok()) {
      std::cerr << "gatewayctl: " << summary.status().message() << "\n";
      ++failed;
      continue;
    }
    for (const auto& s : summary->statements)
      std::cout << "imported " << file << ": " << s.message_type << " " << s.statement_ref << " page " << s.page
                << ", account " << s.settlement_account << " (link " << s.link_name << "), " << s.business_date << ", "
                << s.entries << " entries\n";
  }
  return failed == 0 ? 0 : 1;
}

int RunCommand(const Args& args, const appliance::GatewayConfig& config) {
  auto options = RunOptionsFrom(args, config);
  if (options.date.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  pg::PoolOptions po;
  po.url = config.database.url;
  po.size = 2;
  po.application_name = "gatewayctl";
  pg::PgPool pool(po);
  auto results = reconciliation::RunDay(pool, options);
  if (!results.ok()) return Fail(results.status());
  for (const auto& r : *results)
    std::cout << "reconciled " << options.date << " " << r.link << ": run " << r.run_id << ", " << r.matched
              << " matched, " << r.unmatched << " unmatched, fingerprint " << r.fingerprint << "\n";
  return 0;
}

int Report(const Args& args, const appliance::GatewayConfig& config) {
  auto options = RunOptionsFrom(args, config);
  const std::string format = Flag(args, "--format").value_or("json");
  if (options.date.empty() || (format != "json" && format != "csv")) {
    std::cerr << kUsage;
    return 2;
  }
  pg::PoolOptions po;
  po.url = config.database.url;
  po.size = 1;
  po.application_name = "gatewayctl";
  pg::PgPool pool(po);
  auto report = reconciliation::DailyReport(pool, options, HasFlag(args, "--all") || format == "csv");
  if (!report.ok()) return Fail(report.status());
  std::cout << (format == "csv" ? reconciliation::DailyReportCsv(*report) : report->dump(2) + "\n");
  return 0;
}

}  // namespace

int RunReconCommand(const Args& args, const appliance::GatewayConfig& config) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const Args rest(args.begin() + 1, args.end());
  if (args[0] == "import") return Import(rest, config);
  if (args[0] == "run") return RunCommand(rest, config);
  if (args[0] == "report") return Report(rest, config);
  std::cerr << kUsage;
  return 2;
}

}  // namespace gw::ctl
