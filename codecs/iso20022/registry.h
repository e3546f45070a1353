// File: codecs/iso20022/registry.h
//
// The table of supported ISO 20022 messages: message definition identifier ->
// namespace, schema file, root element, model and rules. Immutable after static
// initialisation; safe to read from any thread. Adding a message version is one
// line in registry.cc (see codecs/README.md).
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace gw::codecs {

namespace internal {
struct DocumentCodec;  // generated parser/writer/JSON glue (internal/binding.h)
}  // namespace internal

// Differences between versions of one model that are not visible in the schema
// (the schema itself carries the structural differences).
struct VersionTraits {
  // CashAccount38 (<= 2019 versions) requires Id; CashAccount40 makes it optional
  // but then a proxy (Prxy) must identify the account.
  bool account_id_optional = false;
};

struct MessageType {
  std::string_view id;           // "pacs.008.001.08"
  std::string_view xml_namespace;  // "urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08"
  std::string_view schema_file;  // file name inside the schema directory
  std::string_view root_tag;     // "FIToFICstmrCdtTrf"
  VersionTraits traits;
  const internal::DocumentCodec* codec;
};

// The business application header versions understood (head.001.001.02).
struct HeaderType {
  std::string_view id;
  std::string_view xml_namespace;
  std::string_view schema_file;
};

std::span<const MessageType> AllMessageTypes();
std::span<const HeaderType> AllHeaderTypes();

// nullptr when unknown.
const MessageType* FindMessageTypeByNamespace(std::string_view xml_namespace);
const MessageType* FindMessageTypeById(std::string_view id);
const HeaderType* FindHeaderTypeByNamespace(std::string_view xml_namespace);

// "pacs.008.001.08, pacs.008.001.10, pacs.002.001.10" (for error messages).
std::string SupportedMessageList();

}  // namespace gw::codecs
