// File: codecs/iso20022/component_rules.h
//
// Business rules for the shared components (agents, parties, accounts, amounts,
// status reasons), reused by every message's validator. Each function appends
// Issues for `path` (the element's XPath-like location, see codecs/issue.h).
#pragma once

#include <string>
#include <string_view>

#include "codecs/issue.h"
#include "codecs/iso20022/components.h"
#include "codecs/iso20022/pacs002.h"

namespace gw::codecs {

// "base/Tag[i+1]": the path of the i-th (0-based) element of a repeating member.
std::string PathAt(std::string_view base, std::string_view tag, size_t index);
// "base/Tag".
std::string PathOf(std::string_view base, std::string_view tag);

// BICFI (BIC-001/002), LEI (LEI-001), address country, and AGT-001 (some usable
// identification: BICFI, ClrSysMmbId, LEI, Othr or Nm).
void CheckAgent(const Agent& agent, const std::string& path, Issues& out);
// AnyBIC, LEI, birth date and countries, CtryOfRes, address country.
void CheckParty(const PartyIdentification135& party, const std::string& path, Issues& out);
void CheckPostalAddress(const PostalAddress24& address, const std::string& path, Issues& out);
// IBAN (IBAN-001..003), currency (CUR-001), ACCT-001 (Id required unless
// `id_optional`, then Id or Prxy).
void CheckAccount(const CashAccount& account, const std::string& path, bool id_optional,
                  Issues& out);
// A payment amount: active currency, positive, decimals within the minor unit.
void CheckAmountAt(const Amount& amount, const std::string& path, Issues& out);
// A charge or other amount that may be zero: active currency and minor unit only.
void CheckNonNegativeAmountAt(const Amount& amount, const std::string& path, Issues& out);
void CheckDateAt(const std::optional<std::string>& date, const std::string& path, Issues& out);
void CheckDateTimeAt(const std::optional<std::string>& date_time, const std::string& path,
                     Issues& out);
// Rsn/Cd in ExternalStatusReason1Code; originator party.
void CheckStatusReason(const StatusReasonInformation12& reason, const std::string& path,
                       Issues& out);

}  // namespace gw::codecs
