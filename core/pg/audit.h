// File: core/pg/audit.h
// The one way every component writes to audit_logs: inside the transaction that
// makes the change, so the change and its audit row commit or fail together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pg/pool.h"

namespace gw::pg {

struct AuditEntry {
  std::string actor;   // operator username, or "system:<component>"
  std::string action;  // e.g. "operator.create", "payment.approve"
  std::string entity_type;
  std::string entity_id;
  std::optional<nlohmann::json> before;
  std::optional<nlohmann::json> after;
  std::string source_address;  // client address, or empty
  std::optional<nlohmann::json> details;
};

// Throws pqxx exceptions like any statement in `txn`.
void WriteAudit(pqxx::dbtransaction& txn, const AuditEntry& entry);
// Several rows in one statement (one round trip), in the order given.
void WriteAudits(pqxx::dbtransaction& txn, const std::vector<AuditEntry>& entries);

}  // namespace gw::pg
