// gatewayctl ledger ... and gatewayctl route ...: accounts, opening balances and
// routing, as an operator sets up a deployment (and as the demo does).
#include <openssl/sha.h>

#include <fstream>
#include <iostream>
#include <pqxx/pqxx>
#include <sstream>

#include "appliance/gatewayctl/args.h"
#include "appliance/gatewayctl/db_commands.h"
#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "core/pg/audit.h"
#include "ledger/ledger.h"

namespace gw::ctl {

namespace {





std::string Sha256Hex(const std::string& data) {
  unsigned char d[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d);
  std::string out;
  char buf[3];
  for (unsigned char c : d) {
    std::snprintf(buf, sizeof buf, "%02x", c);
    out += buf;
  }
  return out;
}

constexpr const char* kLedgerUsage =
    "usage: gatewayctl ledger account add --id ID --kind customer|settlement|suspense|fees|equity --currency CCY "
    "--name NAME [--iban IBAN] [--counterparty LINK] [--overdraft]\n"
    "       gatewayctl ledger import FILE.csv   (opening balances: lines of account_id,amount)\n"
    "       gatewayctl ledger trial-balance\n";

// Opening balances: each line "account_id,amount" credits the account and debits
// the equity account of its currency (OPENING-<CCY>, created when missing). The
// same file imported twice posts nothing the second time.
int ImportOpeningBalances(const std::string& path, const appliance::GatewayConfig& config) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail(InvalidArgument(path + ": cannot read"));
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string content = ss.str();
  if (content.size() > (16 << 20)) return Fail(InvalidArgument(path + ": larger than 16 MiB"));
  const std::string digest = Sha256Hex(content).substr(0, 16);
  struct Line {
    int number;
    std::string account;
    std::string amount;
  };
  std::vector<Line> lines;
  std::istringstream rd(content);
  std::string text;
  int number = 0;
  while (std::getline(rd, text)) {
    ++number;
    if (!text.empty() && text.back() == '\r') text.pop_back();
    if (text.empty() || text[0] == '#') continue;
    if (number == 1 && text.rfind("account", 0) == 0) continue;  // header
    const auto comma = text.find(',');
    if (comma == std::string::npos || text.find(',', comma + 1) != std::string::npos)
      return Fail(InvalidArgument(path + ":" + std::to_string(number) + ": expected account_id,amount"));
    lines.push_back({number, text.substr(0, comma), text.substr(comma + 1)});
  }
  int posted = 0, skipped = 0;
  Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
    for (const auto& l : lines) {
      const std::string where = path + ":" + std::to_string(l.number) + ": ";
      GW_ASSIGN_OR_RETURN(auto account, ledger::FindAccount(txn, l.account));
      if (!account) return InvalidArgument(where + "unknown account " + l.account);
      auto dec = codecs::Decimal::Parse(l.amount);
      auto minor = dec ? dec->ToMinorUnits(codecs::CurrencyMinorUnits(account->currency).value_or(2)) : std::nullopt;
      if (!minor || *minor <= 0) return InvalidArgument(where + "amount \"" + l.amount + "\" is not a positive amount in " + account->currency);
      const std::string equity = "OPENING-" + account->currency;
      GW_ASSIGN_OR_RETURN(auto eq, ledger::FindAccount(txn, equity));
      if (!eq)
        GW_RETURN_IF_ERROR(ledger::CreateAccount(
            txn, ledger::Account{equity, "equity", account->currency, "Opening balances " + account->currency, "", "", true, 0}));
      GW_ASSIGN_OR_RETURN(auto r, ledger::PostEntry(txn, ledger::EntrySpec{"opening", "opening:" + digest + ":" + std::to_string(l.number),
                                                                           "", "opening balance from " + path,
                                                                           {{equity, -*minor}, {l.account, *minor}}}));
      if (r.already_posted) ++skipped;
      else ++posted;
    }
    pg::WriteAudit(txn, pg::AuditEntry{CliActor(), "ledger.import_opening_balances", "ledger", path, std::nullopt,
                                       nlohmann::json{{"posted", posted}, {"already_posted", skipped}}, "", std::nullopt});
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  std::cout << "opening balances: " << posted << " posted, " << skipped << " already posted\n";
  return 0;
}

}  // namespace

int RunLedgerCommand(const Args& args, const appliance::GatewayConfig& config) {
  if (args.size() >= 2 && args[0] == "account" && args[1] == "add") {
    ledger::Account a;
    a.id = Flag(args, "--id").value_or("");
    a.kind = Flag(args, "--kind").value_or("");
    a.currency = Flag(args, "--currency").value_or("");
    a.name = Flag(args, "--name").value_or("");
    a.iban = Flag(args, "--iban").value_or("");
    a.counterparty = Flag(args, "--counterparty").value_or("");
    a.allow_overdraft = std::find(args.begin(), args.end(), "--overdraft") != args.end();
    if (a.id.empty() || a.kind.empty() || a.currency.empty() || a.name.empty()) {
      std::cerr << kLedgerUsage;
      return 2;
    }
    if (!codecs::CurrencyMinorUnits(a.currency)) return Fail(InvalidArgument("--currency " + a.currency + " is not an active ISO 4217 code"));
    Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
      GW_RETURN_IF_ERROR(ledger::CreateAccount(txn, a));
      pg::WriteAudit(txn, pg::AuditEntry{CliActor(), "ledger.account_create", "ledger_account", a.id, std::nullopt,
                                         nlohmann::json{{"kind", a.kind}, {"currency", a.currency}, {"iban", a.iban},
                                                        {"counterparty", a.counterparty}, {"allow_overdraft", a.allow_overdraft}},
                                         "", std::nullopt});
      return Status::Ok();
    });
    if (s.code() == StatusCode::kAlreadyExists) {
      std::cout << "account " << a.id << " already exists\n";
      return 0;
    }
    if (!s.ok()) return Fail(s);
    std::cout << "account " << a.id << " created\n";
    return 0;
  }
  if (args.size() == 2 && args[0] == "import") return ImportOpeningBalances(args[1], config);
  if (args.size() == 1 && args[0] == "trial-balance") {
    std::vector<ledger::TrialBalanceLine> lines;
    Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
      GW_ASSIGN_OR_RETURN(lines, ledger::TrialBalance(txn));
      return Status::Ok();
    });
    if (!s.ok()) return Fail(s);
    bool balanced = true;
    for (const auto& l : lines) {
      std::cout << l.currency << " debits " << l.debits_minor << " credits " << l.credits_minor << " net " << l.net_minor
                << "\n";
      balanced &= l.net_minor == 0 && l.balances_net_minor == 0;
    }
    std::cout << (balanced ? "balanced\n" : "NOT BALANCED\n");
    return balanced ? 0 : 1;
  }
  std::cerr << kLedgerUsage;
  return 2;
}

int RunRouteCommand(const Args& args, const appliance::GatewayConfig& config) {
  if (!args.empty() && args[0] == "add") {
    const auto prefix = Flag(args, "--bic-prefix");
    const auto link = Flag(args, "--link");
    if (!prefix || !link) {
      std::cerr << "usage: gatewayctl route add --bic-prefix PREFIX --link LINK\n";
      return 2;
    }
    Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
      txn.exec_params("INSERT INTO routes (bic_prefix, link_name) VALUES ($1, $2) "
                      "ON CONFLICT (bic_prefix) DO UPDATE SET link_name = EXCLUDED.link_name",
                      *prefix, *link);
      pg::WriteAudit(txn, pg::AuditEntry{CliActor(), "route.set", "route", *prefix, std::nullopt,
                                         nlohmann::json{{"link", *link}}, "", std::nullopt});
      return Status::Ok();
    });
    if (!s.ok()) return Fail(s);
    std::cout << "route " << *prefix << " -> " << *link << "\n";
    return 0;
  }
  if (!args.empty() && args[0] == "list") {
    Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
      for (const auto& r : txn.exec("SELECT bic_prefix, link_name FROM routes ORDER BY bic_prefix"))
        std::cout << r[0].as<std::string>() << " -> " << r[1].as<std::string>() << "\n";
      return Status::Ok();
    });
    return s.ok() ? 0 : Fail(s);
  }
  std::cerr << "usage: gatewayctl route add --bic-prefix PREFIX --link LINK | route list\n";
  return 2;
}

}  // namespace gw::ctl
