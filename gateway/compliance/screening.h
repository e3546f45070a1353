// File: gateway/compliance/screening.h
//
// Payment screening against sanctions / watch lists.
//
//   auto index = ScreeningIndex::Build({ofac, un, eu, watchlist}, config);  // once per list
//   version holder.Publish(*index);                                                // atomic swap
//   auto result = holder.Current()->Screen(request);                       // many threads
//
// A ScreeningIndex is immutable once built and shared as
// std::shared_ptr<const ScreeningIndex>: Screen() and ScreenName() are const and safe
// to call from any number of threads at once. A new list version is screened by
// building a new index and publishing it through a ScreeningIndexHolder; screenings
// already running keep the index they started with.
//
// Matching (see docs/compliance-screening.md):
//   * names: normalised (name_normalizer.h), blocked through an index of the list
//     tokens (exact token, transliteration class, and a deletion neighbourhood of
//     every token for typos) so a payment is never compared with every entry, then
//     aligned and scored (name_matcher.h) against each entry's primary name and
//     aliases; a hit when score >= the list's threshold.
//   * BICs: exact; an 8-character (or "XXX"-branch) list BIC matches every branch.
//   * countries: party address countries and agent BIC countries against the
//     configured embargo list.
//   * remittance text: listed names (two or more tokens) found inside longer text.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "gateway/compliance/list_model.h"
#include "gateway/compliance/name_normalizer.h"

namespace gw::compliance {

struct ScreeningConfig {
  // A name hit needs score >= threshold; per-list values (keyed by ListEntry::list_name)
  // override the default. Values in (0, 1].
  double default_threshold = 0.84;
  std::map<std::string, double> list_thresholds;
  // ISO 3166-1 alpha-2 codes (upper case). A party address country or an agent BIC's
  // country in this set is a hit of kind kEmbargoedCountry.
  std::set<std::string> embargoed_countries;
  // Hits kept per payment field, best first (bounds the result size).
  size_t max_hits_per_field = 20;
};

enum class PaymentField {
  kDebtor,
  kCreditor,
  kUltimateDebtor,
  kUltimateCreditor,
  kDebtorAgent,
  kCreditorAgent,
  kIntermediaryAgent,
  kRemittanceInformation,
};
std::string_view PaymentFieldName(PaymentField field);

enum class HitKind { kName, kBic, kEmbargoedCountry, kRemittanceText };
std::string_view HitKindName(HitKind kind);

// A party of the payment (debtor, creditor, ultimate parties). Empty fields are not
// screened. `country` is the ISO alpha-2 code of the party's postal address.
struct PartyInfo {
  std::string name;
  std::string country;
};

// A financial institution of the payment. `bic` is 8 or 11 characters when given.
struct AgentInfo {
  std::string name;
  std::string bic;
};

// Bounds: names <= kMaxNameBytes (1024) bytes, remittance <= kMaxRemittanceBytes,
// at most kMaxIntermediaryAgents intermediaries; larger requests are refused.
inline constexpr size_t kMaxRemittanceBytes = 4096;
inline constexpr size_t kMaxIntermediaryAgents = 8;

struct ScreeningRequest {
  PartyInfo debtor;
  PartyInfo creditor;
  PartyInfo ultimate_debtor;
  PartyInfo ultimate_creditor;
  AgentInfo debtor_agent;
  AgentInfo creditor_agent;
  std::vector<AgentInfo> intermediary_agents;
  std::string remittance_information;
};

// Which payment token matched which list token, and how well.
struct TokenMatch {
  std::string payment_token;
  std::string list_token;
  double similarity = 0;
};

struct ScreeningHit {
  HitKind kind = HitKind::kName;
  PaymentField field = PaymentField::kDebtor;
  int field_index = 0;      // which intermediary agent (0 for the other fields)
  std::string field_value;  // the payment's value that matched (name, BIC, country)
  std::string list_name;    // ListEntry::list_name ("EMBARGO" for country hits)
  std::string list_version;
  std::string entry_id;      // the list entry (the country code for embargo hits)
  std::string entry_name;    // the entry's primary name
  std::string matched_name;  // the primary name or alias that matched, or the BIC
  bool matched_alias = false;
  double score = 0;          // 1.0 for BIC and country hits
  double threshold = 0;      // the threshold that applied
  double list_coverage = 0;  // name hits: see name_matcher.h
  double payment_coverage = 0;
  std::vector<TokenMatch> token_matches;  // name and text hits
};

struct ScreeningResult {
  std::vector<ScreeningHit> hits;  // grouped by field, best score first within a field
  uint64_t candidates_scored = 0;  // names compared in full (after blocking)
};

struct IndexStats {
  size_t lists = 0;
  size_t entries = 0;
  size_t names = 0;       // primary names + aliases indexed
  size_t vocabulary = 0;  // distinct normalised tokens
  size_t bics = 0;
};

class ScreeningIndex {
 public:
  // Builds an index over `lists` (entries of every list; each list's version is
  // recorded in its hits). Fails with InvalidArgument on a bad configuration
  // (threshold outside (0, 1], embargo code not two upper-case letters). The lists
  // are not retained.
  static StatusOr<std::shared_ptr<const ScreeningIndex>> Build(
      const std::vector<std::shared_ptr<const SanctionsList>>& lists, ScreeningConfig config);

  // Screens every field of the payment. InvalidArgument when a bound is exceeded or a
  // BIC / country code is malformed. Thread-safe (const, no shared mutable state).
  StatusOr<ScreeningResult> Screen(const ScreeningRequest& request) const;

  // Screens one name as if it were `field`; for the HTTP API's ad-hoc lookups.
  StatusOr<std::vector<ScreeningHit>> ScreenName(std::string_view name,
                                                 PaymentField field = PaymentField::kDebtor) const;

  // Looks for listed names inside free text (remittance information).
  StatusOr<std::vector<ScreeningHit>> ScreenText(std::string_view text) const;

  const ScreeningConfig& config() const { return config_; }
  IndexStats stats() const;
  double ThresholdFor(std::string_view list_name) const;

  ~ScreeningIndex();
  ScreeningIndex(const ScreeningIndex&) = delete;
  ScreeningIndex& operator=(const ScreeningIndex&) = delete;

  struct Data;  // implementation detail (screening.cc)

 private:
  ScreeningIndex();
  ScreeningConfig config_;
  std::unique_ptr<Data> data_;
};

// Holds the index currently in force. Current() and Publish() may be called
// concurrently from any threads; Publish() swaps atomically and readers holding the
// previous index keep it alive until they drop it.
class ScreeningIndexHolder {
 public:
  ScreeningIndexHolder() = default;
  explicit ScreeningIndexHolder(std::shared_ptr<const ScreeningIndex> initial);

  // The current index; null before the first Publish().
  std::shared_ptr<const ScreeningIndex> Current() const;
  // Replaces the current index. `index` must not be null.
  void Publish(std::shared_ptr<const ScreeningIndex> index);
  // Number of Publish() calls so far.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

 private:
  std::atomic<std::shared_ptr<const ScreeningIndex>> current_;
  std::atomic<uint64_t> generation_{0};
};

}  // namespace gw::compliance
