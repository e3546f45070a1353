// File: gateway/compliance/name_normalizer.cc
#include "gateway/compliance/name_normalizer.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "gateway/compliance/name_matcher.h"

namespace gw::compliance {
namespace {

// Upper-case ASCII for U+00C0..U+00FF; "" separates (× and ÷).
constexpr std::array<const char*, 64> kLatin1Fold = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // C0-CF
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "SS",  // D0-DF
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // E0-EF
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "Y",   // F0-FF
};

// Upper-case ASCII for U+0100..U+017F (Latin Extended-A). Č, Š and Ž are CH, SH and
// ZH, as the other transliterations of the same Slavic sounds write them
// (SEMENOVIČ / SEMYONOVICH, ŽURAVLEV / ZHURAVLYOV).
constexpr std::array<const char*, 128> kLatinExtAFold = {
    "A", "A", "A",  "A",  "A", "A", "C", "C", "C", "C", "C", "C", "CH", "CH", "D", "D",  // 0100
    "D", "D", "E",  "E",  "E", "E", "E", "E", "E", "E", "E", "E", "G", "G", "G", "G",  // 0110
    "G", "G", "G",  "G",  "H", "H", "H", "H", "I", "I", "I", "I", "I", "I", "I", "I",  // 0120
    "I", "I", "IJ", "IJ", "J", "J", "K", "K", "K", "L", "L", "L", "L", "L", "L", "L",  // 0130
    "L", "L", "L",  "N",  "N", "N", "N", "N", "N", "N", "N", "N", "O", "O", "O", "O",  // 0140
    "O", "O", "OE", "OE", "R", "R", "R", "R", "R", "R", "S", "S", "S", "S", "S", "S",  // 0150
    "SH", "SH", "T",  "T",  "T", "T", "T", "T", "U", "U", "U", "U", "U", "U", "U", "U",  // 0160
    "U", "U", "U",  "U",  "W", "W", "Y", "Y", "Y", "Z", "Z", "Z", "Z", "ZH", "ZH", "S",  // 0170
};

// Cyrillic (U+0400..U+045F) to Latin, one transliteration (BGN/PCGN-like, without its
// context rules; the spelling key below brings the other schemes together).
// [0, 32): А..Я (and а..я); [64, 80): Ѐ..Џ (and ѐ..џ).
constexpr std::array<const char*, 96> kCyrillicFold = {
    "A",  "B",  "V",  "G", "D", "E", "ZH", "Z",  "I",  "Y",    "K",  "L",  "M",  "N",  "O",  "P",   // А-П
    "R",  "S",  "T",  "U", "F", "KH", "TS", "CH", "SH", "SHCH", "",   "Y",  "",   "E",  "YU", "YA",  // Р-Я
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
    "E",  "E",  "DJ", "G", "YE", "DZ", "I", "YI", "J", "LJ", "NJ", "C", "K", "I", "U", "DZ",  // Ѐ-Џ
    "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "",
};

// Arabic script (and the Persian letters) to Latin. Short vowels are not written in
// Arabic script, so a word becomes its consonants with long vowels as W / Y, written
// in lower case, one letter per Arabic letter (sh as c, ch as x, kh as h, th as t,
// dh as z, gh as g): a lower-case token is matched against Latin spellings by its
// consonant skeleton (ArabicSkeletonMatch), not letter by letter.
const char* ArabicLetter(char32_t cp, bool word_initial) {
  switch (cp) {
    case 0x0627: case 0x0623: case 0x0625: case 0x0622: case 0x0671:
      return word_initial ? "a" : "";  // alif (with hamza / madda / wasla)
    case 0x0621: case 0x0624: case 0x0626: return "";  // hamza
    case 0x0628: return "b";
    case 0x062A: return "t";
    case 0x062B: return "t";  // th
    case 0x062C: return "j";
    case 0x062D: return "h";
    case 0x062E: return "h";  // kh
    case 0x062F: return "d";
    case 0x0630: return "z";  // dh
    case 0x0631: return "r";
    case 0x0632: return "z";
    case 0x0633: return "s";
    case 0x0634: return "c";  // sh
    case 0x0635: return "s";
    case 0x0636: return "d";
    case 0x0637: return "t";
    case 0x0638: return "z";
    case 0x0639: return word_initial ? "a" : "";  // ayn
    case 0x063A: return "g";  // gh
    case 0x0641: return "f";
    case 0x0642: return "q";
    case 0x0643: case 0x06A9: return "k";
    case 0x0644: return "l";
    case 0x0645: return "m";
    case 0x0646: return "n";
    case 0x0647: case 0x06BE: case 0x06C1: return "h";
    case 0x0648: return "w";
    case 0x064A: case 0x06CC: case 0x06D2: return "y";
    case 0x0649: case 0x0629: return "";  // alif maqsura, ta marbuta: a final vowel
    case 0x067E: return "p";
    case 0x0686: return "x";  // ch
    case 0x0698: return "j";  // zh
    case 0x06AF: return "g";
    default: return "";
  }
}

// Decodes one code point at s[*i], advancing *i. Invalid UTF-8 reads one byte as Latin-1.
char32_t DecodeOne(std::string_view s, size_t* i) {
  auto b0 = static_cast<unsigned char>(s[*i]);
  if (b0 < 0x80) {
    ++*i;
    return b0;
  }
  int len = (b0 & 0xE0) == 0xC0 ? 2 : (b0 & 0xF0) == 0xE0 ? 3 : (b0 & 0xF8) == 0xF0 ? 4 : 0;
  if (len == 0 || *i + len > s.size()) {
    ++*i;
    return b0;
  }
  char32_t cp = len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
  for (int k = 1; k < len; ++k) {
    auto b = static_cast<unsigned char>(s[*i + k]);
    if ((b & 0xC0) != 0x80) {
      ++*i;
      return b0;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  // Reject overlong forms and surrogates: read as Latin-1.
  if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
      (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
    ++*i;
    return b0;
  }
  *i += len;
  return cp;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

enum class CharClass { kLetters, kDelete, kSeparator, kPeriod, kArabic, kOther };

// Classifies `cp`; for kLetters, `*ascii` receives the folded upper-case text.
CharClass Classify(char32_t cp, const char** ascii, char* buf) {
  if (cp < 0x80) {
    if (cp >= 'a' && cp <= 'z') {
      buf[0] = static_cast<char>(cp - 'a' + 'A');
      buf[1] = 0;
      *ascii = buf;
      return CharClass::kLetters;
    }
    if ((cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9')) {
      buf[0] = static_cast<char>(cp);
      buf[1] = 0;
      *ascii = buf;
      return CharClass::kLetters;
    }
    if (cp == '\'' || cp == '`') return CharClass::kDelete;
    if (cp == '.') return CharClass::kPeriod;
    return CharClass::kSeparator;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    *ascii = kLatin1Fold[cp - 0xC0];
    return **ascii ? CharClass::kLetters : CharClass::kSeparator;
  }
  if (cp >= 0x100 && cp <= 0x17F) {
    *ascii = kLatinExtAFold[cp - 0x100];
    return CharClass::kLetters;
  }
  switch (cp) {
    case 0x0218:
    case 0x0219:
      *ascii = "S";
      return CharClass::kLetters;  // Ș ș
    case 0x021A:
    case 0x021B:
      *ascii = "T";
      return CharClass::kLetters;  // Ț ț
    case 0x1E9E:
      *ascii = "SS";
      return CharClass::kLetters;  // ẞ
    case 0x00B4:
    case 0x02BB:
    case 0x02BC:
    case 0x02BE:
    case 0x02BF:
    case 0x2018:
    case 0x2019:
    case 0x201B:
      return CharClass::kDelete;  // apostrophes and ayn/hamza marks
    default:
      break;
  }
  if (cp >= 0x0400 && cp <= 0x045F) {
    *ascii = kCyrillicFold[cp < 0x0410 ? cp - 0x0400 + 64 : cp < 0x0450 ? (cp - 0x0410) % 32 : cp - 0x0450 + 64];
    return **ascii ? CharClass::kLetters : CharClass::kDelete;
  }
  if (cp == 0x0490 || cp == 0x0491) {
    *ascii = "G";  // Ґ ґ
    return CharClass::kLetters;
  }
  if (cp >= 0x0600 && cp <= 0x06FF) {
    if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640) return CharClass::kDelete;  // vowel marks, tatweel
    if (cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == 0x06D4) return CharClass::kSeparator;  // ، ؛ ؟ ۔
    if (cp >= 0x0660 && cp <= 0x0669) {  // Arabic-Indic digits
      buf[0] = static_cast<char>('0' + (cp - 0x0660));
      buf[1] = 0;
      *ascii = buf;
      return CharClass::kLetters;
    }
    return CharClass::kArabic;
  }
  if (cp < 0xC0) return CharClass::kSeparator;                     // C1 controls, Latin-1 symbols
  if (cp >= 0x2000 && cp <= 0x206F) return CharClass::kSeparator;  // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return CharClass::kSeparator;  // CJK punctuation
  if (cp == 0xFEFF) return CharClass::kSeparator;                  // BOM
  if (cp >= 0x0300 && cp <= 0x036F) return CharClass::kDelete;     // combining diacritics
  return CharClass::kOther;
}

const std::unordered_set<std::string_view>& Honorifics() {
  static const std::unordered_set<std::string_view> k = {
      "MR",       "MRS",     "MS",      "MISS",    "MISTER",    "MADAM",    "MADAME",  "MME",
      "MLLE",     "DR",      "DOCTOR",  "PROF",    "PROFESSOR", "SIR",      "DAME",    "LORD",
      "LADY",     "SHEIKH",  "SHAIKH",  "SHEIK",   "SHAYKH",    "SHEIKHA",  "HAJI",    "HAJJI",
      "HAJ",      "HAJJ",    "ALHAJI",  "ALHAJ",   "HERR",      "FRAU",     "SR",      "SRA",
      "SRTA",     "SENOR",   "SENORA",  "SIGNOR",  "SIGNORA",   "MESSRS",   "REV",     "REVEREND",
      "IMAM",     "MULLAH",  "MAULANA", "MAWLAWI", "MAULVI",    "HRH",      "GEN",     "COL",
      "COLONEL",  "CAPT",    "CAPTAIN", "MAJ",     "MAJOR",     "LT",       "ENGR",    "MGR",
      "MALLAM",   "CHIEF",   "HON",     "JUDGE",   "USTAD",     "USTADH",   "USTAZ",   "MULLA",
      "TUAN",     "PUAN",    "DATO",    "DATUK",   "ENG",       "ENGINEER", "GENERAL", "GOSPODIN",
      "GOSPOZHA", "DON",     "DONA",    "HADJ",    "HADJI",     "ELHADJ",   "ALHADJ",  "MONSIEUR",
      "SENHOR",   "SENHORA", "SHRI",    "SRI",     "SMT",       "SAYYID",   "SAYYED",  "SEYYED",
      "SEYYID",   "SEYED",  // descendant of the Prophet, before the name
  };
  return k;
}

const std::unordered_set<std::string_view>& Suffixes() {
  static const std::unordered_set<std::string_view> k = {"JR", "SR",  "SNR", "JNR",
                                                         "II", "III", "IV",  "ESQ"};
  return k;
}

const std::unordered_set<std::string_view>& LegalForms() {
  static const std::unordered_set<std::string_view> k = {
      "LTD",  "LIMITED",     "LLC",    "LLP",      "LP",     "PLC",  "INC",  "INCORPORATED",
      "CORP", "CORPORATION", "CO",     "COMPANY",  "GMBH",   "MBH",  "AG",   "KG",
      "KGAA", "SA",          "SAS",    "SARL",     "SRL",    "SPA",  "SL",   "BV",
      "NV",   "OY",          "OYJ",    "AB",       "ASA",    "AS",   "APS",  "PTE",
      "PTY",  "BHD",         "SDN",    "PT",       "CV",     "TBK",  "OOO",  "ZAO",
      "OAO",  "PAO",         "PJSC",   "JSC",      "CJSC",   "OJSC", "AO",   "TOO",
      "FZE",  "FZC",         "FZCO",   "FZLLC",    "DMCC",   "WLL",  "SAL",  "SAOG",
      "SAOC", "EST",         "KFT",    "ZRT",      "NYRT",   "SRO",  "DOO",  "DD",
      "EOOD", "OOD",         "AD",     "KK",       "GK",     "LDA",  "LTDA", "SPZOO",
      "SP",   "ZOO",         "EIRL",   "SCS",      "SNC",    "SCA",  "EURL", "SE",
      "PVT",  "PRIVATE",     "PUBLIC", "HOLDINGS", "HOLDING",
      // Spelled out in one word, or an abbreviation of a form spelled out in several.
      "AKTIENGESELLSCHAFT", "KOMMANDITGESELLSCHAFT", "LIMITADA", "BERHAD", "STI", "PJS", "PSC", "PJSCO",
      "SHERKAT", "SHERKATE", "SHIRKAT", "SHERKETI", "SIRKETI", "GONGSI", "JSCO", "SAE", "SAPI", "SCRL",
      "ESTABLISHMENT", "UNITARY", "FZCO", "FZ"};
  return k;
}

const std::unordered_set<std::string_view>& Particles() {
  static const std::unordered_set<std::string_view> k = {
      "AL",  "EL",  "UL", "BIN", "IBN", "BINT", "BEN", "BINTI", "VAN", "VON",
      "DER", "DEN", "DE", "DA",  "DI",  "DU",   "DOS", "DAS",   "DEL", "Y",   "OL"};
  return k;
}

const std::unordered_set<std::string_view>& Connectives() {
  static const std::unordered_set<std::string_view> k = {"AND", "THE", "OF", "ET", "UND", "E"};
  return k;
}

// Transliteration / spelling equivalence classes; the first member is canonical.
constexpr const char* kTranslitClasses[][16] = {
    {"MOHAMMED", "MUHAMMAD", "MOHAMED", "MOHAMMAD", "MOHAMAD", "MUHAMMED", "MUHAMAD", "MOHAMMET",
     "MEHMET", "MAHOMED", "MOHD", "MUHAMMET", "MOHAMMEDE", "MOUHAMED", "MOUHAMMAD", nullptr},
    {"ABDUL", "ABDEL", "ABDOL", "ABDAL", "ABDOUL", "ABDELL", nullptr},
    {"ABDULLAH", "ABDALLAH", "ABDULLA", "ABDOLLAH", "ABDALLA", "ABDELLAH", nullptr},
    {"AHMED", "AHMAD", "AHMET", "AHMEDOU", "AHMADOU", "AHMAT", nullptr},
    {"HUSSEIN", "HUSSAIN", "HUSAIN", "HOSSEIN", "HUSEYIN", "HUSSEN", "HOSEIN", "HUSEIN", "HOUSSEIN",
     nullptr},
    {"HASSAN", "HASAN", "HASSANE", "HACEN", nullptr},
    {"YUSUF", "YOUSSEF", "YOUSEF", "YUSEF", "YOUSIF", "YOSEF", "YUSSUF", "YOUSOUF", "YOUSSOUF",
     nullptr},
    {"IBRAHIM", "EBRAHIM", "IBRAHEEM", "IBRAGIM", "BRAHIM", nullptr},
    {"MUSTAFA", "MOSTAFA", "MUSTAPHA", "MOSTAPHA", "MOUSTAFA", nullptr},
    {"OMAR", "UMAR", "OMER", nullptr},
    {"OSAMA", "USAMA", "OUSSAMA", "USSAMA", nullptr},
    {"KHALID", "KHALED", "CHALID", nullptr},
    {"MAHMOUD", "MAHMUD", "MAHMOOD", "MEHMUD", nullptr},
    {"SAEED", "SAID", "SAIED", "SAEID", "SAYEED", nullptr},
    {"ALI", "ALY", "ALIY", nullptr},
    {"YAHYA", "YAHIA", "YEHIA", nullptr},
    {"YOUNIS", "YUNUS", "YOUNES", "YUNIS", "YOUNESS", nullptr},
    {"ISMAIL", "ISMAEL", "ISMAIIL", "ESMAIL", nullptr},
    {"SULEIMAN", "SULAYMAN", "SOLEIMAN", "SULEYMAN", "SOLIMAN", "SLIMANE", nullptr},
    {"QASIM", "KASIM", "QASSEM", "KASSEM", "QASEM", "KACEM", nullptr},
    {"JAMAL", "GAMAL", "DJAMAL", "JAMAAL", nullptr},
    {"HAMID", "HAMEED", "HAMEID", nullptr},
    {"RASHID", "RASHEED", "RACHID", "RASCHID", nullptr},
    {"FAISAL", "FAYSAL", "FEISAL", "FAYCAL", nullptr},
    {"NASSER", "NASIR", "NASER", "NACER", nullptr},
    {"KARIM", "KAREEM", "KERIM", nullptr},
    {"OTHMAN", "USMAN", "OSMAN", "UTHMAN", "OUSMANE", "OUSMAN", nullptr},
    {"ZAYD", "ZAID", "ZEID", "ZAYED", nullptr},
    {"JAFAR", "JAAFAR", "DJAFAR", "JAFFAR", nullptr},
    {"ABUBAKAR", "ABOUBAKAR", "ABUBAKR", "ABOUBACAR", nullptr},
    {"HABIB", "HABEEB", nullptr},
    {"ABU", "ABOU", "ABOO", nullptr},
    {"SERGEI", "SERGEY", "SERGIY", "SERHIY", "SERGEJ", "SERGIU", nullptr},
    {"ALEKSANDR", "ALEXANDER", "ALEKSANDER", "OLEKSANDR", "ALEXANDR", "ALEKSANDAR", nullptr},
    {"ALEKSEI", "ALEXEI", "ALEKSEY", "ALEXEY", "OLEKSIY", "ALEKSEJ", nullptr},
    {"YURI", "YURIY", "IURII", "YURIJ", "JURIJ", "YURII", nullptr},
    {"DMITRI", "DMITRY", "DMITRIY", "DMYTRO", "DMITRIJ", "DMITRII", nullptr},
    {"ANDREI", "ANDREY", "ANDRIY", "ANDREJ", "ANDRII", nullptr},
    {"YEVGENY", "EVGENY", "EVGENIY", "YEVGENIY", "EVGENII", "JEVGENIJ", nullptr},
    {"MIKHAIL", "MIKHAYL", "MYKHAILO", "MICHAIL", nullptr},
    {"NIKOLAI", "NIKOLAY", "MYKOLA", "NIKOLAJ", nullptr},
    {"VIKTOR", "VICTOR", "WIKTOR", nullptr},
    {"PYOTR", "PETR", "PETRO", "PIOTR", nullptr},
    {"FYODOR", "FEDOR", "FJODOR", nullptr},
    {"TATYANA", "TATIANA", "TATJANA", nullptr},
    {"NATALYA", "NATALIA", "NATALIYA", nullptr},
    {"YELENA", "ELENA", "JELENA", "OLENA", nullptr},
    {"VLADIMIR", "VOLODYMYR", "WLADIMIR", nullptr},
    {"CHOI", "CHOE", nullptr},
    {"PARK", "PAK", nullptr},
    {"LEE", "RHEE", "YI", "RI", nullptr},  // Korean 이 / 리: the South, the North
    {"OH", "O", nullptr},                  // Korean 오: Revised Romanisation, McCune-Reischauer
    {"JOSE", "JOSEP", nullptr},
};

const std::unordered_map<std::string_view, std::string_view>& TranslitMap() {
  static const auto* m = [] {
    auto* map = new std::unordered_map<std::string_view, std::string_view>();
    for (const auto& cls : kTranslitClasses) {
      for (int i = 0; i < 16 && cls[i] != nullptr; ++i) map->emplace(cls[i], cls[0]);
    }
    return map;
  }();
  return *m;
}

std::vector<std::string> DropWhere(const std::vector<std::string>& tokens,
                                   bool (*pred)(std::string_view)) {
  std::vector<std::string> out;
  for (const auto& t : tokens)
    if (!pred(t)) out.push_back(t);
  return out.empty() ? tokens : out;
}

bool IsConnective(std::string_view t) { return Connectives().count(t) > 0; }
bool IsSuffix(std::string_view t) { return Suffixes().count(t) > 0; }

}  // namespace

std::vector<std::string> FoldAndTokenize(std::string_view utf8, size_t max_tokens) {
  if (utf8.size() > kMaxNameBytes * 8) utf8 = utf8.substr(0, kMaxNameBytes * 8);
  std::vector<std::string> tokens;
  std::string cur;
  char buf[2];
  size_t run = 0;  // letters since the token started or since the last period
  auto flush = [&] {
    if (!cur.empty() && tokens.size() < max_tokens) tokens.push_back(cur);
    cur.clear();
    run = 0;
  };
  size_t i = 0;
  while (i < utf8.size() && tokens.size() < max_tokens) {
    size_t start = i;
    char32_t cp = DecodeOne(utf8, &i);
    const char* ascii = nullptr;
    switch (Classify(cp, &ascii, buf)) {
      case CharClass::kLetters:
        cur += ascii;
        ++run;
        break;
      case CharClass::kDelete:
        break;
      case CharClass::kPeriod:
        // A period after a single letter joins ("S.A.", "G.m.b.H." -> GMBH); after a
        // word it separates ("CO.").
        if (run != 1) flush();
        run = 0;
        break;
      case CharClass::kSeparator:
        flush();
        break;
      case CharClass::kArabic: {
        const bool initial = cur.empty();
        // The article: alif lam at the start of a word of three or more letters is its own token.
        if (initial && cp == 0x0627 && i + 5 < utf8.size()) {
          size_t j = i;
          char32_t next = DecodeOne(utf8, &j);
          size_t k = j;
          char32_t third = DecodeOne(utf8, &k);
          size_t m = k;
          char32_t fourth = m < utf8.size() ? DecodeOne(utf8, &m) : 0;
          if (next == 0x0644 && third >= 0x0620 && third <= 0x06FF && fourth >= 0x0620 && fourth <= 0x06FF &&
              third != 0x0627) {
            if (tokens.size() < max_tokens) tokens.push_back("AL");
            i = j;
            break;
          }
        }
        cur += ArabicLetter(cp, initial);
        break;
      }
      case CharClass::kOther:
        if (i - start == 1 && cp >= 0x80) {
          AppendUtf8(cp, &cur);  // an invalid byte read as Latin-1 outside the fold tables
        } else {
          cur.append(utf8.substr(start, i - start));
        }
        break;
    }
    if (cur.size() > 64) flush();  // bounded token length
  }
  flush();
  return tokens;
}

std::string FoldToAscii(std::string_view utf8) {
  std::string out;
  for (const auto& t : FoldAndTokenize(utf8, kMaxNameTokens * 4)) {
    if (!out.empty()) out.push_back(' ');
    out += t;
  }
  return out;
}

bool IsHonorific(std::string_view token) { return Honorifics().count(token) > 0; }
bool IsLegalForm(std::string_view token) { return LegalForms().count(token) > 0; }
bool IsNameParticle(std::string_view token) { return Particles().count(token) > 0; }

namespace {

bool IsAbjad(std::string_view token) { return !token.empty() && token[0] >= 'a' && token[0] <= 'z'; }

std::string Upper(std::string_view t) {
  std::string out(t);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

bool AllLetters(std::string_view t) {
  return !t.empty() && std::all_of(t.begin(), t.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
}

// Legal forms written in several words, in their usual transliterations; a word of the
// phrase also matches a spelling within one edit (two for eight letters or more), so
// OBSHCHESTVO / OBSCHESTVO / OBCHTCHESTVO and OGRANICHENNOY / OGRANICHENNOI all match.
constexpr const char* kLegalPhrases[][8] = {
    // Russian, Kazakh (and the English of the registers)
    {"PUBLICHNOE", "AKTSIONERNOE", "OBSHCHESTVO", nullptr},
    {"ZAKRYTOE", "AKTSIONERNOE", "OBSHCHESTVO", nullptr},
    {"OTKRYTOE", "AKTSIONERNOE", "OBSHCHESTVO", nullptr},
    {"AKTSIONERNOE", "OBSHCHESTVO", nullptr},
    {"OBSHCHESTVO", "S", "OGRANICHENNOY", "OTVETSTVENNOSTYU", nullptr},
    {"TOVARISHCHESTVO", "S", "OGRANICHENNOY", "OTVETSTVENNOSTYU", nullptr},
    {"FEDERALNOE", "GOSUDARSTVENNOE", "UNITARNOE", "PREDPRIYATIE", nullptr},
    {"GOSUDARSTVENNOE", "UNITARNOE", "PREDPRIYATIE", nullptr},
    {"PUBLIC", "JOINT", "STOCK", "COMPANY", nullptr},
    {"CLOSED", "JOINT", "STOCK", "COMPANY", nullptr},
    {"OPEN", "JOINT", "STOCK", "COMPANY", nullptr},
    {"PRIVATE", "JOINT", "STOCK", "COMPANY", nullptr},
    {"JOINT", "STOCK", "COMPANY", nullptr},
    {"LIMITED", "LIABILITY", "COMPANY", nullptr},
    {"LIMITED", "LIABILITY", "PARTNERSHIP", nullptr},
    {"PUBLIC", "LIMITED", "COMPANY", nullptr},
    {"FEDERAL", "STATE", "UNITARY", "ENTERPRISE", nullptr},
    // German, Dutch
    {"GESELLSCHAFT", "MIT", "BESCHRAENKTER", "HAFTUNG", nullptr},
    {"GESELLSCHAFT", "MIT", "BESCHRANKTER", "HAFTUNG", nullptr},
    {"GESELLSCHAFT", "MBH", nullptr},
    {"GES", "MBH", nullptr},
    {"BESLOTEN", "VENNOOTSCHAP", nullptr},
    {"NAAMLOZE", "VENNOOTSCHAP", nullptr},
    // French, Spanish, Portuguese, Italian
    {"SOCIETE", "ANONYME", nullptr},
    {"SOCIETE", "A", "RESPONSABILITE", "LIMITEE", nullptr},
    {"SOCIETE", "PAR", "ACTIONS", "SIMPLIFIEE", nullptr},
    {"SOCIEDAD", "ANONIMA", "DE", "CAPITAL", "VARIABLE", nullptr},
    {"SOCIEDAD", "ANONIMA", nullptr},
    {"SOCIEDAD", "DE", "RESPONSABILIDAD", "LIMITADA", nullptr},
    {"SOCIEDAD", "LIMITADA", nullptr},
    {"SA", "DE", "CV", nullptr},
    {"SOCIEDADE", "ANONIMA", nullptr},
    {"SOCIETA", "PER", "AZIONI", nullptr},
    {"SOCIETA", "A", "RESPONSABILITA", "LIMITATA", nullptr},
    {"SA", "RL", nullptr},
    // Malay, Indian, Gulf free zones, Turkish, Persian, Chinese, Korean
    {"SENDIRIAN", "BERHAD", nullptr},
    {"PRIVATE", "LIMITED", nullptr},
    {"FREE", "ZONE", "ESTABLISHMENT", nullptr},
    {"FREE", "ZONE", "COMPANY", nullptr},
    {"ANONIM", "SIRKETI", nullptr},
    {"LIMITED", "SIRKETI", nullptr},
    {"SAHAMI", "KHAS", nullptr},
    {"SAHAMI", "AAM", nullptr},
    {"YOUXIAN", "ZEREN", "GONGSI", nullptr},
    {"GUFEN", "YOUXIAN", "GONGSI", nullptr},
    {"YOUXIAN", "GONGSI", nullptr},
    {"CHUSIK", "HOESA", nullptr},
    {"JUSIK", "HOESA", nullptr},
    {"HAPJA", "HOESA", nullptr},
};

bool PhraseWordMatches(std::string_view word, std::string_view token) {
  if (word == token) return true;
  if (word.size() < 5 || token.empty() || IsAbjad(token)) return false;
  const size_t allowed = word.size() >= 8 ? 2 : 1;
  const size_t diff = word.size() > token.size() ? word.size() - token.size() : token.size() - word.size();
  if (diff > allowed || word[0] != token[0]) return false;  // cheap rejections first
  return EditDistanceBounded(word, token, static_cast<int>(allowed)) <= static_cast<int>(allowed);
}

// Removes the legal-form phrases; `tokens` is left as it was if nothing would remain.
void DropLegalPhrases(std::vector<std::string>* tokens) {
  // Each phrase's word count, once.
  static const auto kPhraseWords = [] {
    std::array<size_t, std::size(kLegalPhrases)> n{};
    for (size_t p = 0; p < n.size(); ++p)
      while (n[p] < 8 && kLegalPhrases[p][n[p]] != nullptr) ++n[p];
    return n;
  }();
  std::vector<std::string> out;
  const auto& t = *tokens;
  for (size_t i = 0; i < t.size();) {
    size_t matched = 0;
    for (size_t p = 0; p < kPhraseWords.size(); ++p) {
      const auto& phrase = kLegalPhrases[p];
      const size_t n = kPhraseWords[p];
      // A phrase's first word matches only a token with its first letter (PhraseWordMatches).
      if (i + n > t.size() || t[i].empty() || t[i][0] != phrase[0][0]) continue;
      bool all = true;
      for (size_t k = 0; k < n && all; ++k) all = PhraseWordMatches(phrase[k], t[i + k]);
      if (all) {
        matched = n;
        break;
      }
    }
    if (matched > 0) {
      i += matched;
    } else {
      out.push_back(t[i]);
      ++i;
    }
  }
  if (!out.empty()) *tokens = std::move(out);
}

// Runs of single letters that spell a legal form ("G M B H", "S A", "L L C" from
// "S. A.", "L. L. C."): joined. A run of two letters is joined only at the end of
// the name, where such legal forms stand (S A KHAN keeps its initials).
void JoinSpacedLegalForms(std::vector<std::string>* tokens) {
  auto& t = *tokens;
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size();) {
    size_t j = i;
    while (j < t.size() && t[j].size() == 1 && t[j][0] >= 'A' && t[j][0] <= 'Z') ++j;
    bool joined = false;
    // The longest prefix of the run that spells a legal form.
    for (size_t end = j; end >= i + 2 && !joined; --end) {
      std::string word;
      for (size_t k = i; k < end; ++k) word += t[k];
      const bool at_edge = end == t.size();
      if (IsLegalForm(word) && (word.size() >= 3 || at_edge)) {
        out.push_back(word);
        i = end;
        joined = true;
      }
    }
    if (!joined) {
      out.push_back(t[i]);
      ++i;
    }
  }
  t = std::move(out);
}

// Arabic compound names written in one word or several: ABD AL-RAHMAN, ABDUL RAHMAN,
// ABDEL RAHMAN, ABDULRAHMAN, ABDURRAHMAN -> ABDRAHMAN; NASR AL-DIN, NASR ED DINE,
// NASREDDINE, NASRUDDIN -> NASRDIN. The article between the parts, and the
// assimilated consonant it leaves (ABDUR-RAHMAN), are dropped.
bool IsAbdPrefix(std::string_view t) {
  static const std::unordered_set<std::string_view> k = {
      "ABD", "ABDUL", "ABDEL", "ABDOL", "ABDAL", "ABDOUL", "ABDU", "ABDUR", "ABDUS", "ABDUN",
      "ABDER", "ABDES", "ABDUZ", "ABDOR", "ABDIL", "ABDI", "ABDE", "abd",
      // with E for the a, as Egyptian and popular spellings write it (EBD EL-AZIZ)
      "EBD", "EBDEL", "EBDUL", "EBDOL", "EBDAL", "EBDER", "EBDES", "EBDUR"};
  return k.count(t) > 0;
}

bool IsArticle(std::string_view t) {
  static const std::unordered_set<std::string_view> k = {
      "AL", "EL", "UL", "OL", "IL", "AR", "AS", "ASH", "AD", "AN", "AZ", "AT", "ATH", "ADH", "ER", "ES",
      "ESH", "ED", "EN", "EZ", "ET", "UR", "US", "USH", "UD", "UN", "UZ", "UT", "ID", "IS", "IR"};
  return k.count(t) > 0;
}

bool IsDin(std::string_view t) {
  static const std::unordered_set<std::string_view> k = {
      "DIN",   "DEEN",  "DINE",   "DDIN",  "DDINE", "dyn",    "DIIN",  "ALDIN", "ELDIN",  "ULDIN",
      "EDDIN", "EDDINE", "UDDIN", "ADDIN", "ALDEEN", "ELDINE", "UDDEEN", "ODDIN", "aldyn"};
  return k.count(t) > 0;
}

std::string JoinParts(std::string_view a, std::string_view b) {
  // A part from Arabic script (lower case) keeps the joined token in lower case.
  std::string out = std::string(a) + std::string(b);
  if (IsAbjad(a) || IsAbjad(b)) {
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// The part after a joined ABD...: ABDULRAHMAN -> RAHMAN, ABDURRAHMAN -> RAHMAN;
// empty when the token is not such a compound (ABDULLAH, ABDOU, ABDI).
std::string AbdTail(std::string_view t) {
  if (t.size() < 7 || (t.substr(0, 3) != "ABD" && t.substr(0, 3) != "EBD")) return {};
  std::string_view r = t.substr(3);
  size_t v = 0;
  while (v < r.size() && v < 2 && std::string_view("AEIOU").find(r[v]) != std::string_view::npos) ++v;
  r = r.substr(v);
  if (r.size() >= 2 && r[0] == 'L' && r[1] == 'L') return {};  // ABDULLAH, ABDALLAH
  if (!r.empty() && r[0] == 'L') {
    r = r.substr(1);
  } else if (r.size() >= 2 && r[0] == r[1]) {
    r = r.substr(1);  // ABDURRAHMAN, ABDUSSALAM
  }
  if (r.size() < 3 || r == "LAH" || r == "LA" || r == "AH") return {};
  return std::string(r);
}

// NASREDDINE, NASRUDDIN, ALAUDDIN: the stem before the DIN, or empty.
std::string DinStem(std::string_view t) {
  for (std::string_view suffix : {"EDDINE", "EDDIN", "UDDIN", "UDDEEN", "ADDIN", "ADDINE", "EDDEEN", "ODDIN"}) {
    if (t.size() >= suffix.size() + 3 && t.substr(t.size() - suffix.size()) == suffix) {
      return std::string(t.substr(0, t.size() - suffix.size()));
    }
  }
  return {};
}

void JoinArabicCompounds(std::vector<std::string>* tokens) {
  auto& t = *tokens;
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (std::string tail = AbdTail(t[i]); !tail.empty()) {
      out.push_back("ABD" + tail);
      continue;
    }
    if (std::string stem = DinStem(t[i]); !stem.empty()) {
      out.push_back(stem + "DIN");
      continue;
    }
    if (IsAbdPrefix(t[i]) && i + 1 < t.size()) {
      size_t j = i + 1;
      if (IsArticle(t[j]) && j + 1 < t.size()) ++j;
      if (AllLetters(t[j]) && t[j].size() >= 2 && !IsLegalForm(t[j])) {
        out.push_back(JoinParts("ABD", t[j]));
        i = j;
        continue;
      }
    }
    if (!out.empty() && out.back().size() == 1 &&
        ((i + 1 < t.size() && IsArticle(t[i]) && IsDin(t[i + 1])) || IsDin(t[i]))) {
      // An initial of the compound ("N. al-Din" for NUR AL-DIN): the initial stands for it.
      if (!IsDin(t[i])) ++i;
      continue;
    }
    if (!out.empty() && i + 1 < t.size() && IsArticle(t[i]) && IsDin(t[i + 1])) {
      out.back() = JoinParts(out.back(), IsAbjad(out.back()) || IsAbjad(t[i + 1]) ? "DYN" : "DIN");
      ++i;
      continue;
    }
    if (!out.empty() && IsDin(t[i]) && AllLetters(out.back()) && out.back().size() >= 3) {
      out.back() = JoinParts(out.back(), IsAbjad(out.back()) || IsAbjad(t[i]) ? "DYN" : "DIN");
      continue;
    }
    out.push_back(t[i]);
  }
  t = std::move(out);
}

// Name particles (AL, BIN, VAN, DE, Y, ...) and connectives (AND, OF, E, ...) are
// dropped; one of a single letter only between two words, as at the start or the end
// of a name it is an initial (Y. PONOMARYOVA, E. WILLIAMS).
std::vector<std::string> DropInnerWords(const std::vector<std::string>& tokens,
                                        bool (*pred)(std::string_view)) {
  std::vector<std::string> out;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const bool inner = i > 0 && i + 1 < tokens.size();
    if (pred(tokens[i]) && (tokens[i].size() > 1 || inner)) continue;
    out.push_back(tokens[i]);
  }
  return out.empty() ? tokens : out;
}

std::vector<std::string> DropParticles(const std::vector<std::string>& tokens) {
  return DropInnerWords(tokens, &IsNameParticle);
}

std::vector<std::string> DropConnectives(const std::vector<std::string>& tokens) {
  return DropInnerWords(tokens, &IsConnective);
}

// An article assimilated to the next word (AR RASHID, ASH SHAMMARI, AD DIN): dropped.
void DropAssimilatedArticles(std::vector<std::string>* tokens) {
  auto& t = *tokens;
  std::vector<std::string> out;
  for (size_t i = 0; i < t.size(); ++i) {
    if (i + 1 < t.size() && t[i].size() >= 2 && t[i].size() <= 3 && IsArticle(t[i]) && t[i] != "AL" &&
        t[i] != "EL") {
      std::string_view consonant = std::string_view(t[i]).substr(1);
      if (t[i + 1].size() > consonant.size() + 1 && std::string_view(t[i + 1]).substr(0, consonant.size()) == consonant) {
        continue;
      }
    }
    out.push_back(t[i]);
  }
  if (!out.empty()) t = std::move(out);
}

}  // namespace

std::vector<std::string> NormalizeName(std::string_view utf8) {
  std::vector<std::string> tokens = FoldAndTokenize(utf8, kMaxNameTokens * 2);
  // Leading honorifics ("H.E. SHEIKH DR ...", "AL HAJ ...").
  size_t lead = 0;
  for (;;) {
    if (lead + 1 < tokens.size() && IsHonorific(tokens[lead])) {
      ++lead;
    } else if (lead + 2 < tokens.size() && IsNameParticle(tokens[lead]) &&
               (tokens[lead + 1] == "HAJ" || tokens[lead + 1] == "HAJJ" || tokens[lead + 1] == "HADJ" ||
                tokens[lead + 1] == "HAJI")) {  // AL-HAJ, EL HADJ
      lead += 2;
    } else {
      break;
    }
  }
  tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(lead));
  while (tokens.size() > 1 && IsSuffix(tokens.back())) tokens.pop_back();
  JoinSpacedLegalForms(&tokens);
  // Connectives before legal forms, so that the Persian ezafe of SHERKAT-E is seen
  // between two words.
  tokens = DropConnectives(tokens);
  DropLegalPhrases(&tokens);
  tokens = DropWhere(tokens, &IsLegalForm);
  JoinArabicCompounds(&tokens);
  DropAssimilatedArticles(&tokens);
  tokens = DropParticles(tokens);
  if (tokens.size() > kMaxNameTokens) tokens.resize(kMaxNameTokens);
  return tokens;
}

std::string LegalFormCode(std::string_view utf8) {
  static const std::unordered_map<std::string_view, std::string_view> kSynonyms = {
      {"OOO", "LLC"},   {"TOO", "LLP"},        {"AO", "JSC"},           {"PAO", "PJSC"},
      {"ZAO", "CJSC"},  {"OAO", "OJSC"},       {"LIMITED", "LTD"},      {"INCORPORATED", "INC"},
      {"CORPORATION", "CORP"}, {"COMPANY", "CO"}, {"MBH", "GMBH"},     {"AKTIENGESELLSCHAFT", "AG"},
      {"KOMMANDITGESELLSCHAFT", "KG"}, {"LIMITADA", "LTDA"}, {"BERHAD", "BHD"}, {"FZC", "FZCO"},
      {"SHERKATE", "SHERKAT"}, {"SHIRKAT", "SHERKAT"}, {"PVT", "PRIVATE"}};
  // Phrase (by its first words) -> code.
  static const std::pair<const char*, const char*> kPhraseCodes[] = {
      {"PUBLICHNOE AKTSIONERNOE", "PJSC"}, {"ZAKRYTOE AKTSIONERNOE", "CJSC"}, {"OTKRYTOE AKTSIONERNOE", "OJSC"},
      {"AKTSIONERNOE OBSHCHESTVO", "JSC"}, {"OBSHCHESTVO S", "LLC"}, {"TOVARISHCHESTVO S", "LLP"},
      {"PUBLIC JOINT", "PJSC"}, {"CLOSED JOINT", "CJSC"}, {"OPEN JOINT", "OJSC"}, {"JOINT STOCK", "JSC"},
      {"LIMITED LIABILITY COMPANY", "LLC"}, {"LIMITED LIABILITY PARTNERSHIP", "LLP"},
      {"PUBLIC LIMITED", "PLC"}, {"GESELLSCHAFT MIT", "GMBH"}, {"GESELLSCHAFT MBH", "GMBH"}, {"GES MBH", "GMBH"},
      {"BESLOTEN VENNOOTSCHAP", "BV"}, {"NAAMLOZE VENNOOTSCHAP", "NV"}, {"SOCIETE ANONYME", "SA"},
      {"SOCIETE A", "SARL"}, {"SOCIETE PAR", "SAS"}, {"SOCIEDAD ANONIMA DE", "SADECV"}, {"SA DE", "SADECV"},
      {"SOCIEDAD ANONIMA", "SA"}, {"SOCIEDAD DE", "SRL"}, {"SOCIEDAD LIMITADA", "SL"}, {"SOCIETA PER", "SPA"},
      {"SOCIETA A", "SRL"}, {"SA RL", "SARL"}, {"SENDIRIAN BERHAD", "SDNBHD"}, {"SDN BHD", "SDNBHD"},
      {"PRIVATE LIMITED", "PVTLTD"}, {"PVT LTD", "PVTLTD"}, {"FREE ZONE ESTABLISHMENT", "FZE"},
      {"FREE ZONE COMPANY", "FZCO"}, {"FZ CO", "FZCO"}, {"ANONIM SIRKETI", "AS"}, {"LIMITED SIRKETI", "LTDSTI"},
      {"LTD STI", "LTDSTI"}, {"SAHAMI KHAS", "PJS"}, {"CO LTD", "LTD"}, {"CO LIMITED", "LTD"},
      {"COMPANY LIMITED", "LTD"}, {"YOUXIAN GONGSI", "LTD"}, {"CHUSIK HOESA", "LTD"}, {"JUSIK HOESA", "LTD"}};
  static const auto* kSplitPhrases = [] {
    auto* out = new std::vector<std::pair<std::vector<std::string_view>, std::string_view>>();
    for (const auto& [words, code] : kPhraseCodes) {
      std::vector<std::string_view> w;
      std::string_view rest = words;
      while (!rest.empty()) {
        size_t sp = rest.find(' ');
        w.push_back(rest.substr(0, sp));
        rest = sp == std::string_view::npos ? std::string_view() : rest.substr(sp + 1);
      }
      out->emplace_back(std::move(w), code);
    }
    return out;
  }();
  std::vector<std::string> t = FoldAndTokenize(utf8, kMaxNameTokens * 2);
  JoinSpacedLegalForms(&t);
  std::vector<std::string> codes;
  for (size_t i = 0; i < t.size(); ++i) {
    bool phrase = false;
    for (const auto& [w, code] : *kSplitPhrases) {
      if (i + w.size() > t.size()) continue;
      bool all = true;
      for (size_t k = 0; k < w.size() && all; ++k) all = PhraseWordMatches(w[k], t[i + k]);
      if (all) {
        codes.emplace_back(code);
        i += w.size() - 1;
        phrase = true;
        break;
      }
    }
    if (phrase || !IsLegalForm(t[i]) || t[i] == "HOLDING" || t[i] == "HOLDINGS") continue;
    auto it = kSynonyms.find(t[i]);
    codes.emplace_back(it == kSynonyms.end() ? std::string_view(t[i]) : it->second);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : " ") + c;
  return out;
}

std::string_view TransliterationClass(std::string_view token) {
  const auto& m = TranslitMap();
  auto it = m.find(token);
  return it == m.end() ? std::string_view() : it->second;
}

std::string PhoneticKey(std::string_view token) {
  for (char c : token) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return {};
  }
  // Digraphs first.
  std::string s;
  for (size_t i = 0; i < token.size(); ++i) {
    char c = token[i];
    char n = i + 1 < token.size() ? token[i + 1] : 0;
    char n2 = i + 2 < token.size() ? token[i + 2] : 0;
    if (c == 'S' && n == 'C' && n2 == 'H') {
      s.push_back('S');
      i += 2;
      continue;
    }
    if (c == 'T' && n == 'C' && n2 == 'H') {
      s.push_back('C');
      i += 2;
      continue;
    }
    if (c == 'P' && n == 'H') {
      s.push_back('F');
      ++i;
      continue;
    }
    if ((c == 'K' || c == 'G' || c == 'T' || c == 'D' || c == 'Z') && n == 'H') {
      s.push_back(c == 'G' ? 'K' : c == 'Z' ? 'J' : c);
      ++i;
      continue;
    }
    if (c == 'S' && n == 'H') {
      s.push_back('S');
      ++i;
      continue;
    }
    if (c == 'C' && n == 'H') {
      s.push_back('C');
      ++i;
      continue;
    }
    if (c == 'D' && n == 'J') {
      s.push_back('J');
      ++i;
      continue;
    }
    if (c == 'C') {
      s.push_back((n == 'E' || n == 'I' || n == 'Y') ? 'S' : 'K');
      continue;
    }
    s.push_back(c);
  }
  auto code = [](char c) -> char {
    switch (c) {
      case 'B':
      case 'P':
        return 'P';
      case 'F':
      case 'V':
        return 'F';
      case 'K':
      case 'Q':
      case 'G':
        return 'K';
      case 'D':
      case 'T':
        return 'T';
      case 'S':
      case 'Z':
      case 'X':
        return 'S';
      case 'C':
        return 'C';
      case 'J':
        return 'J';
      case 'L':
        return 'L';
      case 'M':
        return 'M';
      case 'N':
        return 'N';
      case 'R':
        return 'R';
      default:
        return (c >= '0' && c <= '9') ? c : 0;  // vowels, H, W, Y
    }
  };
  std::string key;
  if (s.empty()) return key;
  char first = code(s[0]);
  key.push_back(first == 0 ? 'A' : first);  // a leading vowel / H / W / Y is one sound
  char last = first;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = code(s[i]);
    if (c != 0 && c != last) key.push_back(c);
    last = c;
  }
  return key;
}

namespace {

bool IsVowel(char c) { return c == 'A' || c == 'E' || c == 'I' || c == 'O' || c == 'U'; }

// Consonant letters and digraphs brought to one spelling, shared by SpellingKey and the
// Arabic-script skeleton: SHCH / SCH / SH -> S-like "$", KH -> H, PH -> F, Q / GH -> K,
// CK -> K, C -> K or S, X -> KS, W -> V, DH -> Z, TH -> T, DJ / DZH -> J,
// CH / TSCH / TCH -> "%" (CH is KH in German and SH in French transliterations; see
// SpellingKeysMatch). Vowels and Y are kept.
std::string MapConsonants(std::string_view t) {
  std::string s;
  for (size_t i = 0; i < t.size(); ++i) {
    auto at = [&](size_t k) { return i + k < t.size() ? t[i + k] : '\0'; };
    auto starts = [&](std::string_view p) {  // letter by letter: cheaper than a substring compare
      if (i + p.size() > t.size()) return false;
      for (size_t k = 0; k < p.size(); ++k)
        if (t[i + k] != p[k]) return false;
      return true;
    };
    if (starts("SCHTSCH") || starts("SHTSCH")) { s += '$'; i += starts("SCHTSCH") ? 6 : 5; continue; }
    if (starts("SHCH") || starts("SZCZ") || starts("CHTCH")) { s += '$'; i += starts("CHTCH") ? 4 : 3; continue; }
    if (starts("TSCH")) { s += '%'; i += 3; continue; }
    if (starts("DSCH") || starts("DZH")) { s += 'J'; i += starts("DSCH") ? 3 : 2; continue; }
    if (starts("SCH")) { s += '$'; i += 2; continue; }
    if (starts("TCH")) { s += '%'; i += 2; continue; }
    const char c = t[i], n = at(1);
    if (c == 'S' && n == 'H') { s += '$'; ++i; continue; }
    if (c == 'C' && n == 'H') { s += '%'; ++i; continue; }
    if (c == 'Z' && n == 'H') { s += 'J'; ++i; continue; }
    if (c == 'K' && n == 'H') { s += 'H'; ++i; continue; }
    if (c == 'P' && n == 'H') { s += 'F'; ++i; continue; }
    if (c == 'G' && n == 'H') { s += 'K'; ++i; continue; }  // GH / Q: one letter in Persian
    if (c == 'D' && n == 'H') { s += 'Z'; ++i; continue; }
    if (c == 'T' && n == 'H') { s += 'T'; ++i; continue; }
    if (c == 'D' && n == 'J') { s += 'J'; ++i; continue; }
    if (c == 'C' && n == 'K') { s += 'K'; ++i; continue; }
    if (c == 'C') { s += (n == 'E' || n == 'I' || n == 'Y') ? 'S' : 'K'; continue; }
    if (c == 'Q') { s += 'K'; continue; }
    if (c == 'X') { s += "KS"; continue; }
    if (c == 'W') { s += 'V'; continue; }
    s += c;
  }
  return s;
}

}  // namespace

std::string SpellingKey(std::string_view token) {
  if (token.size() < 4 || IsAbjad(token)) return {};
  for (char c : token)
    if (c < 'A' || c > 'Z') return {};
  std::string s = MapConsonants(token);
  {
    // French OU is U (IOU: YU); an initial JE / JA / JO is YE / YA / YO (JEVGENIJ,
    // JAROSLAV); TS / TZ is S.
    std::string t;
    for (size_t i = 0; i < s.size(); ++i) {
      if (s.compare(i, 3, "IOU") == 0 && (i == 0 || !IsVowel(s[i - 1]))) {
        t += "YU";
        i += 2;
      } else if (s.compare(i, 2, "OU") == 0) {
        t += 'U';
        ++i;
      } else if (i == 0 && (s.compare(0, 2, "JE") == 0 || s.compare(0, 2, "JA") == 0 || s.compare(0, 2, "JO") == 0)) {
        t += 'Y';  // JAROSLAV, JOSIF (JU stays: JUAN is not YUAN)
      } else if ((s.compare(i, 2, "TS") == 0 || s.compare(i, 2, "TZ") == 0) && i > 0) {
        t += 'S';  // TS / TZ / C for the same sound (ZAYTSEV, ZAJCEV)
        ++i;
      } else {
        t += s[i];
      }
    }
    s = std::move(t);
  }
  // Glides: J next to a vowel inside a word is Y (TATJANA, ALEKSEJ); IA / IU / IO after
  // a consonant or at the start are YA / YU / YO (NATALIA, IURII); YE / YO after a
  // consonant or at the start are E (YEVGENIY, ARKADYEVICH, FYODOR).
  std::string g;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const char prev = g.empty() ? '\0' : g.back();
    const char next = i + 1 < s.size() ? s[i + 1] : '\0';
    if (c == 'J' && i > 0 && (IsVowel(prev) || IsVowel(next))) {
      g += 'Y';
      continue;
    }
    if (c == 'I' && (next == 'A' || next == 'U' || next == 'O' || (next == 'E' && i > 0)) &&
        (i == 0 || !IsVowel(prev))) {
      if (!(i + 2 == s.size() && next == 'A' && i > 0)) {  // final -IA stays a vowel pair
        g += 'Y';
        continue;
      }
    }
    g += c;
  }
  std::string y;
  for (size_t i = 0; i < g.size(); ++i) {
    const char c = g[i];
    const char next = i + 1 < g.size() ? g[i + 1] : '\0';
    if (c == 'Y' && (next == 'E' || next == 'O') && (i == 0 || !IsVowel(y.back()))) {
      y += 'E';
      ++i;
      continue;
    }
    y += c;
  }
  // Endings -IY, -II, -IJ, -YI, -Y (after a consonant) are -I.
  for (std::string_view e : {"IY", "II", "YI", "YY"}) {
    if (y.size() > 3 && y.substr(y.size() - 2) == e) y = y.substr(0, y.size() - 2) + "I";
  }
  if (y.size() > 3 && y.back() == 'Y' && !IsVowel(y[y.size() - 2])) y.back() = 'I';
  // Vowel clusters (Y counts as a vowel unless a vowel follows it) to one code each.
  std::string key;
  size_t consonants = 0;
  for (size_t i = 0; i < y.size();) {
    auto vowel_at = [&](size_t k) {
      return IsVowel(y[k]) || (y[k] == 'Y' && !(k + 1 < y.size() && IsVowel(y[k + 1])));
    };
    if (!vowel_at(i)) {
      if (key.empty() || key.back() != y[i]) key += y[i];  // doubled consonants once
      ++consonants;
      ++i;
      continue;
    }
    size_t j = i;
    while (j < y.size() && vowel_at(j)) ++j;
    std::string cl = y.substr(i, j - i);
    std::string code;
    const bool has_back = cl.find_first_of("OU") != std::string::npos;
    const bool has_front = cl.find_first_of("IY") != std::string::npos;
    const bool has_open = cl.find_first_of("AE") != std::string::npos;
    if (cl == "EE" || cl == "IE") {
      code = "I";
    } else if (has_open && has_front && !has_back) {
      code = "AI";  // AI, AY, EI, EY: HUSSEIN, HUSAYN, HUSSAIN, SERGEI, SERGEY
    } else if (has_back && has_front && !has_open) {
      code = "UI";
    } else if (has_open && has_back) {
      code = "AU";
    } else if (has_back) {
      code = "U";  // O, U, OU, OO: OMAR / UMAR, YOUSSEF / YUSUF
    } else if (has_front) {
      code = "I";
    } else {
      code = "A";  // A, E, AA: AHMED / AHMAD
    }
    // A final H after a vowel is not a sound of its own (ABDALLAH / ABDALLA).
    key += code;
    i = j;
    if (i + 1 == y.size() && y[i] == 'H') break;
  }
  if (consonants < 2 || key.size() < 3) return {};
  return key;
}

namespace {

// A token from Arabic script in the letters MapConsonants gives Latin ones.
std::string AbjadLetters(std::string_view abjad) {
  std::string s = Upper(abjad);
  for (char& c : s) {
    switch (c) {
      case 'C': c = '$'; break;
      case 'X': c = '%'; break;
      case 'G': c = 'K'; break;
      case 'Q': c = 'K'; break;
      case 'W': c = 'V'; break;
      default: break;
    }
  }
  return s;
}

}  // namespace

bool SpellingKeysMatch(std::string_view a, std::string_view b) {
  if (a.empty() || b.empty() || a.size() != b.size()) return false;
  if (a == b) return true;
  // CH ("%") read as KH (German) or as SH (French).
  for (char as : {'H', '$'}) {
    bool same = true;
    for (size_t i = 0; i < a.size() && same; ++i) {
      const char x = a[i] == '%' ? as : a[i], y = b[i] == '%' ? as : b[i];
      same = x == y;
    }
    if (same) return true;
  }
  return false;
}

std::string ConsonantSkeleton(std::string_view token) {
  if (token.size() < 2) return {};
  const bool abjad = IsAbjad(token);
  std::string s = abjad ? AbjadLetters(token) : MapConsonants(Upper(token));
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsVowel(c) || c == 'Y' || c == 'V' || c == 'H') {
      if (i > 0 || c == 'H') continue;  // vowels, glides and H carry no weight here
      if (IsVowel(c)) c = 'A';          // an initial vowel (or alif / ayn) is one sound
    }
    if (!out.empty() && out.back() == c) continue;
    out += c;
  }
  if (out.empty()) return {};
  return out;
}

namespace {

// Reads abjad letters a[i..] against Latin letters l[j..] (both in MapConsonants'
// letters), trying every way a long vowel or glide can be written, with `slips`
// letters that may be wrong (a typo: one letter of either side left out or replaced).
// `failed` remembers the states already shown not to match.
class SkeletonReader {
 public:
  SkeletonReader(std::string_view a, std::string_view l) : a_(a), l_(l) {}

  bool Read(size_t i, size_t j, int slips) {
    if (i > kMax || j > kMax) return false;
    uint64_t& bit = failed_[slips][i];
    if (bit & (1ull << j)) return false;
    if (ReadNoMemo(i, j, slips)) return true;
    bit |= 1ull << j;
    return false;
  }

 private:
  static constexpr size_t kMax = 63;

  bool Vowel(size_t j) const { return j < l_.size() && IsVowel(l_[j]); }
  bool VowelOrGlide(size_t j) const {
    return j < l_.size() && (IsVowel(l_[j]) || l_[j] == 'Y' || l_[j] == 'V');
  }
  size_t SkipVowels(size_t j) const {
    while (j < l_.size() && (IsVowel(l_[j]) || l_[j] == 'Y')) ++j;
    return j;
  }

  bool ReadNoMemo(size_t i, size_t j, int slips) {
    if (i == a_.size()) {
      j = SkipVowels(j);
      if (j < l_.size() && l_[j] == 'H' && j + 1 == l_.size()) ++j;  // ta marbuta: FATIMAH
      if (j == l_.size()) return true;
      // A slip: one Latin consonant the Arabic spelling lost.
      return slips > 0 && j + 1 <= l_.size() && Read(i, j + 1, slips - 1);
    }
    if (slips > 0) {
      if (Read(i + 1, j, slips - 1)) return true;  // an abjad letter too many (inserted)
      const size_t k = SkipVowels(j);
      if (k < l_.size() && !IsVowel(l_[k])) {
        if (Read(i, k + 1, slips - 1)) return true;      // a Latin consonant the abjad lost
        if (Read(i + 1, k + 1, slips - 1)) return true;  // one letter for another
      }
    }
    const char c = a_[i];
    if (c == 'A') {
      // An alif or ayn: a word-initial one is the opening vowel (required); one opening
      // a joined part (ABD + AZIZ) a vowel, if any.
      if (i == 0 && !Vowel(j)) return false;
      size_t k = j;
      if (i == 0) ++k;
      for (;; ++k) {
        if (Read(i + 1, k, slips)) return true;
        if (!Vowel(k)) return false;
      }
    }
    if (c == 'V' || c == 'Y') {
      // An initial W / Y: the consonant.
      if (i == 0 && j == 0 && !l_.empty() && l_[0] == c) return Read(1, 1, slips);
      // A long vowel or a glide: some vowels (with Y / V among them) of which one is of
      // that kind (U / O / V, or I / E / Y); try every length.
      const std::string_view accept = c == 'V' ? "OUV" : "IEY";
      bool ok = false;
      for (size_t k = j; VowelOrGlide(k); ++k) {
        ok = ok || accept.find(l_[k]) != std::string_view::npos;
        if (ok && Read(i + 1, k + 1, slips)) return true;
      }
      return false;
    }
    const size_t k = SkipVowels(j);
    // H (pharyngeal / glottal) is often unwritten.
    if (c == 'H' && !(k < l_.size() && l_[k] == 'H') && Read(i + 1, j, slips)) return true;
    if (k >= l_.size() || l_[k] != c) return false;
    // A doubled consonant may be written once.
    for (size_t e = k + 1; e <= l_.size() && l_[e - 1] == c; ++e) {
      if (Read(i + 1, e, slips)) return true;
    }
    return false;
  }

  std::string_view a_, l_;
  uint64_t failed_[2][kMax + 1] = {};
};

bool SkeletonRead(std::string_view abjad, std::string_view latin, int slips) {
  if (!IsAbjad(abjad) || latin.empty() || IsAbjad(latin)) return false;
  const std::string a = AbjadLetters(abjad);
  const std::string l = MapConsonants(latin);
  if (a.size() > 32 || l.size() > 63) return false;
  if (SkeletonReader(a, l).Read(0, 0, 0)) return true;
  if (slips == 0) return false;
  if (SkeletonReader(a, l).Read(0, 0, 1)) return true;
  // Two neighbouring letters swapped.
  std::string swapped = a;
  for (size_t i = 0; i + 1 < swapped.size(); ++i) {
    if (swapped[i] == swapped[i + 1]) continue;
    std::swap(swapped[i], swapped[i + 1]);
    if (SkeletonReader(swapped, l).Read(0, 0, 0)) return true;
    std::swap(swapped[i], swapped[i + 1]);
  }
  return false;
}

}  // namespace

bool ArabicSkeletonMatch(std::string_view abjad, std::string_view latin) {
  return SkeletonRead(abjad, latin, 0);
}

bool ArabicSkeletonMatchWithSlip(std::string_view abjad, std::string_view latin) {
  return abjad.size() >= 4 && latin.size() >= 4 && SkeletonRead(abjad, latin, 1);
}

}  // namespace gw::compliance

namespace gw::compliance {
namespace {

// The sounds a Latin letter or digraph stands for in the romanisations of Arabic,
// Persian and Russian names (US government, French / Maghreb, Egyptian, English,
// German, Turkish and Persian styles for Arabic script; BGN/PCGN, passport, popular,
// German, French and scholarly for Cyrillic), one bit each.
namespace snd {
constexpr uint64_t A = 1ull << 0, E = 1ull << 1, I = 1ull << 2, O = 1ull << 3, U = 1ull << 4,
                   Yery = 1ull << 5;
constexpr uint64_t B = 1ull << 6, P = 1ull << 7, F = 1ull << 8, W = 1ull << 9, G = 1ull << 10,
                   Jim = 1ull << 11;
constexpr uint64_t Glide = 1ull << 12, Zhe = 1ull << 13, K = 1ull << 14, Q = 1ull << 15,
                   Ghain = 1ull << 16;
constexpr uint64_t Kh = 1ull << 17, H = 1ull << 18, Che = 1ull << 19, Sh = 1ull << 20,
                   Shch = 1ull << 21;
constexpr uint64_t S = 1ull << 22, Z = 1ull << 23, Th = 1ull << 24, Dh = 1ull << 25,
                   Ts = 1ull << 26;
constexpr uint64_t T = 1ull << 27, D = 1ull << 28, L = 1ull << 29, M = 1ull << 30, N = 1ull << 31;
constexpr uint64_t R = 1ull << 32, X = 1ull << 33;
}  // namespace snd

// The blocking class of each sound (RomanisationKeys): two spellings the matcher
// accepts have, letter for letter, a sound in common, hence a class in common. The
// vowels come in two classes, front or open (a, e, i, y and the glide: 'e') and back
// (o, u and w: 'u'), as no scheme writes one for the other.
char SoundClass(uint64_t bit) {
  using namespace snd;
  if (bit & (A | E | I | Yery | Glide)) return 'e';
  if (bit & (O | U | W)) return 'u';
  if (bit & (H | Kh)) return 'H';
  if (bit & (B)) return 'B';
  if (bit & (P)) return 'P';
  if (bit & (F)) return 'F';
  if (bit & (G | Jim)) return 'J';
  if (bit & (K | Q | Ghain)) return 'K';
  if (bit & (Zhe | Che | Sh | Shch | S | Z | Th | Dh | Ts)) return 'S';
  if (bit & (T)) return 'T';
  if (bit & (D)) return 'D';
  if (bit & (L)) return 'L';
  if (bit & (M)) return 'M';
  if (bit & (N)) return 'N';
  if (bit & (R)) return 'R';
  if (bit & (X)) return 'X';
  return 0;
}

struct RomanUnit {
  uint64_t sounds = 0;
  // The sounds only one country's spelling gives the letter (German S for z, Egyptian
  // S for th, Turkish S for sh, Egyptian Z for dh, German Z for ts, Egyptian G for j):
  // a reading through them is less certain (RomanisationsMatch's `secondary`).
  uint64_t secondary = 0;
  uint64_t wide_only = 0;  // sounds read only between longer tokens (G for jim)
  std::string_view text;   // the letters
  bool optional = false;   // Q / GH: Egyptian and Levantine spellings leave qaf unwritten
  bool skippable = false;  // may stand for nothing (Skippable)
};

constexpr size_t kMaxRomanUnits = 32;

struct RomanForm {
  std::array<RomanUnit, kMaxRomanUnits> u;
  size_t n = 0;
};

bool Is(const RomanUnit& u, char c) { return u.text.size() == 1 && u.text[0] == c; }

bool SameLetters(const RomanUnit& a, const RomanUnit& b) {
  if (a.text.size() != b.text.size()) return false;
  for (size_t k = 0; k < a.text.size(); ++k)
    if (a.text[k] != b.text[k]) return false;
  return true;
}

// Whether unit k may stand for nothing: a doubled letter (gemination, long vowels:
// NAJJAR / NAJAR, NAAJEE), an unwritten qaf, a glide before E / O (YELENA / ELENA /
// IELENA, SERGEYEV / SERGEEV), a final glide after I (DMITRIY / DMITRI), the D of the
// French DJ for j (DJAMAL / JAMAL; D and J stay two letters for the German
// ARKADJEWITSCH).
bool Skippable(const RomanForm& f, size_t k) {
  const RomanUnit& u = f.u[k];
  const RomanUnit* next = k + 1 < f.n ? &f.u[k + 1] : nullptr;
  if (u.optional) return true;
  if (Is(u, 'D') && next != nullptr && Is(*next, 'J')) return true;
  if (k > 0 && SameLetters(u, f.u[k - 1])) return true;
  if ((Is(u, 'Y') || Is(u, 'J') || Is(u, 'I')) && next != nullptr &&
      (Is(*next, 'E') || Is(*next, 'O')))
    return true;
  if ((Is(u, 'Y') || Is(u, 'J')) && next == nullptr && k > 0 &&
      (Is(f.u[k - 1], 'I') || Is(f.u[k - 1], 'Y')))
    return true;
  return false;
}

// Splits an upper-case Latin token into letters and digraphs with the sounds each may
// stand for; false for other characters or more than kMaxRomanUnits units.
bool ParseRomanisation(std::string_view t, RomanForm* f) {
  using namespace snd;
  struct Digraph {
    std::string_view text;
    uint64_t sounds;
  };
  static constexpr Digraph kDigraphs[] = {
      {"SCHTSCH", Shch},
      {"SHTSCH", Shch},
      {"SHCH", Shch},
      {"CHTCH", Shch},
      {"TSCH", Che},
      {"DSCH", Jim},
      {"SCH", Sh | Zhe | Shch},  // German ш, ж (and щ)
      {"TCH", Che},
      {"DZH", Jim},
      {"SH", Sh},
      {"ZH", Zhe},
      {"KH", Kh},
      {"GH", Ghain | Q},  // Persian writes qaf as GH
      {"TH", Th},
      {"DH", Dh},
      {"PH", F},
      {"CH", Che | Sh | Kh},  // English ч, French ш, German х
      {"TS", Ts},
      {"TZ", Ts},
      {"CK", K},
      {"OU", U | W},  // French OU: u, and w before a vowel (OUALID)
  };
  auto starts_at = [&](size_t i, std::string_view p) {
    if (i + p.size() > t.size()) return false;
    for (size_t k = 0; k < p.size(); ++k)
      if (t[i + k] != p[k]) return false;
    return true;
  };
  f->n = 0;
  for (size_t i = 0; i < t.size();) {
    if (f->n == kMaxRomanUnits) return false;
    RomanUnit u;
    const char c = t[i];
    const char next = i + 1 < t.size() ? t[i + 1] : '\0';
    if (next == 'H' || next == 'C' || next == 'S' || next == 'Z' || next == 'K' || next == 'U' ||
        next == 'T') {
      for (const Digraph& d : kDigraphs) {
        if (d.text[0] == c && d.text[1] == next && starts_at(i, d.text)) {
          u.sounds = d.sounds;
          u.text = t.substr(i, d.text.size());
          break;
        }
      }
    }
    if (u.text.empty()) {
      // One letter; its sounds from the table, with the context rules after it.
      struct Letter {
        char letter;
        uint64_t sounds, secondary;
      };
      static constexpr Letter kLetters[] = {
          {'A', A, 0},
          {'E', E | A | I, 0},  // Egyptian and Persian E for i, popular E for a
          {'I', I | Glide, 0},
          {'O', O | U, 0},
          {'U', U | W, 0},  // German AU for aw
          {'Y', Glide | I | Yery, 0},
          {'B', B, 0},
          {'P', P, 0},
          {'F', F, 0},
          {'V', W, 0},                  // Persian V for waw
          {'W', W, 0},                  // German W for в
          {'G', G | Jim, Jim},          // Egyptian G for jim (between longer tokens: wide_only)
          {'J', Jim | Glide | Zhe, 0},  // English j, German glide, French ж
          {'K', K | Q, 0},
          {'Q', Q, 0},
          {'C', Jim | Ts, 0},  // Turkish C for jim, scholarly C for ц (C / K: SpellingKey)
          {'H', H | Kh, 0},    // Turkish H for kh
          {'S', S | Z | Th | Sh, Z | Th | Sh},  // German S for z, Egyptian S for th, Turkish Ş
          {'Z', Z | Dh | Ts, Dh | Ts},          // Egyptian Z for dh, German Z for ц
          {'T', T, 0},
          {'D', D, 0},
          {'L', L, 0},
          {'M', M, 0},
          {'N', N, 0},
          {'R', R, 0},
          {'X', X, 0},
      };
      static const auto* kByLetter = [] {  // A..Z -> its row
        auto* index = new std::array<const Letter*, 26>{};
        for (const Letter& l : kLetters) (*index)[static_cast<size_t>(l.letter - 'A')] = &l;
        return index;
      }();
      const Letter* letter =
          c >= 'A' && c <= 'Z' ? (*kByLetter)[static_cast<size_t>(c - 'A')] : nullptr;
      if (letter == nullptr) return false;
      u.text = t.substr(i, 1);
      u.sounds = letter->sounds;
      u.secondary = letter->secondary;
      if (c == 'G') u.wide_only = Jim;
      if (c == 'Q') u.optional = true;
      // EE is a long i (English) or two е (Russian), not an a.
      if (c == 'E' && (next == 'E' || (i > 0 && t[i - 1] == 'E'))) u.sounds = E | I;
      // Persian OW for the diphthong aw.
      if (c == 'O' && (next == 'W' || next == 'V')) u.sounds |= A;
    } else if (u.text.size() == 2 && c == 'G') {
      u.optional = true;  // GH
    } else if (u.text.size() == 2 && c == 'O' && i + 2 < t.size() &&
               (t[i + 2] == 'W' || t[i + 2] == 'V')) {
      // OU before W: the diphthong aw, as popular spellings write it (FOUWAZ for FAWWAZ).
      u.sounds |= A;
    }
    i += u.text.size();
    f->u[f->n++] = u;
  }
  for (size_t k = 0; k < f->n; ++k) f->u[k].skippable = Skippable(*f, k);
  return true;
}

bool HasDoubledVowel(std::string_view t) {
  for (size_t i = 0; i + 1 < t.size(); ++i)
    if (t[i] == t[i + 1] && (t[i] == 'A' || t[i] == 'E' || t[i] == 'O')) return true;
  return false;
}

// The fewest secondary readings (and unwritten qafs) that align two parsed tokens, or -1.
int WeakReadings(const RomanForm& a, const RomanForm& b, bool wide) {
  constexpr uint8_t kNone = 255;
  const size_t na = a.n, nb = b.n;
  std::array<std::array<uint8_t, kMaxRomanUnits + 1>, kMaxRomanUnits + 1> weak;
  for (size_t i = 0; i <= na; ++i)
    std::fill(weak[i].begin(), weak[i].begin() + static_cast<std::ptrdiff_t>(nb + 1), kNone);
  weak[0][0] = 0;
  auto relax = [&](size_t i, size_t j, int w) {
    if (w < weak[i][j]) weak[i][j] = static_cast<uint8_t>(std::min(w, 254));
  };
  for (size_t i = 0; i <= na; ++i) {
    for (size_t j = 0; j <= nb; ++j) {
      if (weak[i][j] == kNone) continue;
      const int w = weak[i][j];
      if (i < na && j < nb) {
        const RomanUnit& x = a.u[i];
        const RomanUnit& y = b.u[j];
        const uint64_t sx = wide ? x.sounds : x.sounds & ~x.wide_only;
        const uint64_t sy = wide ? y.sounds : y.sounds & ~y.wide_only;
        if ((sx & sy) != 0)
          relax(i + 1, j + 1, w + (((sx & ~x.secondary) & (sy & ~y.secondary)) != 0 ? 0 : 1));
      }
      if (i < na && a.u[i].skippable) relax(i + 1, j, w + (a.u[i].optional ? 1 : 0));
      if (j < nb && b.u[j].skippable) relax(i, j + 1, w + (b.u[j].optional ? 1 : 0));
    }
  }
  return weak[na][nb] == kNone ? -1 : weak[na][nb];
}

}  // namespace

bool RomanisationsMatch(std::string_view a, std::string_view b, bool* secondary) {
  if (secondary != nullptr) *secondary = false;
  const size_t shorter = std::min(a.size(), b.size()), longer = std::max(a.size(), b.size());
  if (longer - shorter > 4 || IsAbjad(a) || IsAbjad(b)) return false;
  // Tokens of four letters and five or more; a three-letter one only against an English
  // spelling with a doubled vowel (ALI / ALEE, YUN / YOON).
  if (!(shorter >= 4 && longer >= 5) &&
      !(shorter == 3 && longer >= 4 && HasDoubledVowel(a.size() > b.size() ? a : b)))
    return false;
  // The index matches one token against many: the first one's parse is kept (per thread).
  thread_local std::string last_a;
  thread_local RomanForm fa;
  thread_local bool fa_ok = false;
  if (a != last_a) {
    last_a.assign(a);
    fa_ok = ParseRomanisation(last_a, &fa);
  }
  RomanForm fb;
  if (!fa_ok || !ParseRomanisation(b, &fb)) return false;
  const int weak = WeakReadings(fa, fb, /*wide=*/shorter >= 5);
  if (weak < 0) return false;
  if (secondary != nullptr) *secondary = weak > 0;
  return true;
}

std::vector<std::string> RomanisationKeys(std::string_view token) {
  std::vector<std::string> keys;
  if (token.size() < 3 || IsAbjad(token)) return keys;
  RomanForm f;
  if (!ParseRomanisation(token, &f)) return keys;
  const auto& u = f.u;
  const size_t n = f.n;
  // Each unit's classes (0: none); the keys are the combinations, at most kMaxKeys.
  constexpr size_t kMaxKeys = 16;
  auto append = [](std::string* key, char c) {
    if (c != 0 && (key->empty() || key->back() != c)) *key += c;  // one class for a doubled letter
  };
  keys.emplace_back();
  keys.back().reserve(token.size());
  for (size_t k = 0; k < n; ++k) {
    char classes[8];
    size_t nc = 0;
    for (uint64_t s = u[k].sounds; s != 0; s &= s - 1) {
      const char c = SoundClass(s & (~s + 1));
      if (std::find(classes, classes + nc, c) == classes + nc) classes[nc++] = c;
    }
    if (u[k].skippable && std::find(classes, classes + nc, '\0') == classes + nc)
      classes[nc++] = '\0';
    if (nc == 1) {  // most letters: one class, every key grows alike
      for (std::string& key : keys) append(&key, classes[0]);
      continue;
    }
    std::vector<std::string> next;
    next.reserve(std::min(kMaxKeys, keys.size() * nc));
    for (const std::string& key : keys) {
      for (size_t c = 0; c < nc && next.size() < kMaxKeys; ++c) {
        next.push_back(key);
        append(&next.back(), classes[c]);
      }
    }
    std::sort(next.begin(), next.end());
    next.erase(std::unique(next.begin(), next.end()), next.end());
    keys = std::move(next);
  }
  keys.erase(std::remove(keys.begin(), keys.end(), std::string()), keys.end());
  return keys;
}

namespace {

// Korean syllables in the two romanisations: McCune-Reischauer (North Korea, and the
// South until 2000: K / P / T / CH for the plain initials, TH / PH / KH for the
// aspirated ones as the North writes T' P' K', O and U for the vowels written with a
// breve, SH before I) and the Revised Romanisation (G / B / D / J, EO / EU).
constexpr std::pair<std::string_view, std::string_view> kKoreanInitials[] = {
    {"CHH", "C"}, {"KK", "KK"}, {"TT", "TT"}, {"PP", "PP"}, {"SS", "SS"}, {"JJ", "JJ"},
    {"CH", "C"},  {"TH", "T"},  {"PH", "P"},  {"KH", "K"},  {"SH", "S"},  {"G", "K"},
    {"K", "K"},   {"N", "N"},   {"D", "T"},   {"T", "T"},   {"R", "R"},   {"L", "R"},
    {"M", "M"},   {"B", "P"},   {"P", "P"},   {"S", "S"},   {"J", "C"},   {"H", "H"},
};
constexpr std::pair<std::string_view, std::string_view> kKoreanVowels[] = {
    {"YAE", "YAE"}, {"YEO", "YO"}, {"WAE", "WAE"}, {"WEO", "WO"}, {"YA", "YA"}, {"AE", "AE"},
    {"EO", "O"},    {"YE", "YE"},  {"WA", "WA"},   {"OE", "OE"},  {"YO", "YO"}, {"WO", "WO"},
    {"WE", "WE"},   {"WI", "WI"},  {"YU", "YU"},   {"EU", "U"},   {"UI", "UI"}, {"A", "A"},
    {"E", "E"},     {"O", "O"},    {"U", "U"},     {"I", "I"},
};
constexpr std::string_view kKoreanFinals[] = {"NG", "K", "N", "L", "M", "P", "T", ""};

}  // namespace

std::string KoreanSyllableKey(std::string_view token) {
  if (token.size() < 2 || token.size() > 6 || IsAbjad(token)) return {};
  for (char c : token)  // letters Korean romanisation does not use
    if (c < 'A' || c > 'Z' || c == 'F' || c == 'Q' || c == 'V' || c == 'X' || c == 'Z') return {};
  auto starts = [](std::string_view t, std::string_view p) {
    if (p.size() > t.size()) return false;
    for (size_t k = 0; k < p.size(); ++k)
      if (t[k] != p[k]) return false;
    return true;
  };
  // Every way of reading the token as initial + vowel + final; the first that uses it all.
  for (size_t ii = 0; ii <= std::size(kKoreanInitials); ++ii) {
    std::string_view ini =
        ii < std::size(kKoreanInitials) ? kKoreanInitials[ii].first : std::string_view();
    if (!starts(token, ini)) continue;
    std::string_view rest = token.substr(ini.size());
    for (const auto& [vowel, vkey] : kKoreanVowels) {
      if (!starts(rest, vowel)) continue;
      std::string_view fin = rest.substr(vowel.size());
      if (fin.size() > 2 || std::find(std::begin(kKoreanFinals), std::end(kKoreanFinals), fin) ==
                                std::end(kKoreanFinals))
        continue;
      std::string key(ii < std::size(kKoreanInitials) ? kKoreanInitials[ii].second
                                                      : std::string_view());
      key += vkey;
      key += fin;
      return key;
    }
  }
  return {};
}

}  // namespace gw::compliance
