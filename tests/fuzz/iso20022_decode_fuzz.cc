// File: tests/fuzz/iso20022_decode_fuzz.cc
// Fuzzes Decode (pre-scan, SAX2 validation, model building, rules) and, for
// messages that decode, Encode / ToJson / FromJson: no crash, hang or leak for any input.
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
