// File: gateway/inbound_hold.h
//
// Inbound payments held by compliance. A pacs.008 from a counterparty whose
// parties hit a list is received (the counterparty has paid: its settlement
// account is debited) but not credited to the beneficiary: the amount waits on
// the compliance suspense account of its currency, and the payment on
// COMPLIANCE_HOLD. A compliance officer's release moves the amount on to the
// beneficiary (COMPLETED); a rejection leaves it on suspense for a return to
// the sender (REJECTED).
#pragma once

#include <string>

#include "core/status.h"
#include "gateway/payment.h"

namespace pqxx {
class dbtransaction;
}

namespace gw::gateway {

// "SUSPENSE-COMPLIANCE-<CCY>", created on first use.
StatusOr<std::string> ComplianceSuspenseAccount(pqxx::dbtransaction& txn, const std::string& currency);

// Posts the held amount from `settlement_account` to the suspense account and
// moves the payment (SCREENING) to COMPLIANCE_HOLD with `reason`.
Status HoldInbound(pqxx::dbtransaction& txn, const Payment& payment, const std::string& settlement_account,
                   const std::string& reason);

// Releases a held inbound payment: suspense -> the beneficiary's account, then
// APPROVED -> POSTED -> COMPLETED. FailedPrecondition when the beneficiary's
// account is no longer held here (the payment stays on hold).
Status ReleaseInbound(pqxx::dbtransaction& txn, const Payment& payment, const std::string& actor,
                      const std::string& reason);

}  // namespace gw::gateway
