// File: tests/codecs/compiled_validation_test.cc
//
// The compiled validator (codecs/iso20022/internal/compiled_schema.h) against
// Xerces-C, the reference: every supported schema compiles, and on the test
// messages, on the schema-driven instances of every supported schema
// (schema_instances.py) and on thousands of mutants of both - values emptied,
// lengthened, retyped (decimals, dates, codes), elements removed, repeated, moved,
// renamed or put in another namespace, attributes changed, and the document broken
// in the ways hostile input breaks it - both give the same verdict: accepted,
// refused by the schema, or refused as not well-formed; and an accepted message
// decodes to the same model.
#include <sys/wait.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "codec_test_support.h"
#include "codecs/iso20022/internal/xsd_pattern.h"

namespace gw::codecs {
namespace {

namespace fs = std::filesystem;
using testing::Describe;
using testing::Schemas;

// A leaf element as written: <Tag attrs>value</Tag>.
struct Leaf {
  size_t start, value_begin, value_end, end;  // end: after '</Tag>'
  std::string tag;
};

std::vector<Leaf> FindLeaves(const std::string& xml) {
  std::vector<Leaf> leaves;
  size_t i = 0;
  while ((i = xml.find('<', i)) != std::string::npos) {
    size_t name_end = i + 1;
    while (name_end < xml.size() &&
           (std::isalnum(static_cast<unsigned char>(xml[name_end])) || xml[name_end] == ':')) {
      ++name_end;
    }
    if (name_end == i + 1) {
      ++i;
      continue;
    }
    size_t gt = xml.find('>', name_end);
    if (gt == std::string::npos) break;
    if (xml[gt - 1] == '/') {
      i = gt;
      continue;
    }
    size_t lt = xml.find('<', gt);
    std::string tag = xml.substr(i + 1, name_end - i - 1);
    std::string close = "</" + tag + ">";
    if (lt != std::string::npos && xml.compare(lt, close.size(), close) == 0) {
      leaves.push_back({i, gt + 1, lt, lt + close.size(), tag});
    }
    i = gt;
  }
  return leaves;
}

// Values that probe the lexical spaces and facets of the ISO 20022 types.
const std::vector<std::string> kOddValues = {
    "",
    " ",
    "0",
    "-1",
    "1.123456",
    "123456789012345678901",
    "1e3",
    ".5",
    "5.",
    "+5",
    "00012.50",
    "12.50000",
    "-0",
    "0.000001",
    "2024-02-30",
    "2024-02-29",
    "2023-02-29",
    "2024-13-01",
    "2024-1-01",
    "0000-01-01",
    "2024-01-01Z",
    "2024-01-01+14:00",
    "2024-01-01+14:30",
    "2024-01-01T25:00:00",
    "2024-01-01T24:00:00",
    "2024-01-01T24:00:01",
    "2024-01-01T10:00:00.5Z",
    "2024-01-01T10:00:00.Z",
    "2024-01-01T10:00:00+01:00",
    "2024-01-01T10:00:00+1:00",
    "2024-01-01T10:60:00",
    "2024-01-01 10:00:00",
    "10:00:00",
    "10:00:00.123+05:30",
    "24:00:00",
    "2024",
    "02024",
    "2024-06",
    "true",
    "false",
    "1",
    " true ",
    "yes",
    "TRUE",
    "EUR",
    "eur",
    "EURO",
    "SHAR",
    "shar",
    "DEBT",
    "ABCDGB2L",
    "ABCDGB2LXXX",
    "abcdgb2l",
    "ABCD1B2L",
    "GB29NWBK60161331926819",
    "529900T8BM49AURSDO55",
    "eb6305c9-1f7f-49de-aed0-16487c27b42d",
    "eb6305c9-1f7f-59de-aed0-16487c27b42d",
    "+41-791234567",
    "+41 791234567",
    "a\tb",
    "line\nbreak",
    "\xC3\xA9t\xC3\xA9",
    "\xE4\xB8\xAD\xE6\x96\x87",
    "\xF0\x9F\x98\x80",
    "x&amp;y",
    "&#65;&#x42;",
    std::string(35, 'A'),
    std::string(36, 'A'),
    std::string(140, 'B'),
    std::string(141, 'B'),
};

const std::vector<std::string> kBreakages = {
    "&foo;",
    "&#0;",
    "&#xD800;",
    "\x01",
    "\xC3\x28",
    "\xED\xA0\x80",
    "\xF8\x88\x80\x80\x80",
    "<",
    "&",
    "]]>",
    "<![CDATA[x]]>",
    "<!-- c -->",
    "<!-- a -- b -->",
    "<?pi x?>",
    "<?xml version=\"1.0\"?>",
    "&#x10FFFF;",
    "&#xFFFE;",
    "&#65",
    "\r\n",
};

std::string Mutate(const std::string& xml, std::mt19937& rng, std::string& what) {
  std::vector<Leaf> leaves = FindLeaves(xml);
  if (leaves.empty()) return xml;
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  const Leaf& leaf = leaves[pick(leaves.size())];
  const std::string value = xml.substr(leaf.value_begin, leaf.value_end - leaf.value_begin);
  const std::string element = xml.substr(leaf.start, leaf.end - leaf.start);
  std::string out = xml;
  switch (pick(12)) {
    case 0: {
      const std::string& v = kOddValues[pick(kOddValues.size())];
      what = leaf.tag + " = '" + v + "'";
      out.replace(leaf.value_begin, leaf.value_end - leaf.value_begin, v);
      break;
    }
    case 1:
      what = leaf.tag + " lengthened";
      out.insert(leaf.value_end, std::string(1 + pick(200), 'X'));
      break;
    case 2:
      what = leaf.tag + " with spaces around";
      out.replace(leaf.value_begin, value.size(), " " + value + " ");
      break;
    case 3:
      what = leaf.tag + " removed";
      out.erase(leaf.start, leaf.end - leaf.start);
      break;
    case 4:
      what = leaf.tag + " repeated";
      out.insert(leaf.end, element);
      break;
    case 5: {
      // Moved after the next leaf.
      size_t index = static_cast<size_t>(&leaf - leaves.data());
      if (index + 1 >= leaves.size()) return xml;
      const Leaf& next = leaves[index + 1];
      what = leaf.tag + " moved after " + next.tag;
      out.insert(next.end, element);
      out.erase(leaf.start, leaf.end - leaf.start);
      break;
    }
    case 6: {
      what = leaf.tag + " renamed";
      out.replace(leaf.value_end + 2, leaf.tag.size(), leaf.tag + "X");
      out.replace(leaf.start + 1, leaf.tag.size(), leaf.tag + "X");
      break;
    }
    case 7: {
      static const char* kAttrs[] = {" Ccy=\"eur\"",
                                     " Ccy=\"EURO\"",
                                     " Ccy=\"\"",
                                     " Ccy=\"E1R\"",
                                     " Ccy=\"XXX\"",
                                     " Foo=\"1\"",
                                     " xml:lang=\"en\"",
                                     " xmlns=\"urn:example:other\"",
                                     " xsi:schemaLocation=\"urn:x y.xsd\" "
                                     "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""};
      std::string attr = kAttrs[pick(std::size(kAttrs))];
      size_t gt = leaf.value_begin - 1;
      std::string open = xml.substr(leaf.start, gt - leaf.start);
      size_t ccy = open.find(" Ccy=\"");
      if (ccy != std::string::npos && pick(2) == 0) {
        what = leaf.tag + " loses its Ccy";
        size_t close = open.find('"', ccy + 6);
        out.erase(leaf.start + ccy, close + 1 - ccy);
      } else {
        if (ccy != std::string::npos && attr.starts_with(" Ccy")) {
          size_t close = open.find('"', ccy + 6);
          out.erase(leaf.start + ccy, close + 1 - ccy);
          gt -= close + 1 - ccy;
        }
        what = leaf.tag + " gets" + attr;
        out.insert(gt, attr);
      }
      break;
    }
    case 8: {
      const std::string& b = kBreakages[pick(kBreakages.size())];
      what = leaf.tag + " value gets '" + b + "'";
      out.insert(leaf.value_begin + pick(value.size() + 1), b);
      break;
    }
    case 9: {
      what = "cut at a random byte";
      out.resize(pick(out.size()));
      break;
    }
    case 10: {
      what = leaf.tag + " end tag misspelt";
      out.replace(leaf.value_end + 2, leaf.tag.size(), leaf.tag + "Y");
      break;
    }
    default: {
      what = leaf.tag + " with an undeclared prefix";
      out.replace(leaf.value_end + 2, leaf.tag.size(), "q:" + leaf.tag);
      out.replace(leaf.start + 1, leaf.tag.size(), "q:" + leaf.tag);
      break;
    }
  }
  return out;
}

// The verdict a user sees: accepted; refused before validation (not well-formed,
// unsafe, or not a supported message: which of these is found first may differ,
// as Xerces-C decodes its input a block ahead of where it parses); refused by the
// schema; refused by a business rule only.
std::string Verdict(const DecodeResult& r) {
  if (r.ok()) return "accepted";
  bool early = false, schema = false;
  for (const Issue& i : r.issues) {
    early |=
        i.rule_id == "XML-001" || i.rule_id.starts_with("SEC-") || i.rule_id.starts_with("MSG-");
    schema |= i.rule_id == "XSD" || i.rule_id == "FMT-001";
  }
  if (early) return "not well-formed, unsafe or unsupported";
  if (schema) return "schema";
  return "rules";
}

struct Comparison {
  size_t documents = 0, accepted = 0, differences = 0;
  std::map<std::string, size_t> verdicts;
};

void Compare(const std::string& name, const std::string& xml, const DecodeOptions& base,
             Comparison& c) {
  DecodeOptions compiled = base, reference = base;
  reference.reference_validator = true;
  DecodeResult a = Decode(xml, *Schemas(), compiled);
  DecodeResult b = Decode(xml, *Schemas(), reference);
  const std::string va = Verdict(a), vb = Verdict(b);
  ++c.documents;
  ++c.verdicts[vb];
  bool same = va == vb;
  if (same && va == "accepted") {
    ++c.accepted;
    same = *a.message == *b.message;
  }
  if (!same && c.differences++ < 25) {
    std::cout << "DIFFERENT: " << name << "\n  compiled:  " << va << "\n"
              << Describe(a.issues) << "  reference: " << vb << "\n"
              << Describe(b.issues);
  }
}

std::vector<fs::path> Samples() {
  std::vector<fs::path> files;
  for (const char* dir :
       {GW_SOURCE_DIR "/tests/codecs/data", GW_SOURCE_DIR "/tests/fuzz/iso20022_decode_corpus"}) {
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
      if (e.is_regular_file()) files.push_back(e.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

int Run(const std::string& command) {
  int status = std::system((command + " >/dev/null 2>&1").c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("Every supported schema is compiled for the validator decodes use",
          "[codecs][compiled]") {
  INFO([] {
    std::string s;
    for (const auto& r : Schemas()->reference_only()) s += r + "\n";
    return s;
  }());
  CHECK(Schemas()->reference_only().empty());
  CHECK(Schemas()->loaded().size() == 11);
}

TEST_CASE(
    "The compiled validator and Xerces-C give the same verdict on the test messages and their "
    "mutants",
    "[codecs][compiled]") {
  Comparison c;
  std::mt19937 rng(20261207);
  DecodeOptions options;
  for (const fs::path& file : Samples()) {
    const std::string xml = testing::ReadFile(file.string());
    const std::string name = file.lexically_relative(GW_SOURCE_DIR).string();
    Compare(name, xml, options, c);
    for (int i = 0; i < 60; ++i) {
      std::string what;
      std::string mutant = Mutate(xml, rng, what);
      Compare(name + " [" + what + "]", mutant, options, c);
    }
  }
  std::cout << "compared " << c.documents << " documents, " << c.accepted << " accepted by both;";
  for (const auto& [v, n] : c.verdicts) std::cout << " " << v << ": " << n << ";";
  std::cout << " differences: " << c.differences << "\n";
  CHECK(c.documents > 4000);
  CHECK(c.differences == 0);
}

TEST_CASE(
    "The compiled validator and Xerces-C agree on instances that use every element of every schema",
    "[codecs][compiled]") {
  REQUIRE(Run("python3 --version") == 0);
  const fs::path dir =
      fs::temp_directory_path() / ("gw-compiled-" + std::to_string(std::random_device{}()));
  REQUIRE(Run("python3 " GW_SOURCE_DIR "/tests/codecs/schema_instances.py generate " GW_SOURCE_DIR
              "/schemas/iso20022 " +
              dir.string()) == 0);
  DecodeOptions options;
  options.max_bytes = 4 << 20;
  options.check_rules = false;  // generated values are schema-valid, not business-valid
  Comparison c;
  std::mt19937 rng(7);
  for (const auto& e : fs::directory_iterator(dir)) {
    if (e.path().extension() != ".xml") continue;
    const std::string xml = testing::ReadFile(e.path().string());
    Compare(e.path().filename().string(), xml, options, c);
    for (int i = 0; i < 15; ++i) {
      std::string what;
      std::string mutant = Mutate(xml, rng, what);
      Compare(e.path().filename().string() + " [" + what + "]", mutant, options, c);
    }
  }
  fs::remove_all(dir);
  std::cout << "compared " << c.documents << " instances and mutants, " << c.accepted
            << " accepted by both;";
  for (const auto& [v, n] : c.verdicts) std::cout << " " << v << ": " << n << ";";
  std::cout << " differences: " << c.differences << "\n";
  CHECK(c.accepted >= 90);
  CHECK(c.differences == 0);
}

TEST_CASE("Prefixed elements, CDATA, references and comments decode as their plain form does",
          "[codecs][compiled]") {
  // The same message as a sender's toolkit may write it: the parts under prefixes
  // (h:, doc:), the envelope's namespace on a prefix nobody uses, a comment inside a
  // value, a name in a CDATA section, characters as references, CRLF line ends.
  const std::string plain = testing::ReadData("pacs008_cbpr_envelope.xml");
  std::string xml = plain;
  auto prefix = [&](const std::string& open, const std::string& close, const std::string& p) {
    size_t begin = xml.find(open), end = xml.find(close) + close.size();
    std::string part = xml.substr(begin, end - begin);
    std::string out;
    for (size_t i = 0; i < part.size(); ++i) {
      out += part[i];
      if (part[i] == '<' && i + 1 < part.size()) {
        if (part[i + 1] == '/') out += '/', ++i;
        out += p + ":";
      }
    }
    size_t ns = out.find(" xmlns=");
    out.replace(ns, 7, " xmlns:" + p + "=");
    xml.replace(begin, end - begin, out);
  };
  prefix("<AppHdr", "</AppHdr>", "h");
  prefix("<Document", "</Document>", "doc");
  xml = testing::Replace(
      xml, "<Envelope xmlns=\"urn:swift:xsd:envelope\">",
      "<Envelope xmlns=\"urn:swift:xsd:envelope\" xmlns:unused=\"urn:example:unused\">");
  xml = testing::Replace(xml, ">Riverside Way<", "><![CDATA[Riverside]]><!-- street --> &#x57;ay<");
  std::string crlf;
  for (char c : xml) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);

  DecodeOptions reference;
  reference.reference_validator = true;
  DecodeResult want = Decode(plain, *Schemas());
  REQUIRE(want.ok());
  for (const DecodeOptions& options : {DecodeOptions{}, reference}) {
    DecodeResult got = Decode(crlf, *Schemas(), options);
    INFO(Describe(got.issues));
    REQUIRE(got.ok());
    CHECK(*got.message == *want.message);
  }
}

TEST_CASE("A schema using what the compiled validator does not implement is validated by Xerces-C",
          "[codecs][compiled]") {
  // A usage-guideline style schema whose currency codes use \p{Lu}, a Unicode
  // category the compiled patterns leave to Xerces-C.
  const fs::path dir =
      fs::temp_directory_path() / ("gw-reference-" + std::to_string(std::random_device{}()));
  fs::create_directories(dir);
  for (const auto& e : fs::directory_iterator(GW_SOURCE_DIR "/schemas/iso20022")) {
    fs::copy_file(e.path(), dir / e.path().filename());
  }
  std::string xsd = testing::ReadFile((dir / "pacs.008.001.08.xsd").string());
  const std::string from = "<xs:pattern value=\"[A-Z]{3,3}\"/>";
  size_t n = 0;
  for (size_t pos; (pos = xsd.find(from)) != std::string::npos; ++n) {
    xsd.replace(pos, from.size(), "<xs:pattern value=\"\\p{Lu}{3,3}\"/>");
  }
  REQUIRE(n > 0);
  std::ofstream(dir / "pacs.008.001.08.xsd", std::ios::binary) << xsd;
  auto schemas = SchemaSet::Load(dir);
  fs::remove_all(dir);
  REQUIRE(schemas.ok());
  REQUIRE((*schemas)->reference_only().size() == 1);
  CHECK((*schemas)->reference_only()[0].find("pacs.008.001.08: ") == 0);
  CHECK((*schemas)->reference_only()[0].find("\\p") != std::string::npos);

  const std::string xml = testing::ReadData("pacs008_cbpr_envelope.xml");
  DecodeResult valid = Decode(xml, **schemas);
  INFO(Describe(valid.issues));
  CHECK(valid.ok());
  DecodeResult invalid = Decode(testing::Replace(xml, "Ccy=\"EUR\"", "Ccy=\"eur\""), **schemas);
  CHECK(testing::HasIssue(invalid.issues, "XSD"));
  // pacs.002 is still compiled, and decodes as before.
  DecodeResult other = Decode(testing::ReadData("pacs002_group_ack.xml"), **schemas);
  CHECK(other.ok());
}

TEST_CASE("XSD patterns: whole-value matches, classes, groups and counted repeats",
          "[codecs][compiled]") {
  using internal::XsdPattern;
  auto bic = XsdPattern::Compile("[A-Z0-9]{4,4}[A-Z]{2,2}[A-Z0-9]{2,2}([A-Z0-9]{3,3}){0,1}");
  REQUIRE(bic.ok());
  CHECK(bic->Matches("ABCDGB2L"));
  CHECK(bic->Matches("ABCDGB2LXXX"));
  CHECK_FALSE(bic->Matches("ABCDGB2LXX"));
  CHECK_FALSE(bic->Matches("ABCDGB2L "));
  CHECK_FALSE(bic->Matches("abcdGB2L"));
  // A usage-guideline character set with a nested group and a star.
  auto text = XsdPattern::Compile(
      "([0-9a-zA-Z\\-\\?:\\(\\)\\.,'\\+ ]([0-9a-zA-Z\\-\\?:\\(\\)\\.,'\\+ "
      "]*(/[0-9a-zA-Z\\-\\?:\\(\\)\\.,'\\+ ])?)*)");
  REQUIRE(text.ok());
  CHECK(text->Matches("ACME Ltd. (London)/Branch"));
  CHECK_FALSE(text->Matches("/leading slash"));
  CHECK_FALSE(text->Matches("double//slash"));
  CHECK_FALSE(text->Matches("caf\xC3\xA9"));
  auto phone = XsdPattern::Compile("\\+[0-9]{1,3}-[0-9()+\\-]{1,30}");
  REQUIRE(phone.ok());
  CHECK(phone->Matches("+41-(0)79-123"));
  CHECK_FALSE(phone->Matches("41-79"));
  auto nonblank = XsdPattern::Compile(".*\\S+.*");
  REQUIRE(nonblank.ok());
  CHECK(nonblank->Matches("  x "));
  CHECK_FALSE(nonblank->Matches("   "));
  CHECK_FALSE(nonblank->Matches("a\nb"));  // '.' excludes line ends
  auto alt = XsdPattern::Compile("CRED|DEBT|[0-9]{2}");
  REQUIRE(alt.ok());
  CHECK(alt->Matches("DEBT"));
  CHECK(alt->Matches("42"));
  CHECK_FALSE(alt->Matches("CREDDEBT"));
  // A hostile value against a pattern that backtracking engines blow up on.
  auto nested = XsdPattern::Compile("(a*)*b");
  REQUIRE(nested.ok());
  CHECK_FALSE(nested->Matches(std::string(100000, 'a')));
  // Not implemented here (Xerces-C validates such schemas), or malformed.
  CHECK(XsdPattern::Compile("\\d{3}").status().code() == StatusCode::kFailedPrecondition);
  CHECK(XsdPattern::Compile("[a-z-[aeiou]]").status().code() == StatusCode::kFailedPrecondition);
  CHECK(XsdPattern::Compile("[A-Z").status().code() == StatusCode::kInvalidArgument);
  CHECK(XsdPattern::Compile("a{3,1}").status().code() == StatusCode::kInvalidArgument);
  CHECK(XsdPattern::Compile("*a").status().code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gw::codecs
