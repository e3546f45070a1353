// File: codecs/iso20022/message.h
//
// A decoded or built ISO 20022 message: an optional business application header
// and one Document. To add a message type, add its model to Document (see
// codecs/README.md).
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "codecs/iso20022/app_hdr.h"
#include "codecs/iso20022/ext_messages.h"
#include "codecs/iso20022/pacs002.h"
#include "codecs/iso20022/pacs008.h"

namespace gw::codecs {

// One alternative per message model (a model may serve several versions).
using Document = std::variant<Pacs008, Pacs002, Pacs004, Pacs009, Camt056, Camt029, Camt053,
                              Camt054, Pain001>;

struct Message {
  std::optional<AppHdr> app_hdr;
  // The message definition identifier of the Document, e.g. "pacs.008.001.08"; it
  // selects the namespace and schema (codecs/iso20022/registry.h).
  std::string msg_def_id;
  Document document;

  // "pacs.008" and "001.08" parts of msg_def_id.
  std::string_view Kind() const { return std::string_view(msg_def_id).substr(0, 8); }
  std::string_view Version() const {
    return msg_def_id.size() > 9 ? std::string_view(msg_def_id).substr(9) : std::string_view();
  }

  bool operator==(const Message&) const = default;
};

}  // namespace gw::codecs
