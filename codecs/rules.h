// File: codecs/rules.h
//
// Business rules beyond the schema, reusable by every message type. Each Check*
// function is pure and thread-safe; it returns nullopt when the value is fine or a
// RuleViolation naming the rule id, the ISO 20022 status reason code a rejection
// would carry, and a sentence for people. Report(...) turns a violation into an
// Issue at a path. Rule ids (catalogue in codecs/README.md):
//   BIC-001  BIC structure (ISO 9362)               RC01
//   BIC-002  BIC country is not an ISO 3166 code    RC01
//   IBAN-001 IBAN characters/shape                  AC01
//   IBAN-002 IBAN length for its country (ISO 13616 registry), unknown country  AC01
//   IBAN-003 IBAN check digits (mod 97)             AC01
//   LEI-001  LEI shape or check digits (ISO 17442 / ISO 7064 mod 97-10)  RR12
//   CUR-001  not an active ISO 4217 currency        AM03
//   CUR-002  more decimals than the currency's minor unit  AM12
//   AMT-001  amount must be positive                AM01 (zero) / AM12 (negative)
//   UETR-001 not a UUID version 4 (RFC 4122, lower case)   FF01
//   DT-001   not a real calendar date (ISODate)     DT01
//   DT-002   not a real date and time (ISODateTime) DT01
//   CTRY-001 not an ISO 3166 alpha-2 country code   BE09
//   CODE-001 value not in its ISO (external) code set      FF01 (or set-specific)
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "codecs/decimal.h"
#include "codecs/issue.h"

namespace gw::codecs {

struct RuleViolation {
  std::string_view rule_id;
  std::string_view reason_code;
  std::string message;
};
using RuleResult = std::optional<RuleViolation>;

RuleResult CheckBic(std::string_view bic);
RuleResult CheckIban(std::string_view iban);
RuleResult CheckLei(std::string_view lei);
RuleResult CheckCountry(std::string_view country);
RuleResult CheckCurrency(std::string_view currency);
// Currency active, value > 0, and no more significant decimals than the minor unit.
RuleResult CheckAmount(const Decimal& value, std::string_view currency);
RuleResult CheckUuidV4(std::string_view uuid);
// xs:date lexical form (optional time zone) naming a real day of the Gregorian calendar.
RuleResult CheckIsoDate(std::string_view date);
// xs:dateTime lexical form naming a real instant (Feb 29 only in leap years, hours 0-23
// or 24:00:00, time zone within +-14:00).
RuleResult CheckIsoDateTime(std::string_view date_time);

// A closed set of codes (an ISO enumeration or an external code list).
struct CodeSet {
  std::string_view name;         // "ChargeBearerType1Code"
  std::string_view reason_code;  // reason a rejection carries when the code is wrong
  std::span<const std::string_view> codes;  // sorted
};
RuleResult CheckCode(std::string_view code, const CodeSet& set);

// ISO code sets used by the messages in this library.
extern const CodeSet kChargeBearerCodes;            // DEBT CRED SHAR SLEV
extern const CodeSet kSettlementMethodCodes;        // INDA INGA COVE CLRG
extern const CodeSet kTransactionStatusCodes;       // ExternalPaymentTransactionStatus1Code
extern const CodeSet kGroupStatusCodes;             // ExternalPaymentGroupStatus1Code
extern const CodeSet kStatusReasonCodes;            // ExternalStatusReason1Code
extern const CodeSet kCopyDuplicateCodes;           // CODU COPY DUPL

// Appends `violation` (if any) to `out` as an Issue at `path` with `value`.
// Returns true when there was no violation.
bool Report(Issues& out, const std::string& path, std::string_view value,
            const RuleResult& violation);

}  // namespace gw::codecs
