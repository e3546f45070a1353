// File: tests/codecs/xerces_defences_test.cc
// Hostile input that the pre-scan lets through (it is well within the size and
// depth limits and declares no DTD), so the XML parser's own defences and the
// schema are what refuse it: character references, nesting near the limit,
// huge attribute values, bytes that are not UTF-8 inside text.
#include <catch2/catch.hpp>

#include <string>

#include "codec_test_support.h"

namespace gw::codecs {
namespace {

using testing::Describe;
using testing::ReadData;
using testing::Replace;
using testing::Schemas;

// The pre-scan let the document through (no SEC-00x issue) and the parser or
// the schema refused it.
bool ReachedParserAndRefused(const DecodeResult& r) {
  bool from_parser = false;
  for (const auto& issue : r.issues) {
    if (issue.rule_id.rfind("SEC-", 0) == 0) return false;
    from_parser |= issue.rule_id.rfind("XML-", 0) == 0 || issue.rule_id.rfind("XSD", 0) == 0;
  }
  return from_parser && !r.ok();
}

const std::string kName = "Alpenblick Hotel AG";

TEST_CASE("character references decode as text and invalid ones are refused by the parser", "[codecs][security]") {
  const std::string base = ReadData("pacs008_v10_proxy.xml");
  auto ok = Decode(Replace(base, kName, "Alpenblick &#x48;otel &amp; Spa &lt;AG&gt;"), *Schemas());
  INFO(Describe(ok.issues));
  REQUIRE(ok.ok());
  const auto& doc = std::get<Pacs008>(ok.message->document);
  CHECK(doc.cdt_trf_tx_inf.front().dbtr.nm == std::optional<std::string>("Alpenblick Hotel & Spa <AG>"));

  for (const std::string bad : {"&#0;", "&#xD800;", "&#x110000;", "&#1"}) {
    auto r = Decode(Replace(base, kName, "Alpenblick " + bad + " AG"), *Schemas());
    INFO(bad << ": " << Describe(r.issues));
    CHECK(ReachedParserAndRefused(r));
  }
}

TEST_CASE("nesting just inside the pre-scan's limit reaches the schema and is refused there", "[codecs][security]") {
  const std::string base = ReadData("pacs008_v10_proxy.xml");
  DecodeOptions options;  // max_depth 64: the document's own depth plus these stays below it
  std::string nested;
  for (int i = 0; i < 50; ++i) nested += "<X>";
  for (int i = 0; i < 50; ++i) nested += "</X>";
  auto r = Decode(Replace(base, kName, kName + nested), *Schemas(), options);
  INFO(Describe(r.issues));
  CHECK(ReachedParserAndRefused(r));
}

TEST_CASE("a huge attribute value is refused by the schema, and the error does not repeat it", "[codecs][security]") {
  const std::string base = ReadData("pacs008_v10_proxy.xml");
  const std::string huge(600 * 1024, 'Q');
  auto r = Decode(Replace(base, "Ccy=\"CHF\"", "Ccy=\"" + huge + "\""), *Schemas());
  INFO(Describe(r.issues).substr(0, 2000));
  CHECK(ReachedParserAndRefused(r));
  for (const auto& issue : r.issues) {
    CHECK(issue.value.size() <= 1024);
    CHECK(issue.message.size() <= 4096);
  }
}

TEST_CASE("bytes that are not UTF-8 inside text are refused by the parser", "[codecs][security]") {
  const std::string base = ReadData("pacs008_v10_proxy.xml");
  for (const std::string& bad : {std::string("\xC3\x28"), std::string("\xF8\x88\x80\x80\x80"), std::string("\xED\xA0\x80"),
                                std::string("\xC0\xAF")}) {
    auto r = Decode(Replace(base, kName, "Alpen" + bad + "blick"), *Schemas());
    INFO(Describe(r.issues));
    CHECK(ReachedParserAndRefused(r));
  }
}

}  // namespace
}  // namespace gw::codecs
