// File: tests/fuzz/iso20022_decode_fuzz.cc
// Fuzzes Decode (pre-scan, the compiled validator and its XML scanner, model
// building, rules) and, for messages that decode, Encode / ToJson / FromJson: no
// crash, hang or leak for any input. Every input is also decoded with Xerces-C, the
// reference validator: the two must agree on whether the input is well-formed,
// schema-valid and valid, and on the model of a valid message.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string_view>

#include <nlohmann/json.hpp>

#include "codecs/iso20022/codec.h"

namespace {

const gw::codecs::SchemaSet& Schemas() {
  static std::shared_ptr<const gw::codecs::SchemaSet> schemas = [] {
    auto loaded = gw::codecs::SchemaSet::Load(GW_SOURCE_DIR "/schemas/iso20022");
    if (!loaded.ok()) {
      std::cerr << loaded.status().ToString() << "\n";
      std::abort();
    }
    return *loaded;
  }();
  return *schemas;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view xml(reinterpret_cast<const char*>(data), size);
  gw::codecs::DecodeOptions options;
  options.max_bytes = 256 * 1024;
  gw::codecs::DecodeResult r = gw::codecs::Decode(xml, Schemas(), options);
  gw::codecs::DecodeOptions reference_options = options;
  reference_options.reference_validator = true;
  gw::codecs::DecodeResult ref = gw::codecs::Decode(xml, Schemas(), reference_options);
  auto kinds = [](const gw::codecs::DecodeResult& d) {
    int k = d.ok() ? 1 : 0;
    for (const auto& i : d.issues) {
      // Refused before validation: not well-formed, unsafe or not a supported
      // message. Which of these comes first may differ (Xerces-C decodes the
      // input a block ahead of where it parses).
      if (i.rule_id == "XML-001" || i.rule_id.rfind("SEC-", 0) == 0 || i.rule_id.rfind("MSG-", 0) == 0) k |= 2;
      if (i.rule_id == "XSD" || i.rule_id == "FMT-001") k |= 4;
    }
    return (k & 2) ? 2 : k;  // then schema issues before the break may differ too
  };
  if (kinds(r) != kinds(ref) || (r.ok() && !(*r.message == *ref.message))) {
    std::cerr << "the compiled validator and Xerces-C disagree\n";
    std::abort();
  }
  if (r.message) {
    std::string out = gw::codecs::Encode(*r.message);
    (void)gw::codecs::Validate(*r.message);
    auto back = gw::codecs::FromJson(gw::codecs::ToJson(*r.message));
    if (!back.ok()) std::abort();  // JSON must round-trip whatever was decoded
    if (r.ok()) {
      // A valid message re-encodes to a valid message with the same model.
      auto again = gw::codecs::Decode(out, Schemas(), options);
      if (!again.ok() || !(*again.message == *r.message)) std::abort();
    }
  }
  return 0;
}
