// File: tests/compliance/list_import_test.cc
#include "gateway/compliance/list_import.h"

#include <catch2/catch.hpp>
#include <sstream>
#include <string>

#include "tests/compliance/test_lists.h"

namespace gw::compliance {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// An OFAC import from three in-memory files.
StatusOr<ImportResult> Ofac(const std::string& sdn, const std::string& alt = "",
                            const std::string& add = "") {
  std::istringstream s(sdn), a(alt), d(add);
  return ImportOfacSdn(s, &a, &d, ImportOptions());
}

const char kSdnRow[] =
    "501,\"KARAMANLI, Selim Tarik\",\"individual\",\"SDGT] [IFSR\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
    ",-0- ,\"nationality Turkey; SWIFT/BIC KRMNTRIS.\"\r\n";

TEST_CASE("OFAC SDN CSV test list imports with counts", "[compliance]") {
  auto r = ImportOfacSdnDirectory(testing::DataDir() / "ofac", ImportOptions());
  REQUIRE(r.ok());
  CHECK(r->list.name == "OFAC-SDN");
  CHECK(r->report.entries == 90);
  CHECK(r->report.aliases == 70);
  CHECK(r->report.addresses == 115);
  CHECK(r->report.rejected_count == 0);
  CHECK(r->list.entries.size() == 90);
  size_t individuals = 0, entities = 0, vessels = 0, aircraft = 0, with_bic = 0;
  for (const auto& e : r->list.entries) {
    individuals += e.type == EntryType::kIndividual;
    entities += e.type == EntryType::kEntity;
    vessels += e.type == EntryType::kVessel;
    aircraft += e.type == EntryType::kAircraft;
    with_bic += !e.bics.empty();
    CHECK(!e.primary_name.empty());
    CHECK(!e.programmes.empty());
  }
  CHECK(individuals == 62);
  CHECK(entities == 22);
  CHECK(vessels == 4);
  CHECK(aircraft == 2);
  CHECK(with_bic > 0);
}

TEST_CASE("OFAC SDN fields: -0- is empty, programmes split, remarks parsed", "[compliance]") {
  auto r = Ofac(kSdnRow, "501,9001,\"aka\",\"KARAMANLI, Selim\",-0- \r\n",
                "501,7001,\"12 Harbour Street\",\"Izmir\",Turkey,-0- \r\n");
  REQUIRE(r.ok());
  REQUIRE(r->list.entries.size() == 1);
  const ListEntry& e = r->list.entries[0];
  CHECK(e.entry_id == "501");
  CHECK(e.primary_name == "KARAMANLI, Selim Tarik");
  CHECK(e.type == EntryType::kIndividual);
  CHECK(e.programmes == std::vector<std::string>{"SDGT", "IFSR"});
  CHECK(e.nationalities == std::vector<std::string>{"Turkey"});
  CHECK(e.bics == std::vector<std::string>{"KRMNTRIS"});
  REQUIRE(e.aliases.size() == 1);
  CHECK(e.aliases[0].name == "KARAMANLI, Selim");
  CHECK(e.aliases[0].quality == "aka");
  REQUIRE(e.addresses.size() == 1);
  CHECK(e.addresses[0].city == "Izmir");
  CHECK(e.addresses[0].country == "Turkey");
}

TEST_CASE("OFAC SDN malformed files are refused with line and reason", "[compliance]") {
  const std::string good = kSdnRow;
  struct Case {
    std::string sdn, alt, add, expected;
  };
  const Case cases[] = {
      {good + "502,\"TOO FEW\",-0- ,\"SDGT\"\r\n", "", "",
       "sdn.csv line 2: expected 12 fields, found 4"},
      {good + "503,\"UNTERMINATED,-0- ,-0- \r\n", "", "",
       "sdn.csv line 2: unterminated quoted field"},
      {good + "504,-0- ,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "", "",
       "sdn.csv line 2: SDN_Name is empty"},
      {good + "abc,\"X\",-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "", "",
       "sdn.csv line 2: ent_num 'abc' is not a positive integer"},
      {good + "505,\"X\",\"submarine\",\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "",
       "", "sdn.csv line 2: unknown SDN_Type 'submarine'"},
      {good + "506,\"X\"junk,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "", "",
       "sdn.csv line 2: text after a closing quote"},
      {good + "507,X\"Y,-0- ,\"SDGT\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n", "", "",
       "sdn.csv line 2: quote inside an unquoted field"},
      {good, "501,9001,\"aka\"\r\n", "", "alt.csv line 1: expected 5 fields, found 3"},
      {good, "501,9001,\"aka\",-0- ,-0- \r\n", "", "alt.csv line 1: alt_name is empty"},
      {good, "", "501,7001,\"street\",\"city\"\r\n", "add.csv line 1: expected 6 fields, found 4"},
  };
  for (const Case& c : cases) {
    INFO(c.expected);
    auto r = Ofac(c.sdn, c.alt, c.add);
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK(Contains(r.status().message(), c.expected));
  }
}

TEST_CASE("OFAC SDN orphan and duplicate records are rejected, not fatal", "[compliance]") {
  std::string sdn = std::string(kSdnRow) + kSdnRow;  // ent_num 501 twice
  auto r =
      Ofac(sdn, "999,9002,\"aka\",\"NOBODY\",-0- \r\n", "998,7002,-0- ,\"Izmir\",Turkey,-0- \r\n");
  REQUIRE(r.ok());
  CHECK(r->report.entries == 1);
  CHECK(r->report.aliases == 0);
  CHECK(r->report.addresses == 0);
  REQUIRE(r->report.rejected_count == 3);
  REQUIRE(r->report.rejected.size() == 3);
  CHECK(r->report.rejected[0].file == "sdn.csv");
  CHECK(r->report.rejected[0].line == 2);
  CHECK(Contains(r->report.rejected[0].reason, "duplicate ent_num 501"));
  CHECK(r->report.rejected[1].file == "alt.csv");
  CHECK(Contains(r->report.rejected[1].reason, "ent_num 999 is not in sdn.csv"));
  CHECK(r->report.rejected[2].file == "add.csv");
}

TEST_CASE("OFAC SDN bounds: an over-long record is refused", "[compliance]") {
  ImportOptions options;
  options.max_record_bytes = 64;
  std::istringstream s(kSdnRow);
  auto r = ImportOfacSdn(s, nullptr, nullptr, options);
  REQUIRE_FALSE(r.ok());
  CHECK(Contains(r.status().message(), "sdn.csv line 1: record longer than 64 bytes"));
}

TEST_CASE("OFAC SDN quoted fields may hold commas, quotes and line breaks", "[compliance]") {
  auto r = Ofac(
      "601,\"NORTHWIND \"\"POLAR\"\" TRADING, LTD.\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
      ",-0- ,\"line one\nline two\"\n602,\"SECOND\",-0- ,\"IRAN\",-0- ,-0- ,-0- ,-0- ,-0- ,-0- "
      ",-0- "
      ",-0- \n\x1a");
  REQUIRE(r.ok());
  REQUIRE(r->list.entries.size() == 2);
  CHECK(r->list.entries[0].primary_name == "NORTHWIND \"POLAR\" TRADING, LTD.");
  CHECK(r->list.entries[0].type == EntryType::kEntity);
  CHECK(r->list.entries[0].remarks == "line one\nline two");
  CHECK(r->report.lines_read == 3);
}

TEST_CASE("progress callback reports records and bytes", "[compliance]") {
  ImportOptions options;
  options.progress_every_records = 10;
  uint64_t calls = 0, last_records = 0, last_bytes = 0, total = 0;
  options.progress = [&](uint64_t bytes, uint64_t total_bytes, uint64_t records) {
    ++calls;
    CHECK(records >= last_records);
    CHECK(bytes >= last_bytes);
    last_records = records;
    last_bytes = bytes;
    total = total_bytes;
  };
  auto r = ImportOfacSdnDirectory(testing::DataDir() / "ofac", options);
  REQUIRE(r.ok());
  CHECK(calls >= (90 + 70 + 115) / 10);
  CHECK(last_records == 90 + 70 + 115);
  CHECK(total > 0);
  CHECK(last_bytes == total);
}

TEST_CASE("UN consolidated XML test list imports with counts", "[compliance]") {
  auto r =
      ImportUnConsolidatedFile(testing::DataDir() / "un" / "consolidated.xml", ImportOptions());
  REQUIRE(r.ok());
  CHECK(r->list.name == "UN-SC");
  CHECK(r->list.version == "2026-02-27T10:15:02.114-05:00");
  CHECK(r->report.entries == 34);
  CHECK(r->report.aliases == 28);
  CHECK(r->report.addresses == 47);
  CHECK(r->report.rejected_count == 0);
  size_t individuals = 0;
  for (const auto& e : r->list.entries) {
    individuals += e.type == EntryType::kIndividual;
    CHECK(!e.reference.empty());
    if (e.type == EntryType::kIndividual) CHECK(e.nationalities.size() == 1);
  }
  CHECK(individuals == 24);
}

std::string UnDoc(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CONSOLIDATED_LIST "
         "dateGenerated=\"2026-01-01\">\n" +
         body + "</CONSOLIDATED_LIST>\n";
}

const char kUnIndividual[] =
    "<INDIVIDUALS><INDIVIDUAL><DATAID>77</DATAID><FIRST_NAME>TARIQ</FIRST_NAME>"
    "<SECOND_NAME>WALID</SECOND_NAME><THIRD_NAME>HADDAD</THIRD_NAME><FOURTH_NAME/>"
    "<UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.900</REFERENCE_NUMBER>"
    "<NATIONALITY><VALUE>Syria</VALUE></NATIONALITY>"
    "<INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Abu Walid</ALIAS_NAME></INDIVIDUAL_ALIAS>"
    "<INDIVIDUAL_ALIAS><QUALITY/><ALIAS_NAME/></INDIVIDUAL_ALIAS>"
    "<INDIVIDUAL_ADDRESS><CITY>Aleppo</CITY><COUNTRY>Syria</COUNTRY></INDIVIDUAL_ADDRESS>"
    "</INDIVIDUAL></INDIVIDUALS>\n";

TEST_CASE("UN XML fields map to the model", "[compliance]") {
  std::istringstream in(UnDoc(kUnIndividual));
  auto r = ImportUnConsolidated(in, ImportOptions());
  REQUIRE(r.ok());
  REQUIRE(r->list.entries.size() == 1);
  const ListEntry& e = r->list.entries[0];
  CHECK(e.entry_id == "77");
  CHECK(e.reference == "QDi.900");
  CHECK(e.primary_name == "TARIQ WALID HADDAD");
  CHECK(e.programmes == std::vector<std::string>{"Al-Qaida"});
  CHECK(e.nationalities == std::vector<std::string>{"Syria"});
  REQUIRE(e.aliases.size() == 1);  // the empty alias is not an alias
  CHECK(e.aliases[0].name == "Abu Walid");
  CHECK(e.aliases[0].quality == "Good");
  REQUIRE(e.addresses.size() == 1);
  CHECK(e.addresses[0].country == "Syria");
}

TEST_CASE("UN XML malformed documents are refused with line and reason", "[compliance]") {
  struct Case {
    std::string xml, expected;
  };
  const Case cases[] = {
      {UnDoc("<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>\n<FIRST_NAME>X</SECOND_NAME>"),
       "consolidated.xml line 4:"},
      {"<?xml version=\"1.0\"?>\n<!DOCTYPE CONSOLIDATED_LIST [<!ENTITY xxe SYSTEM "
       "\"file:///etc/passwd\">]>\n<CONSOLIDATED_LIST>&xxe;</CONSOLIDATED_LIST>",
       "line 2: a DOCTYPE declaration is not allowed"},
      {"<?xml version=\"1.0\"?>\n<SOMETHING_ELSE/>", "line 2: root element is 'SOMETHING_ELSE'"},
      {UnDoc("<INDIVIDUALS>\n<INDIVIDUAL><FIRST_NAME>X</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>\n"),
       "line 4: required element DATAID is missing or empty"},
      {UnDoc("<ENTITIES>\n<ENTITY><DATAID>5</DATAID><FIRST_NAME/></ENTITY></ENTITIES>\n"),
       "line 4: required element FIRST_NAME is missing or empty (DATAID 5)"},
      {"", "consolidated.xml line"},
  };
  for (const Case& c : cases) {
    INFO(c.expected);
    std::istringstream in(c.xml);
    auto r = ImportUnConsolidated(in, ImportOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK(Contains(r.status().message(), c.expected));
  }
}

TEST_CASE("UN XML duplicate DATAID is rejected, not fatal", "[compliance]") {
  std::string body = kUnIndividual;
  std::istringstream in(UnDoc(body + body));
  auto r = ImportUnConsolidated(in, ImportOptions());
  REQUIRE(r.ok());
  CHECK(r->report.entries == 1);
  REQUIRE(r->report.rejected.size() == 1);
  CHECK(Contains(r->report.rejected[0].reason, "duplicate entry id 77"));
  CHECK(r->report.rejected[0].line == 4);
}

TEST_CASE("UN XML over-long text is refused", "[compliance]") {
  ImportOptions options;
  options.max_record_bytes = 100;
  std::istringstream in(UnDoc("<INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>" +
                              std::string(500, 'A') + "</FIRST_NAME></INDIVIDUAL></INDIVIDUALS>"));
  auto r = ImportUnConsolidated(in, options);
  REQUIRE_FALSE(r.ok());
  CHECK(Contains(r.status().message(), "element text longer than 100 bytes"));
}

TEST_CASE("EU consolidated XML test list imports with counts", "[compliance]") {
  auto r =
      ImportEuConsolidatedFile(testing::DataDir() / "eu" / "consolidated.xml", ImportOptions());
  REQUIRE(r.ok());
  CHECK(r->list.name == "EU-FSF");
  CHECK(r->list.version == "2026-02-28T09:00:31.870+01:00");
  CHECK(r->report.entries == 34);
  CHECK(r->report.aliases == 29);
  CHECK(r->report.addresses == 48);
  size_t persons = 0;
  for (const auto& e : r->list.entries) {
    persons += e.type == EntryType::kIndividual;
    CHECK(e.programmes.size() == 1);
    for (const auto& a : e.addresses) CHECK(a.country_iso2.size() == 2);
  }
  CHECK(persons == 24);
}

std::string EuDoc(const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<export "
         "xmlns=\"http://eu.europa.ec/fpi/fsd/export\" generationDate=\"2026-01-02\">\n" +
         body + "</export>\n";
}

const char kEuEntity[] =
    "<sanctionEntity logicalId=\"42\" euReferenceNumber=\"EU.1.2\">\n"
    "<remark>Test.</remark>\n"
    "<regulation programme=\"RUS\" logicalId=\"1\"/>\n"
    "<subjectType code=\"person\" classificationCode=\"P\"/>\n"
    "<nameAlias firstName=\"Élodie\" middleName=\"\" lastName=\"Marchetti\" wholeName=\"Élodie "
    "Marchetti\" strong=\"true\" logicalId=\"2\"/>\n"
    "<nameAlias wholeName=\"Elodie Marketti\" strong=\"false\" logicalId=\"3\"/>\n"
    "<citizenship countryIso2Code=\"IT\" logicalId=\"4\"/>\n"
    "<address city=\"Genova\" street=\"Via Roma 1\" countryIso2Code=\"IT\" "
    "countryDescription=\"ITALY\" logicalId=\"5\"/>\n"
    "</sanctionEntity>\n";

TEST_CASE("EU XML fields map to the model", "[compliance]") {
  std::istringstream in(EuDoc(kEuEntity));
  auto r = ImportEuConsolidated(in, ImportOptions());
  REQUIRE(r.ok());
  REQUIRE(r->list.entries.size() == 1);
  const ListEntry& e = r->list.entries[0];
  CHECK(e.entry_id == "42");
  CHECK(e.reference == "EU.1.2");
  CHECK(e.type == EntryType::kIndividual);
  CHECK(e.primary_name == "Élodie Marchetti");
  REQUIRE(e.aliases.size() == 1);
  CHECK(e.aliases[0].name == "Elodie Marketti");
  CHECK(e.aliases[0].quality == "weak");
  CHECK(e.nationalities == std::vector<std::string>{"IT"});
  CHECK(e.programmes == std::vector<std::string>{"RUS"});
  REQUIRE(e.addresses.size() == 1);
  CHECK(e.addresses[0].country_iso2 == "IT");
  CHECK(e.remarks == "Test.");
}

TEST_CASE("EU XML malformed documents are refused with line and reason", "[compliance]") {
  struct Case {
    std::string xml, expected;
  };
  std::string no_subject = kEuEntity;
  no_subject.replace(no_subject.find("<subjectType"),
                     no_subject.find("<nameAlias") - no_subject.find("<subjectType"), "");
  const Case cases[] = {
      {"<?xml version=\"1.0\"?>\n<export xmlns=\"urn:other\"/>",
       "line 2: root element is '{urn:other}export'"},
      {EuDoc("<sanctionEntity>\n<subjectType code=\"person\"/><nameAlias "
             "wholeName=\"X\"/></sanctionEntity>\n"),
       "line 3: required attribute logicalId is missing on sanctionEntity"},
      {EuDoc("<sanctionEntity logicalId=\"9\">\n<subjectType code=\"ship\"/></sanctionEntity>\n"),
       "line 4: unknown subjectType code 'ship'"},
      {EuDoc("<sanctionEntity logicalId=\"9\">\n<subjectType code=\"person\"/></sanctionEntity>\n"),
       "line 3: required element nameAlias is missing or has no name (logicalId 9)"},
      {EuDoc(no_subject), "line 3: required element subjectType is missing (logicalId 42)"},
      {"<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 "
       "\"&lol;&lol;&lol;\">]>\n<export "
       "xmlns=\"http://eu.europa.ec/fpi/fsd/export\">&lol2;</export>",
       "a DOCTYPE declaration is not allowed"},
      {EuDoc("<sanctionEntity logicalId=\"9\">\n<oops></sanctionEntity>\n"),
       "consolidated.xml line 4:"},
  };
  for (const Case& c : cases) {
    INFO(c.expected);
    std::istringstream in(c.xml);
    auto r = ImportEuConsolidated(in, ImportOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(r.status().code() == StatusCode::kInvalidArgument);
    CHECK(Contains(r.status().message(), c.expected));
  }
}

TEST_CASE("watch list CSV test list imports with counts", "[compliance]") {
  auto r = ImportWatchlistFile(testing::DataDir() / "watchlist.csv", ImportOptions());
  REQUIRE(r.ok());
  CHECK(r->report.entries == 22);
  CHECK(r->report.aliases == 10);
  CHECK(r->report.addresses == 22);
  size_t with_bic = 0;
  for (const auto& e : r->list.entries) {
    CHECK(e.list_name == "BANK-WATCH");
    CHECK(e.entry_id.rfind("WL-", 0) == 0);
    with_bic += !e.bics.empty();
  }
  CHECK(with_bic == 6);
}

TEST_CASE("watch list CSV malformed files are refused with line and reason", "[compliance]") {
  const std::string header = "name,aliases,country,bic,list name,reference\n";
  struct Case {
    std::string csv, expected;
  };
  const Case cases[] = {
      {"", "watchlist.csv line 1: empty file"},
      {"name,alias,country,bic,list name,reference\n", "line 1: header column 2 is 'alias'"},
      {"name,aliases,country\n", "line 1: header has 3 columns, expected 6"},
      {header + "\"Ada Kovac\",,HR,,WL,R1\n,,,,WL,R2\n", "line 3: required field 'name' is empty"},
      {header + "\"Ada Kovac\",,HR,,WL,\n", "line 2: required field 'reference' is empty"},
      {header + "\"Ada Kovac\",,HR,NOTABIC,WL,R1\n", "line 2: invalid BIC 'NOTABIC'"},
      {header + "\"Ada Kovac\",,HR,,WL\n", "line 2: expected 6 fields, found 5"},
      {header + "\"Ada Kovac,,HR,,WL,R1\n", "line 2: unterminated quoted field"},
  };
  for (const Case& c : cases) {
    INFO(c.expected);
    std::istringstream in(c.csv);
    auto r = ImportWatchlist(in, ImportOptions());
    REQUIRE_FALSE(r.ok());
    CHECK(Contains(r.status().message(), c.expected));
  }
}

TEST_CASE("watch list CSV fields and duplicate references", "[compliance]") {
  std::istringstream in(
      "Name,Aliases,Country,BIC,List Name,Reference\n"
      "\"Ada Kovac\",\"Ada Kovach; A. Kovac\",hr,zagbhr2x;ZAGBHR2X100,,R1\n"
      "\"Other\",,,,,R1\n");
  ImportOptions options;
  options.list_name = "OWN";
  options.list_version = "v7";
  auto r = ImportWatchlist(in, options);
  REQUIRE(r.ok());
  REQUIRE(r->list.entries.size() == 1);
  const ListEntry& e = r->list.entries[0];
  CHECK(e.list_name == "OWN");
  CHECK(r->list.version == "v7");
  REQUIRE(e.aliases.size() == 2);
  CHECK(e.aliases[1].name == "A. Kovac");
  CHECK(e.bics == std::vector<std::string>{"ZAGBHR2X", "ZAGBHR2X100"});
  CHECK(e.addresses[0].country_iso2 == "HR");
  REQUIRE(r->report.rejected.size() == 1);
  CHECK(r->report.rejected[0].line == 3);
  CHECK(Contains(r->report.rejected[0].reason, "duplicate reference 'R1' (first on line 2)"));
}

TEST_CASE("BIC syntax", "[compliance]") {
  CHECK(IsValidBic("DEUTDEFF"));
  CHECK(IsValidBic("DEUTDEFF500"));
  CHECK(IsValidBic("ABCDUS33XXX"));
  CHECK_FALSE(IsValidBic("DEUTDEF"));
  CHECK_FALSE(IsValidBic("DEUTDEFF50"));
  CHECK_FALSE(IsValidBic("deutdeff"));
  CHECK_FALSE(IsValidBic("DEU1DEFF"));
  CHECK_FALSE(IsValidBic("DEUTD3FF"));
}

}  // namespace
}  // namespace gw::compliance
