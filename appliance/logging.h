// File: appliance/logging.h
// Logging set-up shared by gatewayd and gatewayctl: spdlog to stdout and to
// <dir>/application-YYYY-MM-DD.log, a new file each day, `retention_days` kept.
#pragma once

#include <string>

#include "core/status.h"

namespace gw::appliance {

// Installs the default logger. `to_file` false logs to stdout only (commands).
Status SetupLogging(const std::string& dir, const std::string& level, int retention_days, bool to_file);

}  // namespace gw::appliance
