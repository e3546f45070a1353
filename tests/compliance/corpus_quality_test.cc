// File: tests/compliance/corpus_quality_test.cc
//
// Measures screening quality on the labelled corpus (tests/compliance/data/corpus/):
// recall on true variants of list names and false-positive rate on ordinary names,
// at the default threshold, and how often the first hit names the right entry; fails
// below 99% recall or above 1% false positives.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "gateway/compliance/screening.h"
#include "tests/compliance/test_lists.h"

namespace gw::compliance {
namespace {

struct Variant {
  std::string name, list, entry_id, kind, source;
};
struct NonMatch {
  std::string name, kind, shares;
};

std::vector<std::vector<std::string>> ReadTsv(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::vector<std::string>> rows;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::vector<std::string> cols;
    size_t start = 0;
    for (;;) {
      size_t tab = line.find('\t', start);
      cols.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) break;
      start = tab + 1;
    }
    rows.push_back(std::move(cols));
  }
  return rows;
}

std::vector<Variant> LoadVariants() {
  std::vector<Variant> out;
  for (auto& c : ReadTsv(testing::DataDir() / "corpus" / "true_variants.tsv")) {
    if (c.size() == 5) out.push_back({c[0], c[1], c[2], c[3], c[4]});
  }
  return out;
}

std::vector<NonMatch> LoadNonMatches() {
  std::vector<NonMatch> out;
  for (auto& c : ReadTsv(testing::DataDir() / "corpus" / "non_matches.tsv")) {
    if (c.size() == 3) out.push_back({c[0], c[1], c[2]});
  }
  return out;
}

// Best score of the expected entry among the hits (0 when absent).
double ExpectedScore(const std::vector<ScreeningHit>& hits, const Variant& v) {
  double best = 0;
  for (const auto& h : hits) {
    if (h.list_name == v.list && h.entry_id == v.entry_id) best = std::max(best, h.score);
  }
  return best;
}

double MaxScore(const std::vector<ScreeningHit>& hits) {
  double best = 0;
  for (const auto& h : hits) best = std::max(best, h.score);
  return best;
}

TEST_CASE("corpus: recall and false-positive rate at the default threshold", "[compliance]") {
  std::string error;
  auto lists = testing::LoadAllTestLists(&error);
  REQUIRE(error.empty());
  auto variants = LoadVariants();
  auto non_matches = LoadNonMatches();
  REQUIRE(variants.size() >= 500);
  REQUIRE(non_matches.size() >= 1000);

  ScreeningConfig config;  // the production default threshold
  auto index = ScreeningIndex::Build(lists, config);
  REQUIRE(index.ok());

  size_t found = 0, right_entry = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_kind;  // kind -> (found, total)
  std::vector<std::string> misses;
  for (const auto& v : variants) {
    auto hits = (*index)->ScreenName(v.name);
    REQUIRE(hits.ok());
    bool hit = ExpectedScore(*hits, v) > 0;
    found += hit;
    right_entry += hit && (*hits)[0].list_name == v.list && (*hits)[0].entry_id == v.entry_id;
    by_kind[v.kind].second++;
    if (hit) {
      by_kind[v.kind].first++;
    } else if (misses.size() < 40) {
      misses.push_back(v.name + "  <- " + v.source + " (" + v.kind + ")");
    }
  }
  size_t false_positives = 0;
  std::vector<std::string> fps;
  for (const auto& n : non_matches) {
    auto hits = (*index)->ScreenName(n.name);
    REQUIRE(hits.ok());
    if (!hits->empty()) {
      ++false_positives;
      if (fps.size() < 40) {
        fps.push_back(n.name + "  -> " + (*hits)[0].matched_name + " " +
                      std::to_string((*hits)[0].score));
      }
    }
  }
  double recall = static_cast<double>(found) / variants.size();
  double fpr = static_cast<double>(false_positives) / non_matches.size();
  std::printf("corpus @ default threshold %.2f: recall %.4f (%zu/%zu), FPR %.4f (%zu/%zu), "
              "right entry %.4f (%zu/%zu)\n",
              config.default_threshold, recall, found, variants.size(), fpr, false_positives,
              non_matches.size(), static_cast<double>(right_entry) / std::max<size_t>(found, 1), right_entry, found);
  for (const auto& [kind, fk] : by_kind) {
    std::printf("  %-26s %4zu/%-4zu\n", kind.c_str(), fk.first, fk.second);
  }
  for (const auto& m : misses) std::printf("  miss: %s\n", m.c_str());
  for (const auto& f : fps) std::printf("  false positive: %s\n", f.c_str());
  CHECK(recall >= 0.99);
  CHECK(fpr <= 0.01);
}

TEST_CASE("corpus: recall and false-positive rate across thresholds", "[compliance]") {
  std::string error;
  auto lists = testing::LoadAllTestLists(&error);
  REQUIRE(error.empty());
  auto variants = LoadVariants();
  auto non_matches = LoadNonMatches();
  ScreeningConfig config;
  config.default_threshold = 0.60;  // keep every score >= 0.60 to sweep above it
  auto index = ScreeningIndex::Build(lists, config);
  REQUIRE(index.ok());
  std::vector<double> variant_scores, non_match_scores;
  for (const auto& v : variants) {
    auto hits = (*index)->ScreenName(v.name);
    REQUIRE(hits.ok());
    variant_scores.push_back(ExpectedScore(*hits, v));
  }
  for (const auto& n : non_matches) {
    auto hits = (*index)->ScreenName(n.name);
    REQUIRE(hits.ok());
    non_match_scores.push_back(MaxScore(*hits));
  }
  std::printf("threshold  recall   FPR\n");
  double previous_recall = 1.1;
  for (double t : {0.70, 0.75, 0.78, 0.80, 0.82, 0.84, 0.86, 0.88, 0.90, 0.92, 0.95}) {
    size_t tp = std::count_if(variant_scores.begin(), variant_scores.end(),
                              [&](double s) { return s >= t; });
    size_t fp = std::count_if(non_match_scores.begin(), non_match_scores.end(),
                              [&](double s) { return s >= t; });
    double recall = static_cast<double>(tp) / variant_scores.size();
    std::printf("  %.2f     %.4f   %.4f\n", t, recall,
                static_cast<double>(fp) / non_match_scores.size());
    CHECK(recall <= previous_recall);  // recall can only fall as the threshold rises
    previous_recall = recall;
  }
}

}  // namespace
}  // namespace gw::compliance
