// File: admin/operators.h
// Operators (console and API users) in the database. Every change writes an
// audit_logs row in the same transaction.
#pragma once

#include <string>
#include <vector>

#include "core/pg/pool.h"
#include "core/status.h"

namespace gw::admin {

inline const std::vector<std::string>& OperatorRoles() {
  static const std::vector<std::string> roles = {"admin", "maker", "checker", "compliance", "auditor"};
  return roles;
}
Status CheckRole(const std::string& role);
Status CheckUsername(const std::string& username);

struct OperatorSpec {
  std::string username;
  std::string role;
  std::string password_hash;  // see admin/password.h
  bool disabled = false;
};

enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };

// Creates the operator; kAlreadyExists if the username is taken.
Status CreateOperator(pqxx::dbtransaction& txn, const OperatorSpec& spec, const std::string& actor);

// Brings the operator to `spec` (creating it if needed); audited when anything
// changed. A new password hash or `disabled` revokes the operator's tokens.
StatusOr<UpsertOutcome> UpsertOperator(pqxx::dbtransaction& txn, const OperatorSpec& spec,
                                       const std::string& actor);

}  // namespace gw::admin
