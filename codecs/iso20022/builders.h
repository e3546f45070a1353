// File: codecs/iso20022/builders.h
//
// Building the messages the gateway sends: a pacs.008 (with AppHdr) from a
// payment, and pacs.002 ACK/NACK answers. Builders only assemble models; call
// Validate(...) on the result before sending, then Encode(...).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "codecs/issue.h"
#include "codecs/iso20022/message.h"

namespace gw::codecs {

// Sender/receiver and identification common to the messages we build.
struct Routing {
  std::string from_bic;       // AppHdr Fr/FIId and InstgAgt
  std::string to_bic;         // AppHdr To/FIId and InstdAgt
  std::string msg_id;         // GrpHdr MsgId and AppHdr BizMsgIdr
  std::string creation_time;  // ISODateTime in UTC, e.g. "2024-05-02T09:30:00Z"
  std::optional<std::string> business_service;  // AppHdr BizSvc, e.g. "swift.cbprplus.02"
  bool with_app_hdr = true;
};

struct CreditTransfer {
  Routing routing;
  std::string msg_def_id = "pacs.008.001.08";  // or "pacs.008.001.10"
  std::string settlement_method = "INDA";      // INDA INGA COVE CLRG
  std::string settlement_date;                 // ISODate, e.g. "2024-05-02"
  std::optional<std::string> instr_id;
  std::string end_to_end_id;
  std::optional<std::string> tx_id;
  std::string uetr;                            // UUID v4, lower case
  Amount amount;                               // IntrBkSttlmAmt
  std::string charge_bearer = "SHAR";          // DEBT CRED SHAR SLEV
  std::string debtor_name;
  std::optional<PostalAddress24> debtor_address;
  std::string debtor_iban;
  std::string debtor_agent_bic;
  std::string creditor_agent_bic;
  std::string creditor_name;
  std::optional<PostalAddress24> creditor_address;
  std::string creditor_iban;
  std::vector<std::string> remittance_info;    // RmtInf/Ustrd lines (Max140Text each)
};

// One pacs.008 with one transaction; NbOfTxs "1", TtlIntrBkSttlmAmt = amount.
Message BuildPacs008(const CreditTransfer& payment);

struct TransactionStatus {
  std::optional<std::string> original_instr_id;
  std::optional<std::string> original_end_to_end_id;
  std::optional<std::string> original_tx_id;
  std::optional<std::string> original_uetr;
  std::string status;                       // ACSP, ACCP, ACSC, RJCT, PDNG ...
  std::optional<std::string> reason_code;   // ExternalStatusReason1Code, e.g. "AC01"
  std::vector<std::string> additional_info; // Max105Text each (longer text is cut)
};

struct StatusReport {
  Routing routing;
  std::string original_msg_id;
  std::string original_msg_def_id = "pacs.008.001.08";
  std::optional<std::string> original_creation_time;
  std::optional<std::string> group_status;          // for the whole message
  std::optional<std::string> group_reason_code;
  std::vector<std::string> group_additional_info;
  std::vector<TransactionStatus> transactions;
};

// A pacs.002.001.10.
Message BuildPacs002(const StatusReport& report);

// Answers a decoded pacs.008 `original`: ACK with `status` (e.g. "ACSP") when
// `issues` is empty, otherwise NACK (RJCT) whose reason is the first issue's reason
// code and whose AddtlInf lines describe the issues (at most 10). Every original
// transaction gets a TxInfAndSts with its EndToEndId/TxId/UETR/InstrId.
Message BuildAnswerTo(const Message& original, const Issues& issues, std::string_view ack_status,
                      const Routing& routing);

}  // namespace gw::codecs
