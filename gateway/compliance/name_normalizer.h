// File: gateway/compliance/name_normalizer.h
//
// Name normalisation for screening. Every name, on the list side when an index is
// built and on the payment side when a payment is screened, goes through the same
// steps, so the two meet in one canonical form:
//
//   1. UTF-8 decoded (bytes that are not valid UTF-8 are read as Latin-1).
//   2. Latin letters folded to upper-case ASCII: diacritics removed (É -> E,
//      Ł -> L, Ş/Ș -> S), ligatures expanded (ß -> SS, Æ -> AE, Œ -> OE, Þ -> TH).
//      Letters of other scripts are kept as they are.
//   3. Apostrophes removed without splitting (O'NEILL -> ONEILL); a period after a
//      single letter joins (S.A. -> SA, J.P. -> JP); every other punctuation or
//      symbol character separates tokens.
//   4. Leading honorifics dropped (MR, MRS, DR, SHEIKH, HAJI, ...), trailing
//      generational suffixes dropped (JR, SR, II, III), legal-form words (LTD,
//      LIMITED, LLC, GMBH, SA, AG, PLC, INC, CORP, CO, ...), name particles (AL, EL,
//      BIN, IBN, VAN, VON, DE, ...) and connectives (AND, THE, OF) dropped anywhere.
//      A step that would leave no token at all is not applied.
//
// All functions are pure and thread-safe. Inputs are bounded by the callers
// (kMaxNameBytes); longer inputs are truncated at a character boundary here.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gw::compliance {

inline constexpr size_t kMaxNameBytes = 1024;
inline constexpr size_t kMaxNameTokens = 24;

// Steps 1-3 only: folded, upper-case, punctuation-separated tokens.
std::vector<std::string> FoldAndTokenize(std::string_view utf8, size_t max_tokens);

// All four steps. At most kMaxNameTokens tokens.
std::vector<std::string> NormalizeName(std::string_view utf8);

// Steps 1-3 joined with single spaces; for display and tests.
std::string FoldToAscii(std::string_view utf8);

bool IsHonorific(std::string_view token);
bool IsLegalForm(std::string_view token);
bool IsNameParticle(std::string_view token);

// The canonical member of `token`'s transliteration equivalence class
// (MUHAMMAD, MOHAMED, MOHAMMAD -> MOHAMMED; ABDEL, ABDOUL -> ABDUL; ...), or an
// empty view when the token is in no class.
std::string_view TransliterationClass(std::string_view token);

// A coarse phonetic key of an upper-case ASCII token: the leading sound kept,
// digraphs merged (PH->F, KH->K, SH/SCH->S, TH->T, ...), similar consonants merged
// (B/P, F/V, C/K/Q, D/T, S/Z/X), vowels and H/W/Y dropped after the first letter,
// repeats collapsed. MOHAMMED, MUHAMMAD and MOHD all give "MMT"-like keys that agree.
// Empty for tokens with non-ASCII letters.
std::string PhoneticKey(std::string_view token);

}  // namespace gw::compliance
