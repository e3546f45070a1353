// File: tests/codecs/ext_messages_test_support.h
//
// Helpers for the tests of pacs.004, pacs.009, camt.029, camt.053, camt.054, camt.056
// and pain.001: the schema set, the hand-written sample files, text edits on them, and
// lookups in Issues.
#pragma once

#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "codecs/iso20022/codec.h"
#include "codecs/iso20022/schema_set.h"

namespace gw::codecs::ext_testing {

inline const SchemaSet& Schemas() {
  static const std::shared_ptr<const SchemaSet> schemas = [] {
    auto loaded = SchemaSet::Load(GW_SOURCE_DIR "/schemas/iso20022");
    if (!loaded.ok()) FAIL("schemas do not load: " << loaded.status().ToString());
    return *loaded;
  }();
  return *schemas;
}

// tests/codecs/data/<msg_def_id>/<file>.
inline std::string Sample(std::string_view msg_def_id, std::string_view file) {
  std::string path = std::string(GW_SOURCE_DIR) + "/tests/codecs/data/" + std::string(msg_def_id) +
                     "/" + std::string(file);
  std::ifstream in(path, std::ios::binary);
  if (!in) FAIL("cannot read " << path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// `text` with the first occurrence of `from` replaced by `to` (the test fails when
// `from` is absent, so an edited sample can never silently stay unchanged).
inline std::string Replace(std::string text, std::string_view from, std::string_view to) {
  size_t at = text.find(from);
  if (at == std::string::npos) FAIL("sample does not contain: " << from);
  text.replace(at, from.size(), to);
  return text;
}

inline std::string Describe(const Issues& issues) {
  std::string s;
  for (const Issue& i : issues) s += i.ToString() + "\n";
  return s;
}

// The first issue with `rule_id`, or nullptr.
inline const Issue* FindIssue(const Issues& issues, std::string_view rule_id) {
  auto it = std::find_if(issues.begin(), issues.end(),
                         [&](const Issue& i) { return i.rule_id == rule_id; });
  return it == issues.end() ? nullptr : &*it;
}

// Decodes `xml` and checks that exactly the business rule `rule_id` failed, at `path`,
// with `reason_code`.
inline void ExpectOnlyRule(std::string_view xml, std::string_view rule_id, std::string_view path,
                           std::string_view reason_code) {
  DecodeResult r = Decode(xml, Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.message.has_value());
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].rule_id == rule_id);
  CHECK(r.issues[0].path == path);
  CHECK(r.issues[0].reason_code == reason_code);
  CHECK_FALSE(r.issues[0].message.empty());
}

// Decodes `xml` (schema-valid) and checks that, among the business rule issues, one is
// `rule_id` at `path` with `reason_code`.
inline void ExpectRule(std::string_view xml, std::string_view rule_id, std::string_view path,
                       std::string_view reason_code) {
  DecodeResult r = Decode(xml, Schemas());
  INFO(Describe(r.issues));
  REQUIRE(r.message.has_value());
  REQUIRE(FindIssue(r.issues, "XSD") == nullptr);
  auto it = std::find_if(r.issues.begin(), r.issues.end(), [&](const Issue& i) {
    return i.rule_id == rule_id && i.path == path;
  });
  REQUIRE(it != r.issues.end());
  CHECK(it->reason_code == reason_code);
  CHECK_FALSE(it->message.empty());
}

// Decodes `xml` and checks that the schema rejected it, reporting an element whose
// path contains `path_part`, with a line number.
inline void ExpectSchemaViolation(std::string_view xml, std::string_view path_part) {
  DecodeResult r = Decode(xml, Schemas());
  INFO(Describe(r.issues));
  REQUIRE_FALSE(r.ok());
  const Issue* xsd = FindIssue(r.issues, "XSD");
  REQUIRE(xsd != nullptr);
  CHECK(xsd->reason_code == "FF01");
  CHECK(xsd->line > 0);
  CHECK(xsd->path.find(path_part) != std::string::npos);
}

// Decode -> Encode -> Decode gives the same model, the written XML passes the schema
// and the rules, and the JSON form converts back to the same message.
inline Message ExpectRoundTrip(std::string_view xml) {
  DecodeResult first = Decode(xml, Schemas());
  INFO(Describe(first.issues));
  REQUIRE(first.ok());
  std::string written = Encode(*first.message);
  DecodeResult second = Decode(written, Schemas());
  INFO("written:\n" << written << "\n" << Describe(second.issues));
  REQUIRE(second.ok());
  CHECK(*second.message == *first.message);
  nlohmann::json j = ToJson(*first.message);
  auto from_json = FromJson(j);
  REQUIRE(from_json.ok());
  CHECK(*from_json == *first.message);
  CHECK(Validate(*from_json).empty());
  // What `gatewayctl message write` produces from that JSON passes the XSD.
  DecodeResult from_json_written = Decode(Encode(*from_json), Schemas());
  INFO(Describe(from_json_written.issues));
  CHECK(from_json_written.ok());
  return *first.message;
}

}  // namespace gw::codecs::ext_testing
