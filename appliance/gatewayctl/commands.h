// File: appliance/gatewayctl/commands.h
// The gatewayctl sub-commands. Each takes the arguments after its own name
// (e.g. for "gatewayctl message validate a.xml", args = {"validate", "a.xml"})
// and returns the process exit code: 0 success, 1 the operation failed (e.g. an
// invalid message), 2 a usage or configuration error.
#pragma once

#include <string>
#include <vector>

namespace gw::appliance {
struct GatewayConfig;
}

namespace gw::ctl {

using Args = std::vector<std::string>;

// gatewayctl message validate|show|write ...   (appliance/gatewayctl/message_command.cc)
int RunMessageCommand(const Args& args);

// gatewayctl pki init ...                      (appliance/gatewayctl/pki_command.cc)
int RunPkiCommand(const Args& args);

// gatewayctl fix send ...                      (appliance/gatewayctl/fix_command.cc)
int RunFixCommand(const Args& args, const appliance::GatewayConfig& config);

}  // namespace gw::ctl
