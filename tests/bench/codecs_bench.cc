// File: tests/bench/codecs_bench.cc
// One-thread throughput of the ISO 20022 codecs on typical 5-6 KB pacs.008
// messages (Envelope + AppHdr + Document) held in memory.
//   build/tests/bench/codecs_bench
// Goals: decode (parse + schema-validate + model + rules) >= 10,000 msg/s;
// encode >= 50,000 msg/s; decode >= 1.5 x libxml2's streaming validating
// reader on the same messages (BM_Libxml2StreamValidate, built when libxml2's
// headers are there; tests/bench/decode_vs_libxml2.sh runs both on one core and
// prints the ratio).
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "codecs/iso20022/codec.h"

#ifdef GW_HAVE_LIBXML2
#include <libxml/xmlreader.h>
#include <libxml/xmlschemas.h>
#endif

namespace {

using namespace gw::codecs;

const SchemaSet& Schemas() {
  static auto schemas = [] {
    auto loaded = SchemaSet::Load(GW_SOURCE_DIR "/schemas/iso20022");
    if (!loaded.ok()) {
      std::cerr << loaded.status().ToString() << "\n";
      std::abort();
    }
    return *loaded;
  }();
  return *schemas;
}

std::string Read(const char* name) {
  std::ifstream in(std::string(GW_SOURCE_DIR "/tests/codecs/data/") + name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// 16 distinct messages so that caches do not flatter the figures.
const std::vector<std::string>& Messages() {
  static std::vector<std::string> messages = [] {
    std::string base = Read("pacs008_cbpr_envelope.xml");
    std::vector<std::string> out;
    for (int i = 0; i < 16; ++i) {
      std::string m = base;
      std::string id = "NDF-20240502-0001" + std::to_string(10 + i);
      for (size_t p = m.find("NDF-20240502-000184"); p != std::string::npos; p = m.find("NDF-20240502-000184")) {
        m.replace(p, 19, id);
      }
      out.push_back(std::move(m));
    }
    return out;
  }();
  return messages;
}

void BM_DecodePacs008(benchmark::State& state) {
  const auto& messages = Messages();
  DecodeOptions options;
  options.check_rules = state.range(0) != 0;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& xml = messages[i++ % messages.size()];
    DecodeResult r = Decode(xml, Schemas(), options);
    if (!r.ok()) state.SkipWithError("sample did not decode");
    benchmark::DoNotOptimize(r);
    bytes += xml.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_DecodePacs008)->Arg(1)->Arg(0)->ArgName("rules");

#ifdef GW_HAVE_LIBXML2
// The reference: libxml2's streaming reader (xmlTextReader) validating each
// whole message, Envelope + AppHdr (head.001.001.02) + Document
// (pacs.008.001.08), against the same XSDs, compiled once. Our Decode does more
// (the model and, with rules=1, the business rules); the comparison is the
// parse and schema validation that both must do.
xmlSchemaPtr LibxmlSchema() {
  static xmlSchemaPtr schema = [] {
    const std::string dir = GW_SOURCE_DIR "/schemas/iso20022/";
    const std::string xsd =
        "<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" targetNamespace=\"urn:swift:xsd:envelope\" "
        "elementFormDefault=\"qualified\" xmlns:h=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\" "
        "xmlns:d=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\">"
        "<xs:import namespace=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\" schemaLocation=\"" + dir +
        "head.001.001.02.xsd\"/>"
        "<xs:import namespace=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\" schemaLocation=\"" + dir +
        "pacs.008.001.08.xsd\"/>"
        "<xs:element name=\"Envelope\"><xs:complexType><xs:sequence>"
        "<xs:element ref=\"h:AppHdr\"/><xs:element ref=\"d:Document\"/>"
        "</xs:sequence></xs:complexType></xs:element></xs:schema>";
    xmlSchemaParserCtxtPtr ctxt = xmlSchemaNewMemParserCtxt(xsd.data(), static_cast<int>(xsd.size()));
    xmlSchemaPtr s = xmlSchemaParse(ctxt);
    xmlSchemaFreeParserCtxt(ctxt);
    if (s == nullptr) {
      std::cerr << "libxml2 could not compile the envelope schema\n";
      std::abort();
    }
    return s;
  }();
  return schema;
}

void BM_Libxml2StreamValidate(benchmark::State& state) {
  const auto& messages = Messages();
  xmlSchemaPtr schema = LibxmlSchema();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& xml = messages[i++ % messages.size()];
    xmlTextReaderPtr reader = xmlReaderForMemory(xml.data(), static_cast<int>(xml.size()), nullptr, nullptr, XML_PARSE_NONET);
    if (reader == nullptr || xmlTextReaderSetSchema(reader, schema) != 0) {
      state.SkipWithError("libxml2 reader set-up failed");
      break;
    }
    int ret;
    while ((ret = xmlTextReaderRead(reader)) == 1) {
    }
    if (ret != 0 || xmlTextReaderIsValid(reader) != 1) state.SkipWithError("libxml2 found the sample invalid");
    xmlFreeTextReader(reader);
    bytes += xml.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Libxml2StreamValidate);
#endif

void BM_EncodePacs008(benchmark::State& state) {
  std::vector<Message> models;
  for (const auto& xml : Messages()) models.push_back(*Decode(xml, Schemas()).message);
  std::string out;
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    out.clear();
    EncodeTo(models[i++ % models.size()], out);
    benchmark::DoNotOptimize(out.data());
    bytes += out.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_EncodePacs008);

void BM_EncodePacs008NewString(benchmark::State& state) {
  Message model = *Decode(Messages()[0], Schemas()).message;
  for (auto _ : state) {
    std::string out = Encode(model);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_EncodePacs008NewString);

void BM_ValidateRulesOnly(benchmark::State& state) {
  Message model = *Decode(Messages()[0], Schemas()).message;
  for (auto _ : state) {
    Issues issues = Validate(model);
    benchmark::DoNotOptimize(issues);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_ValidateRulesOnly);

}  // namespace

BENCHMARK_MAIN();
