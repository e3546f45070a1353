// File: codecs/iso20022/guidelines/usage_guideline.h
//
// Usage guidelines: the stricter rules a scheme or market infrastructure sets on
// top of the ISO 20022 message definitions (CBPR+ demands a UTC offset on every
// date-time, one transaction per message, a UETR, ...). The base schemas and rules
// follow ISO and accept every valid message; a guideline is switched on by name
// where a counterparty requires it (`gatewayctl message validate --guideline cbpr+`,
// `usage_guideline = "cbpr+"` on a link).
//
//   const UsageGuideline* g = FindUsageGuideline("cbpr+");
//   DecodeResult r = Decode(xml, schemas);
//   if (r.message && g) CheckUsageGuideline(*r.message, *g, r.issues);
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "codecs/issue.h"
#include "codecs/iso20022/message.h"

namespace gw::codecs {

struct UsageGuideline {
  std::string_view name;         // "cbpr+"
  std::string_view description;
  void (*check)(const Message& message, Issues& out);
  // AppHdr BizSvc of the messages this gateway writes under the guideline
  // (empty: none required).
  std::string_view business_service;
};

// The guideline called `name` (case-insensitive), or nullptr.
const UsageGuideline* FindUsageGuideline(std::string_view name);
// The names of all guidelines, comma-separated, for messages and usage lines.
std::string UsageGuidelineList();

// Appends the guideline's issues for `message` to `out` (paths as Decode writes
// them; no line/column).
void CheckUsageGuideline(const Message& message, const UsageGuideline& guideline, Issues& out);

}  // namespace gw::codecs
