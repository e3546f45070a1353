#include "appliance/gatewayctl/args.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>

namespace gw::ctl {

std::optional<std::string> Flag(const Args& args, const std::string& name) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == name) return args[i + 1];
  return std::nullopt;
}

bool HasFlag(const Args& args, const std::string& name) {
  return std::find(args.begin(), args.end(), name) != args.end();
}

int Fail(const Status& status) {
  std::cerr << "gatewayctl: " << status.message() << "\n";
  return status.code() == StatusCode::kInvalidArgument ? 2 : 1;
}

std::string CliActor() {
  const char* user = std::getenv("SUDO_USER");
  if (!user) user = std::getenv("USER");
  return std::string("cli:") + (user ? user : "unknown");
}

}  // namespace gw::ctl
