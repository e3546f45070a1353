// File: gateway/compliance/name_normalizer.h
//
// Name normalisation for screening. Every name, on the list side when an index is
// built and on the payment side when a payment is screened, goes through the same
// steps, so the two meet in one canonical form:
//
//   1. UTF-8 decoded (bytes that are not valid UTF-8 are read as Latin-1).
//   2. Latin letters folded to upper-case ASCII: diacritics removed (É -> E,
//      Ł -> L, Ş/Ș -> S), ligatures expanded (ß -> SS, Æ -> AE, Œ -> OE, Þ -> TH).
//      Cyrillic is transliterated to Latin; Arabic script (and Persian letters) to
//      its consonants with W / Y for long vowels, in lower case (a lower-case token is
//      one written in Arabic script, matched by ArabicSkeletonMatch). Letters of other
//      scripts are kept as they are.
//   3. Apostrophes removed without splitting (O'NEILL -> ONEILL); a period after a
//      single letter joins (S.A. -> SA, J.P. -> JP); every other punctuation or
//      symbol character separates tokens.
//   4. Leading honorifics dropped (MR, MRS, DR, SHEIKH, HAJI, ...), trailing
//      generational suffixes dropped (JR, SR, II, III), legal-form words (LTD,
//      LIMITED, LLC, GMBH, SA, AG, PLC, INC, CORP, CO, ...), name particles (AL, EL,
//      BIN, IBN, VAN, VON, DE, ...) and connectives (AND, THE, OF) dropped anywhere.
//      Legal forms also when spelled out in several words in their country's language
//      or English (OBSHCHESTVO S OGRANICHENNOY OTVETSTVENNOSTYU, GESELLSCHAFT MIT
//      BESCHRAENKTER HAFTUNG, SOCIEDAD ANONIMA, JOINT STOCK COMPANY, SENDIRIAN BERHAD,
//      ...; a word within one or two edits) or spaced out letter by letter (G M B H).
//      Arabic compound names are joined (ABD AL-RAHMAN / ABDUL RAHMAN / ABDURRAHMAN /
//      EBD EL-RAHMAN -> ABDRAHMAN; NASR AL-DIN / NASREDDINE -> NASRDIN; an initial
//      before AL-DIN stands for the compound) and articles assimilated to the next word
//      (AR RASHID) dropped. A particle or connective of one letter (Y, E) is dropped
//      only between two words (at either end of a name it is an initial).
//      A step that would leave no token at all is not applied.
//
// RomanisationsMatch is pure too; it keeps the parse of its first argument per thread
// (the index matches one payment token against many listed ones).
//
// All functions are thread-safe. Inputs are bounded by the callers
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

// The legal forms written in a name, each as one code whatever its spelling or
// language (OOO, LLC, Limited Liability Company, Obshchestvo s ... -> LLC; AO, JSC,
// Aktsionernoe Obshchestvo -> JSC; G.m.b.H., Gesellschaft mit beschraenkter Haftung ->
// GMBH; ...), sorted and space-separated; empty when none. Used to choose between
// listed entries whose names differ only in their legal form.
std::string LegalFormCode(std::string_view utf8);

// A spelling key for transliteration variants of one name: consonant digraphs
// brought together (SHCH / SCH / SH, KH / H, PH / F, Q / K, C / K, X / KS, W / V,
// DH / Z, DJ / J), glides (J / Y / I before a vowel, YE / E), Slavic endings
// (-IY / -II / -Y -> -I) and each vowel cluster reduced to one code (O / U / OU -> U,
// A / E -> A, I / EE / Y -> I, AI / AY / EI / EY -> AI). HUSSEIN, HUSAYN and HUSSAIN
// share a key, as do YEVGENIY / EVGENII / JEVGENIJ and MUHAMMAD / MOHAMED; HASAN and
// HUSAYN do not. Empty for tokens under four letters, non-ASCII or lower-case tokens,
// and keys with fewer than two consonants.
std::string SpellingKey(std::string_view token);

// Whether two spelling keys are one name's: equal, or equal when CH is read as KH
// (German transliteration: CHALID / KHALID) or as SH (French: CHARIF / SHARIF).
bool SpellingKeysMatch(std::string_view a, std::string_view b);

// The consonants of a token (vowels, Y, W/V and H dropped after the first letter;
// digraphs as in SpellingKey); the blocking key for tokens written in Arabic script.
std::string ConsonantSkeleton(std::string_view token);

// Whether `abjad`, a token transliterated from Arabic script (lower case: consonants,
// with W / Y for the long vowels and glides), can be read as the Latin spelling
// `latin`: every consonant in order, short vowels free, W / Y on a vowel of that kind.
// MHMD reads as MUHAMMAD and MOHAMED; HSYN as HUSSEIN and HUSAYN but not as HASAN.
bool ArabicSkeletonMatch(std::string_view abjad, std::string_view latin);

// ArabicSkeletonMatch with one slip, as typing or copying Arabic script makes them: an
// Arabic letter left out, one too many (a Latin letter among them), one for another, or
// two neighbours swapped (مصنور for منصور, MANSUR). Abjad and Latin tokens of four
// letters or more.
bool ArabicSkeletonMatchWithSlip(std::string_view abjad, std::string_view latin);

// Whether two Latin tokens can be two romanisations of one Arabic, Persian or Russian
// name: letter by letter (digraphs as one), each pair may stand for a common sound in
// one of the usual schemes (E for a or i, O for u, OU for u or w, S for z / th / sh, Z
// for dh or ts, J for j, y or zh, CH for ch / sh / kh, C for j or ts, K / Q / GH, G
// for j between longer tokens), a doubled letter once, Q / GH unwritten (Egyptian),
// a glide before E / O or at the end after I left out. THAMIR / SAMER, HISHAM /
// HESHAM, QASIM / ASEM, NAJJAR / NADSCHAR, WALID / OUALID, ZAYTSEV / SAJZEW; not
// HASAN / HUSAYN, HAMID / HAMAD. Tokens of four letters or more, one of five or more;
// a three-letter token only against a spelling with a doubled vowel (ALI / ALEE).
// `secondary` (optional) is set when the reading needs a letter's secondary sound (S
// for z / th / sh, Z for dh / ts, G for j) or an unwritten qaf: less certain, as SAMIR
// and THAMIR are also two names.
bool RomanisationsMatch(std::string_view a, std::string_view b, bool* secondary = nullptr);

// Blocking keys for RomanisationsMatch: the classes of a token's letters in order
// (consonants by the sounds one letter may stand for, vowels front / open or back), a
// class repeated once, one key per reading of its ambiguous letters (J, CH, an
// unwritten Q, a glide that may be left out), at most 16. Two tokens RomanisationsMatch accepts
// share a key. Empty for tokens under three letters and lower-case (Arabic-script) tokens.
std::vector<std::string> RomanisationKeys(std::string_view token);

// A key shared by the McCune-Reischauer and Revised Romanisation spellings of one
// Korean syllable (KIM / GIM, CHANG / JANG, THAE / TAE, UN / EUN, JONG / JEONG): the
// token read as initial + vowel + final, plain and aspirated initials, EO / O and
// EU / U brought together. Empty when the token is not one Korean syllable.
std::string KoreanSyllableKey(std::string_view token);

// A coarse phonetic key of an upper-case ASCII token: the leading sound kept,
// digraphs merged (PH->F, KH->K, SH/SCH->S, TH->T, ...), similar consonants merged
// (B/P, F/V, C/K/Q, D/T, S/Z/X), vowels and H/W/Y dropped after the first letter,
// repeats collapsed. MOHAMMED, MUHAMMAD and MOHD all give "MMT"-like keys that agree.
// Empty for tokens with non-ASCII letters.
std::string PhoneticKey(std::string_view token);

}  // namespace gw::compliance
