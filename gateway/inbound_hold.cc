// File: gateway/inbound_hold.cc
#include "gateway/inbound_hold.h"

#include <pqxx/pqxx>

#include "core/pg/audit.h"
#include "gateway/payment_store.h"
#include "ledger/ledger.h"

namespace gw::gateway {

StatusOr<std::string> ComplianceSuspenseAccount(pqxx::dbtransaction& txn, const std::string& currency) {
  const std::string id = "SUSPENSE-COMPLIANCE-" + currency;
  txn.exec_params(
      "INSERT INTO ledger_accounts (id, kind, currency, name) VALUES ($1, 'suspense', $2, $3) ON CONFLICT (id) DO NOTHING",
      id, currency, "Inbound payments held by compliance (" + currency + ")");
  return id;
}

Status HoldInbound(pqxx::dbtransaction& txn, const Payment& p, const std::string& settlement_account,
                   const std::string& reason) {
  GW_ASSIGN_OR_RETURN(std::string suspense, ComplianceSuspenseAccount(txn, p.currency));
  GW_ASSIGN_OR_RETURN(auto posted,
                      ledger::PostEntry(txn, ledger::EntrySpec{"inbound", "inbound:" + p.id, p.id,
                                                               "inbound payment " + p.end_to_end_id +
                                                                   " held by compliance",
                                                               {{settlement_account, -p.amount_minor},
                                                                {suspense, p.amount_minor}}}));
  GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kScreening, PaymentStatus::kComplianceHold,
                                "system:compliance",
                                reason + " (held on " + suspense + ", journal entry " + std::to_string(posted.entry_id) + ")",
                                TransitionFields{.reason = reason}));
  pg::WriteAudit(txn, pg::AuditEntry{"system:compliance", "compliance.hold", "payment", p.id,
                                     nlohmann::json{{"status", "SCREENING"}},
                                     nlohmann::json{{"status", "COMPLIANCE_HOLD"}, {"reason", reason},
                                                    {"suspense_account", suspense}},
                                     "", std::nullopt});
  return Status::Ok();
}

Status ReleaseInbound(pqxx::dbtransaction& txn, const Payment& p, const std::string& actor, const std::string& reason) {
  GW_ASSIGN_OR_RETURN(auto beneficiary, ledger::FindAccountByIban(txn, p.creditor_account));
  if (!beneficiary || beneficiary->kind != "customer" || beneficiary->currency != p.currency)
    return FailedPrecondition("beneficiary account " + p.creditor_account + " is not a " + p.currency +
                              " customer account held here; the payment stays on hold");
  GW_ASSIGN_OR_RETURN(std::string suspense, ComplianceSuspenseAccount(txn, p.currency));
  GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kComplianceHold, PaymentStatus::kApproved, actor,
                                "released from compliance hold: " + reason,
                                TransitionFields{.approval_mode = "auto"}));
  GW_ASSIGN_OR_RETURN(auto posted,
                      ledger::PostEntry(txn, ledger::EntrySpec{"inbound", "inbound-release:" + p.id, p.id,
                                                               "inbound payment " + p.end_to_end_id +
                                                                   " released by compliance",
                                                               {{suspense, -p.amount_minor},
                                                                {beneficiary->id, p.amount_minor}}}));
  GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kApproved, PaymentStatus::kPosted, actor,
                                "journal entry " + std::to_string(posted.entry_id)));
  return Transition(txn, p.id, PaymentStatus::kPosted, PaymentStatus::kCompleted, actor,
                    "credited to " + beneficiary->id);
}

}  // namespace gw::gateway
