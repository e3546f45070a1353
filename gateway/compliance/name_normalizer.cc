// File: gateway/compliance/name_normalizer.cc
#include "gateway/compliance/name_normalizer.h"

#include <array>
#include <string>
#include <unordered_map>
#include <unordered_set>

namespace gw::compliance {
namespace {

// Upper-case ASCII for U+00C0..U+00FF; "" separates (× and ÷).
constexpr std::array<const char*, 64> kLatin1Fold = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // C0-CF
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "SS",  // D0-DF
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I",   // E0-EF
    "D", "N", "O", "O", "O", "O", "O",  "",  "O", "U", "U", "U", "U", "Y", "TH", "Y",   // F0-FF
};

// Upper-case ASCII for U+0100..U+017F (Latin Extended-A).
constexpr std::array<const char*, 128> kLatinExtAFold = {
    "A", "A", "A",  "A",  "A", "A", "C", "C", "C", "C", "C", "C", "C", "C", "D", "D",  // 0100
    "D", "D", "E",  "E",  "E", "E", "E", "E", "E", "E", "E", "E", "G", "G", "G", "G",  // 0110
    "G", "G", "G",  "G",  "H", "H", "H", "H", "I", "I", "I", "I", "I", "I", "I", "I",  // 0120
    "I", "I", "IJ", "IJ", "J", "J", "K", "K", "K", "L", "L", "L", "L", "L", "L", "L",  // 0130
    "L", "L", "L",  "N",  "N", "N", "N", "N", "N", "N", "N", "N", "O", "O", "O", "O",  // 0140
    "O", "O", "OE", "OE", "R", "R", "R", "R", "R", "R", "S", "S", "S", "S", "S", "S",  // 0150
    "S", "S", "T",  "T",  "T", "T", "T", "T", "U", "U", "U", "U", "U", "U", "U", "U",  // 0160
    "U", "U", "U",  "U",  "W", "W", "Y", "Y", "Y", "Z", "Z", "Z", "Z", "Z", "Z", "S",  // 0170
};

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

enum class CharClass { kLetters, kDelete, kSeparator, kPeriod, kOther };

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
  if (cp < 0xC0) return CharClass::kSeparator;                     // C1 controls, Latin-1 symbols
  if (cp >= 0x2000 && cp <= 0x206F) return CharClass::kSeparator;  // general punctuation
  if (cp >= 0x3000 && cp <= 0x303F) return CharClass::kSeparator;  // CJK punctuation
  if (cp == 0xFEFF) return CharClass::kSeparator;                  // BOM
  if (cp >= 0x0300 && cp <= 0x036F) return CharClass::kDelete;     // combining diacritics
  return CharClass::kOther;
}

const std::unordered_set<std::string_view>& Honorifics() {
  static const std::unordered_set<std::string_view> k = {
      "MR",      "MRS",    "MS",      "MISS",    "MISTER",    "MADAM",   "MADAME", "MME",
      "MLLE",    "DR",     "DOCTOR",  "PROF",    "PROFESSOR", "SIR",     "DAME",   "LORD",
      "LADY",    "SHEIKH", "SHAIKH",  "SHEIK",   "SHAYKH",    "SHEIKHA", "HAJI",   "HAJJI",
      "HAJ",     "HAJJ",   "ALHAJI",  "ALHAJ",   "HERR",      "FRAU",    "SR",     "SRA",
      "SRTA",    "SENOR",  "SENORA",  "SIGNOR",  "SIGNORA",   "MESSRS",  "REV",    "REVEREND",
      "IMAM",    "MULLAH", "MAULANA", "MAWLAWI", "MAULVI",    "HRH",     "GEN",    "COL",
      "COLONEL", "CAPT",   "CAPTAIN", "MAJ",     "MAJOR",     "LT",      "ENGR",   "MGR",
      "MALLAM",  "CHIEF",  "HON",     "JUDGE",   "USTAD",     "USTADH",  "USTAZ",  "MULLA",
      "TUAN",    "PUAN",   "DATO",    "DATUK",
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
      "PVT",  "PRIVATE",     "PUBLIC", "HOLDINGS", "HOLDING"};
  return k;
}

const std::unordered_set<std::string_view>& Particles() {
  static const std::unordered_set<std::string_view> k = {
      "AL",  "EL",  "UL", "BIN", "IBN", "BINT", "BEN", "BINTI", "VAN", "VON",
      "DER", "DEN", "DE", "DA",  "DI",  "DU",   "DOS", "DAS",   "DEL", "Y"};
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
    {"LEE", "RHEE", "YI", nullptr},
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
  auto flush = [&] {
    if (!cur.empty() && tokens.size() < max_tokens) tokens.push_back(cur);
    cur.clear();
  };
  size_t i = 0;
  while (i < utf8.size() && tokens.size() < max_tokens) {
    size_t start = i;
    char32_t cp = DecodeOne(utf8, &i);
    const char* ascii = nullptr;
    switch (Classify(cp, &ascii, buf)) {
      case CharClass::kLetters:
        cur += ascii;
        break;
      case CharClass::kDelete:
        break;
      case CharClass::kPeriod:
        if (cur.size() != 1) flush();  // "S.A." joins; "CO." separates
        break;
      case CharClass::kSeparator:
        flush();
        break;
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

std::vector<std::string> NormalizeName(std::string_view utf8) {
  std::vector<std::string> tokens = FoldAndTokenize(utf8, kMaxNameTokens * 2);
  // Leading honorifics ("H.E. SHEIKH DR ...").
  size_t lead = 0;
  while (lead + 1 < tokens.size() && IsHonorific(tokens[lead])) ++lead;
  tokens.erase(tokens.begin(), tokens.begin() + static_cast<std::ptrdiff_t>(lead));
  while (tokens.size() > 1 && IsSuffix(tokens.back())) tokens.pop_back();
  tokens = DropWhere(tokens, &IsLegalForm);
  tokens = DropWhere(tokens, &IsConnective);
  tokens = DropWhere(tokens, &IsNameParticle);
  if (tokens.size() > kMaxNameTokens) tokens.resize(kMaxNameTokens);
  return tokens;
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

}  // namespace gw::compliance
