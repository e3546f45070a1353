// File: codecs/issue.h
//
// One problem found in a message: a schema violation or a broken business rule.
// A message with any Issue is invalid. Issues are written for people (message)
// and for machines (rule_id, reason_code).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gw::codecs {

struct Issue {
  // Which check failed: "XSD" (schema), "XML-001" (not well-formed), "SEC-003"
  // (DOCTYPE), "BIC-001", "IBAN-003", ... The catalogue is in codecs/README.md.
  std::string rule_id;
  // XPath-like location with 1-based indexes on repeating elements, starting at the
  // message part: "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf[1]/IntrBkSttlmAmt" or
  // "/AppHdr/BizMsgIdr". Empty when the problem is not tied to an element.
  std::string path;
  // 1-based position in the input (of the element's start tag, or where the parser
  // noticed the problem); 0 when unknown (e.g. a message built in memory).
  int line = 0;
  int column = 0;
  // The offending value as found (truncated to 256 bytes), possibly empty.
  std::string value;
  // One sentence a person can act on.
  std::string message;
  // The ISO 20022 ExternalStatusReason1Code a pacs.002 rejection would carry:
  // FF01 (format/schema), AC01 (account/IBAN), AM03 (currency), RC01 (BIC), DT01
  // (date), AM01/AM12 (amount), AM10 (control sum), AM18 (number of transactions)...
  std::string reason_code;

  // "path (line:col): [rule_id/reason_code] message (value: 'v')" on one line.
  std::string ToString() const;

  bool operator==(const Issue&) const = default;
};

using Issues = std::vector<Issue>;

// Appends an Issue; `value` is truncated to a bounded length.
void AddIssue(Issues& out, std::string_view rule_id, std::string_view reason_code,
              std::string path, std::string_view value, std::string message);

}  // namespace gw::codecs
