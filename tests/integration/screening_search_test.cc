// File: tests/integration/screening_search_test.cc
// The ad-hoc screening search end to end: POST /api/v1/compliance/screen on a
// running gatewayd and `gatewayctl sanctions screen`, against lists imported with
// gatewayctl into PostgreSQL (the EU file in the Financial Sanctions Files layout and
// the OFAC test list): ranked hits with the held-payment explanation, the listed
// entry's countries and dates of birth set against the ones given, roles, input
// checks, and the audit record of every search.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

namespace gw::test {
namespace {

using nlohmann::json;

const std::string kData = GW_SOURCE_DIR "/tests/compliance/data";

void WaitForList(GatewayFixture& f, const std::string& token, const std::string& list) {
  bool ok = WaitUntil(
      [&] {
        auto r = f.Call("POST", "/api/v1/compliance/screen", token, json{{"name", "probe"}}.dump());
        if (r.status != 200) return false;
        auto lists = f.Call("GET", "/api/v1/compliance/lists", token);
        return json::parse(r.body)["screened"].get<bool>() && lists.body.find(list) != std::string::npos &&
               json::parse(lists.body)["in_force_key"] == json::parse(r.body)["lists_key"];
      },
      std::chrono::seconds(20));
  REQUIRE(ok);
}

TEST_CASE("the screening search ranks hits with the held-payment explanation, for compliance, auditor and admin",
          "[integration][compliance]") {
  GatewayFixture f({}, GatewayFixture::Lists::kNone);
  Ctl(f.db().url(), {"sanctions", "import", "--format", "eu", kData + "/eu/fsf-export-1.1.xml"});
  const std::string officer = f.Token("compliance1");
  WaitForList(f, officer, "EU-FSF");

  // A transliteration of the listed Cyrillic name, with the listed nationality and date of birth.
  auto r = f.Call("POST", "/api/v1/compliance/screen", officer,
                  json{{"name", "Evgeny Shelestov"}, {"country", "RU"}, {"date_of_birth", "1971-09-14"}}.dump());
  REQUIRE(r.status == 200);
  json body = json::parse(r.body);
  CHECK(body["screened"] == true);
  REQUIRE(body["hits"].size() >= 1);
  const json& best = body["hits"][0];
  CHECK(best["rank"] == 1);
  CHECK(best["kind"] == "name");
  CHECK(best["field"] == "name");
  CHECK(best["list"] == "EU-FSF");
  CHECK(best["entry_id"] == "990101");
  CHECK(best["entry_name"] == "Yevgeniy Arkadyevich Shelestov");
  CHECK(best["score"].get<double>() >= best["threshold"].get<double>());
  CHECK(!best["token_matches"].empty());
  CHECK(best["country_check"] == "match");
  CHECK(best["date_of_birth_check"] == "match");
  CHECK(best["entry"]["countries"] == json::array({"RU"}));

  // The same name, another date of birth and country: still a hit, with the mismatches shown.
  r = f.Call("POST", "/api/v1/compliance/screen", officer,
             json{{"name", "Евгений Шелестов"}, {"country", "DE"}, {"date_of_birth", "1990-01-01"}}.dump());
  REQUIRE(r.status == 200);
  body = json::parse(r.body);
  REQUIRE(!body["hits"].empty());
  CHECK(body["hits"][0]["entry_id"] == "990101");
  CHECK(body["hits"][0]["country_check"] == "mismatch");
  CHECK(body["hits"][0]["date_of_birth_check"] == "mismatch");

  // A BIC listed in an identification element.
  r = f.Call("POST", "/api/v1/compliance/screen", officer,
             json{{"name", "Unrelated Name"}, {"bic", "VSDVRU2NXXX"}}.dump());
  REQUIRE(r.status == 200);
  body = json::parse(r.body);
  REQUIRE(body["hits"].size() == 1);
  CHECK(body["hits"][0]["kind"] == "bic");
  CHECK(body["hits"][0]["entry_id"] == "990102");

  // Nothing close: no hits.
  r = f.Call("POST", "/api/v1/compliance/screen", officer, json{{"name", "Margaret Whitaker"}}.dump());
  REQUIRE(r.status == 200);
  CHECK(json::parse(r.body)["hits"].empty());

  // Auditors and admins may search too; makers and checkers may not.
  CHECK(f.Call("POST", "/api/v1/compliance/screen", f.Token("auditor1"), json{{"name", "Shelestov"}}.dump()).status ==
        200);
  CHECK(f.Call("POST", "/api/v1/compliance/screen", f.Token("admin1"), json{{"name", "Shelestov"}}.dump()).status ==
        200);
  CHECK(f.Call("POST", "/api/v1/compliance/screen", f.Token("maker1"), json{{"name", "Shelestov"}}.dump()).status ==
        403);
  CHECK(f.Call("POST", "/api/v1/compliance/screen", f.Token("checker1"), json{{"name", "Shelestov"}}.dump()).status ==
        403);
  CHECK(f.Call("POST", "/api/v1/compliance/screen", "", json{{"name", "Shelestov"}}.dump()).status == 401);

  // Bad input names the field.
  for (const json& bad : {json::object(), json{{"name", ""}}, json{{"name", 7}},
                          json{{"name", "X Y"}, {"country", "Russia"}},
                          json{{"name", "X Y"}, {"date_of_birth", "1971-02-30"}},
                          json{{"name", "X Y"}, {"bic", "NOTABIC"}}}) {
    INFO(bad.dump());
    auto e = f.Call("POST", "/api/v1/compliance/screen", officer, bad.dump());
    CHECK(e.status == 400);
  }

  // Every search is audited as a read, with who searched and for what.
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'compliance.screen' AND actor = 'compliance1' "
                      "AND details->'query'->>'name' = 'Evgeny Shelestov'") == "1");
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'compliance.screen' AND actor = 'auditor1'") ==
        "1");
  CHECK(f.db().Scalar("SELECT details->>'hits' FROM audit_logs WHERE action = 'compliance.screen' "
                      "AND details->'query'->>'name' = 'Margaret Whitaker'") == "0");
}

TEST_CASE("gatewayctl sanctions screen prints the ranked hits and audits the search", "[integration][compliance]") {
  TestDatabase db;
  Ctl(db.url(), {"migrate"});
  Ctl(db.url(), {"sanctions", "import", "--format", "eu", kData + "/eu/fsf-export-1.1.xml"});
  Ctl(db.url(), {"sanctions", "import", "--format", "ofac-sdn", kData + "/ofac"});

  auto out = Ctl(db.url(), {"sanctions", "screen", "Husein Abdul Karim el-Zubeidi", "--country", "IQ", "--dob",
                            "1968-03-01"});
  CHECK(out.output.find("1. EU-FSF 990103 'Husayn Abd al-Karim al-Zubaydi'") != std::string::npos);
  CHECK(out.output.find("country match, date of birth match") != std::string::npos);

  auto js = Ctl(db.url(), {"sanctions", "screen", "NORDMARK ANLAGENBAU G.M.B.H.", "--json"});
  json body = json::parse(js.output.substr(js.output.find('{')));
  REQUIRE(!body["hits"].empty());
  CHECK(body["hits"][0]["entry_id"] == "990104");
  CHECK(body["hits"][0]["kind"] == "name");

  auto bad = Ctl(db.url(), {"sanctions", "screen", "Somebody", "--dob", "14.09.1971"}, "", /*expect_ok=*/false);
  CHECK(bad.exit_code == 2);
  CHECK(bad.output.find("date_of_birth") != std::string::npos);

  CHECK(db.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'compliance.screen' AND actor LIKE 'cli:%'") == "2");
}

}  // namespace
}  // namespace gw::test
