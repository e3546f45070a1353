// File: appliance/gatewayctl/pki_command.cc
//
// gatewayctl pki init --dir DIR [--days N] [--names a,b] [--bits 2048|3072] [--force]
// A thin command line over gw::links::InitDevelopmentPki (gateway/links/pki.h).
#include <iostream>
#include <string>

#include "appliance/gatewayctl/commands.h"
#include "gateway/links/pki.h"

namespace gw::ctl {
namespace {

constexpr const char* kUsage =
    "usage: gatewayctl pki init --dir DIR [--days N] [--names a,b,...] [--bits 2048|3072] "
    "[--force]\n"
    "  Creates a development CA (DIR/ca.crt, DIR/ca.key) and, per name, a server and a client\n"
    "  certificate and key (DIR/<name>-server.crt|key, DIR/<name>-client.crt|key).\n"
    "  Existing files are kept unless --force. Keys are written with mode 0600.\n";

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

}  // namespace

int RunPkiCommand(const Args& args) {
  if (args.empty() || args[0] != "init") {
    std::cerr << kUsage;
    return 2;
  }
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
      std::size_t start = 0;
      while (start <= v.size()) {
        const std::size_t comma = v.find(',', start);
        const std::string name = v.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!name.empty()) options.names.push_back(name);
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
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
    return result.status().code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  for (const auto& p : result->created) std::cout << "created " << p.string() << "\n";
  for (const auto& p : result->kept) std::cout << "kept    " << p.string() << "\n";
  return 0;
}

}  // namespace gw::ctl
