// File: gateway/compliance/name_matcher.h
//
// Token-level similarity and name-level scoring. A name is a list of normalised
// tokens (name_normalizer.h). Two tokens match when they are equal, in the same
// transliteration class, within a small edit distance (optimal string alignment: 2
// edits when the longer token has 7+ letters and the shorter 5+, else 1 edit when the
// longer has 4+ letters and the shorter 3+, else none), or phonetically equal and
// close in Jaro-Winkler (>= 0.75); the token similarity is then the Jaro-Winkler
// similarity floored at 0.80 (0.95 for a transliteration class, 0.93 for the same
// spelling key (SpellingKey), 0.90 for the same Korean syllable in the two
// romanisations (KoreanSyllableKey), 0.88 for a token written in Arabic script that
// reads as the Latin one (ArabicSkeletonMatch; 0.82 with one slip), 0.90 for two
// romanisations of one Arabic, Persian or Russian name (RomanisationsMatch; 0.86
// through a letter's secondary sound), 0.7 for an initial against a token with that
// first letter, 1.0 when equal), else 0.
//
// Two names are aligned one-to-one (each payment token to at most one list token,
// best pairs first, so word order does not matter) and scored
//
//   score = (list_coverage + payment_coverage) / 2
//   list_coverage    = sum(similarity * weight of matched list tokens) / sum(list weights)
//   payment_coverage = the same over the payment's tokens
//
// where a name may miss tokens (middle names, an extra word) at half their weight:
// one token for a name of three tokens, two for four or more (MissingTokenAllowance). Single-letter
// tokens (initials) weigh half, except the Korean family name O, and match a token with the same
// first letter at 0.7. All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gw::compliance {

// Jaro-Winkler similarity in [0, 1] (prefix scale 0.1, prefix up to 4).
double JaroWinkler(std::string_view a, std::string_view b);

// Optimal-string-alignment distance (Levenshtein plus adjacent transposition), or
// max_distance + 1 when it exceeds max_distance.
int EditDistanceBounded(std::string_view a, std::string_view b, int max_distance);

// The optimal-string-alignment distance from one token to many (the index compares a
// payment word with dozens of listed neighbours): the token's letter positions are
// prepared once, and each comparison then costs a few word operations per letter of
// the other token (Hyyro's bit-vector algorithm with transpositions). Like
// EditDistanceBounded, it reads the first 64 bytes of each token.
class EditDistanceFrom {
 public:
  explicit EditDistanceFrom(std::string_view a);
  int Distance(std::string_view b) const;

 private:
  uint64_t positions_[256] = {};  // per byte value: the positions in `a` holding it
  int length_ = 0;
};

struct TokenInfo {
  std::string text;                  // normalised token
  std::string phonetic;              // PhoneticKey(text)
  std::string translit;              // TransliterationClass(text), or empty
  std::string spelling;              // SpellingKey(text), or empty
  std::string skeleton;              // ConsonantSkeleton(text), or empty
  std::vector<uint64_t> roman_keys;  // hashes of RomanisationKeys(text), sorted
  std::string korean;                // KoreanSyllableKey(text), or empty
  bool abjad = false;                // written in Arabic script (lower case, see name_normalizer.h)
};

// `keys` false: without the spelling key and the skeleton (free text, initials).
TokenInfo MakeTokenInfo(std::string token, bool keys = true);

// Similarity of two romanisations of one name (RomanisationsMatch), and of two whose
// reading needs a secondary sound of a letter or an unwritten qaf.
inline constexpr double kRomanisationSimilarity = 0.90;
inline constexpr double kSecondaryRomanisationSimilarity = 0.86;

// RomanisationsMatch as a similarity: kRomanisationSimilarity,
// kSecondaryRomanisationSimilarity or 0.
double RomanisationSimilarity(std::string_view a, std::string_view b);

// The hash TokenInfo::roman_keys holds for a RomanisationKeys key.
uint64_t RomanisationKeyHash(std::string_view key);

// Whether the two tokens have a RomanisationKeys key in common (a precondition of
// RomanisationsMatch; false when either was made without keys).
bool SharesRomanisationKey(const TokenInfo& a, const TokenInfo& b);

// Similarity of two normalised tokens: 0 (no match) or (0, 1].
double TokenSimilarity(const TokenInfo& a, const TokenInfo& b);

// What a caller comparing one token `a` with many (the index) knows beforehand: a's
// prepared edit distances (EditDistanceFrom(a.text)), and whether the other-vowels
// rule can apply to the pair (false when their OtherVowelsSignature differ). The
// results are those of the functions without hints.
struct PairHints {
  const EditDistanceFrom* edits_from_a = nullptr;
  bool other_vowels_possible = true;
};

// TokenSimilarity without RomanisationsMatch (kRomanisationSimilarity), for callers that look those
// up apart (the index) and keep the higher of the two.
double TokenSimilarityExceptRomanisations(const TokenInfo& a, const TokenInfo& b,
                                          const PairHints& hints = {});

// TokenSimilarityExceptRomanisations for a pair known to share no key: both in the
// same script, and different transliteration classes (or none on `a`), phonetic keys,
// spelling keys (SpellingKeysMatch false) and Korean keys (or none on `a`). Only the
// initial, edit-distance and other-vowels rules can then apply, and the keys are not
// read (the index's typo neighbours, checked by the hundred a payment).
double TokenSimilarityWithoutSharedKeys(const TokenInfo& a, const TokenInfo& b,
                                        const PairHints& hints = {});

// The same consonants (ConsonantSkeleton) with other vowels, in tokens of five letters
// or more that begin alike and have as many vowel groups (VEHIDI / VAHEDI): 0.85 when
// Jaro-Winkler >= 0.82, else 0. TokenSimilarity's last rule.
double OtherVowelsSimilarity(const TokenInfo& a, const TokenInfo& b);

// What OtherVowelsSimilarity compares before the letters, packed (the skeleton, the
// first letter, the vowel groups, a final vowel), never 0 for a token the rule can
// apply to and 0 for the others: two tokens with different signatures, or a 0, never
// match by other vowels.
uint32_t OtherVowelsSignature(const TokenInfo& t);

// How many unmatched tokens of a name of `tokens` tokens count at half weight.
size_t MissingTokenAllowance(size_t tokens);

// Weight of a token in coverage sums.
double TokenWeight(std::string_view token);

struct TokenPair {
  size_t payment_index = 0;
  size_t list_index = 0;
  double similarity = 0;
};

struct NameScore {
  double score = 0;
  double list_coverage = 0;
  double payment_coverage = 0;
  std::vector<TokenPair> pairs;  // best first
};

// Aligns and scores. `similarity` is a row-major payment_weights.size() x
// list_weights.size() matrix of TokenSimilarity values. Sizes are bounded by
// kMaxNameTokens by the callers.
NameScore ScoreAlignment(const std::vector<double>& payment_weights,
                         const std::vector<double>& list_weights,
                         const std::vector<double>& similarity);

// Convenience for tests and explanations: normalises, computes similarities, scores.
NameScore ScoreNames(std::string_view payment_name, std::string_view list_name);

}  // namespace gw::compliance
