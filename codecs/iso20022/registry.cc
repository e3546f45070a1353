// File: codecs/iso20022/registry.cc
//
// The registry: one line per supported message version. See codecs/README.md,
// "How to add a message type".
#include "codecs/iso20022/registry.h"

#include <deque>
#include <vector>

#include "codecs/iso20022/internal/binding.h"
#include "codecs/iso20022/validators.h"

namespace gw::codecs {
namespace {

constexpr std::string_view kNamespacePrefix = "urn:iso:std:iso:20022:tech:xsd:";

// Owns the derived strings (namespaces, file names) the string_views point at.
std::string_view Keep(std::string s) {
  static std::deque<std::string> storage;  // only touched during static initialisation
  return storage.emplace_back(std::move(s));
}

template <class T, void (*Validator)(const T&, const MessageType&, Issues&)>
MessageType Entry(std::string_view id, VersionTraits traits) {
  return MessageType{id,
                     Keep(std::string(kNamespacePrefix) + std::string(id)),
                     Keep(std::string(id) + ".xsd"),
                     T::kRootTag,
                     traits,
                     &internal::kCodecFor<T, Validator>};
}

const std::vector<MessageType>& MessageTypes() {
  static const std::vector<MessageType> types = {
      // id                                               version differences
      Entry<Pacs008, ValidatePacs008>("pacs.008.001.08", {}),
      Entry<Pacs008, ValidatePacs008>("pacs.008.001.10", {.account_id_optional = true}),
      Entry<Pacs002, ValidatePacs002>("pacs.002.001.10", {}),
      Entry<Pacs004, ValidatePacs004>("pacs.004.001.09", {}),
      Entry<Pacs009, ValidatePacs009>("pacs.009.001.08", {}),
      Entry<Camt056, ValidateCamt056>("camt.056.001.08", {}),
      Entry<Camt029, ValidateCamt029>("camt.029.001.09", {}),
      Entry<Camt053, ValidateCamt053>("camt.053.001.08", {}),
      Entry<Camt054, ValidateCamt054>("camt.054.001.08", {}),
      Entry<Pain001, ValidatePain001>("pain.001.001.09", {}),
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
