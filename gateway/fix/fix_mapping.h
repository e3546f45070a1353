// File: gateway/fix/fix_mapping.h
//
// The one place where FIX meets the payment model (schemas/fix/README.md has
// the same table for people):
//   - a NewOrderSingle (35=D) instruction becomes the REST API's JSON shape, so
//     the same validation (gateway/ingest.h) checks it and answers with the
//     same ISO 20022 reason codes; problems are reported by FIX tag;
//   - a payment status becomes an ExecutionReport's ExecType/OrdStatus.
// No I/O and no QuickFIX session state here: plain functions, thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gateway/ingest.h"
#include "gateway/payment.h"

namespace FIX {
class Message;
}

namespace gw::fix {

// The standard FIX tags the gateway reads and writes.
enum StandardTag : int {
  kAccount = 1,
  kClOrdId = 11,
  kCurrency = 15,
  kExecId = 17,
  kOrderId = 37,
  kOrdStatus = 39,
  kRefSeqNum = 45,
  kText = 58,
  kTransactTime = 60,
  kSettlDate = 64,
  kExecType = 150,
  kCashOrderQty = 152,
  kRefTagId = 371,
  kSessionRejectReason = 373,
  kBusinessRejectRefId = 379,
  kBusinessRejectReason = 380,
  kPartyIdSource = 447,
  kPartyId = 448,
  kPartyRole = 452,
  kNoPartyIds = 453,
};

// User-defined tags (the 20000-39999 range FIX leaves to bilateral agreement).
enum UserTag : int {
  kDebtorName = 20001,
  kCreditorName = 20002,
  kCreditorAccount = 20003,
  kDebtorCountry = 20004,
  kCreditorCountry = 20005,
  kUltimateDebtorName = 20006,
  kUltimateCreditorName = 20007,
  kRemittanceInformation = 20010,
  kUetr = 20011,
  kEndToEndId = 20012,
  kMsgId = 20013,
  kPaymentStatus = 20020,
  kStatusReasonCode = 20021,
  kRejectedTag = 20022,
};

// PartyRole (452) values of the two agents in the Parties group (453).
inline constexpr int kRoleDebtorAgent = 13;    // Order Origination Firm
inline constexpr int kRoleCreditorAgent = 30;  // Agent

// One row of the mapping table: FIX tag, its name, the REST API JSON path it
// fills, and the pacs.008 element it becomes.
struct FieldMapping {
  int tag;
  const char* name;
  const char* json_path;
  const char* iso_element;
};
const std::vector<FieldMapping>& FieldMappings();

// The FIX field an API JSON path comes from, e.g. "/debtor/account" ->
// "tag 1 (Account)"; the path itself when there is none.
std::string DescribeJsonPath(std::string_view json_path);

// What a session may instruct (from [[fix.session]]).
struct SessionPolicy {
  std::string name;  // payments' source and creator are "fix:<name>"
  std::vector<std::string> debtor_accounts;
  std::vector<std::string> currencies;
};

struct Instruction {
  std::string cl_ord_id;
  gateway::IngestResult ingest;      // exactly one instruction, with issues when it is refused
  int rejected_tag = 0;      // the FIX tag the first issue is about (0: none)
  std::string text;          // the first issue in words, naming the FIX field
};

// The Parties group's entries hold values the dictionary allows (QuickFIX
// does not check values inside repeating groups): PartyIDSource B, PartyRole
// 13 or 30, each role at most once. Throws FIX::IncorrectTagValue naming the
// tag otherwise (the session answers with a Reject, 373=5).
void CheckParties(const FIX::Message& message);

// Reads a NewOrderSingle that passed the session's dictionary validation.
// The instruction's idempotency key is the session's ClOrdID, whatever its
// content, so a repeated ClOrdID is never a second payment.
Instruction ReadInstruction(const FIX::Message& message, const SessionPolicy& policy);

// ExecType (150) and OrdStatus (39) for a status the session is told about;
// nullopt for the pipeline's internal steps (SCREENING, APPROVED, POSTED, QUEUED).
struct ReportCodes {
  char exec_type;
  char ord_status;
};
std::optional<ReportCodes> ReportFor(gateway::PaymentStatus status);

// What an ExecutionReport says about one payment.
struct StatusReport {
  std::string payment_id;
  std::string exec_id;
  std::string cl_ord_id;
  gateway::PaymentStatus status;
  bool status_query = false;  // the answer to a repeated ClOrdID: ExecType I (Order Status)
  std::string reason_code;
  std::string reason;
  std::string account;
  std::string currency;
  std::string amount;  // decimal text
  std::string uetr;
  int rejected_tag = 0;
};
// Builds the ExecutionReport (header MsgType only: QuickFIX fills the rest).
FIX::Message BuildExecutionReport(const StatusReport& report);

// ClOrdID from a payment's idempotency key "fix:<session>|key:<ClOrdID>".
std::string ClOrdIdFromKey(std::string_view idempotency_key);

}  // namespace gw::fix
