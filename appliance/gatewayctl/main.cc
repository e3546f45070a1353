// gatewayctl: the operator's command line.
//
// Exit codes: 0 success, 1 the operation failed, 2 usage or configuration error.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <iostream>
#include <map>
#include <optional>

#include "appliance/config.h"
#include "appliance/gatewayctl/commands.h"
#include "appliance/gatewayctl/db_commands.h"

namespace {

constexpr const char* kUsage = R"(usage: gatewayctl [--config FILE] COMMAND [ARGS]

Database (uses DATABASE_URL or database.url):
  migrate                      apply every pending migration
  migrate:rollback             undo the last applied migration
  migrate:status               show the applied and pending migrations
  seed --file FILE             create or update the deployment's operators from FILE (TOML)
  operator add --username U --role R --password-stdin
                               add an operator; roles: admin maker checker compliance auditor
  operator hash-password       read a password on stdin, print its hash (for seed files)
  demo-operators               create one demo operator per role (embedded default only)
  ledger account add --id ID --kind KIND --currency CCY --name NAME [--iban IBAN] [--counterparty LINK] [--overdraft]
  ledger import FILE.csv       opening balances (account_id,amount per line); safe to run twice
  ledger trial-balance         debits, credits and net per currency; exit 1 if not balanced
  route add --bic-prefix P --link LINK   send payments to BICs starting with P over LINK
  route list
  sanctions import --format ofac-sdn|un|eu|watchlist [--list-name N] [--version V] [--max-drop PCT] [--force] FILE...
                               import a sanctions / watch list version (atomic; the old one stays until done;
                               a version with over PCT % (10) fewer entries is refused unless --force)
  sanctions list [--all]       the list versions in force (--all: every stored version)
  sanctions screen NAME [--country CC] [--dob YYYY-MM-DD] [--bic BIC] [--json]
                               ad-hoc search of the lists in force: ranked hits with their explanation
  recon import FILE...         import camt.053 / camt.054 statements (streamed; each file whole or not at all)
  recon run --date D [--link L]
                               reconcile a day against the statements (stored; replaces that day's result)
  recon report --date D [--link L] [--format json|csv] [--all]
                               the daily reconciliation report

Load:
  load --count N [--rate R] [--concurrency C] [--port P] --username U --password-stdin [--iban IBAN] [--wait]
                               create N payments through the API; report throughput and latency

FIX (no database needed; the session and port from the configuration):
  fix send --session NAME --cert FILE --key FILE [--ca FILE] --amount AMOUNT [--currency CCY]
           [--debtor-account IBAN] --debtor-name NAME --creditor-name NAME --creditor-account IBAN
           --creditor-bic BIC [--remittance TEXT] [--cl-ord-id ID] [--host HOST] [--timeout SECONDS]
                               log on as the session's counterparty, send one instruction, print every
                               ExecutionReport until a final status; exit 0 when COMPLETED, else 1

Messages (no database needed):
  message validate FILE...     validate ISO 20022 files: one line per file, exit 0 if all valid
  message show FILE            print the parsed message as JSON
  message write FILE.json      print the XML for a message in JSON

Certificates:
  pki init --dir DIR [--days N] [--names a,b] [--san NAME=HOST,...] [--force]
                               create a development CA and, per name, server/client certificates for that name
  pki revoke --dir DIR --cert FILE
                               revoke a certificate and re-issue DIR/ca.crl (then SIGHUP gatewayd)
  pki crl --dir DIR [--days N] re-issue DIR/ca.crl
)";

}  // namespace

int main(int argc, char** argv) {
  std::optional<std::filesystem::path> config_file;
  if (const char* env = std::getenv("GATEWAY_CONFIG"); env && *env) config_file = env;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (args.empty() && arg == "--config" && i + 1 < argc) {
      config_file = argv[++i];
    } else {
      args.push_back(arg);
    }
  }
  if (args.empty() || args[0] == "help" || args[0] == "--help" || args[0] == "-h") {
    std::cout << kUsage;
    return args.empty() ? 2 : 0;
  }
  spdlog::set_pattern("%v");
  const std::string command = args[0];
  const gw::ctl::Args rest(args.begin() + 1, args.end());
  if (command == "message") return gw::ctl::RunMessageCommand(rest);
  if (command == "pki") return gw::ctl::RunPkiCommand(rest);

  auto config = gw::appliance::LoadConfig(config_file);
  if (!config.ok()) {
    std::cerr << "gatewayctl: configuration error: " << config.status().message() << "\n";
    return 2;
  }
  if (command == "migrate" || command == "migrate:rollback" || command == "migrate:status")
    return gw::ctl::RunMigrateCommand(command, rest, *config);
  if (command == "seed") return gw::ctl::RunSeedCommand(rest, *config);
  if (command == "operator") return gw::ctl::RunOperatorCommand(rest, *config);
  if (command == "demo-operators") return gw::ctl::RunDemoOperatorsCommand(rest, *config);
  if (command == "ledger") return gw::ctl::RunLedgerCommand(rest, *config);
  if (command == "route") return gw::ctl::RunRouteCommand(rest, *config);
  if (command == "load") return gw::ctl::RunLoadCommand(rest, *config);
  if (command == "sanctions") return gw::ctl::RunSanctionsCommand(rest, *config);
  if (command == "recon") return gw::ctl::RunReconCommand(rest, *config);
  if (command == "fix") return gw::ctl::RunFixCommand(rest, *config);
  std::cerr << "gatewayctl: unknown command '" << command << "'\n" << kUsage;
  return 2;
}
