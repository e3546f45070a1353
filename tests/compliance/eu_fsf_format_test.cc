// File: tests/compliance/eu_fsf_format_test.cc
//
// The EU importer against a file in the EU Financial Sanctions Files XML layout
// (export 1.1: `export` root in the http://eu.europa.ec/fpi/fsd/export namespace,
// `sanctionEntity` with `regulation`, `subjectType`, `nameAlias` (wholeName or
// firstName / middleName / lastName, nameLanguage, strong), `citizenship`,
// `birthdate`, `identification`, `address` and `remark`), written by hand with
// invented entries (tests/compliance/data/eu/fsf-export-1.1.xml), then names from it
// screened the ways payments carry them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <memory>
#include <string>

#include "gateway/compliance/list_import.h"
#include "gateway/compliance/screening.h"
#include "tests/compliance/test_lists.h"

namespace gw::compliance {
namespace {

const ListEntry* Find(const SanctionsList& list, const std::string& id) {
  for (const auto& e : list.entries)
    if (e.entry_id == id) return &e;
  return nullptr;
}

bool HasAlias(const ListEntry& e, const std::string& name) {
  return std::any_of(e.aliases.begin(), e.aliases.end(), [&](const Alias& a) { return a.name == name; });
}

TEST_CASE("EU FSF export 1.1 file: every part of the format is read", "[compliance]") {
  auto r = ImportEuConsolidatedFile(testing::DataDir() / "eu" / "fsf-export-1.1.xml", ImportOptions());
  REQUIRE(r.ok());
  const SanctionsList& list = r->list;
  CHECK(list.name == "EU-FSF");
  CHECK(list.version == "2026-03-02T17:45:12.118+01:00");
  REQUIRE(list.entries.size() == 4);
  CHECK(r->report.rejected_count == 0);

  // A person whose first nameAlias is in Cyrillic: the Latin name is the primary one,
  // built from firstName / middleName / lastName when wholeName is empty.
  const ListEntry* person = Find(list, "990101");
  REQUIRE(person != nullptr);
  CHECK(person->type == EntryType::kIndividual);
  CHECK(person->reference == "EU.9101.44");
  CHECK(person->primary_name == "Yevgeniy Arkadyevich Shelestov");
  CHECK(HasAlias(*person, "Евгений Аркадьевич Шелестов"));
  CHECK(HasAlias(*person, "Evgenii Arkadevich SHELESTOV"));
  CHECK(person->nationalities == std::vector<std::string>{"RU"});
  CHECK(person->programmes == std::vector<std::string>{"RUS"});
  REQUIRE(person->addresses.size() == 1);
  CHECK(person->addresses[0].country_iso2 == "RU");
  CHECK(person->remarks.find("DOB 1971-09-14") != std::string::npos);

  // An enterprise: the SWIFT BIC identification becomes a BIC; the registration number does not.
  const ListEntry* shipyard = Find(list, "990102");
  REQUIRE(shipyard != nullptr);
  CHECK(shipyard->type == EntryType::kEntity);
  CHECK(shipyard->primary_name == "Limited Liability Company Volzhskaya Sudoverf");
  CHECK(HasAlias(*shipyard, "ООО «Волжская судоверфь»"));
  CHECK(shipyard->bics == std::vector<std::string>{"VSDVRU2N"});

  // Year of birth only, circa; an unknown ("00") address country is left empty.
  const ListEntry* arab = Find(list, "990103");
  REQUIRE(arab != nullptr);
  CHECK(arab->primary_name == "Husayn Abd al-Karim al-Zubaydi");
  CHECK(arab->aliases.size() == 2);
  CHECK(arab->remarks.find("DOB circa 1968") != std::string::npos);
  CHECK(arab->programmes == std::vector<std::string>{"TAQA"});
  REQUIRE(arab->addresses.size() == 1);
  CHECK(arab->addresses[0].country_iso2.empty());
  CHECK(Find(list, "990104") != nullptr);
}

TEST_CASE("EU FSF export 1.1 file: names from it are found as payments write them", "[compliance]") {
  auto r = ImportEuConsolidatedFile(testing::DataDir() / "eu" / "fsf-export-1.1.xml", ImportOptions());
  REQUIRE(r.ok());
  auto list = std::make_shared<const SanctionsList>(std::move(r->list));
  auto index = ScreeningIndex::Build({list}, ScreeningConfig());
  REQUIRE(index.ok());
  struct Case {
    const char* payment_name;
    const char* entry_id;
  };
  const Case cases[] = {
      {"Evgeny Shelestov", "990101"},                           // another transliteration, no patronymic
      {"SHELESTOV EVGENIJ ARKADEVICH", "990101"},               // order, -ij
      {"Евгений Шелестов", "990101"},                           // Cyrillic script
      {"OOO Volzhskaya Sudoverf", "990102"},                    // abbreviated legal form
      {"Volzhskaya Sudoverf LLC", "990102"},                    // English abbreviation
      {"ООО \"Волжская Судоверфь\"", "990102"},                 // Cyrillic, other quotes
      {"Hussein Abdul Karim Al Zubaidi", "990103"},             // another transliteration
      {"Husain Abdel-Karim el-Zubeidi", "990103"},              // French / Egyptian style
      {"حسين عبد الكريم الزبيدي", "990103"},                    // Arabic script
      {"Nordmark Anlagenbau G.m.b.H.", "990104"},               // punctuated legal form
      {"NORDMARK ANLAGENBAU GESELLSCHAFT MBH", "990104"},       // half spelled out
  };
  for (const Case& c : cases) {
    INFO(c.payment_name);
    auto hits = (*index)->ScreenName(c.payment_name);
    REQUIRE(hits.ok());
    REQUIRE_FALSE(hits->empty());
    CHECK((*hits)[0].entry_id == c.entry_id);
  }
  // The BIC from the identification element is screened like any listed BIC.
  ScreeningRequest request;
  request.creditor.name = "Unrelated Person";
  request.creditor_agent.bic = "VSDVRU2NXXX";
  auto result = (*index)->Screen(request);
  REQUIRE(result.ok());
  REQUIRE(result->hits.size() == 1);
  CHECK(result->hits[0].kind == HitKind::kBic);
  CHECK(result->hits[0].entry_id == "990102");
}

}  // namespace
}  // namespace gw::compliance
