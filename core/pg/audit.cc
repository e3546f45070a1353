#include "core/pg/audit.h"

#include <pqxx/pqxx>

#include "core/pg/pool.h"

namespace gw::pg {

void WriteAudit(pqxx::dbtransaction& txn, const AuditEntry& e) { WriteAudits(txn, {e}); }

void WriteAudits(pqxx::dbtransaction& txn, const std::vector<AuditEntry>& entries) {
  if (entries.empty()) return;
  // The rows travel as one JSON array parameter; absent values are left out and
  // arrive as NULL.
  nlohmann::json rows = nlohmann::json::array();
  int ord = 0;
  for (const auto& e : entries) {
    nlohmann::json r = {{"ord", ord++}, {"actor", e.actor}, {"action", e.action}};
    if (!e.entity_type.empty()) r["entity_type"] = e.entity_type;
    if (!e.entity_id.empty()) r["entity_id"] = e.entity_id;
    if (e.before) r["before"] = *e.before;
    if (e.after) r["after"] = *e.after;
    if (!e.source_address.empty()) r["source_address"] = e.source_address;
    if (e.details) r["details"] = *e.details;
    rows.push_back(std::move(r));
  }
  ExecPrepared(txn, "audit_insert",
      "INSERT INTO audit_logs (actor, action, entity_type, entity_id, before, after, source_address, details) "
      "SELECT actor, action, entity_type, entity_id, before, after, source_address, details "
      "FROM jsonb_to_recordset($1::jsonb) AS x(ord int, actor text, action text, entity_type text, entity_id text, "
      "before jsonb, after jsonb, source_address text, details jsonb) ORDER BY ord",
      JsonParam(rows));
}

}  // namespace gw::pg
