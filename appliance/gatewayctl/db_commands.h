// File: appliance/gatewayctl/db_commands.h
// gatewayctl commands that work on the database: migrations, operators, seed.
#pragma once

#include "appliance/config.h"
#include "appliance/gatewayctl/commands.h"
#include "core/pg/pool.h"

namespace gw::ctl {

// Runs `body` in one transaction on the configured database (DATABASE_URL or
// database.url) and commits it; database errors become a Status.
Status InConfiguredDatabase(const appliance::GatewayConfig& config,
                            const std::function<Status(pqxx::dbtransaction&)>& body);

int RunMigrateCommand(const std::string& command, const Args& args, const appliance::GatewayConfig& config);
int RunSeedCommand(const Args& args, const appliance::GatewayConfig& config);
int RunOperatorCommand(const Args& args, const appliance::GatewayConfig& config);
int RunDemoOperatorsCommand(const Args& args, const appliance::GatewayConfig& config);
int RunLedgerCommand(const Args& args, const appliance::GatewayConfig& config);  // ledger_commands.cc
int RunRouteCommand(const Args& args, const appliance::GatewayConfig& config);   // ledger_commands.cc
int RunLoadCommand(const Args& args, const appliance::GatewayConfig& config);    // load_command.cc
int RunSanctionsCommand(const Args& args, const appliance::GatewayConfig& config);  // sanctions_command.cc
int RunReconCommand(const Args& args, const appliance::GatewayConfig& config);  // recon_command.cc

}  // namespace gw::ctl
