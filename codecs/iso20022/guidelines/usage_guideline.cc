// File: codecs/iso20022/guidelines/usage_guideline.cc
#include "codecs/iso20022/guidelines/usage_guideline.h"

#include <array>

namespace gw::codecs {

extern const UsageGuideline kCbprPlusGuideline;

namespace {

const std::array<const UsageGuideline*, 1>& All() {
  static const std::array<const UsageGuideline*, 1> all = {&kCbprPlusGuideline};
  return all;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

const UsageGuideline* FindUsageGuideline(std::string_view name) {
  for (const UsageGuideline* g : All()) {
    if (EqualsIgnoreCase(g->name, name)) return g;
  }
  return nullptr;
}

std::string UsageGuidelineList() {
  std::string s;
  for (const UsageGuideline* g : All()) {
    if (!s.empty()) s += ", ";
    s += g->name;
  }
  return s;
}

void CheckUsageGuideline(const Message& message, const UsageGuideline& guideline, Issues& out) {
  guideline.check(message, out);
}

}  // namespace gw::codecs
