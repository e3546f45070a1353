// File: appliance/gatewayctl/sanctions_command.cc
//
//   gatewayctl sanctions import --format FORMAT [--list-name N] [--version V] FILE...
//   gatewayctl sanctions list [--all]
//   gatewayctl sanctions screen NAME [--country CC] [--dob YYYY-MM-DD] [--bic BIC] [--json]
//
// Importing the very files of the version in force changes nothing (unless
// --version names a new version). An import reads and checks the whole file first; only a file that parsed is
// written, in one transaction that also supersedes the version in force, so a
// malformed file (refused with its line and the problem) leaves the current
// version untouched. Running gatewayd instances pick the new version up at
// commit (NOTIFY compliance_lists) and re-screen what has not yet been posted.
#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>

#include <pqxx/pqxx>

#include "admin/compliance_api.h"
#include "appliance/gatewayctl/args.h"
#include "appliance/gatewayctl/db_commands.h"
#include "gateway/compliance/list_import.h"
#include "gateway/compliance/screening.h"
#include "gateway/compliance/screening_search.h"
#include "gateway/compliance_store.h"

namespace gw::ctl {

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "usage: gatewayctl sanctions import --format FORMAT [--list-name NAME] [--version VERSION]\n"
    "                                   [--max-drop PERCENT] [--force] FILE...\n"
    "  A version with more than PERCENT (default 10) fewer entries than the one in force is\n"
    "  refused (a truncated file?) unless --force is given.\n"
    "       gatewayctl sanctions list [--all]\n"
    "       gatewayctl sanctions screen NAME [--country CC] [--dob YYYY-MM-DD] [--bic BIC] [--json]\n"
    "formats:\n"
    "  ofac-sdn   US OFAC SDN list, CSV: a directory holding sdn.csv (alt.csv, add.csv), or those files\n"
    "  un         UN Security Council consolidated list, XML\n"
    "  eu         EU consolidated financial sanctions list, XML\n"
    "  watchlist  the bank's own list, CSV with the header name,aliases,country,bic,list name,reference\n";

// SHA-256 of the files, in order, as hex.
StatusOr<std::string> Sha256Of(const std::vector<fs::path>& files) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return Internal("SHA-256 unavailable");
  std::vector<char> buffer(1 << 16);
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    if (!in) return NotFound(f.string() + ": cannot be read");
    while (in) {
      in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      if (in.gcount() > 0) EVP_DigestUpdate(ctx.get(), buffer.data(), static_cast<size_t>(in.gcount()));
    }
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &len);
  std::ostringstream hex;
  for (unsigned int i = 0; i < len; ++i) hex << std::hex << std::setw(2) << std::setfill('0') << int(digest[i]);
  return hex.str();
}

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// Reads the files in `format` into one list; `hashed` receives the files read.
StatusOr<compliance::ImportResult> ReadList(const std::string& format, const std::vector<std::string>& files,
                                            const compliance::ImportOptions& options, std::vector<fs::path>& hashed) {
  std::error_code ec;
  if (format == "ofac-sdn") {
    if (files.size() == 1 && fs::is_directory(files[0], ec)) {
      for (const char* name : {"sdn.csv", "alt.csv", "add.csv"})
        if (fs::is_regular_file(fs::path(files[0]) / name, ec)) hashed.push_back(fs::path(files[0]) / name);
      return compliance::ImportOfacSdnDirectory(files[0], options);
    }
    std::optional<fs::path> sdn, alt, add;
    for (const auto& f : files) {
      const std::string name = Lower(fs::path(f).filename().string());
      if (name == "sdn.csv") sdn = f;
      else if (name == "alt.csv") alt = f;
      else if (name == "add.csv") add = f;
      else return InvalidArgument(f + ": the OFAC SDN files are named sdn.csv, alt.csv and add.csv");
    }
    if (!sdn) return InvalidArgument("the OFAC SDN list needs sdn.csv");
    std::ifstream sdn_in(*sdn, std::ios::binary), alt_in, add_in;
    if (!sdn_in) return NotFound(sdn->string() + ": cannot be read");
    hashed.push_back(*sdn);
    if (alt) {
      alt_in.open(*alt, std::ios::binary);
      if (!alt_in) return NotFound(alt->string() + ": cannot be read");
      hashed.push_back(*alt);
    }
    if (add) {
      add_in.open(*add, std::ios::binary);
      if (!add_in) return NotFound(add->string() + ": cannot be read");
      hashed.push_back(*add);
    }
    return compliance::ImportOfacSdn(sdn_in, alt ? &alt_in : nullptr, add ? &add_in : nullptr, options);
  }
  if (files.size() != 1) return InvalidArgument("the " + format + " format takes exactly one file");
  hashed.push_back(files[0]);
  if (format == "un") return compliance::ImportUnConsolidatedFile(files[0], options);
  if (format == "eu") return compliance::ImportEuConsolidatedFile(files[0], options);
  if (format == "watchlist") return compliance::ImportWatchlistFile(files[0], options);
  return InvalidArgument("unknown format '" + format + "' (ofac-sdn, un, eu, watchlist)");
}

int Import(const Args& args, const appliance::GatewayConfig& config) {
  const auto format = Flag(args, "--format");
  std::vector<std::string> files;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--format" || args[i] == "--list-name" || args[i] == "--version" || args[i] == "--max-drop") {
      ++i;
      continue;
    }
    if (args[i] == "--force") continue;
    if (args[i].rfind("--", 0) == 0) {
      std::cerr << "gatewayctl: unknown option " << args[i] << "\n" << kUsage;
      return 2;
    }
    files.push_back(args[i]);
  }
  if (!format || files.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  compliance::ImportOptions options;
  options.list_name = Flag(args, "--list-name").value_or("");
  options.list_version = Flag(args, "--version").value_or("");
  options.progress_every_records = 5000;
  options.progress = [](uint64_t bytes, uint64_t total, uint64_t records) {
    std::cerr << "  read " << records << " records";
    if (total > 0) std::cerr << " (" << (bytes * 100 / total) << "%)";
    std::cerr << "\n";
  };
  std::vector<fs::path> hashed;
  auto imported = ReadList(*format, files, options, hashed);
  if (!imported.ok()) {
    return Fail(Status(imported.status().code(),
                       imported.status().message() + "; nothing was imported and the version in force is unchanged"));
  }
  auto sha = Sha256Of(hashed);
  if (!sha.ok()) return Fail(sha.status());

  gateway::StoreListOptions store;
  store.format = *format;
  for (const auto& f : hashed) store.source += (store.source.empty() ? "" : ",") + f.filename().string();
  store.sha256 = *sha;
  store.actor = CliActor();
  store.force = std::find(args.begin(), args.end(), "--force") != args.end();
  if (auto max_drop = Flag(args, "--max-drop")) {
    char* end = nullptr;
    const double percent = std::strtod(max_drop->c_str(), &end);
    if (max_drop->empty() || *end != '\0' || percent < 0 || percent > 100) {
      std::cerr << "gatewayctl: --max-drop must be a percentage from 0 to 100 (got \"" << *max_drop << "\")\n";
      return 2;
    }
    store.max_drop_share = percent / 100.0;
  }
  store.progress = [](uint64_t written, uint64_t total) {
    if (written == total || written % 5000 == 0) std::cerr << "  stored " << written << " of " << total << " entries\n";
  };
  gateway::StoredListVersion stored;
  bool unchanged = false;
  Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
    // The same files as the version in force: nothing to do (safe to run again).
    auto same = txn.exec_params(
        "SELECT id, version FROM sanctions_list_versions WHERE list_name = $1 AND status = 'ACTIVE' AND sha256 = $2",
        imported->list.name, store.sha256);
    if (!same.empty() && !Flag(args, "--version")) {
      unchanged = true;
      stored.id = same[0][0].as<int64_t>();
      stored.version = same[0][1].as<std::string>();
      return Status::Ok();
    }
    GW_ASSIGN_OR_RETURN(stored, gateway::StoreListVersion(txn, *imported, store));
    return Status::Ok();
  });
  if (!s.ok()) return Fail(Status(s.code(), s.message() + "; the version in force is unchanged"));
  if (unchanged) {
    std::cout << imported->list.name << " version " << stored.version << " (id " << stored.id
              << ") is already in force with these files; nothing imported\n";
    return 0;
  }

  const auto& report = imported->report;
  std::cout << "imported " << stored.list_name << " version " << stored.version << " (id " << stored.id
            << "): " << report.entries << " entries, " << report.aliases << " aliases, " << report.addresses
            << " addresses, " << report.rejected_count << " rejected record(s)";
  if (stored.superseded_id) std::cout << "; replaces version id " << stored.superseded_id;
  std::cout << "\n";
  for (const auto& r : report.rejected)
    std::cout << "  rejected: " << r.file << " line " << r.line << ": " << r.reason << "\n";
  if (report.rejected_count > report.rejected.size())
    std::cout << "  (" << report.rejected_count - report.rejected.size() << " more rejected records not shown)\n";
  return 0;
}

int List(const Args& args, const appliance::GatewayConfig& config) {
  const bool all = HasFlag(args, "--all");
  Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto versions, gateway::ListVersions(txn, !all));
    if (versions.empty()) std::cout << "no sanctions list is " << (all ? "stored" : "in force") << "\n";
    for (const auto& v : versions)
      std::cout << v.id << "  " << v.list_name << "  " << v.version << "  " << v.status << "  " << v.entries
                << " entries  " << v.aliases << " aliases  " << v.format << "  " << v.source << "  "
                << v.imported_at << " by " << v.imported_by << "\n";
    return Status::Ok();
  });
  return s.ok() ? 0 : Fail(s);
}

// Screens one name against the lists in force, as POST /api/v1/compliance/screen does
// (ranked hits, explanations, the listed entries' countries and dates of birth set
// against the ones given), and audits the search.
int Screen(const Args& args, const appliance::GatewayConfig& config) {
  compliance::SearchQuery query;
  std::string name;
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--country" || args[i] == "--dob" || args[i] == "--bic") {
      ++i;
      continue;
    }
    if (args[i] == "--json") continue;
    if (args[i].rfind("--", 0) == 0) {
      std::cerr << "gatewayctl: unknown option " << args[i] << "\n" << kUsage;
      return 2;
    }
    name += (name.empty() ? "" : " ") + args[i];  // an unquoted name is its words
  }
  query.name = name;
  query.country = Flag(args, "--country").value_or("");
  query.date_of_birth = Flag(args, "--dob").value_or("");
  query.bic = Flag(args, "--bic").value_or("");
  if (name.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  if (Status v = compliance::ValidateSearchQuery(query); !v.ok()) {
    std::cerr << "gatewayctl: " << v.message() << "\n";
    return 2;
  }
  compliance::ScreeningConfig screening;
  screening.default_threshold = config.compliance.threshold;
  screening.list_thresholds = config.compliance.list_thresholds;
  for (const auto& c : config.compliance.embargoed_countries) screening.embargoed_countries.insert(c);
  nlohmann::json result;
  Status s = InConfiguredDatabase(config, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(auto active, gateway::LoadActiveLists(txn));
    std::shared_ptr<const compliance::ScreeningIndex> index;
    GW_ASSIGN_OR_RETURN(std::string key, gateway::ComplianceStateKey(txn));
    if (!active.lists.empty()) {
      GW_ASSIGN_OR_RETURN(index, compliance::ScreeningIndex::Build(active.lists, screening));
    }
    GW_ASSIGN_OR_RETURN(result, admin::RunScreeningSearch(txn, index.get(), key, query, CliActor(), ""));
    return Status::Ok();
  });
  if (!s.ok()) return Fail(s);
  if (HasFlag(args, "--json")) {
    std::cout << result.dump(2) << "\n";
    return 0;
  }
  if (!result["screened"].get<bool>()) std::cout << "no sanctions list is in force\n";
  const auto& hits = result["hits"];
  if (result["screened"].get<bool>()) {
    std::cout << hits.size() << " hit(s) for '" << query.name << "'"
              << (hits.empty() ? "" : ", best first") << "\n";
  }
  for (const auto& h : hits) {
    char score[16];
    std::snprintf(score, sizeof score, "%.3f", h["score"].get<double>());
    std::cout << h["rank"].get<int>() << ". " << h["list"].get<std::string>() << " " << h["entry_id"].get<std::string>()
              << " '" << h["entry_name"].get<std::string>() << "'  " << h["kind"].get<std::string>() << " score " << score
              << " (threshold " << h["threshold"].get<double>() << ")\n";
    if (h["matched_alias"].get<bool>())
      std::cout << "     matched alias '" << h["matched_name"].get<std::string>() << "'\n";
    if (!h["token_matches"].empty()) {
      std::cout << "     tokens:";
      for (const auto& t : h["token_matches"]) {
        char sim[16];
        std::snprintf(sim, sizeof sim, "%.2f", t["similarity"].get<double>());
        std::cout << " " << t["payment_token"].get<std::string>() << "=" << t["list_token"].get<std::string>() << " ("
                  << sim << ")";
      }
      std::cout << "\n";
    }
    if (h.contains("entry")) {
      std::cout << "     country " << h["country_check"].get<std::string>() << ", date of birth "
                << h["date_of_birth_check"].get<std::string>();
      if (!h["entry"]["countries"].empty()) std::cout << "; listed countries " << h["entry"]["countries"].dump();
      if (!h["entry"]["dates_of_birth"].empty()) std::cout << "; listed DOB " << h["entry"]["dates_of_birth"].dump();
      std::cout << "\n";
    }
  }
  return 0;
}

}  // namespace

int RunSanctionsCommand(const Args& args, const appliance::GatewayConfig& config) {
  if (!args.empty() && args[0] == "import") return Import(args, config);
  if (!args.empty() && args[0] == "list") return List(args, config);
  if (!args.empty() && args[0] == "screen") return Screen(args, config);
  std::cerr << kUsage;
  return 2;
}

}  // namespace gw::ctl
