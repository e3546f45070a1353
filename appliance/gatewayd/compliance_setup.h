// File: appliance/gatewayd/compliance_setup.h
// Turns the [compliance] configuration into the compliance stage's options.
#pragma once

#include "appliance/config.h"
#include "core/status.h"
#include "gateway/compliance_service.h"

namespace gw::appliance {

// InvalidArgument naming the key when an amount has more decimals than its
// currency allows or an embargo code is not two capital letters.
StatusOr<gateway::ComplianceOptions> ComplianceOptionsFrom(const GatewayConfig& config);

}  // namespace gw::appliance
