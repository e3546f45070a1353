// File: appliance/gatewayctl/pki_command.cc
//
// gatewayctl pki init --dir DIR [--days N] [--names a,b] [--san NAME=HOST,...] [--bits 2048|3072] [--force]
// gatewayctl pki revoke --dir DIR --cert FILE [--cert FILE...] [--days N]
// gatewayctl pki crl --dir DIR [--days N]
// A thin command line over gw::links::InitDevelopmentPki and UpdateDevelopmentCrl
// (gateway/links/pki.h).
#include <iostream>
#include <string>
#include <vector>

#include "appliance/gatewayctl/commands.h"
#include "gateway/links/pki.h"

namespace gw::ctl {
namespace {

constexpr const char* kUsage =
    "usage: gatewayctl pki init --dir DIR [--days N] [--names a,b,...] [--san NAME=HOST,...]\n"
    "                           [--bits 2048|3072] [--force]\n"
    "  Creates a development CA (DIR/ca.crt, DIR/ca.key) and, per name, a server and a client\n"
    "  certificate and key (DIR/<name>-server.crt|key, DIR/<name>-client.crt|key), each issued\n"
    "  for that name only (CN and DNS:<name>): a link to it sets server_name = \"<name>\".\n"
    "  --san (repeatable) adds DNS names or IP addresses to NAME's server certificate.\n"
    "  Existing files are kept unless --force. Keys are written with mode 0600.\n"
    "       gatewayctl pki revoke --dir DIR --cert FILE [--cert FILE ...] [--days N]\n"
    "  Adds the certificates to the CA's revocation list DIR/ca.crl (links.crl_file) and\n"
    "  issues it again, valid for N days (default 30).\n"
    "       gatewayctl pki crl --dir DIR [--days N]\n"
    "  Issues DIR/ca.crl again with the entries it lists (none at first) for N more days.\n"
    "  After revoke or crl, SIGHUP the gateways that use it.\n";

bool ParseInt(const std::string& s, int& out) {
  if (s.empty() || s.size() > 9) return false;
  int v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  out = v;
  return true;
}

std::vector<std::string> SplitCommas(const std::string& v) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= v.size()) {
    const std::size_t comma = v.find(',', start);
    std::string item = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (!item.empty()) out.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

int ExitFor(const Status& s) { return s.code() == StatusCode::kInvalidArgument ? 2 : 1; }

int RunInit(const Args& args) {
  links::PkiInitOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::string& out) {
      if (i + 1 >= args.size()) return false;
      out = args[++i];
      return true;
    };
    std::string v;
    if (a == "--force") {
      options.force = true;
    } else if (a == "--dir" && value(v)) {
      options.dir = v;
    } else if (a == "--days" && value(v) && ParseInt(v, options.days)) {
    } else if (a == "--bits" && value(v) && ParseInt(v, options.rsa_bits)) {
    } else if (a == "--names" && value(v)) {
      for (auto& name : SplitCommas(v)) options.names.push_back(std::move(name));
    } else if (a == "--san" && value(v) && v.find('=') != std::string::npos && v.find('=') > 0) {
      auto& alt = options.server_alt_names[v.substr(0, v.find('='))];
      for (auto& host : SplitCommas(v.substr(v.find('=') + 1))) alt.push_back(std::move(host));
    } else {
      std::cerr << "gatewayctl pki: bad or incomplete option '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (options.dir.empty()) {
    std::cerr << "gatewayctl pki: --dir is required\n" << kUsage;
    return 2;
  }
  if (options.rsa_bits != 2048 && options.rsa_bits != 3072) {
    std::cerr << "gatewayctl pki: --bits must be 2048 or 3072\n";
    return 2;
  }
  auto result = links::InitDevelopmentPki(options);
  if (!result.ok()) {
    std::cerr << "gatewayctl pki: " << result.status().ToString() << "\n";
    return ExitFor(result.status());
  }
  for (const auto& p : result->created) std::cout << "created " << p.string() << "\n";
  for (const auto& p : result->kept) std::cout << "kept    " << p.string() << "\n";
  return 0;
}

// `revoke` (certificates required) and `crl` (none allowed).
int RunCrl(const Args& args, bool revoke) {
  links::PkiCrlOptions options;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    const bool has_value = i + 1 < args.size();
    if (a == "--dir" && has_value) {
      options.dir = args[++i];
    } else if (a == "--days" && has_value && ParseInt(args[i + 1], options.days)) {
      ++i;
    } else if (revoke && a == "--cert" && has_value) {
      options.revoke.emplace_back(args[++i]);
    } else {
      std::cerr << "gatewayctl pki: bad or incomplete option '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (options.dir.empty()) {
    std::cerr << "gatewayctl pki: --dir is required\n" << kUsage;
    return 2;
  }
  if (revoke && options.revoke.empty()) {
    std::cerr << "gatewayctl pki: revoke needs --cert FILE\n" << kUsage;
    return 2;
  }
  auto result = links::UpdateDevelopmentCrl(options);
  if (!result.ok()) {
    std::cerr << "gatewayctl pki: " << result.status().ToString() << "\n";
    return ExitFor(result.status());
  }
  std::cout << "wrote " << result->crl.string() << " (" << result->revoked
            << " revoked certificate(s), valid for " << options.days << " days)\n";
  return 0;
}

}  // namespace

int RunPkiCommand(const Args& args) {
  if (!args.empty() && args[0] == "init") return RunInit(args);
  if (!args.empty() && args[0] == "revoke") return RunCrl(args, true);
  if (!args.empty() && args[0] == "crl") return RunCrl(args, false);
  std::cerr << kUsage;
  return 2;
}

}  // namespace gw::ctl