// File: gateway/compliance/screening_search.cc
#include "gateway/compliance/screening_search.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "gateway/compliance/list_import.h"
#include "gateway/compliance/name_normalizer.h"

namespace gw::compliance {
namespace {

std::string UpperTrim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  std::string out(s.substr(b, e - b));
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

bool IsCountryCode(std::string_view c) {
  return c.size() == 2 && std::isupper(static_cast<unsigned char>(c[0])) &&
         std::isupper(static_cast<unsigned char>(c[1]));
}

struct Date {
  int year = 0, month = 0, day = 0;  // 0: not known
  bool circa = false;
  int year_to = 0;  // a range "1960 to 1962"
};

bool ParseIsoDate(std::string_view s, Date* d) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  d->year = std::atoi(std::string(s.substr(0, 4)).c_str());
  d->month = std::atoi(std::string(s.substr(5, 2)).c_str());
  d->day = std::atoi(std::string(s.substr(8, 2)).c_str());
  static constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d->year < 1800 || d->month < 1 || d->month > 12 || d->day < 1 || d->day > kDays[d->month - 1]) return false;
  const bool leap = (d->year % 4 == 0 && d->year % 100 != 0) || d->year % 400 == 0;
  return !(d->month == 2 && d->day == 29 && !leap);
}

int MonthNumber(std::string_view word) {
  static constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  if (word.size() < 3) return 0;
  std::string w = UpperTrim(word.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i)
    if (w == kMonths[i]) return static_cast<int>(i) + 1;
  return 0;
}

// One listed date as written after "DOB": "12 Mar 1961", "Mar 1961", "1961",
// "1961-03-12", "1961-03", "circa 1961", "1960 to 1962".
bool ParseListedDate(std::string_view text, Date* d) {
  std::vector<std::string> words;
  std::string cur;
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '-') {
      cur.push_back(c);
    } else if (!cur.empty()) {
      words.push_back(cur);
      cur.clear();
    }
  }
  if (!cur.empty()) words.push_back(cur);
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    std::string u = UpperTrim(w);
    if (u == "CIRCA" || u == "CA" || u == "ABOUT") {
      d->circa = true;
    } else if (w.size() == 10 && ParseIsoDate(w, d)) {
      return true;
    } else if (w.size() == 7 && w[4] == '-') {
      d->year = std::atoi(w.substr(0, 4).c_str());
      d->month = std::atoi(w.substr(5, 2).c_str());
      return d->year > 0;
    } else if (w.size() == 4 && std::all_of(w.begin(), w.end(), ::isdigit)) {
      if (d->year != 0 && d->year_to == 0) {
        d->year_to = std::atoi(w.c_str());
        return true;
      }
      d->year = std::atoi(w.c_str());
      if (i + 2 < words.size() && UpperTrim(words[i + 1]) == "TO") continue;
      return true;
    } else if (MonthNumber(w) != 0 && w.size() <= 9) {
      d->month = MonthNumber(w);
    } else if (w.size() <= 2 && std::all_of(w.begin(), w.end(), ::isdigit)) {
      d->day = std::atoi(w.c_str());
    } else if (u == "TO") {
      continue;
    } else {
      break;
    }
  }
  return d->year > 0;
}

}  // namespace

Status ValidateSearchQuery(const SearchQuery& q) {
  if (UpperTrim(q.name).empty()) return InvalidArgument("name: required (a non-empty string)");
  if (q.name.size() > kMaxNameBytes)
    return InvalidArgument("name: longer than " + std::to_string(kMaxNameBytes) + " bytes");
  if (!q.country.empty() && !IsCountryCode(UpperTrim(q.country)))
    return InvalidArgument("country: '" + q.country + "' is not an ISO 3166-1 alpha-2 code");
  Date d;
  if (!q.date_of_birth.empty() && !ParseIsoDate(q.date_of_birth, &d))
    return InvalidArgument("date_of_birth: '" + q.date_of_birth + "' is not a date (YYYY-MM-DD)");
  if (!q.bic.empty() && !IsValidBic(UpperTrim(q.bic)))
    return InvalidArgument("bic: '" + q.bic + "' is not a valid BIC");
  return Status::Ok();
}

StatusOr<std::vector<ScreeningHit>> ScreenSearch(const ScreeningIndex& index, const SearchQuery& q) {
  GW_RETURN_IF_ERROR(ValidateSearchQuery(q));
  ScreeningRequest request;
  request.debtor.name = q.name;
  request.debtor.country = UpperTrim(q.country);
  request.debtor_agent.bic = UpperTrim(q.bic);
  GW_ASSIGN_OR_RETURN(ScreeningResult result, index.Screen(request));
  auto rank = [](HitKind k) { return k == HitKind::kName ? 0 : k == HitKind::kBic ? 1 : 2; };
  std::stable_sort(result.hits.begin(), result.hits.end(), [&](const ScreeningHit& a, const ScreeningHit& b) {
    if (rank(a.kind) != rank(b.kind)) return rank(a.kind) < rank(b.kind);
    return a.score > b.score;
  });
  return std::move(result.hits);
}

std::vector<std::string> DatesOfBirthFromRemarks(std::string_view remarks) {
  std::vector<std::string> out;
  size_t pos = 0;
  while ((pos = remarks.find("DOB", pos)) != std::string_view::npos) {
    const bool word_start = pos == 0 || !std::isalnum(static_cast<unsigned char>(remarks[pos - 1]));
    pos += 3;
    if (!word_start || pos >= remarks.size() || std::isalnum(static_cast<unsigned char>(remarks[pos]))) continue;
    size_t end = remarks.find_first_of(";\n", pos);
    std::string_view clause = remarks.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
    size_t b = clause.find_first_not_of(" :\t");
    if (b == std::string_view::npos) continue;
    clause = clause.substr(b);
    while (!clause.empty() && (clause.back() == ' ' || clause.back() == '.' || clause.back() == ',')) clause.remove_suffix(1);
    // "DOB 1961; alt. DOB 1962": each clause is one date.
    if (!clause.empty() && clause.size() <= 40) out.emplace_back(clause);
  }
  return out;
}

IdentifierCheck CheckIdentifiers(const ListEntry& entry, const SearchQuery& q) {
  IdentifierCheck check;
  auto add_country = [&](const std::string& c) {
    std::string u = UpperTrim(c);
    if (IsCountryCode(u) && std::find(check.listed_countries.begin(), check.listed_countries.end(), u) ==
                                check.listed_countries.end()) {
      check.listed_countries.push_back(u);
    }
  };
  for (const auto& n : entry.nationalities) add_country(n);
  for (const auto& a : entry.addresses) add_country(a.country_iso2);
  const std::string country = UpperTrim(q.country);
  if (!country.empty() && !check.listed_countries.empty()) {
    check.country = std::find(check.listed_countries.begin(), check.listed_countries.end(), country) !=
                            check.listed_countries.end()
                        ? "match"
                        : "mismatch";
  }
  check.listed_dates_of_birth = DatesOfBirthFromRemarks(entry.remarks);
  Date given;
  if (!q.date_of_birth.empty() && ParseIsoDate(q.date_of_birth, &given)) {
    bool any = false, match = false;
    for (const auto& text : check.listed_dates_of_birth) {
      Date d;
      if (!ParseListedDate(text, &d)) continue;
      any = true;
      const int slack = d.circa ? 1 : 0;
      const int to = d.year_to != 0 ? d.year_to : d.year;
      bool ok = given.year >= d.year - slack && given.year <= to + slack;
      if (ok && !d.circa && d.year_to == 0) {
        ok = (d.month == 0 || d.month == given.month) && (d.day == 0 || d.day == given.day);
      }
      match = match || ok;
    }
    if (any) check.date_of_birth = match ? "match" : "mismatch";
  }
  return check;
}

}  // namespace gw::compliance
