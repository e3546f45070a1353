// File: appliance/gatewayctl/args.h
// What every gatewayctl command shares: reading flags, reporting a failure with
// the right exit code, and naming the operator behind an action for audit_logs.
#pragma once

#include <optional>
#include <string>

#include "appliance/gatewayctl/commands.h"
#include "core/status.h"

namespace gw::ctl {

// The value after `name` in `args` ("--iban X" -> "X"), or nullopt.
std::optional<std::string> Flag(const Args& args, const std::string& name);
bool HasFlag(const Args& args, const std::string& name);

// Prints "gatewayctl: <message>" and returns 2 for kInvalidArgument (usage or
// configuration), 1 otherwise.
int Fail(const Status& status);

// "cli:<user>" (SUDO_USER or USER), the actor recorded in audit_logs.
std::string CliActor();

}  // namespace gw::ctl
