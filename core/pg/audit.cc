#include "core/pg/audit.h"

#include <pqxx/pqxx>

#include "core/pg/pool.h"

namespace gw::pg {

namespace {
// Absent values travel as "" and become NULL through NULLIF in the statement.
std::string Dump(const std::optional<nlohmann::json>& j) { return j ? j->dump() : std::string(); }
}  // namespace

void WriteAudit(pqxx::dbtransaction& txn, const AuditEntry& e) {
  ExecPrepared(txn, "audit_insert",
      "INSERT INTO audit_logs (actor, action, entity_type, entity_id, before, after, source_address, details) "
      "VALUES ($1, $2, NULLIF($3, ''), NULLIF($4, ''), NULLIF($5, '')::jsonb, NULLIF($6, '')::jsonb, "
      "NULLIF($7, ''), NULLIF($8, '')::jsonb)",
      e.actor, e.action, e.entity_type, e.entity_id, Dump(e.before), Dump(e.after), e.source_address,
      Dump(e.details));
}

}  // namespace gw::pg
