// File: gateway/compliance/screening_search.h
//
// Ad-hoc screening: a compliance officer's search of one name (and, optionally, a
// country, a date of birth and a BIC) against the lists in force, answered with the
// same ranked hits and explanations a screened payment gets, and with the listed
// entry's countries and dates of birth set against the ones given.
//
//   SearchQuery q{.name = "Husein Abdul Karim", .country = "IQ", .date_of_birth = "1968-05-01"};
//   GW_RETURN_IF_ERROR(ValidateSearchQuery(q));
//   auto hits = ScreenSearch(*index, q);        // name, BIC and embargoed-country hits
//   IdentifierCheck c = CheckIdentifiers(entry, q);  // per hit, with the entry's record
//
// Pure and thread-safe; the callers (HTTP API, gatewayctl) read the entries and write
// the audit record.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "gateway/compliance/list_model.h"
#include "gateway/compliance/screening.h"

namespace gw::compliance {

struct SearchQuery {
  std::string name;           // required, at most kMaxNameBytes bytes
  std::string country;        // ISO 3166-1 alpha-2, optional
  std::string date_of_birth;  // YYYY-MM-DD, optional
  std::string bic;            // 8 or 11 characters, optional
};

// InvalidArgument naming the field: empty or too long name, a country that is not two
// letters, a date that is not a valid YYYY-MM-DD date, a malformed BIC.
Status ValidateSearchQuery(const SearchQuery& query);

// Screens the query as a payment party (name and country) with an agent (the BIC):
// name hits best first, then BIC hits, then embargoed-country hits. The hits' `field`
// is the party / agent field the query was screened as (debtor, debtor_agent).
StatusOr<std::vector<ScreeningHit>> ScreenSearch(const ScreeningIndex& index, const SearchQuery& query);

// "match", "mismatch" or "unknown" (nothing to compare: not given, or not listed).
struct IdentifierCheck {
  std::string country = "unknown";
  std::string date_of_birth = "unknown";
  std::vector<std::string> listed_countries;       // ISO codes of nationalities and addresses
  std::vector<std::string> listed_dates_of_birth;  // as read from the entry
};

// Sets the query's country against the entry's nationalities and address countries
// (ISO codes), and its date of birth against the entry's ("DOB ..." clauses of the
// remarks, as OFAC publishes them and the EU / UN importers record them: "DOB 12 Mar
// 1961", "DOB 1961-03-12", "DOB circa 1968", "DOB 1960 to 1962"). A listed year alone
// matches any date in that year; "circa" a year either side.
IdentifierCheck CheckIdentifiers(const ListEntry& entry, const SearchQuery& query);

// The dates of birth in `remarks`, as written after each "DOB".
std::vector<std::string> DatesOfBirthFromRemarks(std::string_view remarks);

}  // namespace gw::compliance
