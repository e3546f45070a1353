// File: gateway/compliance/name_matcher.cc
#include "gateway/compliance/name_matcher.h"

#include <algorithm>
#include <array>
#include <functional>
#include <utility>

#include "gateway/compliance/name_normalizer.h"

namespace gw::compliance {

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a.empty() && b.empty()) return 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a == b) return 1.0;
  constexpr size_t kMax = 64;
  if (a.size() > kMax) a = a.substr(0, kMax);
  if (b.size() > kMax) b = b.substr(0, kMax);
  const size_t la = a.size(), lb = b.size();
  const size_t window = std::max<size_t>(la, lb) / 2 > 0 ? std::max<size_t>(la, lb) / 2 - 1 : 0;
  std::array<bool, kMax> ma{}, mb{};
  size_t matches = 0;
  for (size_t i = 0; i < la; ++i) {
    size_t lo = i > window ? i - window : 0;
    size_t hi = std::min(lb, i + window + 1);
    for (size_t j = lo; j < hi; ++j) {
      if (mb[j] || a[i] != b[j]) continue;
      ma[i] = mb[j] = true;
      ++matches;
      break;
    }
  }
  if (matches == 0) return 0.0;
  size_t transpositions = 0;
  for (size_t i = 0, j = 0; i < la; ++i) {
    if (!ma[i]) continue;
    while (!mb[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  double m = static_cast<double>(matches);
  double jaro = (m / la + m / lb + (m - transpositions / 2.0) / m) / 3.0;
  size_t prefix = 0;
  while (prefix < 4 && prefix < la && prefix < lb && a[prefix] == b[prefix]) ++prefix;
  return jaro + prefix * 0.1 * (1.0 - jaro);
}

int EditDistanceBounded(std::string_view a, std::string_view b, int max_distance) {
  const int la = static_cast<int>(std::min<size_t>(a.size(), 64));
  const int lb = static_cast<int>(std::min<size_t>(b.size(), 64));
  const int k = std::max(max_distance, 0);
  const int capped = k + 1;
  if (std::abs(la - lb) > k) return capped;
  // Optimal string alignment distance over the diagonal band |i - j| <= k only (a cell
  // outside it is at least |i - j| > k), in three rotating rows; every value is capped
  // at k + 1, which is all the caller distinguishes.
  // Row i reads row i - 1 over [i - k - 1, i + k] and row i - 2 over [i - k - 2, i + k - 2],
  // and writes [i - k - 1, i + k + 1]: only row 0 needs setting beforehand.
  std::array<int, 66> row_a, row_b, row_c;
  int *prev2 = row_a.data(), *prev = row_b.data(), *cur = row_c.data();
  for (int j = 0; j <= std::min(lb, k); ++j) prev[j] = j;
  if (k + 1 <= lb) prev[k + 1] = capped;
  for (int i = 1; i <= la; ++i) {
    const int lo = std::max(1, i - k), hi = std::min(lb, i + k);
    cur[lo - 1] = lo == 1 ? std::min(i, capped) : capped;
    int row_min = cur[lo - 1];
    for (int j = lo; j <= hi; ++j) {
      const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      v = std::min(v, capped);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (hi + 1 <= lb) cur[hi + 1] = capped;
    if (row_min > k) return capped;
    int* spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  return prev[lb];
}

EditDistanceFrom::EditDistanceFrom(std::string_view a) {
  length_ = static_cast<int>(std::min<size_t>(a.size(), 64));
  for (int i = 0; i < length_; ++i)
    positions_[static_cast<unsigned char>(a[static_cast<size_t>(i)])] |= uint64_t{1} << i;
}

// Column by column over b, the vertical differences of the distance matrix's current
// column are kept as bit vectors (plus: `up`, minus: `down`, a bit per letter of a);
// `diagonal` marks where the diagonal step keeps the distance (a match, or an adjacent
// transposition against the previous column's letter). The distance to all of a is
// tracked at the last row.
int EditDistanceFrom::Distance(std::string_view b) const {
  const size_t lb = std::min<size_t>(b.size(), 64);
  if (length_ == 0) return static_cast<int>(lb);
  const uint64_t last_row = uint64_t{1} << (length_ - 1);
  uint64_t up = ~uint64_t{0}, down = 0, diagonal = 0, previous_match = 0;
  int distance = length_;
  for (size_t j = 0; j < lb; ++j) {
    const uint64_t match = positions_[static_cast<unsigned char>(b[j])];
    const uint64_t transposition = ((~diagonal & match) << 1) & previous_match;
    diagonal = (((match & up) + up) ^ up) | match | down | transposition;
    uint64_t right_up = down | ~(diagonal | up);
    const uint64_t right_down = diagonal & up;
    if (right_up & last_row) {
      ++distance;
    } else if (right_down & last_row) {
      --distance;
    }
    right_up = (right_up << 1) | 1;
    up = (right_down << 1) | ~(diagonal | right_up);
    down = right_up & diagonal;
    previous_match = match;
  }
  return distance;
}

TokenInfo MakeTokenInfo(std::string token, bool keys) {
  TokenInfo info;
  info.abjad = !token.empty() && token[0] >= 'a' && token[0] <= 'z';
  info.phonetic = PhoneticKey(token);
  info.translit = std::string(TransliterationClass(token));
  if (keys && token.size() > 1) {
    info.spelling = SpellingKey(token);
    info.skeleton = ConsonantSkeleton(token);
    for (const std::string& key : RomanisationKeys(token))
      info.roman_keys.push_back(RomanisationKeyHash(key));
    std::sort(info.roman_keys.begin(), info.roman_keys.end());
    info.roman_keys.erase(std::unique(info.roman_keys.begin(), info.roman_keys.end()),
                          info.roman_keys.end());
    info.korean = KoreanSyllableKey(token);
  }
  info.text = std::move(token);
  return info;
}

double RomanisationSimilarity(std::string_view a, std::string_view b) {
  bool secondary = false;
  if (!RomanisationsMatch(a, b, &secondary)) return 0.0;
  return secondary ? kSecondaryRomanisationSimilarity : kRomanisationSimilarity;
}

uint64_t RomanisationKeyHash(std::string_view key) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (char c : key) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  return h;
}

bool SharesRomanisationKey(const TokenInfo& a, const TokenInfo& b) {
  for (size_t i = 0, j = 0; i < a.roman_keys.size() && j < b.roman_keys.size();) {
    if (a.roman_keys[i] == b.roman_keys[j]) return true;
    if (a.roman_keys[i] < b.roman_keys[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return false;
}

size_t MissingTokenAllowance(size_t tokens) { return tokens >= 4 ? 2 : tokens == 3 ? 1 : 0; }

// An initial weighs half. O is also a whole name, the Korean family name 오 (McCune-
// Reischauer; OH in the Revised Romanisation): weighed as an initial, a listed O HYON NAM
// alerted on any HYON NAM.
double TokenWeight(std::string_view token) { return token.size() == 1 && token != "O" ? 0.5 : 1.0; }

namespace {

bool IsVowelLetter(char c) {
  return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U' || c == 'Y';
}

// Syllables, roughly: groups of vowel letters.
int VowelGroups(std::string_view t) {
  int groups = 0;
  for (size_t i = 0; i < t.size(); ++i)
    if (IsVowelLetter(t[i]) && (i == 0 || !IsVowelLetter(t[i - 1]))) ++groups;
  return groups;
}

}  // namespace

double OtherVowelsSimilarity(const TokenInfo& a, const TokenInfo& b) {
  const size_t la = a.text.size(), lb = b.text.size();
  if (std::min(la, lb) < 5 || std::max(la, lb) - std::min(la, lb) > 2 || a.abjad || b.abjad)
    return 0.0;
  if (a.text[0] != b.text[0] || a.skeleton.size() < 2 || a.skeleton != b.skeleton) return 0.0;
  if (VowelGroups(a.text) != VowelGroups(b.text) ||
      IsVowelLetter(a.text.back()) != IsVowelLetter(b.text.back()))
    return 0.0;
  return JaroWinkler(a.text, b.text) >= 0.82 ? 0.85 : 0.0;
}

uint32_t OtherVowelsSignature(const TokenInfo& t) {
  if (t.text.size() < 5 || t.abjad || t.skeleton.size() < 2) return 0;
  uint64_t h = 1469598103934665603ull;  // FNV-1a over the skeleton and the other parts
  auto step = [&](unsigned char c) { h = (h ^ c) * 1099511628211ull; };
  for (char c : t.skeleton) step(static_cast<unsigned char>(c));
  step(0);
  step(static_cast<unsigned char>(t.text[0]));
  step(static_cast<unsigned char>(VowelGroups(t.text)));
  step(IsVowelLetter(t.text.back()) ? 1 : 2);
  return static_cast<uint32_t>(h ^ (h >> 32)) | 1u;
}

namespace {

// The rules of a shared text, key or script: their similarity, or -1 when none applies
// (equal texts share every key).
double KeyedSimilarity(const TokenInfo& a, const TokenInfo& b) {
  if (a.text == b.text) return 1.0;
  if (!a.translit.empty() && a.translit == b.translit) return 0.95;
  if (a.abjad != b.abjad) {
    const TokenInfo& abjad = a.abjad ? a : b;
    const TokenInfo& latin = a.abjad ? b : a;
    if (abjad.text.size() >= 2 && latin.text.size() >= 2 &&
        ArabicSkeletonMatch(abjad.text, latin.text))
      return 0.88;
    if (ArabicSkeletonMatchWithSlip(abjad.text, latin.text))
      return 0.82;  // a typo in the Arabic script
    return 0.0;
  }
  if (SpellingKeysMatch(a.spelling, b.spelling)) return 0.93;
  if (!a.korean.empty() && a.korean == b.korean)
    return kRomanisationSimilarity;  // McCune-Reischauer / Revised
  return -1.0;
}

// `may_share_keys` false: the caller knows the pair shares no key (see
// TokenSimilarityWithoutSharedKeys), so the key rules are not tried and the keys not read.
double Similarity(const TokenInfo& a, const TokenInfo& b, bool romanisations,
                  bool may_share_keys = true, const PairHints& hints = {}) {
  if (may_share_keys) {
    if (const double keyed = KeyedSimilarity(a, b); keyed >= 0) return keyed;
  }
  const size_t la = a.text.size(), lb = b.text.size();
  if (la == 0 || lb == 0) return 0.0;
  if (la == 1 || lb == 1) return a.text[0] == b.text[0] ? 0.7 : 0.0;  // an initial
  const size_t shortest = std::min(la, lb), longest = std::max(la, lb);
  if (longest <= 3) return 0.0;
  // Another romanisation of the same name (RomanisationsMatch), unless a typo-level
  // similarity below says more.
  const double romanisation =
      romanisations && SharesRomanisationKey(a, b) ? RomanisationSimilarity(a.text, b.text) : 0.0;
  const int allowed = (longest >= 7 && shortest >= 5) ? 2 : 1;
  if (shortest >= 3 && (hints.edits_from_a != nullptr
                            ? hints.edits_from_a->Distance(b.text) <= allowed
                            : EditDistanceBounded(a.text, b.text, allowed) <= allowed)) {
    return std::max({JaroWinkler(a.text, b.text), 0.80, romanisation});
  }
  if (may_share_keys && a.phonetic.size() >= 2 && a.phonetic == b.phonetic) {
    const double jw = JaroWinkler(a.text, b.text);
    if (jw >= 0.75) return std::max({jw, 0.80, romanisation});
  }
  return std::max(romanisation,
                  hints.other_vowels_possible ? OtherVowelsSimilarity(a, b) : 0.0);
}

}  // namespace

double TokenSimilarity(const TokenInfo& a, const TokenInfo& b) { return Similarity(a, b, true); }

double TokenSimilarityExceptRomanisations(const TokenInfo& a, const TokenInfo& b,
                                          const PairHints& hints) {
  return Similarity(a, b, false, /*may_share_keys=*/true, hints);
}

double TokenSimilarityWithoutSharedKeys(const TokenInfo& a, const TokenInfo& b,
                                        const PairHints& hints) {
  return Similarity(a, b, false, /*may_share_keys=*/false, hints);
}

NameScore ScoreAlignment(const std::vector<double>& payment_weights,
                         const std::vector<double>& list_weights,
                         const std::vector<double>& similarity) {
  const size_t nq = payment_weights.size(), nl = list_weights.size();
  NameScore out;
  if (nq == 0 || nl == 0) return out;
  struct Cand {
    double sim;
    size_t q, l;
  };
  // Called for every candidate name: the pairs live in a buffer the thread reuses.
  thread_local std::vector<Cand> cands;
  cands.clear();
  for (size_t q = 0; q < nq; ++q) {
    for (size_t l = 0; l < nl; ++l) {
      double s = similarity[q * nl + l];
      if (s > 0) cands.push_back({s, q, l});
    }
  }
  std::sort(cands.begin(), cands.end(), [](const Cand& x, const Cand& y) {
    if (x.sim != y.sim) return x.sim > y.sim;
    if (x.q != y.q) return x.q < y.q;
    return x.l < y.l;
  });
  std::array<bool, 64> used_q{}, used_l{};
  double matched_q = 0, matched_l = 0;
  out.pairs.reserve(std::min<size_t>(std::min(nq, nl), 64));
  for (const Cand& c : cands) {
    if (c.q >= 64 || c.l >= 64 || used_q[c.q] || used_l[c.l]) continue;
    used_q[c.q] = used_l[c.l] = true;
    out.pairs.push_back({c.q, c.l, c.sim});
    matched_q += c.sim * payment_weights[c.q];
    matched_l += c.sim * list_weights[c.l];
  }
  if (out.pairs.empty()) return out;
  auto denominator = [](const std::vector<double>& w, const std::array<bool, 64>& used) {
    double total = 0;
    std::array<double, 64> unmatched;
    size_t n_unmatched = 0;
    for (size_t i = 0; i < w.size(); ++i) {
      total += w[i];
      if (i < 64 && !used[i]) unmatched[n_unmatched++] = w[i];
    }
    // Names of three or more tokens may miss tokens (middle names, extra words) at half
    // their weight: one of them for three tokens, two for four or more.
    std::sort(unmatched.begin(), unmatched.begin() + static_cast<std::ptrdiff_t>(n_unmatched),
              std::greater<>());
    size_t allowance = MissingTokenAllowance(w.size());
    for (size_t i = 0; i < n_unmatched && i < allowance; ++i) total -= 0.5 * unmatched[i];
    return total;
  };
  out.list_coverage = matched_l / denominator(list_weights, used_l);
  out.payment_coverage = matched_q / denominator(payment_weights, used_q);
  out.score = 0.5 * (out.list_coverage + out.payment_coverage);
  return out;
}

NameScore ScoreNames(std::string_view payment_name, std::string_view list_name) {
  std::vector<TokenInfo> q, l;
  for (auto& t : NormalizeName(payment_name)) q.push_back(MakeTokenInfo(std::move(t)));
  for (auto& t : NormalizeName(list_name)) l.push_back(MakeTokenInfo(std::move(t)));
  std::vector<double> wq, wl, sim(q.size() * l.size());
  for (const auto& t : q) wq.push_back(TokenWeight(t.text));
  for (const auto& t : l) wl.push_back(TokenWeight(t.text));
  for (size_t i = 0; i < q.size(); ++i)
    for (size_t j = 0; j < l.size(); ++j) sim[i * l.size() + j] = TokenSimilarity(q[i], l[j]);
  return ScoreAlignment(wq, wl, sim);
}

}  // namespace gw::compliance
