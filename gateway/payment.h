// File: gateway/payment.h
//
// A payment and its state machine:
//
//   INITIATED -> SCREENING -> (COMPLIANCE_HOLD) -> PENDING_APPROVAL | APPROVED
//   APPROVED -> POSTED -> QUEUED (pacs.008 in a link's outbox) -> SENT -> COMPLETED | FAILED
//   REJECTED and CANCELLED end a payment early; EXCEPTION parks it for an
//   operator (no route, undeliverable) and can be retriggered.
//
// The same table of legal transitions is enforced by the database
// (schemas/migrations/0003_payments.up.sql, payment_transitions).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::gateway {

enum class PaymentStatus {
  kInitiated,
  kScreening,
  kComplianceHold,
  kPendingApproval,
  kApproved,
  kPosted,
  kQueued,
  kSent,
  kCompleted,
  kFailed,
  kRejected,
  kCancelled,
  kException,
};

std::string_view ToString(PaymentStatus s);
std::optional<PaymentStatus> ParsePaymentStatus(std::string_view s);
bool IsLegalTransition(PaymentStatus from, PaymentStatus to);
bool IsTerminal(PaymentStatus s);
const std::vector<PaymentStatus>& AllPaymentStatuses();

// What a maker (or a counterparty, or a FIX session) asks for.
struct PaymentInstruction {
  std::string source;           // "api", "api-xml", "link:<name>", "fix:<session>"
  std::string idempotency_key;  // unique per source
  // SHA-256 (hex) of what the request asked for: the same key with another
  // fingerprint is a conflict, not a retry. Empty for sources that do not bind one.
  std::string request_fingerprint;
  std::string msg_id;           // of the message it came in, if any
  std::string end_to_end_id;
  std::string uetr;             // UUID v4, lower case
  std::string debtor_name;
  std::string debtor_account;   // IBAN
  std::string debtor_agent_bic;
  std::string creditor_name;
  std::string creditor_account;
  std::string creditor_agent_bic;
  int64_t amount_minor = 0;
  std::string currency;
  std::string remittance_info;
  // Screened, never posted: the ultimate parties' names and the parties' postal
  // address countries (ISO 3166 alpha-2), when the instruction gives them.
  std::string ultimate_debtor_name;
  std::string ultimate_creditor_name;
  std::string debtor_country;
  std::string creditor_country;
  std::string requested_execution_date;  // YYYY-MM-DD or empty
  std::string created_by;                // operator username or system:<component>
};

struct Payment : PaymentInstruction {
  std::string id;  // uuid
  std::string direction = "outbound";
  PaymentStatus status = PaymentStatus::kInitiated;
  std::string approval_mode;  // "", "auto", "manual"
  std::string approved_by;
  std::string link_name;
  std::string reason_code;
  std::string reason;
  int attempts = 0;
  std::string created_at;
  std::string updated_at;
};

}  // namespace gw::gateway
