// File: codecs/iso20022/codec.h
//
// Decoding, validating, writing and JSON mapping of ISO 20022 messages. All
// functions are thread-safe and never throw (allocation failure aside).
//
// Accepted input (UTF-8; the XML declaration is optional; CRLF line ends are fine):
//   - a bare Document:  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">..
//   - an AppHdr followed by a Document inside any wrapper element(s), e.g.
//       <Envelope><AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">..</AppHdr>
//                 <Document xmlns="..pacs.008.001.08">..</Document></Envelope>
//   Default or prefixed namespaces. The version comes from the Document namespace.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "codecs/issue.h"
#include "codecs/iso20022/message.h"
#include "codecs/iso20022/schema_set.h"
#include "core/status.h"

namespace gw::codecs {

struct DecodeOptions {
  // Checked by a cheap pre-scan before any parsing (SEC-001, SEC-002).
  size_t max_bytes = 1 << 20;
  int max_depth = 64;
  // Decoding stops after this many issues (the last one says so).
  size_t max_issues = 100;
  // Run the business rules (Validate) after a schema-valid parse.
  bool check_rules = true;
  // Validate with Xerces-C, the reference, even where the compiled validator
  // covers the schemas (internal/compiled_schema.h). The two give the same
  // verdicts (tests/codecs/compiled_validation_test.cc); this is the switch to
  // compare them, or to step around a difference found in the field.
  bool reference_validator = false;
};

struct DecodeResult {
  // Present when a Document of a supported type was found, even if it has issues
  // (the model then holds what could be read).
  std::optional<Message> message;
  // Every schema and rule failure, in document order for schema errors, then rules.
  Issues issues;

  // A message is valid only if it was found and has no issue at all.
  bool ok() const { return message.has_value() && issues.empty(); }
};

// Checks size/depth/DOCTYPE/encoding, validates against `schemas`, builds the model,
// then checks the business rules. Never fetches anything a document names.
DecodeResult Decode(std::string_view xml, const SchemaSet& schemas, const DecodeOptions& options = {});

// The business rules for a message built in memory or read from JSON (no schema):
// identifiers, amounts, codes, counts, and AppHdr/Document consistency. Issues have
// paths but no line/column.
Issues Validate(const Message& message);

struct EncodeOptions {
  bool xml_declaration = true;
  // Wrapper used when the message has an AppHdr: <Envelope xmlns="urn:swift:xsd:envelope">
  // <AppHdr ..>..</AppHdr><Document ..>..</Document></Envelope>. Without an AppHdr the
  // bare Document is written.
  std::string_view envelope_tag = "Envelope";
  std::string_view envelope_namespace = "urn:swift:xsd:envelope";
};

// Writes the message (string building, no DOM). A message that passes Validate and
// fills every mandatory element is schema-valid. Characters XML 1.0 cannot carry
// (C0 controls other than tab/LF/CR) are dropped.
std::string Encode(const Message& message, const EncodeOptions& options = {});
// Appends to `out` (lets a caller reuse one buffer).
void EncodeTo(const Message& message, std::string& out, const EncodeOptions& options = {});

// JSON form: {"MsgDefIdr": "pacs.008.001.08", "AppHdr": {...}, "Document": {"FIToFICstmrCdtTrf": {...}}}
// Keys are the XML tags; amounts are {"Ccy": "EUR", "Value": "12.50"} with the value
// as a string (exact); other decimals are strings; booleans are JSON booleans.
nlohmann::json ToJson(const Message& message);
// Strict: unknown keys and wrong types are errors (kInvalidArgument naming the JSON
// path, e.g. "/Document/FIToFICstmrCdtTrf/CdtTrfTxInf/0/IntrBkSttlmAmt/Value").
// Run Validate on the result before using it.
StatusOr<Message> FromJson(const nlohmann::json& json);

}  // namespace gw::codecs
