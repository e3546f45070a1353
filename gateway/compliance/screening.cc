// File: gateway/compliance/screening.cc
#include "gateway/compliance/screening.h"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <set>
#include <span>
#include <unordered_map>
#include <utility>

#include "gateway/compliance/list_import.h"
#include "gateway/compliance/name_matcher.h"
#include "gateway/compliance/name_normalizer.h"

namespace gw::compliance {

std::string_view PaymentFieldName(PaymentField field) {
  switch (field) {
    case PaymentField::kDebtor:
      return "debtor";
    case PaymentField::kCreditor:
      return "creditor";
    case PaymentField::kUltimateDebtor:
      return "ultimate_debtor";
    case PaymentField::kUltimateCreditor:
      return "ultimate_creditor";
    case PaymentField::kDebtorAgent:
      return "debtor_agent";
    case PaymentField::kCreditorAgent:
      return "creditor_agent";
    case PaymentField::kIntermediaryAgent:
      return "intermediary_agent";
    case PaymentField::kRemittanceInformation:
      return "remittance_information";
  }
  return "unknown";
}

std::string_view HitKindName(HitKind kind) {
  switch (kind) {
    case HitKind::kName:
      return "name";
    case HitKind::kBic:
      return "bic";
    case HitKind::kEmbargoedCountry:
      return "embargoed_country";
    case HitKind::kRemittanceText:
      return "remittance_text";
  }
  return "unknown";
}

std::string_view EntryTypeName(EntryType type) {
  switch (type) {
    case EntryType::kUnknown:
      return "unknown";
    case EntryType::kIndividual:
      return "individual";
    case EntryType::kEntity:
      return "entity";
    case EntryType::kVessel:
      return "vessel";
    case EntryType::kAircraft:
      return "aircraft";
  }
  return "unknown";
}

namespace {

constexpr size_t kMaxTextTokens = 600;

struct EntryRec {
  std::string list_name;
  std::string list_version;
  std::string entry_id;
  std::string primary_name;
  std::vector<std::string> names;  // [0] primary, [i] alias i-1 (as published)
  double threshold = 1.0;          // the list's threshold
};

struct NameRec {
  uint32_t entry = 0;
  uint32_t name_index = 0;  // into EntryRec::names
  uint32_t tok_begin = 0;
  uint32_t tok_count = 0;
  double weight_total = 0;
};

struct BicRec {
  uint32_t entry;
  std::string bic;  // as listed
};

// Deletion neighbourhood (typo blocking): a token and every variant of it with up to
// DeleteBudget(len) characters deleted (2 for 7+ letters, 1 for 4-6, 0 below). Two
// tokens within the edit allowance of TokenSimilarity share at least one variant (the
// longer token, which needs the deletions, has the larger budget), so looking up the
// query token's variants finds every list token it could match without scanning the
// vocabulary.
int DeleteBudget(size_t len) { return len <= 3 ? 0 : len <= 6 ? 1 : 2; }

constexpr uint64_t kFnvBasis = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t FnvStep(uint64_t h, std::string_view s) {
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= kFnvPrime;
  }
  return h;
}

uint64_t FinishHash(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  return h == 0 ? 1 : h;  // 0 marks an empty slot
}

// Appends the hashes of `token`'s deletion variants (the token itself included), each
// in constant time: a variant's polynomial hash is assembled from the prefix hashes of
// the token's pieces around the deleted letters, then mixed (FinishHash). A variant
// that arises from two deletions (the letters of a double letter) is appended once per
// way, unless `distinct`: the index's build wants each once, a look-up does not mind.
void DeleteVariantHashes(std::string_view token, std::vector<uint64_t>* out, bool distinct) {
  constexpr uint64_t kBase = 0x9E3779B97F4A7C15ull;  // odd, so powers never vanish
  const size_t start = out->size();
  const size_t n = std::min<size_t>(token.size(), 64);
  std::array<uint64_t, 65> prefix, power;  // hash of token[0, i), kBase^i
  prefix[0] = 0;
  power[0] = 1;
  for (size_t i = 0; i < n; ++i) {
    prefix[i + 1] = prefix[i] * kBase + static_cast<unsigned char>(token[i]) + 1;
    power[i + 1] = power[i] * kBase;
  }
  // Hash of token[a, b).
  auto piece = [&](size_t a, size_t b) { return prefix[b] - prefix[a] * power[b - a]; };
  out->push_back(FinishHash(prefix[n] ^ n));
  const int budget = DeleteBudget(n);
  for (size_t i = 0; budget >= 1 && i < n; ++i) {
    // Without letter i: token[0, i) then token[i + 1, n).
    out->push_back(FinishHash((prefix[i] * power[n - i - 1] + piece(i + 1, n)) ^ (n - 1)));
    for (size_t j = i + 1; budget >= 2 && j < n; ++j) {
      const uint64_t h = (prefix[i] * power[j - i - 1] + piece(i + 1, j)) * power[n - j - 1] +
                         piece(j + 1, n);
      out->push_back(FinishHash(h ^ (n - 2)));
    }
  }
  if (distinct) {
    std::sort(out->begin() + static_cast<std::ptrdiff_t>(start), out->end());
    out->erase(std::unique(out->begin() + static_cast<std::ptrdiff_t>(start), out->end()),
               out->end());
  }
}

// Bit per letter A-Z present, bits 26-31 for digits / other bytes (by value mod 6).
uint32_t LetterMask(std::string_view t) {
  uint32_t m = 0;
  for (char c : t) {
    if (c >= 'A' && c <= 'Z')
      m |= 1u << (c - 'A');
    else
      m |= 1u << (26 + static_cast<unsigned char>(c) % 6);
  }
  return m;
}

// A spelling key and, when it has a CH ("%"), the keys with CH read as KH and as SH
// (SpellingKeysMatch): the index holds a token under each, so either side may have it.
std::vector<std::string> SpellingKeyVariants(const std::string& key) {
  std::vector<std::string> out = {key};
  if (key.find('%') == std::string::npos) return out;
  for (char as : {'H', '$'}) {
    std::string k = key;
    std::replace(k.begin(), k.end(), '%', as);
    out.push_back(std::move(k));
  }
  return out;
}

// A consonant skeleton less each one of its letters (distinct results).
std::vector<std::string> SkeletonLessOne(const std::string& skeleton) {
  std::vector<std::string> out;
  for (size_t i = 0; i < skeleton.size(); ++i) {
    if (i > 0 && skeleton[i] == skeleton[i - 1]) continue;
    out.push_back(skeleton.substr(0, i) + skeleton.substr(i + 1));
  }
  return out;
}

// What FindSimilar's cheap pre-check reads of a vocabulary token, packed into one
// cache line's third instead of the TokenInfo's several strings: the length, the letter
// set, the script, and 32-bit hashes of the keys whose equality exempts a pair from the
// length and letter-set gates (0 for an empty key). Unequal hashes prove unequal keys;
// equal ones send the pair to the exact comparison of the keys.
struct TokenGate {
  uint32_t mask = 0;
  uint32_t translit = 0;
  uint32_t phonetic = 0;
  uint32_t spelling = 0;  // with CH ("%"), KH and SH read alike (a superset of SpellingKeysMatch)
  uint32_t korean = 0;
  uint32_t other_vowels = 0;  // OtherVowelsSignature
  uint16_t length = 0;
  char first = 0;  // the token's first byte
  bool abjad = false;
};

uint32_t KeyHash32(std::string_view key, bool fold_ch = false) {
  if (key.empty()) return 0;
  uint64_t h = kFnvBasis;
  for (char c : key) {
    if (fold_ch && (c == '%' || c == '$')) c = 'H';
    h = FnvStep(h, std::string_view(&c, 1));
  }
  return static_cast<uint32_t>(h ^ (h >> 32)) | 1u;
}

TokenGate MakeTokenGate(const TokenInfo& t) {
  TokenGate g;
  g.mask = LetterMask(t.text);
  g.translit = KeyHash32(t.translit);
  g.phonetic = KeyHash32(t.phonetic);
  g.spelling = KeyHash32(t.spelling, /*fold_ch=*/true);
  g.korean = KeyHash32(t.korean);
  g.other_vowels = OtherVowelsSignature(t);
  g.length = static_cast<uint16_t>(std::min<size_t>(t.text.size(), 0xFFFF));
  g.first = t.text.empty() ? '\0' : t.text[0];
  g.abjad = t.abjad;
  return g;
}

// The index's large tables (the deletion table alone is 64 MB for 20,000 entries) are
// read at a few dozen random places per word screened: with 4 KB pages nearly every
// such read is a TLB miss before it is a cache miss, and a page walk costs more than the
// read. Tables of 2 MB or more are therefore allocated on 2 MB boundaries and offered
// to the kernel for transparent huge pages (madvise; where the kernel has none to give
// they stay on 4 KB pages and work the same).
template <typename T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr size_t kHugePage = size_t{2} << 20;
  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) {}  // NOLINT: rebinding, as allocators do
  T* allocate(size_t n) {
    const size_t bytes = n * sizeof(T);
    if (bytes < kHugePage)
      return static_cast<T*>(::operator new(bytes, std::align_val_t{alignof(T)}));
    const size_t rounded = (bytes + kHugePage - 1) / kHugePage * kHugePage;
    void* p = std::aligned_alloc(kHugePage, rounded);
    if (p == nullptr) throw std::bad_alloc();
    ::madvise(p, rounded, MADV_HUGEPAGE);
    return static_cast<T*>(p);
  }
  void deallocate(T* p, size_t n) {
    if (n * sizeof(T) < kHugePage) {
      ::operator delete(p, std::align_val_t{alignof(T)});
    } else {
      std::free(p);
    }
  }
  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const {
    return true;
  }
};
template <typename T>
using HugeVector = std::vector<T, HugePageAllocator<T>>;

// The listed tokens: each one's gate and TokenInfo side by side on a 64-byte boundary,
// so that the gate and the token's text (TokenInfo's first member, inline for the
// short strings names are made of) share one cache line. Checking a neighbour of a
// payment word reads that one line, and the keys further on only when its gate says
// they may matter.
struct alignas(64) VocabEntry {
  TokenGate gate;
  TokenInfo info;
};
static_assert(sizeof(TokenGate) <= 32 && alignof(TokenInfo) <= 32,
              "the gate and TokenInfo::text must fit one 64-byte line");

class Vocabulary {
 public:
  const TokenInfo& operator[](uint32_t v) const { return entries_[v].info; }
  const TokenGate& gate(uint32_t v) const { return entries_[v].gate; }
  void Prefetch(uint32_t v) const { __builtin_prefetch(&entries_[v]); }
  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void push_back(TokenInfo t) {
    VocabEntry& e = entries_.emplace_back();
    e.gate = MakeTokenGate(t);
    e.info = std::move(t);
  }

 private:
  HugeVector<VocabEntry> entries_;
};

// 64-bit hash -> 32-bit value (never 0), the index's one hash table: open addressing
// (power-of-two size, at most half full, linear probing), a slot holding the hash's
// upper half << 32 | value. Hashes are told apart by their upper half only, so a
// look-up yields every value whose hash shares it: callers verify what they get (a
// rare collision adds a candidate and loses none).
class HashSlots {
 public:
  void Build(const std::vector<std::pair<uint64_t, uint32_t>>& entries) {
    size_t size = 16;
    while (size < entries.size() * 2) size <<= 1;
    slots_.assign(size, 0);
    for (const auto& [hash, value] : entries) {
      size_t slot = hash & (size - 1);
      while (slots_[slot] != 0) slot = (slot + 1) & (size - 1);
      slots_[slot] = ((hash >> 32) << 32) | value;
    }
  }
  bool empty() const { return slots_.empty(); }
  // A look-up's slots are independent cache misses: ask for them all before reading any.
  void Prefetch(uint64_t hash) const { __builtin_prefetch(&slots_[hash & (slots_.size() - 1)]); }
  template <typename Fn>
  void ForEach(uint64_t hash, Fn&& fn) const {
    if (slots_.empty()) return;
    const size_t mask = slots_.size() - 1;
    for (size_t slot = hash & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
      if ((slots_[slot] >> 32) == (hash >> 32))
        fn(static_cast<uint32_t>(slots_[slot] & 0xFFFFFFFFu));
    }
  }

 private:
  HugeVector<uint64_t> slots_;
};

// Key -> vocabulary ids, flat: a key's 64-bit hash finds its list in one HashSlots
// look-up, and the list (the hash's lower half, a count, then the ids in ascending
// order) is one contiguous read. Keys are told apart by their 64-bit hashes, as the
// vocabulary and deletion tables tell words apart; every id found is verified by the
// rule that looks it up.
class KeyLists {
 public:
  static uint64_t Hash(std::string_view key) { return FinishHash(FnvStep(kFnvBasis, key)); }
  static uint64_t Hash(uint64_t key) { return FinishHash(key); }

  // (key hash, id) pairs in any order.
  void Build(std::vector<std::pair<uint64_t, uint32_t>> entries) {
    std::sort(entries.begin(), entries.end());
    entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
    std::vector<std::pair<uint64_t, uint32_t>> slots;
    lists_.clear();
    for (size_t i = 0; i < entries.size();) {
      size_t j = i;
      while (j < entries.size() && entries[j].first == entries[i].first) ++j;
      slots.emplace_back(entries[i].first, static_cast<uint32_t>(lists_.size() + 1));
      lists_.push_back(static_cast<uint32_t>(entries[i].first));
      lists_.push_back(static_cast<uint32_t>(j - i));
      for (size_t k = i; k < j; ++k) lists_.push_back(entries[k].second);
      i = j;
    }
    table_.Build(slots);
  }
  bool empty() const { return lists_.empty(); }
  void Prefetch(uint64_t hash) const { table_.Prefetch(hash); }
  // The ids under the key of this hash (Hash), ascending; empty when none.
  std::span<const uint32_t> Find(uint64_t hash) const {
    std::span<const uint32_t> found;
    table_.ForEach(hash, [&](uint32_t value) {
      const uint32_t at = value - 1;
      if (found.empty() && lists_[at] == static_cast<uint32_t>(hash))
        found = std::span<const uint32_t>(&lists_[at + 2], lists_[at + 1]);
    });
    return found;
  }
  std::span<const uint32_t> Find(std::string_view key) const { return Find(Hash(key)); }

 private:
  HashSlots table_;
  HugeVector<uint32_t> lists_;
};

bool IsAbjadToken(std::string_view t) { return !t.empty() && t[0] >= 'a' && t[0] <= 'z'; }

std::string UpperTrim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsCountryCode(std::string_view c) {
  return c.size() == 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] >= 'A' && c[1] <= 'Z';
}

}  // namespace

struct ScreeningIndex::Data {
  uint64_t id = 0;  // distinct for every index built in this process (SimilarCache)
  std::vector<EntryRec> entries;
  HugeVector<NameRec> names;
  std::vector<std::string> name_legal;  // LegalFormCode of each indexed name (parallel to names)
  HugeVector<uint32_t> name_tokens;    // vocabulary ids, per NameRec range
  Vocabulary vocab;
  std::vector<double> vocab_weight;
  // Vocabulary token hash -> id + 1, a hit confirmed against the token's text. One
  // cache miss for a word that is not listed, which is most words a payment has
  // (SplitJoinedWords asks for every prefix).
  HashSlots vocab_table;
  // One-token names made of each vocabulary token (for free-text screening).
  std::vector<std::vector<uint32_t>> single_token_names;
  HugeVector<uint32_t> posting_offsets;  // CSR: vocab id -> names containing it
  HugeVector<uint32_t> postings;
  KeyLists by_translit;
  KeyLists by_spelling;  // SpellingKey -> vocabulary ids
  // ConsonantSkeleton -> vocabulary ids, for tokens written in Arabic script (matched
  // against Latin tokens) and for Latin tokens (matched against Arabic-script ones).
  KeyLists by_skeleton_latin;
  KeyLists by_skeleton_abjad;
  // Each skeleton of a Latin token less one letter -> vocabulary ids: the tokens an
  // Arabic-script token with a slip (ArabicSkeletonMatchWithSlip) may stand for.
  KeyLists by_skeleton_latin_less_one;
  // PhoneticKey -> vocabulary ids, for words that are not listed (TokenSimilarity's
  // phonetic rule: WLEED / WALID, YOUONS / YUNUS).
  KeyLists by_phonetic;
  // KoreanSyllableKey -> vocabulary ids.
  KeyLists by_korean;
  // RomanisationKeys -> vocabulary ids: other romanisations of the same name.
  KeyLists by_roman;
  // Deletion-variant hash -> either the one vocabulary id under it (kDirect | id) or
  // the position + 1 in del_lists of its list (a count, then that many ids); every id
  // found is verified. A list is one read where offsets and ids would be two dependent
  // cache misses.
  static constexpr uint32_t kDirect = 0x80000000u;
  HugeVector<uint32_t> del_lists;
  HashSlots del_table;
  std::unordered_map<std::string, std::vector<BicRec>> bic8;   // list BIC covers all branches
  std::unordered_map<std::string, std::vector<BicRec>> bic11;  // one branch only
  double min_threshold = 1.0;
  size_t max_name_tokens = 0;  // the most tokens an indexed name has

  // Similar vocabulary tokens of one query token, sorted by vocabulary id.
  using Similar = std::vector<std::pair<uint32_t, double>>;

  // `loose`: also the listed tokens of the same spelling key and those with the same
  // consonants and other vowels (names; free text does without: every word of it is
  // looked up, and a listed name inside text is written as listed).
  Similar FindSimilar(const TokenInfo& q, std::vector<uint8_t>* counts,
                      std::vector<uint32_t>* touched, bool loose) const {
    // Built in a per-thread buffer (it grows and is sorted in place) and returned
    // as one exact-size copy.
    thread_local Similar out;
    out.clear();
    const TokenGate qg = MakeTokenGate(q);
    const EditDistanceFrom edits_from_q(q.text);
    auto consider = [&](uint32_t v) {
      // Cheap pre-checks before the edit distance, for pairs that are neither in one
      // transliteration class nor phonetically equal: the length difference and the
      // letter-set difference (an edit changes at most two letters of the set) must
      // fit the pair's edit allowance.
      const TokenGate& g = vocab.gate(v);
      const size_t longest = std::max(qg.length, g.length),
                   shortest = std::min(qg.length, g.length);
      const int allowed = (longest >= 7 && shortest >= 5) ? 2 : 1;
      // Whether the pair may share a key; when not, it certainly shares none.
      const bool maybe_exempt = (qg.translit != 0 && qg.translit == g.translit) ||
                                qg.phonetic == g.phonetic ||
                                (qg.spelling != 0 && qg.spelling == g.spelling) ||
                                qg.abjad != g.abjad || (qg.korean != 0 && qg.korean == g.korean);
      if (longest - shortest > static_cast<size_t>(allowed) ||
          std::popcount(qg.mask ^ g.mask) > 2 * allowed) {
        if (!maybe_exempt) return;
        const TokenInfo& t = vocab[v];
        if ((q.translit.empty() || t.translit != q.translit) && t.phonetic != q.phonetic &&
            !SpellingKeysMatch(q.spelling, t.spelling) && q.abjad == t.abjad &&
            (q.korean.empty() || q.korean != t.korean)) {
          return;
        }
      }
      // Romanisations are looked up below.
      const PairHints hints{&edits_from_q,
                            qg.other_vowels != 0 && qg.other_vowels == g.other_vowels};
      double s = maybe_exempt ? TokenSimilarityExceptRomanisations(q, vocab[v], hints)
                              : TokenSimilarityWithoutSharedKeys(q, vocab[v], hints);
      if (s > 0) out.emplace_back(v, s);
    };
    bool exact = false;  // a listed word: no need of vowel variants
    if (auto v = VocabId(q.text)) {
      out.emplace_back(*v, 1.0);
      exact = true;
    }
    if (!q.translit.empty()) {
      for (uint32_t v : by_translit.Find(q.translit)) consider(v);
    }
    if (loose && !q.spelling.empty()) {
      auto lookup = [&](const std::string& key) {
        for (uint32_t v : by_spelling.Find(key)) consider(v);
      };
      if (q.spelling.find('%') == std::string::npos) {
        lookup(q.spelling);
      } else {
        for (const std::string& key : SpellingKeyVariants(q.spelling)) lookup(key);
      }
    }
    if (loose && !exact && q.phonetic.size() >= 2 && q.text.size() >= 4) {
      // TokenSimilarity's phonetic rule (Jaro-Winkler >= 0.75, floored at 0.80); a pair
      // that a rule above it also matches is found by that rule's own lookup.
      if (const auto ids = by_phonetic.Find(q.phonetic); ids.size() <= 64) {
        for (uint32_t v : ids) {
          vocab.Prefetch(v);  // its gate and text, read by Jaro-Winkler
        }
        for (uint32_t v : ids) {
          const TokenGate& g = vocab.gate(v);
          const TokenInfo& t = vocab[v];
          if (g.phonetic != qg.phonetic) continue;  // another key under the same 64-bit hash
          // The keys are compared only when their hashes say they may be equal.
          if ((qg.translit != 0 && qg.translit == g.translit && q.translit == t.translit) ||
              (qg.spelling != 0 && qg.spelling == g.spelling &&
               SpellingKeysMatch(q.spelling, t.spelling)) ||
              (qg.korean != 0 && qg.korean == g.korean && q.korean == t.korean))
            continue;  // TokenSimilarity stops at those rules
          const double jw = JaroWinkler(q.text, t.text);
          if (jw >= 0.75) out.emplace_back(v, std::max(jw, 0.80));
        }
      }
    }
    if (loose && !q.korean.empty()) {
      for (uint32_t v : by_korean.Find(q.korean)) consider(v);
    }
    if (loose && !q.roman_keys.empty()) {
      // Other romanisations (RomanisationsMatch), verified token by token; a token under
      // several of the query's keys is verified once.
      thread_local std::vector<uint32_t> seen;
      seen.clear();
      // A word has up to 16 keys: their slots are asked for before any is read.
      for (uint64_t key : q.roman_keys) by_roman.Prefetch(KeyLists::Hash(key));
      for (uint64_t key : q.roman_keys) {
        const auto ids = by_roman.Find(KeyLists::Hash(key));
        seen.insert(seen.end(), ids.begin(), ids.end());
      }
      std::sort(seen.begin(), seen.end());
      seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
      for (uint32_t v : seen) vocab.Prefetch(v);
      for (uint32_t v : seen) {
        if (double s = RomanisationSimilarity(q.text, vocab[v].text); s > 0) out.emplace_back(v, s);
      }
    }
    if (!q.skeleton.empty() && !(q.text.size() < 5 && by_skeleton_abjad.empty() && !q.abjad)) {
      if (q.abjad) {
        for (uint32_t v : by_skeleton_latin.Find(q.skeleton)) consider(v);
        if (q.text.size() >= 4) {
          // A slip in the Arabic script: a letter too many, lost, replaced or swapped
          // leaves the two skeletons equal once one letter is taken from one or both.
          std::vector<std::string> keys = SkeletonLessOne(q.skeleton);
          keys.push_back(q.skeleton);
          std::vector<uint32_t> seen;
          for (const std::string& key : keys) {
            for (const auto* table : {&by_skeleton_latin, &by_skeleton_latin_less_one}) {
              if (key == q.skeleton && table == &by_skeleton_latin) continue;  // looked up above
              const auto ids = table->Find(key);
              seen.insert(seen.end(), ids.begin(), ids.end());
            }
          }
          std::sort(seen.begin(), seen.end());
          seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
          for (uint32_t v : seen) consider(v);
        }
      } else {
        if (!by_skeleton_abjad.empty()) {
          for (uint32_t v : by_skeleton_abjad.Find(q.skeleton)) consider(v);
        }
        // Other vowels in a long token (OtherVowelsSimilarity); the tokens also within
        // the edit allowance are found through the deletion neighbourhood.
        if (loose && !exact && q.text.size() >= 5 && q.skeleton.size() >= 2) {
          if (const auto ids = by_skeleton_latin.Find(q.skeleton); ids.size() <= 64) {
            thread_local std::vector<uint32_t> passed;
            passed.clear();
            for (uint32_t v : ids) vocab.Prefetch(v);
            for (uint32_t v : ids) {
              // OtherVowelsSimilarity's own first checks, on the packed gate.
              const TokenGate& g = vocab.gate(v);
              if (qg.other_vowels == 0 || g.other_vowels != qg.other_vowels ||
                  std::max(g.length, qg.length) - std::min(g.length, qg.length) > 2)
                continue;
              passed.push_back(v);
            }
            for (uint32_t v : passed) {
              double s = OtherVowelsSimilarity(q, vocab[v]);
              if (s > 0) out.emplace_back(v, s);
            }
          }
        }
      }
    }
    if (q.text.size() >= 2 && !del_table.empty()) {
      touched->clear();
      thread_local std::vector<uint64_t> variants;
      variants.clear();
      DeleteVariantHashes(q.text, &variants, /*distinct=*/false);
      for (uint64_t h : variants) del_table.Prefetch(h);
      auto touch = [&](uint32_t v) {
        if ((*counts)[v] == 0) {
          (*counts)[v] = 1;
          touched->push_back(v);
        }
      };
      // Two passes, so that the lists' cache misses overlap: the slots (prefetched
      // above) give the ids held in place and the lists to read, whose first lines are
      // asked for before any is read.
      thread_local std::vector<uint32_t> lists;
      lists.clear();
      for (uint64_t h : variants) {
        del_table.ForEach(h, [&](uint32_t value) {
          if (value & kDirect) {
            touch(value & ~kDirect);
          } else {
            __builtin_prefetch(&del_lists[value - 1]);
            lists.push_back(value - 1);
          }
        });
      }
      for (uint32_t at : lists) {
        const uint32_t* ids = &del_lists[at + 1];
        for (uint32_t k = 0; k < del_lists[at]; ++k) touch(ids[k]);
      }
      for (uint32_t v : *touched) {
        vocab.Prefetch(v);  // its gate and text, read by the edit distance
      }
      for (uint32_t v : *touched) {
        consider(v);
        (*counts)[v] = 0;
      }
    }
    // One entry per vocabulary token, with its highest similarity.
    std::sort(out.begin(), out.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first < y.first : x.second > y.second;
    });
    out.erase(std::unique(out.begin(), out.end(),
                          [](const auto& x, const auto& y) { return x.first == y.first; }),
              out.end());
    return Similar(out.begin(), out.end());
  }

  static uint64_t TokenHash(std::string_view t) { return FinishHash(FnvStep(kFnvBasis, t)); }

  std::optional<uint32_t> VocabId(std::string_view t) const {
    std::optional<uint32_t> found;
    vocab_table.ForEach(TokenHash(t), [&](uint32_t value) {
      if (!found && vocab[value - 1].text == t) found = value - 1;
    });
    return found;
  }
  bool Listed(std::string_view t) const { return VocabId(t).has_value(); }

  static double Lookup(const Similar& s, uint32_t v) {
    auto it = std::lower_bound(s.begin(), s.end(), std::make_pair(v, -1.0));
    return (it != s.end() && it->first == v) ? it->second : 0.0;
  }
};

ScreeningIndex::ScreeningIndex() : data_(std::make_unique<Data>()) {}
ScreeningIndex::~ScreeningIndex() = default;

StatusOr<std::shared_ptr<const ScreeningIndex>> ScreeningIndex::Build(
    const std::vector<std::shared_ptr<const SanctionsList>>& lists, ScreeningConfig config) {
  auto valid = [](double t) { return std::isfinite(t) && t > 0 && t <= 1.0; };
  if (!valid(config.default_threshold)) {
    return InvalidArgument("default_threshold must be in (0, 1]");
  }
  for (const auto& [name, t] : config.list_thresholds) {
    if (!valid(t)) return InvalidArgument("threshold for list '" + name + "' must be in (0, 1]");
  }
  for (const auto& c : config.embargoed_countries) {
    if (!IsCountryCode(c)) {
      return InvalidArgument("embargoed country '" + c + "' is not an upper-case ISO alpha-2 code");
    }
  }
  if (config.max_hits_per_field == 0) return InvalidArgument("max_hits_per_field must be > 0");

  std::shared_ptr<ScreeningIndex> index(new ScreeningIndex());
  index->config_ = std::move(config);
  Data& d = *index->data_;
  static std::atomic<uint64_t> next_id{1};
  d.id = next_id.fetch_add(1);
  d.min_threshold = index->config_.default_threshold;
  for (const auto& [name, t] : index->config_.list_thresholds)
    d.min_threshold = std::min(d.min_threshold, t);

  std::vector<std::vector<uint32_t>> postings_tmp;
  std::unordered_map<std::string, uint32_t> vocab_ids;
  auto vocab_id = [&](const std::string& t) -> uint32_t {
    auto [it, inserted] = vocab_ids.emplace(t, static_cast<uint32_t>(d.vocab.size()));
    if (inserted) {
      d.vocab.push_back(MakeTokenInfo(t));
      d.vocab_weight.push_back(TokenWeight(t));
      postings_tmp.emplace_back();
    }
    return it->second;
  };

  for (const auto& list : lists) {
    if (list == nullptr) return InvalidArgument("null list given to ScreeningIndex::Build");
    for (const ListEntry& e : list->entries) {
      auto entry_idx = static_cast<uint32_t>(d.entries.size());
      EntryRec rec;
      rec.list_name = e.list_name.empty() ? list->name : e.list_name;
      rec.list_version = list->version;
      rec.entry_id = e.entry_id;
      rec.primary_name = e.primary_name;
      rec.threshold = index->ThresholdFor(rec.list_name);
      rec.names.push_back(e.primary_name);
      for (const Alias& a : e.aliases) rec.names.push_back(a.name);
      std::vector<std::vector<std::string>> seen;
      for (size_t ni = 0; ni < rec.names.size(); ++ni) {
        std::vector<std::string> toks = NormalizeName(rec.names[ni]);
        if (toks.empty()) continue;
        std::vector<std::string> sorted = toks;
        std::sort(sorted.begin(), sorted.end());
        if (std::find(seen.begin(), seen.end(), sorted) != seen.end()) continue;
        seen.push_back(std::move(sorted));
        NameRec nr;
        nr.entry = entry_idx;
        nr.name_index = static_cast<uint32_t>(ni);
        nr.tok_begin = static_cast<uint32_t>(d.name_tokens.size());
        nr.tok_count = static_cast<uint32_t>(toks.size());
        auto name_idx = static_cast<uint32_t>(d.names.size());
        for (const std::string& t : toks) {
          uint32_t v = vocab_id(t);
          d.name_tokens.push_back(v);
          nr.weight_total += d.vocab_weight[v];
          auto& p = postings_tmp[v];
          if (p.empty() || p.back() != name_idx) p.push_back(name_idx);
        }
        d.names.push_back(nr);
        d.max_name_tokens = std::max<size_t>(d.max_name_tokens, nr.tok_count);
        d.name_legal.push_back(LegalFormCode(rec.names[ni]));
      }
      for (const std::string& bic : e.bics) {
        std::string b = UpperTrim(bic);
        if (!IsValidBic(b)) continue;
        if (b.size() == 8 || b.substr(8) == "XXX") {
          d.bic8[b.substr(0, 8)].push_back({entry_idx, b});
        } else {
          d.bic11[b].push_back({entry_idx, b});
        }
      }
      d.entries.push_back(std::move(rec));
    }
  }
  {
    std::vector<std::pair<uint64_t, uint32_t>> tokens;
    tokens.reserve(d.vocab.size());
    for (uint32_t v = 0; v < d.vocab.size(); ++v)
      tokens.emplace_back(Data::TokenHash(d.vocab[v].text), v + 1);
    d.vocab_table.Build(tokens);
  }
  d.single_token_names.assign(d.vocab.size(), {});
  for (uint32_t n = 0; n < d.names.size(); ++n) {
    if (d.names[n].tok_count == 1)
      d.single_token_names[d.name_tokens[d.names[n].tok_begin]].push_back(n);
  }
  d.posting_offsets.reserve(d.vocab.size() + 1);
  d.posting_offsets.push_back(0);
  for (auto& p : postings_tmp) {
    d.postings.insert(d.postings.end(), p.begin(), p.end());
    d.posting_offsets.push_back(static_cast<uint32_t>(d.postings.size()));
  }
  {
    std::vector<std::pair<uint64_t, uint32_t>> translit, spelling, skeleton_abjad, skeleton_latin,
        roman, korean, phonetic, skeleton_latin_less_one;
    for (uint32_t v = 0; v < d.vocab.size(); ++v) {
      const TokenInfo& t = d.vocab[v];
      if (!t.translit.empty()) translit.emplace_back(KeyLists::Hash(t.translit), v);
      if (!t.spelling.empty())
        for (const std::string& key : SpellingKeyVariants(t.spelling))
          spelling.emplace_back(KeyLists::Hash(key), v);
      if (!t.skeleton.empty())
        (t.abjad ? skeleton_abjad : skeleton_latin).emplace_back(KeyLists::Hash(t.skeleton), v);
      for (uint64_t key : t.roman_keys) roman.emplace_back(KeyLists::Hash(key), v);
      if (!t.korean.empty()) korean.emplace_back(KeyLists::Hash(t.korean), v);
      if (t.phonetic.size() >= 2 && t.text.size() >= 4)
        phonetic.emplace_back(KeyLists::Hash(t.phonetic), v);
      if (!t.abjad && t.skeleton.size() >= 3)
        for (const std::string& key : SkeletonLessOne(t.skeleton))
          skeleton_latin_less_one.emplace_back(KeyLists::Hash(key), v);
    }
    d.by_translit.Build(std::move(translit));
    d.by_spelling.Build(std::move(spelling));
    d.by_skeleton_abjad.Build(std::move(skeleton_abjad));
    d.by_skeleton_latin.Build(std::move(skeleton_latin));
    d.by_roman.Build(std::move(roman));
    d.by_korean.Build(std::move(korean));
    d.by_phonetic.Build(std::move(phonetic));
    d.by_skeleton_latin_less_one.Build(std::move(skeleton_latin_less_one));
  }
  std::vector<std::pair<uint64_t, uint32_t>> variants;  // (hash, vocabulary id)
  std::vector<uint64_t> hashes;
  for (uint32_t v = 0; v < d.vocab.size(); ++v) {
    if (d.vocab[v].text.size() < 2) continue;  // initials are compared when scoring
    hashes.clear();
    DeleteVariantHashes(d.vocab[v].text, &hashes, /*distinct=*/true);
    for (uint64_t h : hashes) variants.emplace_back(h, v);
  }
  std::sort(variants.begin(), variants.end());
  // (hash, slot value) of each distinct hash; lists of two or more ids go to
  // del_lists, their position stored + 1 so that a value is never 0.
  std::vector<std::pair<uint64_t, uint32_t>> keys;
  for (size_t i = 0; i < variants.size();) {
    size_t j = i;
    while (j < variants.size() && variants[j].first == variants[i].first) ++j;
    if (j - i == 1) {
      keys.emplace_back(variants[i].first, Data::kDirect | variants[i].second);
    } else {
      keys.emplace_back(variants[i].first, static_cast<uint32_t>(d.del_lists.size() + 1));
      d.del_lists.push_back(static_cast<uint32_t>(j - i));
      for (size_t p = i; p < j; ++p) d.del_lists.push_back(variants[p].second);
    }
    i = j;
  }
  if (d.del_lists.size() >= Data::kDirect) return Internal("screening index: too many deletion variants");
  d.del_table.Build(keys);
  return std::shared_ptr<const ScreeningIndex>(std::move(index));
}

IndexStats ScreeningIndex::stats() const {
  IndexStats s;
  std::set<std::string> lists;
  for (const auto& e : data_->entries) lists.insert(e.list_name);
  s.lists = lists.size();
  s.entries = data_->entries.size();
  s.names = data_->names.size();
  s.vocabulary = data_->vocab.size();
  for (const auto& [k, v] : data_->bic8) s.bics += v.size();
  for (const auto& [k, v] : data_->bic11) s.bics += v.size();
  return s;
}

double ScreeningIndex::ThresholdFor(std::string_view list_name) const {
  auto it = config_.list_thresholds.find(std::string(list_name));
  return it == config_.list_thresholds.end() ? config_.default_threshold : it->second;
}

namespace {

// Per-call scratch space; never shared between threads.
// Per-thread buffers sized to the largest index screened on the thread; every call
// leaves them all-zero again, so they are reused without clearing.
struct ThreadBuffers {
  std::vector<uint8_t> counts;      // per vocabulary token
  std::vector<uint32_t> name_mask;  // per indexed name: query tokens that reach it
  std::vector<uint64_t>
      vocab_positions;  // per vocabulary token: query tokens / text positions (< 64) similar to it
  // Lists each user clears before use, kept for their capacity: a word or a text can
  // reach thousands of tokens or names, and a list grown afresh on every call costs
  // more in the allocator than its use.
  std::vector<uint32_t> touched;        // vocabulary tokens marked in `counts`
  std::vector<uint32_t> touched_names;  // names marked in `name_mask`
};

ThreadBuffers& Buffers(const ScreeningIndex::Data& d) {
  thread_local ThreadBuffers buffers;
  if (buffers.counts.size() < d.vocab.size()) buffers.counts.resize(d.vocab.size(), 0);
  if (buffers.name_mask.size() < d.names.size()) buffers.name_mask.resize(d.names.size(), 0);
  if (buffers.vocab_positions.size() < d.vocab.size())
    buffers.vocab_positions.resize(d.vocab.size(), 0);
  return buffers;
}

// The similar list tokens of recently screened words, per thread and per index:
// payments repeat words (bank names, common given names, the fixed words of remittance
// lines), and finding a word's similar list tokens is most of the cost of screening
// it. Direct-mapped (a word's slot is chosen by its hash and a newer word takes the
// slot over), so its size is fixed: 4,096 words a thread.
class SimilarCache {
 public:
  using Similar = ScreeningIndex::Data::Similar;
  std::shared_ptr<const Similar> Find(const ScreeningIndex::Data& d, const std::string& key) {
    if (index_id_ != d.id) {
      slots_.assign(kSlots, Slot());
      index_id_ = d.id;
    }
    const Slot& slot = slots_[SlotOf(key)];
    return slot.key == key ? slot.similar : nullptr;
  }
  void Put(const std::string& key, std::shared_ptr<const Similar> similar) {
    Slot& slot = slots_[SlotOf(key)];
    slot.key = key;
    slot.similar = std::move(similar);
  }

 private:
  static constexpr size_t kSlots = 4096;
  struct Slot {
    std::string key;
    std::shared_ptr<const Similar> similar;
  };
  static size_t SlotOf(const std::string& key) {
    return std::hash<std::string>{}(key) & (kSlots - 1);
  }
  uint64_t index_id_ = 0;
  std::vector<Slot> slots_;
};

struct Scratch {
  explicit Scratch(const ScreeningIndex::Data& d)
      : counts(Buffers(d).counts),
        name_mask(Buffers(d).name_mask),
        vocab_positions(Buffers(d).vocab_positions),
        touched(Buffers(d).touched),
        touched_names(Buffers(d).touched_names) {}
  std::vector<uint8_t>& counts;
  std::vector<uint32_t>& name_mask;
  std::vector<uint64_t>& vocab_positions;
  std::vector<uint32_t>& touched;
  std::vector<uint32_t>& touched_names;
  // Similar list tokens of each distinct payment token seen in this call, keyed by
  // the token after a letter for `loose` (a name's look-up finds more than a text's).
  std::unordered_map<std::string, std::shared_ptr<const ScreeningIndex::Data::Similar>> similar_of;
  uint64_t candidates_scored = 0;

  const ScreeningIndex::Data::Similar& SimilarTo(const ScreeningIndex::Data& d,
                                                 const std::string& token, bool loose = true) {
    thread_local SimilarCache recent;
    std::string key = (loose ? "L" : "T") + token;
    auto it = similar_of.find(key);
    if (it == similar_of.end()) {
      std::shared_ptr<const ScreeningIndex::Data::Similar> similar = recent.Find(d, key);
      if (similar == nullptr) {
        similar = std::make_shared<const ScreeningIndex::Data::Similar>(
            d.FindSimilar(MakeTokenInfo(token, loose), &counts, &touched, loose));
        recent.Put(key, similar);
      }
      it = similar_of.emplace(std::move(key), std::move(similar)).first;
    }
    return *it->second;
  }
};

}  // namespace

namespace {

// Whether an Arabic-script token reads as some listed Latin token (by its skeleton).
bool AbjadReadsAsListed(const ScreeningIndex::Data& d, const std::string& abjad) {
  const auto ids = d.by_skeleton_latin.Find(ConsonantSkeleton(abjad));
  return std::any_of(ids.begin(), ids.end(),
                     [&](uint32_t v) { return ArabicSkeletonMatch(abjad, d.vocab[v].text); });
}

// Persian compound given names are often written as one word in Arabic script
// (محمدرضا for MOHAMMAD-REZA, علیرضا): an Arabic-script token that reads as no listed
// token but whose two parts (two letters or more each) both do is split there, the
// most even split first; 0 when there is none.
size_t AbjadSplit(const ScreeningIndex::Data& d, const std::string& t) {
  if (t.size() < 5 || t.size() > 16 || AbjadReadsAsListed(d, t)) return 0;
  size_t best = 0, best_min = 0;
  for (size_t k = 2; k + 2 <= t.size(); ++k) {
    const size_t shorter = std::min(k, t.size() - k);
    if (shorter <= best_min) continue;
    if (AbjadReadsAsListed(d, t.substr(0, k)) && AbjadReadsAsListed(d, t.substr(k))) {
      best = k;
      best_min = shorter;
    }
  }
  return best;
}

// Words a payment joined that the list writes apart (KIMHYOK, MORENOGOMEZ,
// NIKOLAYEVNAGOLUBEVA): a token that is not a listed word but splits into two listed
// words of two letters or more is split, unless a part has two letters and the token
// is another spelling of a listed word (the same spelling key: HEKIM for HAKIM is not
// HE + KIM). The two parts weigh half each (`halves`): they are one word of the
// payment, so a listed name that has only one of them is not a name with one word
// missing.
std::vector<std::string> SplitJoinedWords(const ScreeningIndex::Data& d,
                                          std::vector<std::string> tokens,
                                          std::vector<bool>* halves) {
  std::vector<std::string> out;
  out.reserve(tokens.size() + 2);
  halves->clear();
  for (auto& t : tokens) {
    if (IsAbjadToken(t) && out.size() + 2 <= kMaxNameTokens) {
      if (size_t k = AbjadSplit(d, t); k != 0) {
        out.push_back(t.substr(0, k));
        out.push_back(t.substr(k));
        halves->push_back(true);
        halves->push_back(true);
        continue;
      }
    }
    if (t.size() < 4 || d.vocab.empty() || d.Listed(t) || out.size() + 2 > kMaxNameTokens ||
        IsAbjadToken(t)) {
      out.push_back(std::move(t));
      halves->push_back(false);
      continue;
    }
    // An article written together with the name (ALFADLI, ELTIKRITI) when the rest is listed.
    if (t.size() >= 6 &&
        (t.compare(0, 2, "AL") == 0 || t.compare(0, 2, "EL") == 0 || t.compare(0, 2, "UL") == 0) &&
        d.Listed(std::string_view(t).substr(2))) {
      out.push_back(t.substr(2));
      halves->push_back(false);
      continue;
    }
    size_t best = 0, best_min = 0;
    for (size_t k = 2; k + 2 <= t.size(); ++k) {
      const size_t shorter = std::min(k, t.size() - k);
      if (shorter <= best_min) continue;
      if (d.Listed(std::string_view(t).substr(0, k)) && d.Listed(std::string_view(t).substr(k))) {
        best = k;
        best_min = shorter;
      }
    }
    auto reads_as_listed = [&] {
      const std::string key = SpellingKey(t);
      if (key.empty()) return false;
      for (const std::string& k : SpellingKeyVariants(key))
        if (!d.by_spelling.Find(k).empty()) return true;
      return false;
    };
    if (best == 0 || (best_min == 2 && reads_as_listed())) {
      out.push_back(std::move(t));
      halves->push_back(false);
    } else {
      out.push_back(t.substr(0, best));
      out.push_back(t.substr(best));
      halves->push_back(true);
      halves->push_back(true);
    }
  }
  return out;
}

// Screens one normalised name; appends at most max_hits hits (best per entry).
void ScreenTokens(const ScreeningIndex& index, const ScreeningIndex::Data& d,
                  const std::vector<std::string>& tokens_in, PaymentField field, int field_index,
                  std::string_view field_value, Scratch* scratch, std::vector<ScreeningHit>* hits) {
  if (tokens_in.empty() || d.names.empty()) return;
  std::vector<bool> halves;
  const std::vector<std::string> tokens = SplitJoinedWords(d, tokens_in, &halves);
  const bool any_split = std::find(halves.begin(), halves.end(), true) != halves.end();
  std::string payment_legal;  // LegalFormCode(field_value), computed on the first tie
  bool payment_legal_known = false;
  const size_t nq = tokens.size();
  std::vector<TokenInfo> q;
  std::vector<double> wq;
  double wq_total = 0;
  double initials_weight = 0;  // initials are not blocked on; they are compared when scoring
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string& t = tokens[i];
    // Compared directly only as initials; the other tokens go through their similar lists.
    if (t.size() == 1) {
      q.push_back(MakeTokenInfo(t, /*keys=*/false));
    } else {
      q.emplace_back().text = t;
    }
    wq.push_back(halves[i] ? 0.5 * TokenWeight(t) : TokenWeight(t));
    wq_total += wq.back();
    if (t.size() == 1) initials_weight += wq.back();
  }
  // Lower bounds of the coverage denominators (missing tokens weigh at most 1, half off).
  const double wq_den = wq_total - 0.5 * static_cast<double>(MissingTokenAllowance(nq));
  std::vector<const ScreeningIndex::Data::Similar*> similar(nq);
  std::vector<size_t> postings_of(nq, 0);
  // Which query tokens each similar vocabulary token stands for (a bit per query
  // token), so that a candidate's matched tokens are its tokens' bits ORed.
  std::vector<uint32_t> masked_vocab;
  uint32_t initial_bits = 0;
  size_t initials = 0;
  for (size_t i = 0; i < nq; ++i) {
    similar[i] = &scratch->SimilarTo(d, tokens[i]);
    if (tokens[i].size() == 1) {
      initial_bits |= 1u << i;
      ++initials;
    }
    for (const auto& [v, s] : *similar[i]) {
      postings_of[i] += d.posting_offsets[v + 1] - d.posting_offsets[v];
      if (scratch->vocab_positions[v] == 0) masked_vocab.push_back(v);
      scratch->vocab_positions[v] |= uint64_t{1} << i;
    }
  }
  // Prefix filtering: the most common query tokens whose combined weight cannot lift
  // a name to the lowest threshold on their own (even a one-token list name scores at
  // most (1 + their weight / wq_den) / 2) are not enumerated; they are checked only on
  // the candidates the other tokens find.
  std::vector<size_t> order(nq);
  for (size_t i = 0; i < nq; ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t x, size_t y) { return postings_of[x] > postings_of[y]; });
  uint32_t skipped = 0;
  double skipped_weight = initials_weight;
  for (size_t i : order) {
    if (0.5 * (1.0 + (skipped_weight + wq[i]) / wq_den) >= d.min_threshold) break;
    skipped |= 1u << i;
    skipped_weight += wq[i];
  }
  // Which query tokens reach each name (a bit per query token; nq <= kMaxNameTokens).
  scratch->touched_names.clear();
  for (size_t i = 0; i < nq; ++i) {
    if (skipped & (1u << i)) continue;
    for (const auto& [v, s] : *similar[i]) {
      for (uint32_t p = d.posting_offsets[v]; p < d.posting_offsets[v + 1]; ++p) {
        uint32_t& mask = scratch->name_mask[d.postings[p]];
        if (mask == 0) scratch->touched_names.push_back(d.postings[p]);
        mask |= 1u << i;
      }
    }
  }

  struct Best {
    double score;
    uint32_t name;
    NameScore detail;
  };
  std::unordered_map<uint32_t, Best> best_by_entry;
  std::vector<double> wl, sim;
  for (uint32_t name : scratch->touched_names) {
    scratch->name_mask[name] = 0;
    // The query tokens (skipped ones included) and the list tokens that have a similar
    // token on the other side; a list token may also be met by an initial, at most one
    // per initial.
    const NameRec& nr = d.names[name];
    uint32_t mask = 0;
    double list_weight = 0;
    size_t list_unmatched = 0;
    for (uint32_t j = 0; j < nr.tok_count; ++j) {
      const uint32_t v = d.name_tokens[nr.tok_begin + j];
      const auto bits = static_cast<uint32_t>(scratch->vocab_positions[v]);
      mask |= bits;
      if (bits & ~initial_bits) {
        list_weight += d.vocab_weight[v];
      } else {
        ++list_unmatched;
      }
    }
    list_weight +=
        static_cast<double>(std::min(initials, list_unmatched));  // list weights are at most 1
    mask &= ~initial_bits;
    double matched_weight = initials_weight;
    for (size_t i = 0; i < nq; ++i)
      if (mask & (1u << i)) matched_weight += wq[i];
    double wl_den =
        nr.weight_total - 0.5 * static_cast<double>(MissingTokenAllowance(nr.tok_count));
    double bound =
        0.5 * (std::min(1.0, list_weight / wl_den) + std::min(1.0, matched_weight / wq_den));
    const double threshold = d.entries[nr.entry].threshold;
    if (bound < threshold) continue;
    ++scratch->candidates_scored;
    const size_t nl = nr.tok_count;
    wl.assign(nl, 0);
    sim.assign(nq * nl, 0);
    for (size_t j = 0; j < nl; ++j) {
      uint32_t v = d.name_tokens[nr.tok_begin + j];
      wl[j] = d.vocab_weight[v];
      for (size_t i = 0; i < nq; ++i) {
        sim[i * nl + j] = q[i].text.size() == 1 ? TokenSimilarity(q[i], d.vocab[v])
                                                : ScreeningIndex::Data::Lookup(*similar[i], v);
      }
    }
    // A tighter bound before the alignment: every token at its best similarity on the
    // other side, each list token counted once however many payment tokens reach it
    // (two payment words near one listed word are not two words matched).
    double q_best = 0, l_best = 0;
    for (size_t i = 0; i < nq; ++i) {
      double m = 0;
      for (size_t j = 0; j < nl; ++j) m = std::max(m, sim[i * nl + j]);
      q_best += m * wq[i];
    }
    for (size_t j = 0; j < nl; ++j) {
      double m = 0;
      for (size_t i = 0; i < nq; ++i) m = std::max(m, sim[i * nl + j]);
      l_best += m * wl[j];
    }
    if (0.5 * (std::min(1.0, l_best / wl_den) + std::min(1.0, q_best / wq_den)) < threshold)
      continue;
    NameScore score = ScoreAlignment(wq, wl, sim);
    if (any_split && score.score >= threshold) {
      // A word split in two matches only as a whole: when one half is aligned and the
      // other is not, neither counts.
      bool again = false;
      for (size_t i = 0; i + 1 < nq; ++i) {
        if (!halves[i] || !halves[i + 1]) continue;
        bool a = false, b = false;
        for (const TokenPair& p : score.pairs) {
          a = a || p.payment_index == i;
          b = b || p.payment_index == i + 1;
        }
        if (a != b) {
          for (size_t j = 0; j < nl; ++j) sim[i * nl + j] = sim[(i + 1) * nl + j] = 0;
          again = true;
        }
        ++i;
      }
      if (again) score = ScoreAlignment(wq, wl, sim);
    }
    if (score.score < threshold) continue;
    auto it = best_by_entry.find(nr.entry);
    if (it == best_by_entry.end() || score.score > it->second.score) {
      best_by_entry[nr.entry] = Best{score.score, name, std::move(score)};
    }
  }
  for (uint32_t v : masked_vocab) scratch->vocab_positions[v] = 0;
  std::vector<Best> best;
  best.reserve(best_by_entry.size());
  for (auto& [e, b] : best_by_entry) best.push_back(std::move(b));
  // Ties (entries whose names differ only in what normalisation sets aside) go to the
  // entry whose legal form is the payment's, then to more tokens matched exactly, then
  // to the higher list coverage (more of the listed name present).
  auto shares_legal_form = [&](uint32_t name) {
    if (!payment_legal_known) {
      payment_legal = LegalFormCode(field_value);
      payment_legal_known = true;
    }
    const std::string& listed = d.name_legal[name];
    if (payment_legal.empty() || listed.empty()) return false;
    size_t a = 0;
    while (a < payment_legal.size()) {
      size_t e = payment_legal.find(' ', a);
      std::string_view code =
          std::string_view(payment_legal).substr(a, e == std::string::npos ? e : e - a);
      size_t b = 0;
      while (b < listed.size()) {
        size_t f = listed.find(' ', b);
        if (std::string_view(listed).substr(b, f == std::string::npos ? f : f - b) == code)
          return true;
        if (f == std::string::npos) break;
        b = f + 1;
      }
      if (e == std::string::npos) break;
      a = e + 1;
    }
    return false;
  };
  auto exact_pairs = [](const NameScore& s) {
    return std::count_if(s.pairs.begin(), s.pairs.end(),
                         [](const TokenPair& p) { return p.similarity >= 1.0; });
  };
  std::sort(best.begin(), best.end(), [&](const Best& x, const Best& y) {
    if (std::abs(x.score - y.score) > 1e-9) return x.score > y.score;
    const bool lx = shares_legal_form(x.name), ly = shares_legal_form(y.name);
    if (lx != ly) return lx;
    const auto ex = exact_pairs(x.detail), ey = exact_pairs(y.detail);
    if (ex != ey) return ex > ey;
    if (std::abs(x.detail.list_coverage - y.detail.list_coverage) > 1e-9)
      return x.detail.list_coverage > y.detail.list_coverage;
    return x.name < y.name;
  });
  if (best.size() > index.config().max_hits_per_field)
    best.resize(index.config().max_hits_per_field);
  for (Best& b : best) {
    const NameRec& nr = d.names[b.name];
    const EntryRec& entry = d.entries[nr.entry];
    ScreeningHit hit;
    hit.kind = HitKind::kName;
    hit.field = field;
    hit.field_index = field_index;
    hit.field_value = std::string(field_value);
    hit.list_name = entry.list_name;
    hit.list_version = entry.list_version;
    hit.entry_id = entry.entry_id;
    hit.entry_name = entry.primary_name;
    hit.matched_name = entry.names[nr.name_index];
    hit.matched_alias = nr.name_index != 0;
    hit.score = b.score;
    hit.threshold = index.ThresholdFor(entry.list_name);
    hit.list_coverage = b.detail.list_coverage;
    hit.payment_coverage = b.detail.payment_coverage;
    for (const TokenPair& p : b.detail.pairs) {
      hit.token_matches.push_back({tokens[p.payment_index],
                                   d.vocab[d.name_tokens[nr.tok_begin + p.list_index]].text,
                                   p.similarity});
    }
    hits->push_back(std::move(hit));
  }
}

void ScreenFreeText(const ScreeningIndex& index, const ScreeningIndex::Data& d,
                    std::string_view text, Scratch* scratch, std::vector<ScreeningHit>* hits) {
  std::vector<std::string> tokens = FoldAndTokenize(text, kMaxTextTokens);
  if (tokens.empty() || d.names.empty()) return;
  const size_t nt = tokens.size();
  static const ScreeningIndex::Data::Similar kNone;
  std::vector<const ScreeningIndex::Data::Similar*> similar(nt, &kNone);
  // One pass over the postings records, per name, how close together the text
  // positions that reach it are: name_mask packs the last position + 1 (bits 0-15),
  // the smallest gap between two of them (bits 16-23; 255: one position only) and the
  // smallest distance to the skipped word (bits 24-31; 255: none). The one word whose
  // similar tokens have the most postings is not enumerated when no name can be met
  // by it alone: it occurs once (a name of two or more tokens needs two positions, so
  // another word finds it), or (above a threshold of 0.5, with no initials in the
  // text) its occurrences are further apart than the longest listed name has tokens,
  // so that no window holds two of them. One-token names are looked up for that word
  // directly.
  std::vector<size_t> postings_of(nt, 0);
  struct Occurrences {
    int count = 0;
    size_t last = 0;
    size_t min_gap = SIZE_MAX;
  };
  std::unordered_map<std::string_view, Occurrences> occurrences_of;
  for (size_t i = 0; i < nt; ++i) {
    // Words that are not name material on the list side never match anything.
    if (tokens[i].size() < 2 || IsLegalForm(tokens[i]) || IsNameParticle(tokens[i]) ||
        std::all_of(tokens[i].begin(), tokens[i].end(),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      continue;  // numbers (invoice numbers, dates) are not names
    }
    similar[i] = &scratch->SimilarTo(d, tokens[i], /*loose=*/false);
    Occurrences& o = occurrences_of[tokens[i]];
    if (o.count++ > 0) o.min_gap = std::min(o.min_gap, i - o.last);
    o.last = i;
    for (const auto& [v, s] : *similar[i])
      postings_of[i] += d.posting_offsets[v + 1] - d.posting_offsets[v];
  }
  // A window scores at most (listed words in it) / (nl - allowance / 2), which for one
  // word of a name of two or more is at most 0.5; above that threshold a name needs two
  // of its words within nl positions of each other, unless an initial of the text (which
  // counts in a window without being enumerated) makes up the second.
  const bool text_has_initial =
      std::any_of(tokens.begin(), tokens.end(), [](const std::string& t) { return t.size() == 1; });
  const bool need_close_pair = d.min_threshold > 0.5 && !text_has_initial;
  size_t skip = nt;  // the first position of the skipped word; nt: none
  for (size_t i = 0; i < nt; ++i) {
    if (postings_of[i] == 0 || (skip != nt && postings_of[i] <= postings_of[skip])) continue;
    const Occurrences& o = occurrences_of[tokens[i]];
    if (o.count == 1 || (need_close_pair && o.min_gap > d.max_name_tokens)) skip = i;
  }
  // Each position's distance to the nearest occurrence of the skipped word.
  std::vector<size_t> to_skip_of(nt, SIZE_MAX);
  std::vector<bool> skipped_at(nt, false);
  if (skip < nt) {
    for (size_t i = 0; i < nt; ++i) skipped_at[i] = tokens[i] == tokens[skip];
    for (size_t i = 0, last = SIZE_MAX; i < nt; ++i) {
      if (skipped_at[i]) last = i;
      if (last != SIZE_MAX) to_skip_of[i] = i - last;
    }
    for (size_t i = nt, next = SIZE_MAX; i-- > 0;) {
      if (skipped_at[i]) next = i;
      if (next != SIZE_MAX) to_skip_of[i] = std::min(to_skip_of[i], next - i);
    }
  }
  scratch->touched_names.clear();
  constexpr uint32_t kFar = 255;
  auto touch = [&](uint32_t name, size_t i) {
    uint32_t& m = scratch->name_mask[name];
    uint32_t last = 0, gap = kFar, to_skip = kFar;
    if (m == 0) {
      scratch->touched_names.push_back(name);
    } else {
      last = m & 0xFFFFu;
      gap = (m >> 16) & 0xFFu;
      to_skip = m >> 24;
    }
    const auto here = static_cast<uint32_t>(i + 1);
    if (last != 0 && last != here)
      gap = std::min<uint32_t>(gap, std::min<uint32_t>(here - last, kFar - 1));
    if (skip < nt)
      to_skip = std::min<uint32_t>(
          to_skip, static_cast<uint32_t>(std::min<size_t>(to_skip_of[i], kFar - 1)));
    m = here | gap << 16 | to_skip << 24;
  };
  for (size_t i = 0; i < nt; ++i) {
    if (skipped_at[i]) {
      if (auto v = d.VocabId(tokens[i])) {
        for (uint32_t name : d.single_token_names[*v]) touch(name, i);
      }
      continue;
    }
    for (const auto& [v, s] : *similar[i]) {
      for (uint32_t p = d.posting_offsets[v]; p < d.posting_offsets[v + 1]; ++p) {
        touch(d.postings[p], i);
      }
    }
  }
  // Which text positions each similar vocabulary token stands for, so that a
  // candidate's positions are its tokens' masks ORed (texts of up to 64 words; longer
  // ones look each position up).
  const bool position_masks = nt <= 64;
  std::vector<uint32_t> masked_vocab;
  if (position_masks) {
    for (size_t i = 0; i < nt; ++i) {
      for (const auto& [v, s] : *similar[i]) {
        if (scratch->vocab_positions[v] == 0) masked_vocab.push_back(v);
        scratch->vocab_positions[v] |= uint64_t{1} << i;
      }
    }
  }
  struct Best {
    double score;
    uint32_t name;
    NameScore detail;
    std::vector<size_t> positions;
  };
  std::unordered_map<uint32_t, Best> best_by_entry;
  std::vector<size_t> positions;
  for (uint32_t name : scratch->touched_names) {
    const uint32_t gap = (scratch->name_mask[name] >> 16) & 0xFFu,
                   to_skip = scratch->name_mask[name] >> 24;
    scratch->name_mask[name] = 0;
    // A name of two or more tokens needs two positions; the skipped word may be one.
    const uint32_t name_tokens = d.names[name].tok_count;
    if (name_tokens >= 2) {
      if (gap == kFar && skip == nt) continue;
      if (need_close_pair && gap > name_tokens && (skip == nt || to_skip > name_tokens)) continue;
    }
    // The text positions whose word matches some token of this name.
    positions.clear();
    const NameRec& cand = d.names[name];
    if (position_masks) {
      uint64_t at = 0;
      for (uint32_t j = 0; j < cand.tok_count; ++j)
        at |= scratch->vocab_positions[d.name_tokens[cand.tok_begin + j]];
      for (; at != 0; at &= at - 1) positions.push_back(static_cast<size_t>(std::countr_zero(at)));
    } else {
      for (size_t i = 0; i < nt; ++i) {
        for (uint32_t j = 0; j < cand.tok_count; ++j) {
          if (ScreeningIndex::Data::Lookup(*similar[i], d.name_tokens[cand.tok_begin + j]) > 0) {
            positions.push_back(i);
            break;
          }
        }
      }
    }
    const NameRec& nr = d.names[name];
    const size_t nl = nr.tok_count;
    if (nl >= 2 && positions.size() < 2) continue;
    const double threshold = d.entries[nr.entry].threshold;
    // Single-token names are found in text only as an exact word of 6+ letters.
    if (nl == 1) {
      const TokenInfo& lt = d.vocab[d.name_tokens[nr.tok_begin]];
      if (lt.text.size() < 6) continue;
    } else if (positions.size() < 2) {
      continue;
    }
    // Windows of nl + 1 consecutive words starting at each matched position (or at the
    // initial just before it); initials inside a window are compared directly.
    for (size_t s = 0; s < positions.size(); ++s) {
      size_t start = positions[s];
      if (start > 0 && tokens[start - 1].size() == 1) --start;
      std::vector<size_t> window;
      size_t matched = 0;
      for (size_t p = start; p < nt && p <= start + nl; ++p) {
        bool listed = std::binary_search(positions.begin(), positions.end(), p);
        if (listed || tokens[p].size() == 1) window.push_back(p);
        matched += listed || tokens[p].size() == 1;
      }
      double ub =
          std::min(1.0, matched / (static_cast<double>(nl) - 0.5 * MissingTokenAllowance(nl)));
      if (ub < threshold) continue;
      ++scratch->candidates_scored;
      std::vector<double> wq(window.size()), wl(nl), sim(window.size() * nl);
      for (size_t i = 0; i < window.size(); ++i) wq[i] = TokenWeight(tokens[window[i]]);
      for (size_t j = 0; j < nl; ++j) {
        uint32_t v = d.name_tokens[nr.tok_begin + j];
        wl[j] = d.vocab_weight[v];
        for (size_t i = 0; i < window.size(); ++i) {
          const std::string& t = tokens[window[i]];
          sim[i * nl + j] = t.size() == 1 ? TokenSimilarity(MakeTokenInfo(t), d.vocab[v])
                                          : ScreeningIndex::Data::Lookup(*similar[window[i]], v);
        }
      }
      NameScore score = ScoreAlignment(wq, wl, sim);
      double text_score = score.list_coverage;  // the text around the name is not penalised
      if (nl == 1 && (score.pairs.empty() || score.pairs[0].similarity < 1.0)) continue;
      if (text_score < threshold) continue;
      auto it = best_by_entry.find(nr.entry);
      if (it == best_by_entry.end() || text_score > it->second.score) {
        best_by_entry[nr.entry] = Best{text_score, name, std::move(score), window};
      }
    }
  }
  for (uint32_t v : masked_vocab) scratch->vocab_positions[v] = 0;
  std::vector<Best> best;
  for (auto& [e, b] : best_by_entry) best.push_back(std::move(b));
  std::sort(best.begin(), best.end(), [](const Best& x, const Best& y) {
    if (x.score != y.score) return x.score > y.score;
    return x.name < y.name;
  });
  if (best.size() > index.config().max_hits_per_field)
    best.resize(index.config().max_hits_per_field);
  for (Best& b : best) {
    const NameRec& nr = d.names[b.name];
    const EntryRec& entry = d.entries[nr.entry];
    ScreeningHit hit;
    hit.kind = HitKind::kRemittanceText;
    hit.field = PaymentField::kRemittanceInformation;
    hit.field_value = std::string(text);
    hit.list_name = entry.list_name;
    hit.list_version = entry.list_version;
    hit.entry_id = entry.entry_id;
    hit.entry_name = entry.primary_name;
    hit.matched_name = entry.names[nr.name_index];
    hit.matched_alias = nr.name_index != 0;
    hit.score = b.score;
    hit.threshold = index.ThresholdFor(entry.list_name);
    hit.list_coverage = b.detail.list_coverage;
    hit.payment_coverage = b.detail.payment_coverage;
    for (const TokenPair& p : b.detail.pairs) {
      hit.token_matches.push_back({tokens[b.positions[p.payment_index]],
                                   d.vocab[d.name_tokens[nr.tok_begin + p.list_index]].text,
                                   p.similarity});
    }
    hits->push_back(std::move(hit));
  }
}

}  // namespace

namespace {

Status ValidateName(std::string_view name, PaymentField field) {
  if (name.size() > kMaxNameBytes) {
    return InvalidArgument(std::string(PaymentFieldName(field)) + " name longer than " +
                           std::to_string(kMaxNameBytes) + " bytes");
  }
  return Status::Ok();
}

}  // namespace

StatusOr<std::vector<ScreeningHit>> ScreeningIndex::ScreenName(std::string_view name,
                                                               PaymentField field) const {
  GW_RETURN_IF_ERROR(ValidateName(name, field));
  Scratch scratch(*data_);
  std::vector<ScreeningHit> hits;
  ScreenTokens(*this, *data_, NormalizeName(name), field, 0, name, &scratch, &hits);
  return hits;
}

StatusOr<std::vector<ScreeningHit>> ScreeningIndex::ScreenText(std::string_view text) const {
  if (text.size() > kMaxRemittanceBytes) {
    return InvalidArgument("remittance information longer than " +
                           std::to_string(kMaxRemittanceBytes) + " bytes");
  }
  Scratch scratch(*data_);
  std::vector<ScreeningHit> hits;
  ScreenFreeText(*this, *data_, text, &scratch, &hits);
  return hits;
}

StatusOr<ScreeningResult> ScreeningIndex::Screen(const ScreeningRequest& request) const {
  const Data& d = *data_;
  // Validate everything first: a malformed request is refused as a whole.
  struct Party {
    const PartyInfo* info;
    PaymentField field;
  };
  const Party parties[] = {{&request.debtor, PaymentField::kDebtor},
                           {&request.creditor, PaymentField::kCreditor},
                           {&request.ultimate_debtor, PaymentField::kUltimateDebtor},
                           {&request.ultimate_creditor, PaymentField::kUltimateCreditor}};
  struct Agent {
    const AgentInfo* info;
    PaymentField field;
    int index;
    std::string bic;
  };
  if (request.intermediary_agents.size() > kMaxIntermediaryAgents) {
    return InvalidArgument("more than " + std::to_string(kMaxIntermediaryAgents) +
                           " intermediary agents");
  }
  if (request.remittance_information.size() > kMaxRemittanceBytes) {
    return InvalidArgument("remittance information longer than " +
                           std::to_string(kMaxRemittanceBytes) + " bytes");
  }
  std::vector<std::string> countries;
  for (const Party& p : parties) {
    GW_RETURN_IF_ERROR(ValidateName(p.info->name, p.field));
    std::string c = UpperTrim(p.info->country);
    if (!c.empty() && !IsCountryCode(c)) {
      return InvalidArgument(std::string(PaymentFieldName(p.field)) + " country '" +
                             p.info->country + "' is not an ISO alpha-2 code");
    }
    countries.push_back(std::move(c));
  }
  std::vector<Agent> agents = {{&request.debtor_agent, PaymentField::kDebtorAgent, 0, ""},
                               {&request.creditor_agent, PaymentField::kCreditorAgent, 0, ""}};
  for (size_t i = 0; i < request.intermediary_agents.size(); ++i) {
    agents.push_back({&request.intermediary_agents[i], PaymentField::kIntermediaryAgent,
                      static_cast<int>(i), ""});
  }
  for (Agent& a : agents) {
    GW_RETURN_IF_ERROR(ValidateName(a.info->name, a.field));
    a.bic = UpperTrim(a.info->bic);
    if (!a.bic.empty() && !IsValidBic(a.bic)) {
      return InvalidArgument(std::string(PaymentFieldName(a.field)) + " BIC '" + a.info->bic +
                             "' is not a valid BIC");
    }
  }

  ScreeningResult result;
  Scratch scratch(d);
  auto embargo_hit = [&](PaymentField field, int idx, const std::string& country,
                         const std::string& value) {
    if (country.empty() || !config_.embargoed_countries.count(country)) return;
    ScreeningHit hit;
    hit.kind = HitKind::kEmbargoedCountry;
    hit.field = field;
    hit.field_index = idx;
    hit.field_value = value;
    hit.list_name = "EMBARGO";
    hit.entry_id = country;
    hit.entry_name = country;
    hit.matched_name = country;
    hit.score = 1.0;
    hit.threshold = 1.0;
    result.hits.push_back(std::move(hit));
  };
  for (size_t i = 0; i < 4; ++i) {
    const Party& p = parties[i];
    if (!p.info->name.empty()) {
      ScreenTokens(*this, d, NormalizeName(p.info->name), p.field, 0, p.info->name, &scratch,
                   &result.hits);
    }
    embargo_hit(p.field, 0, countries[i], countries[i]);
  }
  for (const Agent& a : agents) {
    if (!a.info->name.empty()) {
      ScreenTokens(*this, d, NormalizeName(a.info->name), a.field, a.index, a.info->name, &scratch,
                   &result.hits);
    }
    if (a.bic.empty()) continue;
    auto add_bic_hits = [&](const std::vector<BicRec>& recs) {
      for (const BicRec& r : recs) {
        const EntryRec& entry = d.entries[r.entry];
        ScreeningHit hit;
        hit.kind = HitKind::kBic;
        hit.field = a.field;
        hit.field_index = a.index;
        hit.field_value = a.bic;
        hit.list_name = entry.list_name;
        hit.list_version = entry.list_version;
        hit.entry_id = entry.entry_id;
        hit.entry_name = entry.primary_name;
        hit.matched_name = r.bic;
        hit.score = 1.0;
        hit.threshold = 1.0;
        result.hits.push_back(std::move(hit));
      }
    };
    if (auto it = d.bic8.find(a.bic.substr(0, 8)); it != d.bic8.end()) add_bic_hits(it->second);
    std::string full = a.bic.size() == 8 ? a.bic + "XXX" : a.bic;
    if (full.substr(8) != "XXX") {
      if (auto it = d.bic11.find(full); it != d.bic11.end()) add_bic_hits(it->second);
    }
    embargo_hit(a.field, a.index, a.bic.substr(4, 2), a.bic);
  }
  if (!request.remittance_information.empty()) {
    ScreenFreeText(*this, d, request.remittance_information, &scratch, &result.hits);
  }
  result.candidates_scored = scratch.candidates_scored;
  return result;
}

ScreeningIndexHolder::ScreeningIndexHolder(std::shared_ptr<const ScreeningIndex> initial)
    : current_(std::move(initial)) {}

std::shared_ptr<const ScreeningIndex> ScreeningIndexHolder::Current() const {
  return current_.load(std::memory_order_acquire);
}

void ScreeningIndexHolder::Publish(std::shared_ptr<const ScreeningIndex> index) {
  current_.store(std::move(index), std::memory_order_release);
  generation_.fetch_add(1, std::memory_order_acq_rel);
}

}  // namespace gw::compliance
