// File: codecs/iso20022/registry.cc
//
// The registry: one line per supported message version. See codecs/README.md,
// "How to add a message type".
#include "codecs/iso20022/registry.h"

#include <deque>
#include <vector>

#include "codecs/iso20022/internal/model_codecs.h"
#include "codecs/iso20022/message.h"

namespace gw::codecs {
namespace {

constexpr std::string_view kNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

// Owns the derived strings (namespaces, file names) the string_views point at.
std::string_view Keep(std::string s) {
  static std::deque<std::string> storage;  // only touched during static initialisation
  return storage.emplace_back(std::move(s));
}

template <class T>
MessageType Entry(std::string_view id, VersionTraits traits, const internal::DocumentCodec& codec) {
  return MessageType{id,
                     Keep(std::string(kNamespacePrefix) + std::string(id)),
                     Keep(std::string(id) + ".xsd"),
                     T::kRootTag,
                     traits,
                     &codec};
}

const std::vector<MessageType>& MessageTypes() {
  static const std::vector<MessageType> types = {
      // id                                               version differences
      Entry<Pacs008>("pacs.008.001.08", {}, internal::kPacs008Codec),
      Entry<Pacs008>("pacs.008.001.10", {.account_id_optional = true}, internal::kPacs008Codec),
      Entry<Pacs002>("pacs.002.001.10", {}, internal::kPacs002Codec),
      Entry<Pacs004>("pacs.004.001.09", {}, internal::kPacs004Codec),
      Entry<Pacs009>("pacs.009.001.08", {}, internal::kPacs009Codec),
      Entry<Camt056>("camt.056.001.08", {}, internal::kCamt056Codec),
      Entry<Camt029>("camt.029.001.09", {}, internal::kCamt029Codec),
      Entry<Camt053>("camt.053.001.08", {}, internal::kCamt053Codec),
      Entry<Camt054>("camt.054.001.08", {}, internal::kCamt054Codec),
      Entry<Pain001>("pain.001.001.09", {}, internal::kPain001Codec),
  };
  return types;
}

const std::vector<HeaderType>& HeaderTypes() {
  static const std::vector<HeaderType> types = {
      {"head.001.001.02", Keep(std::string(kNamespacePrefix) + "head.001.001.02"),
       "head.001.001.02.xsd"},
  };
  return types;
}

}  // namespace

std::span<const MessageType> AllMessageTypes() { return MessageTypes(); }
std::span<const HeaderType> AllHeaderTypes() { return HeaderTypes(); }

const MessageType* FindMessageTypeByNamespace(std::string_view xml_namespace) {
  for (const MessageType& t : MessageTypes()) {
    if (t.xml_namespace == xml_namespace) return &t;
  }
  return nullptr;
}

const MessageType* FindMessageTypeById(std::string_view id) {
  for (const MessageType& t : MessageTypes()) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const HeaderType* FindHeaderTypeByNamespace(std::string_view xml_namespace) {
  for (const HeaderType& t : HeaderTypes()) {
    if (t.xml_namespace == xml_namespace) return &t;
  }
  return nullptr;
}

std::string SupportedMessageList() {
  std::string s;
  for (const MessageType& t : MessageTypes()) {
    if (!s.empty()) s += ", ";
    s += t.id;
  }
  return s;
}

}  // namespace gw::codecs
