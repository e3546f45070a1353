// File: tests/codecs/security_test.cc
// Hostile input: DTDs, external entities, entity expansion, size, depth, encodings.
#include <catch2/catch.hpp>

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "codec_test_support.h"

namespace gw::codecs {
namespace {

using testing::HasIssue;
using testing::ReadData;
using testing::Schemas;

TEST_CASE("Decode refuses a DOCTYPE outright", "[codecs]") {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE Document>\n" + ReadData("pacs008_v10_proxy.xml").substr(39);
  auto r = Decode(xml, *Schemas());
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].rule_id == "SEC-003");
  CHECK(r.issues[0].line == 2);
  CHECK(r.issues[0].message.find("DOCTYPE") != std::string::npos);
  CHECK_FALSE(r.message);
}

TEST_CASE("Decode refuses an external entity (XXE) without reading the file", "[codecs]") {
  std::string xml =
      "<?xml version=\"1.0\"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">&x;</Document>";
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "SEC-003"));
  for (const auto& i : r.issues) CHECK(i.message.find("root:") == std::string::npos);
}

TEST_CASE("Decode refuses billion laughs quickly", "[codecs]") {
  std::string xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">";
  for (int i = 1; i < 10; ++i) {
    xml += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) xml += "&lol" + (i > 1 ? std::to_string(i - 1) : std::string()) + ";";
    xml += "\">";
  }
  xml += "]>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">&lol9;</Document>";
  auto r = Decode(xml, *Schemas());
  // Refused by the pre-scan: the one issue, nothing from a parser that expanded anything.
  REQUIRE(r.issues.size() == 1);
  CHECK(HasIssue(r.issues, "SEC-003"));
}

TEST_CASE("Decode refuses an undeclared entity reference as malformed XML", "[codecs]") {
  std::string xml = testing::Replace(ReadData("pacs008_v10_proxy.xml"), "Alpenblick Hotel AG", "Alpenblick &evil; AG");
  auto r = Decode(xml, *Schemas());
  CHECK(HasIssue(r.issues, "XML-001"));
}

TEST_CASE("Decode refuses an oversized document before parsing it", "[codecs]") {
  std::string xml = ReadData("pacs008_cbpr_envelope.xml");
  std::string big = xml.substr(0, xml.size() - 12) + std::string(1 << 20, ' ') + "</Envelope>\n";
  auto r = Decode(big, *Schemas());
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].rule_id == "SEC-001");
  DecodeOptions small;
  small.max_bytes = 1000;
  CHECK(HasIssue(Decode(xml, *Schemas(), small).issues, "SEC-001"));
}

TEST_CASE("Decode refuses a too deeply nested document cheaply", "[codecs]") {
  std::string xml = "<Envelope>";
  for (int i = 0; i < 100000; ++i) xml += "<a>";
  auto r = Decode(xml, *Schemas());
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].rule_id == "SEC-002");
}

TEST_CASE("Decode refuses UTF-16 and non-UTF-8 declared encodings", "[codecs]") {
  std::string utf16 = "\xFF\xFE<\0D\0";
  CHECK(HasIssue(Decode(std::string_view(utf16.data(), 6), *Schemas()).issues, "SEC-004"));
  std::string latin = testing::Replace(ReadData("pacs008_v10_proxy.xml"), "encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"");
  CHECK(HasIssue(Decode(latin, *Schemas()).issues, "SEC-004"));
}

TEST_CASE("Decode reports truncated and empty input as not well-formed", "[codecs]") {
  std::string xml = ReadData("pacs008_cbpr_envelope.xml");
  auto truncated = Decode(xml.substr(0, xml.size() / 2), *Schemas());
  CHECK(HasIssue(truncated.issues, "XML-001"));
  CHECK_FALSE(truncated.ok());
  auto empty = Decode("", *Schemas());
  CHECK_FALSE(empty.ok());
  CHECK_FALSE(empty.issues.empty());
  auto garbage = Decode("\x01\x02 not xml", *Schemas());
  CHECK_FALSE(garbage.ok());
}

TEST_CASE("Decode stops after max_issues problems and says so", "[codecs]") {
  std::string xml = ReadData("pacs008_bare_prefixed_crlf.xml");
  std::string tx = xml.substr(xml.find("<p8:CdtTrfTxInf>"), xml.find("</p8:CdtTrfTxInf>") + 17 - xml.find("<p8:CdtTrfTxInf>"));
  std::string bad_tx = testing::Replace(tx, "<p8:ChrgBr>SLEV</p8:ChrgBr>", "<p8:ChrgBr>XXXX</p8:ChrgBr>");
  std::string many;
  for (int i = 0; i < 200; ++i) many += bad_tx;
  xml = testing::Replace(xml, tx, many);
  DecodeOptions options;
  options.max_issues = 20;
  auto r = Decode(xml, *Schemas(), options);
  CHECK(r.issues.size() <= 21);
  CHECK(HasIssue(r.issues, "SEC-005"));
}

TEST_CASE("Decode is safe from many threads sharing one SchemaSet", "[codecs]") {
  std::string good = ReadData("pacs008_cbpr_envelope.xml");
  std::string bad = testing::Replace(good, "GB90MIDL40051522334455", "GB91MIDL40051522334455");
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        bool use_bad = (i + t) % 2 == 0;
        auto r = Decode(use_bad ? bad : good, *Schemas());
        if (r.ok() == use_bad) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(failures == 0);
}

TEST_CASE("A freshly loaded SchemaSet is safe from its very first concurrent decodes", "[codecs]") {
  // Xerces builds pattern tables on first use; the first decodes after a load
  // are where an unprepared grammar pool races. Start several threads at once
  // on a new SchemaSet, several times over.
  std::string good = ReadData("pacs008_cbpr_envelope.xml");
  for (int round = 0; round < 6; ++round) {
    auto loaded = SchemaSet::Load(GW_SOURCE_DIR "/schemas/iso20022");
    REQUIRE(loaded.ok());
    std::shared_ptr<const SchemaSet> schemas = *loaded;
    std::atomic<int> ready{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
      threads.emplace_back([&] {
        ++ready;
        while (ready.load() < 6) std::this_thread::yield();
        for (int i = 0; i < 5; ++i) {
          if (!Decode(good, *schemas).ok()) ++failures;
        }
      });
    }
    for (auto& th : threads) th.join();
    CHECK(failures == 0);
  }
}

}  // namespace
}  // namespace gw::codecs
