// File: tests/bench/codecs_bench.cc
// One-thread throughput of the ISO 20022 codecs on typical 5-6 KB pacs.008
// messages (Envelope + AppHdr + Document) held in memory.
//   build/tests/bench/codecs_bench
// Goals: decode (parse + schema-validate + model + rules) >= 10,000 msg/s;
// encode >= 50,000 msg/s.
#include <benchmark/benchmark.h>

#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "codecs/iso20022/codec.h"

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
