// File: codecs/iso20022/guidelines/model_walk.h
//
// Visits every value of a message model through the field tables (internal/
// binding.h), with the path Decode gives it. Internal to codecs/.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/message.h"

namespace gw::codecs::internal {

struct WalkVisitor {
  // A text value (string leaves, and the text of unmodelled elements).
  std::function<void(std::string_view tag, const std::string& value, const std::string& path)> text;
  // A struct, before its members.
  std::function<void(std::string_view tag, const StructTable& table, const void* obj,
                     const std::string& path)>
      structure;
};

// Walks the AppHdr (when present) and the Document of `message`.
void WalkMessage(const Message& message, const WalkVisitor& visitor);

}  // namespace gw::codecs::internal
