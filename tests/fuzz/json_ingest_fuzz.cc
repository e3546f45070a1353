// File: tests/fuzz/json_ingest_fuzz.cc
// Fuzzes the REST API's JSON payment ingest (gateway/ingest.h) and the bounded
// JSON parser under it (codecs/json_input.h): no crash, hang or leak for any
// body, every refusal explained, and no request turned into a payment without
// the fields a payment needs.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "codecs/json_input.h"
#include "gateway/ingest.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view body(reinterpret_cast<const char*>(data), size);
  // Whatever parses is at most kMaxApiJsonDepth deep, counted without
  // recursion over the raw bytes (brackets outside strings).
  if (gw::codecs::ParseJson(body, gw::codecs::kMaxApiJsonDepth).ok()) {
    int depth = 0, deepest = 0;
    bool in_string = false, escaped = false;
    for (char ch : body) {
      if (in_string) {
        if (escaped) escaped = false;
        else if (ch == '\\') escaped = true;
        else if (ch == '"') in_string = false;
      } else if (ch == '"') {
        in_string = true;
      } else if (ch == '[' || ch == '{') {
        deepest = std::max(deepest, ++depth);
      } else if (ch == ']' || ch == '}') {
        --depth;
      }
    }
    if (deepest > gw::codecs::kMaxApiJsonDepth) std::abort();
  }
  gw::gateway::IngestResult r = gw::gateway::IngestJson(body, "api", "fuzz-maker", "");
  if (r.instructions.empty()) std::abort();  // what arrived is always kept as a payment
  for (const auto& issue : r.issues) {
    if (issue.message.empty() || issue.path.empty()) std::abort();  // every problem says what and where
    if (issue.value.size() > 256 || issue.message.size() > 4096) std::abort();  // never echoes a body back
  }
  if (r.ok()) {
    const auto& p = r.instructions.front();
    if (p.end_to_end_id.empty() || p.amount_minor <= 0 || p.debtor_account.empty() || p.creditor_account.empty())
      std::abort();
  }
  for (const auto& p : r.instructions)
    if (p.idempotency_key.rfind("fuzz-maker|", 0) != 0) std::abort();  // keys are per operator
  return 0;
}
