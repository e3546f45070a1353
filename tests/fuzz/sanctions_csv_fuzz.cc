// File: tests/fuzz/sanctions_csv_fuzz.cc
//
// Fuzzes the sanctions CSV importers (OFAC sdn.csv / alt.csv / add.csv and the bank
// watch list) and, when an input imports, the name normalisation and screening index
// built from it. The first byte selects the importer; the rest is the file.
// Invariants checked (abort on violation): a refused input says which line; an
// accepted one reports exactly the entries it returns; screening never fails on the
// imported names.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>

#include "gateway/compliance/list_import.h"
#include "gateway/compliance/screening.h"

namespace {

constexpr size_t kMaxInput = 64 * 1024;

void Check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant violated: %s\n", what);
    std::abort();
  }
}

// The OFAC files every fuzzed alt.csv / add.csv refers to.
constexpr char kSdn[] =
    "10,\"KARAMANLI, Selim\",\"individual\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n"
    "11,\"VOSTOK METALS LLC\",-0- ,\"RUSSIA\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace gw::compliance;
  if (size == 0 || size > kMaxInput) return 0;
  const int selector = data[0] % 4;
  std::string body(reinterpret_cast<const char*>(data + 1), size - 1);
  ImportOptions options;
  options.max_record_bytes = 4096;
  options.max_entries = 1000;
  gw::StatusOr<ImportResult> result = gw::InvalidArgument("unset");
  std::istringstream in(body), sdn(kSdn), empty("");
  switch (selector) {
    case 0:
      result = ImportOfacSdn(in, nullptr, nullptr, options);
      break;
    case 1:
      result = ImportOfacSdn(sdn, &in, &empty, options);
      break;
    case 2:
      result = ImportOfacSdn(sdn, &empty, &in, options);
      break;
    default:
      result = ImportWatchlist(in, options);
      break;
  }
  if (!result.ok()) {
    Check(result.status().code() == gw::StatusCode::kInvalidArgument, "refusal is InvalidArgument");
    Check(result.status().message().find(" line ") != std::string::npos, "refusal names a line");
    return 0;
  }
  const ImportResult& r = *result;
  Check(r.report.entries == r.list.entries.size(), "entry count matches");
  Check(r.report.entries <= options.max_entries, "entry bound");
  Check(r.report.rejected.size() <= r.report.rejected_count, "rejection count");
  size_t aliases = 0;
  for (const auto& e : r.list.entries) aliases += e.aliases.size();
  Check(aliases == r.report.aliases, "alias count matches");

  auto list = std::make_shared<const SanctionsList>(r.list);
  auto index = ScreeningIndex::Build({list}, ScreeningConfig());
  Check(index.ok(), "index builds");
  for (const auto& e : r.list.entries) {
    if (e.primary_name.size() > kMaxNameBytes) continue;
    auto hits = (*index)->ScreenName(e.primary_name);
    Check(hits.ok(), "screening an imported name succeeds");
    if (!NormalizeName(e.primary_name).empty()) {
      Check(!hits->empty(), "an imported name finds its own entry");
    }
  }
  if (body.size() <= kMaxRemittanceBytes) {
    Check((*index)->ScreenText(body).ok(), "free-text screening succeeds");
  }
  return 0;
}
