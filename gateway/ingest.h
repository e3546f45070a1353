// File: gateway/ingest.h
//
// Turning what arrives (the REST API's JSON, a pacs.008 or pain.001 document)
// into payment instructions, with every problem reported as a codecs Issue
// (path, rule id, offending value, ISO reason code). No database here.
//
// The JSON shape (documented in /api-docs):
//   {
//     "end_to_end_id": "E2E-2026-0001",            required, 1-35 characters
//     "uetr": "8a562c67-ca16-48ba-b074-65581be6f001", optional UUID v4 (generated if absent)
//     "msg_id": "...",                              optional, 1-35 characters
//     "amount": "1250.00", "currency": "EUR",       decimal string, ISO 4217 active code
//     "debtor":   {"name": "...", "account": "<IBAN>", "agent_bic": "<BIC>"},
//     "creditor": {"name": "...", "account": "<IBAN>", "agent_bic": "<BIC>"},
//     "remittance_information": "...",              optional, up to 140 characters
//     "requested_execution_date": "2026-12-01"      optional ISO date
//   }
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codecs/issue.h"
#include "gateway/payment.h"

namespace gw::codecs {
class SchemaSet;
struct PartyIdentification135;
}

namespace gw::gateway {

struct IngestResult {
  // One per transaction (JSON: exactly one). Filled as far as it could be read,
  // even when there are issues, so a rejected payment keeps what arrived.
  std::vector<PaymentInstruction> instructions;
  codecs::Issues issues;
  std::string message_type;  // "json", "pacs.008.001.08", "pain.001.001.09", ...
  bool ok() const { return issues.empty() && !instructions.empty(); }
};

// `source` and `created_by` are copied into each instruction. The idempotency
// key is scoped to `created_by` ("<created_by>|..."): "key:<idempotency_key>"
// when given, else derived from the message: "e2e:<end_to_end_id>" for JSON
// without msg_id, "msg:<msg_id>/e2e:<end_to_end_id>" otherwise; a request with
// issues is keyed "invalid:<SHA-256 of the body>" instead. Each instruction
// carries the fingerprint of what it asks for (PaymentInstruction::request_fingerprint).
IngestResult IngestJson(std::string_view body, const std::string& source, const std::string& created_by,
                        const std::string& idempotency_key);
IngestResult IngestXml(std::string_view body, const codecs::SchemaSet& schemas, const std::string& source,
                       const std::string& created_by, const std::string& idempotency_key);

// A random UUID v4, lower case. Throws std::runtime_error if the random
// generator fails (never an identifier made from unset bytes).
std::string NewUuidV4();

// Copies what screening needs beyond the debtor's and creditor's names from an
// ISO 20022 message's parties: the ultimate parties' names and the debtor's and
// creditor's postal address countries. `creditor` may be null.
void ScreenedParties(const codecs::PartyIdentification135& debtor, const codecs::PartyIdentification135* creditor,
                     const std::optional<codecs::PartyIdentification135>& ultimate_debtor,
                     const std::optional<codecs::PartyIdentification135>& ultimate_creditor, PaymentInstruction& p);

}  // namespace gw::gateway
