#include "gateway/fix/fix_mapping.h"

#include <algorithm>

#include "gateway/fix/quickfix.h"

namespace gw::fix {

namespace {

std::string Field(const FIX::FieldMap& m, int tag) {
  if (!m.isSetField(tag)) return "";
  return m.getField(tag);
}

// The BIC of the agent with `role` in the Parties group, or "".
std::string PartyBic(const FIX::Message& message, int role) {
  const FIX::FieldMap& body = message;
  const std::size_t count = body.groupCount(kNoPartyIds);
  for (std::size_t i = 1; i <= count; ++i) {
    const FIX::FieldMap& g = body.getGroupRef(static_cast<int>(i), kNoPartyIds);
    if (Field(g, kPartyRole) == std::to_string(role) && Field(g, kPartyIdSource) == "B") return Field(g, kPartyId);
  }
  return "";
}

int TagOf(std::string_view json_path) {
  for (const auto& m : FieldMappings())
    if (json_path == m.json_path) return m.tag;
  return 0;
}

}  // namespace

const std::vector<FieldMapping>& FieldMappings() {
  static const std::vector<FieldMapping> kTable = {
      {kClOrdId, "ClOrdID", "", "idempotency key; PmtId/EndToEndId when EndToEndId (20012) is absent"},
      {kEndToEndId, "EndToEndId", "/end_to_end_id", "PmtId/EndToEndId"},
      {kUetr, "UETR", "/uetr", "PmtId/UETR"},
      {kMsgId, "MsgId", "/msg_id", "the instruction's message id"},
      {kCashOrderQty, "CashOrderQty", "/amount", "IntrBkSttlmAmt"},
      {kCurrency, "Currency", "/currency", "IntrBkSttlmAmt/@Ccy"},
      {kDebtorName, "DebtorName", "/debtor/name", "Dbtr/Nm"},
      {kAccount, "Account", "/debtor/account", "DbtrAcct/Id/IBAN"},
      {kPartyId, "PartyID (PartyRole 13)", "/debtor/agent_bic", "DbtrAgt/FinInstnId/BICFI"},
      {kDebtorCountry, "DebtorCountry", "/debtor/country", "Dbtr/PstlAdr/Ctry"},
      {kCreditorName, "CreditorName", "/creditor/name", "Cdtr/Nm"},
      {kCreditorAccount, "CreditorAccount", "/creditor/account", "CdtrAcct/Id/IBAN"},
      {kPartyId, "PartyID (PartyRole 30)", "/creditor/agent_bic", "CdtrAgt/FinInstnId/BICFI"},
      {kCreditorCountry, "CreditorCountry", "/creditor/country", "Cdtr/PstlAdr/Ctry"},
      {kUltimateDebtorName, "UltimateDebtorName", "/ultimate_debtor/name", "UltmtDbtr/Nm"},
      {kUltimateCreditorName, "UltimateCreditorName", "/ultimate_creditor/name", "UltmtCdtr/Nm"},
      {kRemittanceInformation, "RemittanceInformation", "/remittance_information", "RmtInf/Ustrd"},
      {kSettlDate, "SettlDate", "/requested_execution_date", "IntrBkSttlmDt"},
  };
  return kTable;
}

std::string DescribeJsonPath(std::string_view json_path) {
  for (const auto& m : FieldMappings())
    if (json_path == m.json_path) return "tag " + std::to_string(m.tag) + " (" + m.name + ")";
  return std::string(json_path);
}

void CheckParties(const FIX::Message& message) {
  const FIX::FieldMap& body = message;
  const std::size_t count = body.groupCount(kNoPartyIds);
  bool seen_debtor_agent = false, seen_creditor_agent = false;
  for (std::size_t i = 1; i <= count; ++i) {
    const FIX::FieldMap& g = body.getGroupRef(static_cast<int>(i), kNoPartyIds);
    if (Field(g, kPartyIdSource) != "B") throw FIX::IncorrectTagValue(kPartyIdSource);
    const std::string role = Field(g, kPartyRole);
    bool& seen = role == std::to_string(kRoleDebtorAgent)     ? seen_debtor_agent
                 : role == std::to_string(kRoleCreditorAgent) ? seen_creditor_agent
                                                              : throw FIX::IncorrectTagValue(kPartyRole);
    if (seen) throw FIX::IncorrectTagValue(kPartyRole);
    seen = true;
  }
}

Instruction ReadInstruction(const FIX::Message& message, const SessionPolicy& policy) {
  Instruction out;
  out.cl_ord_id = Field(message, kClOrdId);
  nlohmann::json j = nlohmann::json::object();
  auto put = [&](const char* key, int tag) {
    if (message.isSetField(tag)) j[key] = message.getField(tag);
  };
  j["end_to_end_id"] = message.isSetField(kEndToEndId) ? message.getField(kEndToEndId) : out.cl_ord_id;
  put("uetr", kUetr);
  put("msg_id", kMsgId);
  put("amount", kCashOrderQty);
  put("currency", kCurrency);
  put("remittance_information", kRemittanceInformation);
  if (message.isSetField(kSettlDate)) {
    const std::string d = message.getField(kSettlDate);  // LocalMktDate YYYYMMDD
    j["requested_execution_date"] = d.size() == 8 ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : d;
  }
  auto party = [&](const char* key, int name_tag, int account_tag, int role, int country_tag) {
    nlohmann::json p = nlohmann::json::object();
    if (message.isSetField(name_tag)) p["name"] = message.getField(name_tag);
    if (message.isSetField(account_tag)) p["account"] = message.getField(account_tag);
    if (std::string bic = PartyBic(message, role); !bic.empty()) p["agent_bic"] = bic;
    if (message.isSetField(country_tag)) p["country"] = message.getField(country_tag);
    j[key] = p;
  };
  party("debtor", kDebtorName, kAccount, kRoleDebtorAgent, kDebtorCountry);
  party("creditor", kCreditorName, kCreditorAccount, kRoleCreditorAgent, kCreditorCountry);
  if (message.isSetField(kUltimateDebtorName)) j["ultimate_debtor"] = {{"name", message.getField(kUltimateDebtorName)}};
  if (message.isSetField(kUltimateCreditorName))
    j["ultimate_creditor"] = {{"name", message.getField(kUltimateCreditorName)}};

  const std::string source = "fix:" + policy.name;
  out.ingest = gateway::IngestJson(j.dump(), source, source, out.cl_ord_id);

  // What the session may instruct, checked after the fields themselves.
  auto& issues = out.ingest.issues;
  const std::string account = Field(message, kAccount);
  const std::string currency = Field(message, kCurrency);
  if (issues.empty() && std::find(policy.debtor_accounts.begin(), policy.debtor_accounts.end(), account) ==
                            policy.debtor_accounts.end())
    codecs::AddIssue(issues, "FIX-001", "AG01", "/debtor/account", account,
                     "session " + policy.name + " may not debit account " + account);
  if (issues.empty() &&
      std::find(policy.currencies.begin(), policy.currencies.end(), currency) == policy.currencies.end())
    codecs::AddIssue(issues, "FIX-002", "AM03", "/currency", currency,
                     "session " + policy.name + " may not instruct payments in " + currency);

  // One payment per ClOrdID on the session, whatever the content: a refused
  // instruction is keyed the same way, so repeating it changes nothing.
  auto& instruction = out.ingest.instructions.front();
  instruction.idempotency_key = source + "|key:" + out.cl_ord_id;
  if (!issues.empty()) {
    const auto& first = issues.front();
    out.rejected_tag = TagOf(first.path);
    if (first.path == "/end_to_end_id" && !message.isSetField(kEndToEndId)) out.rejected_tag = kClOrdId;
    out.text = (out.rejected_tag == kClOrdId ? std::string("tag 11 (ClOrdID)") : DescribeJsonPath(first.path)) + ": " +
               first.message;
    if (out.text.size() > 400) out.text.resize(400);
  }
  return out;
}

std::optional<ReportCodes> ReportFor(gateway::PaymentStatus status) {
  using gateway::PaymentStatus;
  switch (status) {
    case PaymentStatus::kInitiated: return ReportCodes{'0', '0'};         // New: accepted
    case PaymentStatus::kComplianceHold: return ReportCodes{'A', 'A'};    // Pending New
    case PaymentStatus::kPendingApproval: return ReportCodes{'A', 'A'};   // Pending New
    case PaymentStatus::kSent: return ReportCodes{'I', '0'};              // Order Status: with the counterparty
    case PaymentStatus::kCompleted: return ReportCodes{'F', '2'};         // Trade / Filled
    case PaymentStatus::kFailed: return ReportCodes{'8', '8'};            // Rejected by the counterparty
    case PaymentStatus::kRejected: return ReportCodes{'8', '8'};          // Rejected here
    case PaymentStatus::kCancelled: return ReportCodes{'4', '4'};         // Canceled
    case PaymentStatus::kException: return ReportCodes{'9', '9'};         // Suspended: an operator must act
    default: return std::nullopt;
  }
}

FIX::Message BuildExecutionReport(const StatusReport& r) {
  FIX::Message m;
  m.getHeader().setField(35, "8");
  const ReportCodes codes = ReportFor(r.status).value_or(ReportCodes{'I', '0'});
  m.setField(37, r.payment_id);
  m.setField(17, r.exec_id);
  m.setField(150, std::string(1, r.status_query ? 'I' : codes.exec_type));
  m.setField(39, std::string(1, codes.ord_status));
  m.setField(kClOrdId, r.cl_ord_id);
  if (!r.account.empty()) m.setField(kAccount, r.account);
  if (!r.currency.empty()) m.setField(kCurrency, r.currency);
  if (!r.amount.empty()) m.setField(kCashOrderQty, r.amount);
  if (!r.reason.empty()) m.setField(58, r.reason.size() > 400 ? r.reason.substr(0, 400) : r.reason);
  if (codes.ord_status == '8') m.setField(103, "99");
  if (!r.uetr.empty()) m.setField(kUetr, r.uetr);
  m.setField(kPaymentStatus, std::string(gateway::ToString(r.status)));
  if (!r.reason_code.empty()) m.setField(kStatusReasonCode, r.reason_code);
  if (r.rejected_tag > 0) m.setField(kRejectedTag, std::to_string(r.rejected_tag));
  return m;
}

std::string ClOrdIdFromKey(std::string_view key) {
  const auto at = key.find("|key:");
  if (at == std::string_view::npos) return std::string(key);
  return std::string(key.substr(at + 5));
}

}  // namespace gw::fix
