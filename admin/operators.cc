#include "admin/operators.h"

#include <algorithm>
#include <pqxx/pqxx>
#include <regex>

#include "core/pg/audit.h"

namespace gw::admin {

Status CheckRole(const std::string& role) {
  const auto& roles = OperatorRoles();
  if (std::find(roles.begin(), roles.end(), role) == roles.end())
    return InvalidArgument("role must be one of admin, maker, checker, compliance, auditor (got \"" + role + "\")");
  return Status::Ok();
}

Status CheckUsername(const std::string& username) {
  static const std::regex kUser("^[a-z0-9][a-z0-9._-]{1,62}$");
  if (!std::regex_match(username, kUser))
    return InvalidArgument("username must be 2-63 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit (got \"" + username + "\")");
  return Status::Ok();
}

Status CreateOperator(pqxx::dbtransaction& txn, const OperatorSpec& spec, const std::string& actor) {
  GW_RETURN_IF_ERROR(CheckUsername(spec.username));
  GW_RETURN_IF_ERROR(CheckRole(spec.role));
  auto r = txn.exec_params(
      "INSERT INTO operators (username, role, password_hash, disabled) VALUES ($1, $2, $3, $4) "
      "ON CONFLICT (username) DO NOTHING RETURNING id",
      spec.username, spec.role, spec.password_hash, spec.disabled);
  if (r.empty()) return AlreadyExists("operator " + spec.username + " already exists");
  pg::WriteAudit(txn, pg::AuditEntry{actor, "operator.create", "operator", spec.username, std::nullopt,
                                     nlohmann::json{{"username", spec.username}, {"role", spec.role}, {"disabled", spec.disabled}},
                                     "", std::nullopt});
  return Status::Ok();
}

StatusOr<UpsertOutcome> UpsertOperator(pqxx::dbtransaction& txn, const OperatorSpec& spec,
                                       const std::string& actor) {
  GW_RETURN_IF_ERROR(CheckUsername(spec.username));
  GW_RETURN_IF_ERROR(CheckRole(spec.role));
  auto existing = txn.exec_params(
      "SELECT role, password_hash, disabled, id FROM operators WHERE username = $1 FOR UPDATE", spec.username);
  if (existing.empty()) {
    GW_RETURN_IF_ERROR(CreateOperator(txn, spec, actor));
    return UpsertOutcome::kCreated;
  }
  const std::string role = existing[0][0].as<std::string>();
  const std::string hash = existing[0][1].as<std::string>();
  const bool disabled = existing[0][2].as<bool>();
  if (role == spec.role && hash == spec.password_hash && disabled == spec.disabled) return UpsertOutcome::kUnchanged;
  txn.exec_params(
      "UPDATE operators SET role = $2, password_hash = $3, disabled = $4, updated_at = now() WHERE username = $1",
      spec.username, spec.role, spec.password_hash, spec.disabled);
  // A new password or a disabled operator ends the sessions made before.
  std::optional<nlohmann::json> details;
  if (hash != spec.password_hash || spec.disabled) {
    auto revoked = txn.exec_params(
        "UPDATE auth_tokens SET revoked_at = now() WHERE operator_id = $1 AND revoked_at IS NULL",
        existing[0][3].as<int64_t>());
    details = nlohmann::json{{"revoked_tokens", revoked.affected_rows()}};
  }
  pg::WriteAudit(txn, pg::AuditEntry{actor, "operator.update", "operator", spec.username,
                                     nlohmann::json{{"role", role}, {"disabled", disabled}},
                                     nlohmann::json{{"role", spec.role}, {"disabled", spec.disabled},
                                                    {"password_changed", hash != spec.password_hash}},
                                     "", details});
  return UpsertOutcome::kUpdated;
}

}  // namespace gw::admin
