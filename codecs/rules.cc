// File: codecs/rules.cc
#include "codecs/rules.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "codecs/currency.h"

namespace gw::codecs {
namespace {

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpperOrDigit(char c) { return IsUpper(c) || IsDigit(c); }

std::string Quote(std::string_view v) {
  std::string s = "'";
  s.append(v.substr(0, 64));
  s += '\'';
  return s;
}

// ISO 3166-1 alpha-2 codes (officially assigned) plus XK (Kosovo, used by SWIFT/IBAN).
constexpr auto kCountries = std::to_array<std::string_view>({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX",
    "AZ", "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ",
    "BR", "BS", "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK",
    "CL", "CM", "CN", "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM",
    "DO", "DZ", "EC", "EE", "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR",
    "GA", "GB", "GD", "GE", "GF", "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS",
    "GT", "GU", "GW", "GY", "HK", "HM", "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN",
    "IO", "IQ", "IR", "IS", "IT", "JE", "JM", "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN",
    "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC", "LI", "LK", "LR", "LS", "LT", "LU", "LV",
    "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK", "ML", "MM", "MN", "MO", "MP", "MQ",
    "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA", "NC", "NE", "NF", "NG", "NI",
    "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG", "PH", "PK", "PL", "PM",
    "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW", "SA", "SB", "SC",
    "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS", "ST", "SV",
    "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO", "TR",
    "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "XK", "YE", "YT", "ZA", "ZM", "ZW",
});
static_assert(std::is_sorted(kCountries.begin(), kCountries.end()));

bool IsCountry(std::string_view c) {
  return std::binary_search(kCountries.begin(), kCountries.end(), c);
}

struct IbanCountry {
  std::string_view country;
  int length;
};
// ISO 13616 IBAN registry: total IBAN length per country.
constexpr auto kIbanLengths = std::to_array<IbanCountry>({
    {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16},
    {"BG", 22}, {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22},
    {"CY", 28}, {"CZ", 24}, {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20},
    {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22},
    {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
    {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30},
    {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21},
    {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20}, {"MR", 27},
    {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
    {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33},
    {"SA", 24}, {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27},
    {"SO", 23}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29},
    {"VA", 22}, {"VG", 24}, {"XK", 20}, {"YE", 30},
});
static_assert(std::is_sorted(kIbanLengths.begin(), kIbanLengths.end(),
                             [](const IbanCountry& a, const IbanCountry& b) {
                               return a.country < b.country;
                             }));

// Value of an alphanumeric string read as a base-10 number with letters A=10..Z=35
// (ISO 7064 / ISO 13616 conversion), modulo 97. Characters must be [A-Z0-9].
int Mod97(std::string_view a, std::string_view b = {}) {
  int r = 0;
  auto feed = [&r](std::string_view s) {
    for (char c : s) {
      if (IsDigit(c)) {
        r = (r * 10 + (c - '0')) % 97;
      } else {
        int v = c - 'A' + 10;
        r = (r * 100 + v) % 97;
      }
    }
  };
  feed(a);
  feed(b);
  return r;
}

bool IsLeapYear(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(long y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Parses "N" digits at s[pos..pos+n) into v.
bool Digits(std::string_view s, size_t pos, size_t n, int& v) {
  if (pos + n > s.size()) return false;
  v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return false;
    v = v * 10 + (s[i] - '0');
  }
  return true;
}

// Parses an xs:date prefix "YYYY-MM-DD" (4-digit year, no sign); returns the
// position after it or 0 when not a real date.
size_t ParseDatePart(std::string_view s) {
  int y, m, d;
  if (!Digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !Digits(s, 5, 2, m) ||
      s[7] != '-' || !Digits(s, 8, 2, d)) {
    return 0;
  }
  if (y == 0 || m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return 0;
  return 10;
}

// Parses an optional time zone at s[pos..]: "", "Z", "+hh:mm", "-hh:mm".
bool ParseZone(std::string_view s, size_t pos) {
  if (pos == s.size()) return true;
  if (s[pos] == 'Z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int hh, mm;
  if (!Digits(s, pos + 1, 2, hh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
      !Digits(s, pos + 4, 2, mm) || pos + 6 != s.size()) {
    return false;
  }
  return mm <= 59 && (hh < 14 || (hh == 14 && mm == 0));
}

constexpr auto kChargeBearer = std::to_array<std::string_view>({"CRED", "DEBT", "SHAR", "SLEV"});
constexpr auto kSettlementMethod =
    std::to_array<std::string_view>({"CLRG", "COVE", "INDA", "INGA"});
constexpr auto kTransactionStatus = std::to_array<std::string_view>({
    "ACCC", "ACCP", "ACFC", "ACFW", "ACIS", "ACPD", "ACSC", "ACSP", "ACTC", "ACWC", "ACWP",
    "BLCK", "CANC", "CPUC", "PART", "PATC", "PDNG", "PRES", "RCVC", "RCVD", "RJCT", "RVCM",
    "RVMC", "RVNA", "RVNC", "RVNM",
});
constexpr auto kGroupStatus = std::to_array<std::string_view>({
    "ACCC", "ACCP", "ACSC", "ACSP", "ACTC", "ACWC", "PART", "PDNG", "RCVC", "RCVD", "RJCT",
    "RVCM", "RVNC",
});
constexpr auto kCopyDuplicate = std::to_array<std::string_view>({"CODU", "COPY", "DUPL"});
// ExternalStatusReason1Code (ISO 20022 external code sets).
constexpr auto kStatusReason = std::to_array<std::string_view>({
    "AB01", "AB02", "AB03", "AB04", "AB05", "AB06", "AB07", "AB08", "AB09", "AB10", "AB11",
    "AB12", "AB13", "AB15", "AB21", "AB26", "AC01", "AC02", "AC03", "AC04", "AC05", "AC06",
    "AC07", "AC08", "AC09", "AC10", "AC11", "AC12", "AC13", "AC14", "AC15", "AC16", "AEXR",
    "AG01", "AG02", "AG03", "AG04", "AG05", "AG06", "AG07", "AG08", "AG09", "AG10", "AG11",
    "AG12", "AG13", "AGNT", "ALAC", "AM01", "AM02", "AM03", "AM04", "AM05", "AM06", "AM07",
    "AM09", "AM10", "AM11", "AM12", "AM13", "AM14", "AM15", "AM16", "AM17", "AM18", "AM19",
    "AM20", "AM21", "AM22", "AM23", "AMSE", "APAR", "ARFR", "ARJR", "ATNS", "BDAY", "BE01",
    "BE04", "BE05", "BE06", "BE07", "BE08", "BE09", "BE10", "BE11", "BE12", "BE13", "BE14",
    "BE15", "BE16", "BE17", "BE18", "BE19", "BE20", "BE21", "BE22", "BE23", "CERI", "CH03",
    "CH04", "CH07", "CH09", "CH10", "CH11", "CH12", "CH13", "CH14", "CH15", "CH16", "CH17",
    "CH19", "CH20", "CH21", "CH22", "CHCO", "CHQC", "CHRG", "CN01", "CNNS", "CNOR", "CURR",
    "CUST", "DC02", "DNOR", "DS01", "DS02", "DS03", "DS04", "DS05", "DS06", "DS07", "DS08",
    "DS09", "DS0A", "DS0B", "DS0C", "DS0D", "DS0E", "DS0F", "DS0G", "DS0H", "DS0K", "DS10",
    "DS11", "DS12", "DS13", "DS14", "DS15", "DS16", "DS17", "DS18", "DS19", "DS20", "DS21",
    "DS22", "DS23", "DS24", "DS25", "DS26", "DS27", "DS28", "DT01", "DT02", "DT03", "DT04",
    "DT05", "DT06", "DU01", "DU02", "DU03", "DU04", "DU05", "DUPL", "ED01", "ED03", "ED05",
    "ED06", "EDNA", "EDTL", "EDTR", "EOL1", "ERIN", "FF01", "FF02", "FF03", "FF04", "FF05",
    "FF06", "FF07", "FF08", "FF09", "FF10", "FF11", "FF12", "FF13", "FOCR", "FR01", "FRAD",
    "G000", "G001", "G002", "G003", "G004", "G005", "G006", "ID01", "IEDT", "INAR", "INDT",
    "IPNS", "IRNR", "ISWS", "MD01", "MD02", "MD05", "MD06", "MD07", "MINF", "MS02", "MS03",
    "NARR", "NERI", "NOAR", "NOAS", "NOCM", "NOFR", "NOPG", "NRCH", "OSNS", "PINS", "RC01",
    "RC02", "RC03", "RC04", "RC05", "RC06", "RC07", "RC08", "RC09", "RC10", "RC11", "RC12",
    "RC13", "RC15", "RC16", "RCON", "RECI", "REPR", "RF01", "RQNR", "RR01", "RR02", "RR03",
    "RR04", "RR05", "RR06", "RR07", "RR08", "RR09", "RR10", "RR11", "RR12", "RTNS", "RUTA",
    "S000", "S001", "S002", "S003", "S004", "SBRN", "SL01", "SL02", "SL03", "SL11", "SL12",
    "SL13", "SL14", "SL15", "SL16", "SL17", "SL18", "SNRD", "SPII", "TA01", "TD01", "TD02",
    "TD03", "TK01", "TK02", "TK03", "TK09", "TKCM", "TKSG", "TKSP", "TKVE", "TKXP", "TM01",
    "TS01", "TS04", "UCRD", "UPAY",
});
static_assert(std::is_sorted(kStatusReason.begin(), kStatusReason.end()));
static_assert(std::is_sorted(kTransactionStatus.begin(), kTransactionStatus.end()));
static_assert(std::is_sorted(kGroupStatus.begin(), kGroupStatus.end()));

}  // namespace

const CodeSet kChargeBearerCodes{"ChargeBearerType1Code", "FF01", kChargeBearer};
const CodeSet kSettlementMethodCodes{"SettlementMethod1Code", "FF01", kSettlementMethod};
const CodeSet kTransactionStatusCodes{"ExternalPaymentTransactionStatus1Code", "FF01",
                                      kTransactionStatus};
const CodeSet kGroupStatusCodes{"ExternalPaymentGroupStatus1Code", "FF01", kGroupStatus};
const CodeSet kStatusReasonCodes{"ExternalStatusReason1Code", "FF01", kStatusReason};
const CodeSet kCopyDuplicateCodes{"CopyDuplicate1Code", "FF01", kCopyDuplicate};

RuleResult CheckBic(std::string_view bic) {
  bool shape = (bic.size() == 8 || bic.size() == 11);
  for (size_t i = 0; shape && i < bic.size(); ++i) {
    char c = bic[i];
    shape = (i >= 4 && i < 6) ? IsUpper(c) : IsUpperOrDigit(c);
  }
  if (!shape) {
    return RuleViolation{"BIC-001", "RC01",
                         "BIC " + Quote(bic) +
                             " is not an ISO 9362 BIC: 4 letters or digits (party), 2 letters "
                             "(country), 2 letters or digits (location), optionally 3 more "
                             "(branch)"};
  }
  if (!IsCountry(bic.substr(4, 2))) {
    return RuleViolation{"BIC-002", "RC01",
                         "BIC " + Quote(bic) + " has country code '" + std::string(bic.substr(4, 2)) +
                             "', which is not an ISO 3166 country"};
  }
  return std::nullopt;
}

RuleResult CheckIban(std::string_view iban) {
  bool shape = iban.size() >= 5 && iban.size() <= 34 && IsUpper(iban[0]) && IsUpper(iban[1]) &&
               IsDigit(iban[2]) && IsDigit(iban[3]);
  for (size_t i = 4; shape && i < iban.size(); ++i) shape = IsUpperOrDigit(iban[i]);
  if (!shape) {
    return RuleViolation{"IBAN-001", "AC01",
                         "IBAN " + Quote(iban) +
                             " is malformed: expected a country code, 2 check digits and up to 30 "
                             "upper-case letters or digits, without spaces"};
  }
  std::string_view country = iban.substr(0, 2);
  auto it = std::lower_bound(
      kIbanLengths.begin(), kIbanLengths.end(), country,
      [](const IbanCountry& e, std::string_view c) { return e.country < c; });
  if (it == kIbanLengths.end() || it->country != country) {
    return RuleViolation{"IBAN-002", "AC01",
                         "IBAN " + Quote(iban) + " names country '" + std::string(country) +
                             "', which does not use IBANs (ISO 13616 registry)"};
  }
  if (static_cast<int>(iban.size()) != it->length) {
    return RuleViolation{"IBAN-002", "AC01",
                         "IBAN " + Quote(iban) + " has " + std::to_string(iban.size()) +
                             " characters but IBANs of " + std::string(country) + " have " +
                             std::to_string(it->length)};
  }
  if (Mod97(iban.substr(4), iban.substr(0, 4)) != 1) {
    return RuleViolation{"IBAN-003", "AC01",
                         "IBAN " + Quote(iban) + " fails the check digit test (mod 97); it is "
                                                 "probably mistyped"};
  }
  return std::nullopt;
}

RuleResult CheckLei(std::string_view lei) {
  bool shape = lei.size() == 20;
  for (size_t i = 0; shape && i < 20; ++i) shape = i < 18 ? IsUpperOrDigit(lei[i]) : IsDigit(lei[i]);
  if (!shape) {
    return RuleViolation{"LEI-001", "RR12",
                         "LEI " + Quote(lei) +
                             " is not an ISO 17442 LEI: 18 upper-case letters or digits followed "
                             "by 2 check digits"};
  }
  if (Mod97(lei) != 1) {
    return RuleViolation{"LEI-001", "RR12",
                         "LEI " + Quote(lei) + " fails the ISO 7064 mod 97-10 check digit test"};
  }
  return std::nullopt;
}

RuleResult CheckCountry(std::string_view country) {
  if (IsCountry(country)) return std::nullopt;
  return RuleViolation{"CTRY-001", "BE09",
                       "country code " + Quote(country) + " is not an ISO 3166 alpha-2 code"};
}

RuleResult CheckCurrency(std::string_view currency) {
  if (IsActiveCurrency(currency)) return std::nullopt;
  return RuleViolation{"CUR-001", "AM03",
                       "currency " + Quote(currency) + " is not an active ISO 4217 currency code"};
}

RuleResult CheckAmount(const Decimal& value, std::string_view currency) {
  auto minor = CurrencyMinorUnits(currency);
  if (!minor) return CheckCurrency(currency);
  if (value.IsZero()) {
    return RuleViolation{"AMT-001", "AM01", "the amount is zero; it must be positive"};
  }
  if (value.IsNegative()) {
    return RuleViolation{"AMT-001", "AM12", "the amount is negative; it must be positive"};
  }
  if (value.SignificantFractionDigits() > *minor) {
    return RuleViolation{"CUR-002", "AM12",
                         "the amount " + value.ToString() + " has " +
                             std::to_string(value.SignificantFractionDigits()) +
                             " decimals but " + std::string(currency) + " has " +
                             std::to_string(*minor)};
  }
  return std::nullopt;
}

RuleResult CheckUuidV4(std::string_view uuid) {
  auto hex = [](char c) { return IsDigit(c) || (c >= 'a' && c <= 'f'); };
  bool ok = uuid.size() == 36;
  for (size_t i = 0; ok && i < 36; ++i) {
    char c = uuid[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      ok = c == '-';
    } else if (i == 14) {
      ok = c == '4';
    } else if (i == 19) {
      ok = c == '8' || c == '9' || c == 'a' || c == 'b';
    } else {
      ok = hex(c);
    }
  }
  if (ok) return std::nullopt;
  return RuleViolation{"UETR-001", "FF01",
                       "UETR " + Quote(uuid) +
                           " is not a UUID version 4 (lower-case "
                           "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx)"};
}

RuleResult CheckIsoDate(std::string_view date) {
  size_t pos = ParseDatePart(date);
  if (pos != 0 && ParseZone(date, pos)) return std::nullopt;
  return RuleViolation{"DT-001", "DT01",
                       "date " + Quote(date) + " is not a real calendar date (YYYY-MM-DD)"};
}

RuleResult CheckIsoDateTime(std::string_view s) {
  auto fail = [&] {
    return RuleViolation{"DT-002", "DT01",
                         "date-time " + Quote(s) +
                             " is not a real date and time (YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm])"};
  };
  size_t pos = ParseDatePart(s);
  if (pos == 0 || pos >= s.size() || s[pos] != 'T') return fail();
  int hh, mm, ss;
  if (!Digits(s, pos + 1, 2, hh) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
      !Digits(s, pos + 4, 2, mm) || pos + 6 >= s.size() || s[pos + 6] != ':' ||
      !Digits(s, pos + 7, 2, ss)) {
    return fail();
  }
  pos += 9;
  bool fraction_nonzero = false;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) fraction_nonzero |= s[pos++] != '0';
    if (pos == start) return fail();
  }
  bool end_of_day = hh == 24 && mm == 0 && ss == 0 && !fraction_nonzero;
  if ((hh > 23 && !end_of_day) || mm > 59 || ss > 59) return fail();
  if (!ParseZone(s, pos)) return fail();
  return std::nullopt;
}

RuleResult CheckCode(std::string_view code, const CodeSet& set) {
  if (std::binary_search(set.codes.begin(), set.codes.end(), code)) return std::nullopt;
  return RuleViolation{"CODE-001", set.reason_code,
                       "code " + Quote(code) + " is not in " + std::string(set.name)};
}

bool Report(Issues& out, const std::string& path, std::string_view value,
            const RuleResult& violation) {
  if (!violation) return true;
  AddIssue(out, violation->rule_id, violation->reason_code, path, value, violation->message);
  return false;
}

}  // namespace gw::codecs
