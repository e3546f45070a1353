#include "appliance/gatewayctl/db_commands.h"

#include "appliance/gatewayctl/args.h"

#include <openssl/rand.h>
#include <unistd.h>

#include <iostream>
#include <pqxx/pqxx>
#include <toml++/toml.h>

#include "admin/operators.h"
#include "admin/password.h"
#include "core/pg/migrations.h"
#include "core/pg/pool.h"

namespace gw::ctl {

namespace {

constexpr const char* kActor = "system:gatewayctl";


StatusOr<std::unique_ptr<pqxx::connection>> ConnectOrExplain(const appliance::GatewayConfig& config) {
  if (config.database.url.empty())
    return InvalidArgument("database.url: not set (set DATABASE_URL or database.url)");
  return pg::Connect(config.database.url, config.database.connect_timeout_seconds, "gatewayctl");
}


Status InTxn(pqxx::connection& conn, const std::function<Status(pqxx::dbtransaction&)>& body) {
  try {
    pqxx::work w(conn);
    Status s = body(w);
    if (!s.ok()) return s;
    w.commit();
    return Status::Ok();
  } catch (...) {
    return pg::StatusFromCurrentException();
  }
}

// 16 characters drawn uniformly from an alphabet without look-alikes.
StatusOr<std::string> RandomPassword() {
  static const char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  constexpr unsigned kSize = sizeof kAlphabet - 1;
  constexpr unsigned kLimit = 256 - 256 % kSize;  // bytes at or above are redrawn (no modulo bias)
  std::string out;
  while (out.size() < 16) {
    unsigned char bytes[32];
    if (RAND_bytes(bytes, sizeof bytes) != 1) return Internal("the random generator failed");
    for (unsigned char b : bytes)
      if (b < kLimit && out.size() < 16) out += kAlphabet[b % kSize];
  }
  return out;
}

}  // namespace

Status InConfiguredDatabase(const appliance::GatewayConfig& config,
                            const std::function<Status(pqxx::dbtransaction&)>& body) {
  GW_ASSIGN_OR_RETURN(auto conn, ConnectOrExplain(config));
  return InTxn(*conn, body);
}

int RunMigrateCommand(const std::string& command, const Args&, const appliance::GatewayConfig& config) {
  auto migrations = pg::LoadMigrations(config.paths.migrations_dir());
  if (!migrations.ok()) return Fail(migrations.status());
  auto conn = ConnectOrExplain(config);
  if (!conn.ok()) return Fail(conn.status());
  if (command == "migrate") {
    auto r = pg::MigrateUp(**conn, *migrations);
    if (!r.ok()) return Fail(r.status());
    for (const auto& m : r->applied) std::cout << "applied " << m.version << "_" << m.name << "\n";
    std::cout << "schema at version " << r->version_after
              << (r->applied.empty() ? " (nothing to apply)" : "") << "\n";
    return 0;
  }
  if (command == "migrate:rollback") {
    auto r = pg::RollbackLast(**conn, *migrations);
    if (!r.ok()) return Fail(r.status());
    for (const auto& m : r->applied) std::cout << "rolled back " << m.version << "_" << m.name << "\n";
    std::cout << "schema at version " << r->version_after
              << (r->applied.empty() ? " (nothing to roll back)" : "") << "\n";
    return 0;
  }
  auto current = pg::CurrentVersion(**conn);
  if (!current.ok()) return Fail(current.status());
  for (const auto& m : *migrations)
    std::cout << (m.version <= *current ? "applied  " : "pending  ") << m.version << "_" << m.name << "\n";
  std::cout << "schema at version " << *current << "\n";
  return 0;
}

// Seed file (TOML):
//   [[operator]]
//   username = "alice"
//   role = "checker"
//   password_hash = "scrypt$..."   # from: gatewayctl operator hash-password
//   disabled = false               # optional
// Running it again changes nothing unless the file changed.
int RunSeedCommand(const Args& args, const appliance::GatewayConfig& config) {
  auto file = Flag(args, "--file");
  if (!file) return Fail(InvalidArgument("usage: gatewayctl seed --file FILE"));
  toml::table root;
  try {
    root = toml::parse_file(*file);
  } catch (const toml::parse_error& e) {
    return Fail(InvalidArgument(*file + ":" + std::to_string(e.source().begin.line) + ": " + std::string(e.description())));
  }
  std::vector<admin::OperatorSpec> specs;
  for (const auto& [key, node] : root) {
    if (key.str() != "operator")
      return Fail(InvalidArgument(*file + ":" + std::to_string(node.source().begin.line) + ": unknown key '" +
                                  std::string(key.str()) + "' (expected [[operator]] entries)"));
  }
  const auto* list = root["operator"].as_array();
  if (!list) return Fail(InvalidArgument(*file + ": no [[operator]] entries"));
  for (const auto& node : *list) {
    const auto* t = node.as_table();
    const std::string where = *file + ":" + std::to_string(node.source().begin.line);
    if (!t) return Fail(InvalidArgument(where + ": operator must be a table"));
    admin::OperatorSpec spec;
    for (const auto& [k, v] : *t) {
      const std::string name(k.str());
      if (name == "username" && v.is_string()) spec.username = *v.value<std::string>();
      else if (name == "role" && v.is_string()) spec.role = *v.value<std::string>();
      else if (name == "password_hash" && v.is_string()) spec.password_hash = *v.value<std::string>();
      else if (name == "disabled" && v.is_boolean()) spec.disabled = *v.value<bool>();
      else return Fail(InvalidArgument(where + ": operator." + name + ": unknown key or wrong type"));
    }
    if (Status s = admin::CheckUsername(spec.username); !s.ok()) return Fail(InvalidArgument(where + ": " + s.message()));
    if (Status s = admin::CheckRole(spec.role); !s.ok()) return Fail(InvalidArgument(where + ": " + s.message()));
    if (Status s = admin::CheckPasswordHashStrength(spec.password_hash); !s.ok())
      return Fail(InvalidArgument(where + ": operator " + spec.username + ": " + s.message() +
                                  "; make one with 'gatewayctl operator hash-password'"));
    specs.push_back(spec);
  }
  auto conn = ConnectOrExplain(config);
  if (!conn.ok()) return Fail(conn.status());
  int created = 0, updated = 0, unchanged = 0;
  Status s = InTxn(**conn, [&](pqxx::dbtransaction& txn) -> Status {
    for (const auto& spec : specs) {
      GW_ASSIGN_OR_RETURN(auto outcome, admin::UpsertOperator(txn, spec, CliActor()));
      if (outcome == admin::UpsertOutcome::kCreated) ++created;
      else if (outcome == admin::UpsertOutcome::kUpdated) ++updated;
      else ++unchanged;
    }
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  std::cout << "operators: " << created << " created, " << updated << " updated, " << unchanged << " unchanged\n";
  return 0;
}

int RunOperatorCommand(const Args& args, const appliance::GatewayConfig& config) {
  if (args.empty()) return Fail(InvalidArgument("usage: gatewayctl operator add|hash-password ..."));
  if (args[0] == "hash-password") {
    std::string password;
    std::getline(std::cin, password);
    if (Status s = admin::CheckPasswordPolicy(password); !s.ok()) return Fail(s);
    auto hash = admin::HashPassword(password);
    if (!hash.ok()) return Fail(hash.status());
    std::cout << *hash << "\n";
    return 0;
  }
  if (args[0] != "add") return Fail(InvalidArgument("unknown operator command '" + args[0] + "'"));
  auto username = Flag(args, "--username");
  auto role = Flag(args, "--role");
  if (!username || !role || !HasFlag(args, "--password-stdin"))
    return Fail(InvalidArgument("usage: gatewayctl operator add --username U --role R --password-stdin"));
  if (Status s = admin::CheckUsername(*username); !s.ok()) return Fail(s);
  if (Status s = admin::CheckRole(*role); !s.ok()) return Fail(s);
  std::string password;
  std::getline(std::cin, password);
  if (Status s = admin::CheckPasswordPolicy(password); !s.ok()) return Fail(s);
  auto hash = admin::HashPassword(password);
  if (!hash.ok()) return Fail(hash.status());
  auto conn = ConnectOrExplain(config);
  if (!conn.ok()) return Fail(conn.status());
  Status s = InTxn(**conn, [&](pqxx::dbtransaction& txn) {
    return admin::CreateOperator(txn, admin::OperatorSpec{*username, *role, *hash, false}, CliActor());
  });
  if (!s.ok()) return Fail(s);
  std::cout << "operator " << *username << " (" << *role << ") created\n";
  return 0;
}

// Creates demo-admin, demo-maker, demo-checker, demo-compliance, demo-auditor.
// Their passwords are printed once, when created. GATEWAY_DEMO_PASSWORD sets
// them all (and resets existing demo operators to it).
int RunDemoOperatorsCommand(const Args&, const appliance::GatewayConfig& config) {
  const char* fixed = std::getenv("GATEWAY_DEMO_PASSWORD");
  if (fixed && *fixed) {
    if (Status s = admin::CheckPasswordPolicy(fixed); !s.ok())
      return Fail(InvalidArgument("GATEWAY_DEMO_PASSWORD: " + s.message()));
  }
  auto conn = ConnectOrExplain(config);
  if (!conn.ok()) return Fail(conn.status());
  std::vector<std::pair<std::string, std::string>> printed;
  Status s = InTxn(**conn, [&](pqxx::dbtransaction& txn) -> Status {
    for (const auto& role : admin::OperatorRoles()) {
      const std::string username = "demo-" + role;
      auto row = txn.exec_params("SELECT password_hash FROM operators WHERE username = $1", username);
      if (!row.empty()) {
        if (!(fixed && *fixed) || admin::VerifyPassword(fixed, row[0][0].as<std::string>())) continue;
      }
      std::string password;
      if (fixed && *fixed) {
        password = fixed;
      } else {
        GW_ASSIGN_OR_RETURN(password, RandomPassword());
      }
      GW_ASSIGN_OR_RETURN(std::string hash, admin::HashPassword(password));
      GW_ASSIGN_OR_RETURN(auto outcome,
                          admin::UpsertOperator(txn, admin::OperatorSpec{username, role, hash, false}, kActor));
      (void)outcome;
      printed.emplace_back(username, password);
    }
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  if (printed.empty()) {
    std::cout << "demo operators already exist (their passwords were shown when they were created; "
                 "set GATEWAY_DEMO_PASSWORD to reset them)\n";
    return 0;
  }
  std::cout << "demo operators (shown once):\n";
  for (const auto& [user, pw] : printed) std::cout << "  " << user << "  " << pw << "\n";
  return 0;
}

}  // namespace gw::ctl
