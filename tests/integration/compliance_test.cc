// File: tests/integration/compliance_test.cc
// The compliance stage end to end: list imports through gatewayctl into
// PostgreSQL, screening in the pipeline, the hold queue API, release rules with
// four eyes, limits, and re-screening after a new list version.
#include <catch2/catch.hpp>

#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

namespace gw::test {
namespace {

using nlohmann::json;

const std::string kData = GW_SOURCE_DIR "/tests/compliance/data";

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Waits until gatewayd screens against a list ("lists:<ids>;rules:<ids>"), and,
// with `no_rules`, against no release rule.
void WaitForListsInForce(GatewayFixture& f, const std::string& token, bool no_rules = false) {
  bool ok = WaitUntil(
      [&] {
        auto r = f.Call("GET", "/api/v1/compliance/lists", token);
        if (r.status != 200) return false;
        auto key = json::parse(r.body)["in_force_key"].get<std::string>();
        const bool rules_ok = !no_rules || key.substr(key.size() - 6) == "rules:";
        return key.rfind("lists:;", 0) != 0 && rules_ok;
      },
      std::chrono::seconds(20));
  REQUIRE(ok);
}

json PaymentTo(GatewayFixture& f, const std::string& e2e, const std::string& amount, const std::string& creditor) {
  json p = f.PaymentJson(e2e, amount, f.alice_iban);
  p["creditor"]["name"] = creditor;
  return p;
}

std::string Create(GatewayFixture& f, const std::string& maker, const json& payment) {
  auto r = f.Call("POST", "/api/v1/payments", maker, payment.dump());
  REQUIRE(r.status == 201);
  return json::parse(r.body)["id"];
}

TEST_CASE("sanctions lists import in their publishers' formats, a malformed file changes nothing",
          "[integration][compliance]") {
  TestDatabase db;
  Ctl(db.url(), {"migrate"});
  auto ofac = Ctl(db.url(), {"sanctions", "import", "--format", "ofac-sdn", kData + "/ofac"});
  CHECK(ofac.output.find("imported OFAC-SDN") != std::string::npos);
  CHECK(ofac.output.find("90 entries") != std::string::npos);
  auto un = Ctl(db.url(), {"sanctions", "import", "--format", "un", kData + "/un/consolidated.xml"});
  CHECK(un.output.find("imported UN-SC") != std::string::npos);
  auto eu = Ctl(db.url(), {"sanctions", "import", "--format", "eu", kData + "/eu/consolidated.xml"});
  CHECK(eu.output.find("imported EU-FSF") != std::string::npos);
  auto own = Ctl(db.url(), {"sanctions", "import", "--format", "watchlist", "--list-name", "WATCHLIST", kData + "/watchlist.csv"});
  CHECK(own.output.find("imported WATCHLIST") != std::string::npos);

  CHECK(db.Scalar("SELECT count(*) FROM sanctions_list_versions WHERE status = 'ACTIVE'") == "4");
  const std::string ofac_entries = db.Scalar(
      "SELECT count(*) FROM sanctions_entries e JOIN sanctions_list_versions v ON v.id = e.version_id "
      "WHERE v.list_name = 'OFAC-SDN' AND v.status = 'ACTIVE'");
  CHECK(ofac_entries == "90");
  CHECK(db.Scalar("SELECT entry->>'primary_name' FROM sanctions_entries WHERE entry_id = '10119'") == "PAK, Song Il");
  CHECK(db.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'sanctions.import'") == "4");
  auto listed = Ctl(db.url(), {"sanctions", "list"});
  for (const char* name : {"OFAC-SDN", "UN-SC", "EU-FSF", "WATCHLIST"}) CHECK(listed.output.find(name) != std::string::npos);

  // A second OFAC version replaces the first atomically.
  auto again = Ctl(db.url(), {"sanctions", "import", "--format", "ofac-sdn", "--version", "2026-11-30", kData + "/ofac"});
  CHECK(again.output.find("replaces version id") != std::string::npos);
  CHECK(db.Scalar("SELECT version FROM sanctions_list_versions WHERE list_name = 'OFAC-SDN' AND status = 'ACTIVE'") ==
        "2026-11-30");
  CHECK(db.Scalar("SELECT count(*) FROM sanctions_list_versions WHERE list_name = 'OFAC-SDN'") == "2");

  // A malformed file: refused with its line and problem; the version in force stays.
  TempDir bad;
  std::ifstream sdn_in(kData + "/ofac/sdn.csv");
  std::string sdn((std::istreambuf_iterator<char>(sdn_in)), std::istreambuf_iterator<char>());
  WriteFile(bad.path() + "/sdn.csv", sdn + "99999,\"UNTERMINATED, Name,\"individual\"\n");
  auto refused = Ctl(db.url(), {"sanctions", "import", "--format", "ofac-sdn", bad.path() + "/sdn.csv"}, "", false);
  CHECK(refused.exit_code != 0);
  CHECK(refused.output.find("sdn.csv line 91") != std::string::npos);
  CHECK(refused.output.find("version in force is unchanged") != std::string::npos);
  CHECK(db.Scalar("SELECT version FROM sanctions_list_versions WHERE list_name = 'OFAC-SDN' AND status = 'ACTIVE'") ==
        "2026-11-30");
  CHECK(db.Scalar("SELECT count(*) FROM sanctions_list_versions WHERE list_name = 'OFAC-SDN'") == "2");

  auto wrong_format = Ctl(db.url(), {"sanctions", "import", "--format", "un", kData + "/watchlist.csv"}, "", false);
  CHECK(wrong_format.exit_code != 0);
  CHECK(wrong_format.output.find("line") != std::string::npos);
  CHECK(db.Scalar("SELECT count(*) FROM sanctions_list_versions") == "5");
}

TEST_CASE("a new list version much shorter than the one in force is refused unless forced",
          "[integration][compliance]") {
  TestDatabase db;
  TempDir dir;
  std::string full = "name,aliases,country,bic,list name,reference\n";
  for (int i = 0; i < 40; ++i)
    full += "\"Listed Person Number" + std::to_string(i) + " Zorvath\",\"\",IR,,BANK-WATCH,WL-" + std::to_string(i) + "\n";
  WriteFile(dir.path() + "/full.csv", full);
  Ctl(db.url(), {"sanctions", "import", "--format", "watchlist", "--version", "v1", dir.path() + "/full.csv"});
  // Cut at a record boundary after 30 of 40 entries: it parses cleanly.
  std::size_t at = 0;
  for (int lines = 0; lines < 31; ++lines) at = full.find('\n', at) + 1;
  WriteFile(dir.path() + "/truncated.csv", full.substr(0, at));
  auto refused = Ctl(db.url(), {"sanctions", "import", "--format", "watchlist", "--version", "v2",
                                dir.path() + "/truncated.csv"}, "", false);
  INFO(refused.output);
  CHECK(refused.exit_code != 0);
  CHECK(refused.output.find("30 entries") != std::string::npos);
  CHECK(refused.output.find("40") != std::string::npos);
  CHECK(refused.output.find("--force") != std::string::npos);
  CHECK(db.Scalar("SELECT version FROM sanctions_list_versions WHERE status = 'ACTIVE'") == "v1");
  CHECK(db.Scalar("SELECT count(*) FROM sanctions_list_versions") == "1");
  // A wider allowance, or --force, imports it; the audit row says it was forced.
  auto allowed = Ctl(db.url(), {"sanctions", "import", "--format", "watchlist", "--version", "v2", "--max-drop", "30",
                                dir.path() + "/truncated.csv"}, "", false);
  INFO(allowed.output);
  CHECK(allowed.exit_code == 0);
  WriteFile(dir.path() + "/short.csv", full.substr(0, full.find('\n', full.find('\n') + 1) + 1));
  CHECK(Ctl(db.url(), {"sanctions", "import", "--format", "watchlist", "--version", "v3", dir.path() + "/short.csv"},
            "", false).exit_code != 0);
  Ctl(db.url(), {"sanctions", "import", "--format", "watchlist", "--version", "v3", "--force", dir.path() + "/short.csv"});
  CHECK(db.Scalar("SELECT version FROM sanctions_list_versions WHERE status = 'ACTIVE'") == "v3");
  CHECK(db.Scalar("SELECT string_agg(coalesce(details->>'forced_drop', '?'), ',' ORDER BY id) FROM audit_logs "
                  "WHERE action = 'sanctions.import'") == "false,false,true");  // v1, v2 within --max-drop, v3 forced
}

TEST_CASE("a payment to a listed party, misspelt and reordered, is held with a full explanation, "
          "only compliance may release or reject it, and both are audited",
          "[integration][compliance]") {
  GatewayFixture f({}, GatewayFixture::Lists::kNone);
  const std::string maker = f.Token("maker1");
  const std::string officer = f.Token("compliance1");
  Ctl(f.db().url(), {"sanctions", "import", "--format", "watchlist", "--list-name", "WATCHLIST", kData + "/watchlist.csv"});
  WaitForListsInForce(f, officer);

  // Listed: "Moussa Olu Sesay" (BANK-WATCH WL-2024007). Reordered, one letter dropped.
  const std::string held = Create(f, maker, PaymentTo(f, "E2E-HOLD-1", "120.00", "Sesay Mousa Olu"));
  auto p = f.WaitForStatus(held, "COMPLIANCE_HOLD", maker);
  CHECK(p["reason"].get<std::string>().find("WL-2024007") != std::string::npos);
  // A clean payment is not held.
  const std::string clean = Create(f, maker, PaymentTo(f, "E2E-CLEAN-1", "10.00", "Carol Exemple SARL"));
  f.WaitForStatus(clean, "QUEUED", maker);

  auto holds = f.Call("GET", "/api/v1/compliance/holds", officer);
  REQUIRE(holds.status == 200);
  auto list = json::parse(holds.body)["holds"];
  REQUIRE(list.size() == 1);
  CHECK(list[0]["id"] == held);
  const auto& hit = list[0]["screening"]["hits"][0];
  CHECK(hit["kind"] == "name");
  CHECK(hit["field"] == "creditor");
  CHECK(hit["field_value"] == "Sesay Mousa Olu");
  CHECK(hit["list"] == "BANK-WATCH");
  CHECK(hit["entry_id"] == "WL-2024007");
  CHECK(hit["matched_name"] == "Moussa Olu Sesay");
  CHECK(hit["score"].get<double>() >= hit["threshold"].get<double>());
  CHECK(hit["token_matches"].size() >= 2);
  CHECK(list[0]["screening"]["list_versions"][0]["list"] == "WATCHLIST");
  CHECK(f.Call("GET", "/api/v1/compliance/holds", f.Token("auditor1")).status == 200);
  CHECK(f.Call("GET", "/api/v1/compliance/holds", maker).status == 403);

  const std::string release = "/api/v1/compliance/holds/" + held + "/release";
  CHECK(f.Call("POST", release, maker, R"({"reason":"mine"})").status == 403);
  CHECK(f.Call("POST", release, f.Token("checker1"), R"({"reason":"ok"})").status == 403);
  CHECK(f.Call("POST", release, f.Token("admin1"), R"({"reason":"ok"})").status == 403);
  auto no_reason = f.Call("POST", release, officer, "{}");
  CHECK(no_reason.status == 400);
  CHECK(no_reason.body.find("reason") != std::string::npos);
  auto released = f.Call("POST", release, officer, R"({"reason":"different person: date of birth differs"})");
  REQUIRE(released.status == 200);
  f.WaitForStatus(held, "QUEUED", maker);
  CHECK(f.Call("POST", release, officer, R"({"reason":"again"})").status == 409);
  CHECK(f.db().Scalar("SELECT actor FROM audit_logs WHERE action = 'compliance.release' AND entity_id = '" + held + "'") ==
        "compliance1");

  // Reject: REJECTED with RR04 and the officer's reason, nothing posted.
  const std::string rejected = Create(f, maker, PaymentTo(f, "E2E-HOLD-2", "130.00", "Moussa Olu Sessay"));
  f.WaitForStatus(rejected, "COMPLIANCE_HOLD", maker);
  auto r = f.Call("POST", "/api/v1/compliance/holds/" + rejected + "/reject", officer, R"({"reason":"confirmed match"})");
  REQUIRE(r.status == 200);
  auto after = json::parse(r.body);
  CHECK(after["status"] == "REJECTED");
  CHECK(after["reason_code"] == "RR04");
  CHECK(f.db().Scalar("SELECT count(*) FROM postings p JOIN journal_entries e ON e.id = p.entry_id "
                      "WHERE e.payment_id = '" + rejected + "'") == "0");
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'compliance.reject' AND actor = 'compliance1'") == "1");
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'compliance.hold'") == "2");
  auto screenings = f.Call("GET", "/api/v1/compliance/screenings?payment_id=" + rejected, f.Token("auditor1"));
  REQUIRE(screenings.status == 200);
  CHECK(json::parse(screenings.body)["screenings"][0]["outcome"] == "HOLD");
  CHECK(f.gatewayd().Get("/metrics").body.find("compliance_holds_total{cause=\"sanctions\"} 2") != std::string::npos);
}

TEST_CASE("a limit breach is held with its own reason", "[integration][compliance][limits]") {
  TempDir dir;
  const std::string config = dir.path() + "/gateway.toml";
  WriteFile(config,
            "[compliance.limits.EUR]\n"
            "per_transaction_max = \"500.00\"\n"
            "daily_per_debtor_account = \"1000.00\"\n");
  GatewayFixture f({{"GATEWAY_CONFIG", config}});
  const std::string maker = f.Token("maker1");
  const std::string big = Create(f, maker, PaymentTo(f, "E2E-LIM-1", "600.00", "Carol Exemple SARL"));
  auto p = f.WaitForStatus(big, "COMPLIANCE_HOLD", maker);
  CHECK(p["reason"].get<std::string>().find("limit breach") != std::string::npos);
  CHECK(p["reason"].get<std::string>().find("500.00") != std::string::npos);

  f.WaitForStatus(Create(f, maker, PaymentTo(f, "E2E-LIM-2", "300.00", "Carol Exemple SARL")), "QUEUED", maker);
  f.WaitForStatus(Create(f, maker, PaymentTo(f, "E2E-LIM-3", "300.00", "Carol Exemple SARL")), "COMPLIANCE_HOLD", maker);
  // Held payments count towards the day (a release must not breach it): 600.00
  // (held) + 300.00 + 300.00 exceeds 1000.00.
  auto holds = json::parse(f.Call("GET", "/api/v1/compliance/holds", f.Token("compliance1")).body)["holds"];
  REQUIRE(holds.size() == 2);
  CHECK(holds[0]["screening"]["limit_breaches"][0]["kind"] == "per_transaction");
  CHECK(holds[1]["screening"]["limit_breaches"][0]["kind"] == "daily_debtor_account");
  CHECK(holds[1]["screening"]["hits"].empty());
}

TEST_CASE("a release rule needs a second compliance officer, then releases the holds it covers",
          "[integration][compliance][four-eyes]") {
  GatewayFixture f({}, GatewayFixture::Lists::kNone);
  Ctl(f.db().url(), {"operator", "add", "--username", "compliance2", "--role", "compliance", "--password-stdin"},
      std::string(GatewayFixture::kPassword) + "\n");
  const std::string maker = f.Token("maker1");
  const std::string officer1 = f.Token("compliance1");
  const std::string officer2 = f.Token("compliance2");
  Ctl(f.db().url(), {"sanctions", "import", "--format", "watchlist", "--list-name", "WATCHLIST", kData + "/watchlist.csv"});
  WaitForListsInForce(f, officer1);
  const std::string held = Create(f, maker, PaymentTo(f, "E2E-RULE-1", "50.00", "Rodolfo Mendoza"));
  f.WaitForStatus(held, "COMPLIANCE_HOLD", maker);

  auto proposed = f.Call("POST", "/api/v1/compliance/rules", officer1,
                         R"({"list":"BANK-WATCH","entry_id":"WL-2024014","party_name":"Rodolfo Mendoza",
                             "reason":"our customer since 2009, not the listed person"})");
  REQUIRE(proposed.status == 201);
  const std::string rule = std::to_string(json::parse(proposed.body)["id"].get<int64_t>());
  CHECK(json::parse(proposed.body)["status"] == "PENDING");
  CHECK(f.Call("POST", "/api/v1/compliance/rules", officer2,
               R"({"list":"BANK-WATCH","entry_id":"WL-2024014","party_name":"rodolfo mendoza","reason":"dup"})")
            .status == 409);
  auto self = f.Call("POST", "/api/v1/compliance/rules/" + rule + "/approve", officer1);
  CHECK(self.status == 403);
  CHECK(self.body.find("second compliance officer") != std::string::npos);
  CHECK(f.Call("POST", "/api/v1/compliance/rules/" + rule + "/approve", f.Token("checker1")).status == 403);
  // Still held while the rule is only proposed.
  CHECK(json::parse(f.Call("GET", "/api/v1/payments/" + held, maker).body)["status"] == "COMPLIANCE_HOLD");

  auto approved = f.Call("POST", "/api/v1/compliance/rules/" + rule + "/approve", officer2);
  REQUIRE(approved.status == 200);
  CHECK(json::parse(approved.body)["status"] == "ACTIVE");
  f.WaitForStatus(held, "QUEUED", maker);
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action IN ('compliance.rule.propose', 'compliance.rule.approve')") == "2");
  CHECK(f.db().Scalar("SELECT trigger || ' ' || outcome FROM screening_results WHERE payment_id = '" + held +
                      "' ORDER BY id DESC LIMIT 1") == "rescreen CLEAR");

  // The next payment to the same party passes, with the suppressed hit on record.
  const std::string next = Create(f, maker, PaymentTo(f, "E2E-RULE-2", "40.00", "Rodolfo Mendoza"));
  f.WaitForStatus(next, "QUEUED", maker);
  CHECK(f.db().Scalar("SELECT suppressed->0->>'rule_id' FROM screening_results WHERE payment_id = '" + next + "'") == rule);

  // Revoked: the party is held again.
  auto revoked = f.Call("POST", "/api/v1/compliance/rules/" + rule + "/revoke", officer1, R"({"reason":"new information"})");
  CHECK(revoked.status == 200);
  CHECK(json::parse(revoked.body)["revoked_by"] == "compliance1");
  WaitForListsInForce(f, officer1, /*no_rules=*/true);
  f.WaitForStatus(Create(f, maker, PaymentTo(f, "E2E-RULE-3", "30.00", "Rodolfo Mendoza")), "COMPLIANCE_HOLD", maker);
}

TEST_CASE("a new list version re-screens payments not yet posted and holds the ones that now hit",
          "[integration][compliance]") {
  GatewayFixture f({}, GatewayFixture::Lists::kNone);
  const std::string maker = f.Token("maker1");
  const std::string officer = f.Token("compliance1");
  TempDir dir;
  WriteFile(dir.path() + "/v1.csv",
            "name,aliases,country,bic,list name,reference\n\"Jan Maria Bianchi\",\"\",HU,,BANK-WATCH,WL-1\n");
  Ctl(f.db().url(), {"sanctions", "import", "--format", "watchlist", "--version", "v1", dir.path() + "/v1.csv"});
  WaitForListsInForce(f, officer);
  // Above the four-eyes threshold: waits in PENDING_APPROVAL, screened clear against v1.
  const std::string waiting = Create(f, maker, PaymentTo(f, "E2E-RS-1", "20000.00", "Ostrava Freight Holdings"));
  f.WaitForStatus(waiting, "PENDING_APPROVAL", maker);
  const std::string posted = Create(f, maker, PaymentTo(f, "E2E-RS-2", "20.00", "Ostrava Freight Holdings"));
  f.WaitForStatus(posted, "QUEUED", maker);

  WriteFile(dir.path() + "/v2.csv",
            "name,aliases,country,bic,list name,reference\n\"Jan Maria Bianchi\",\"\",HU,,BANK-WATCH,WL-1\n"
            "\"Ostrava Freight Holdings\",\"\",CZ,,BANK-WATCH,WL-2\n");
  Ctl(f.db().url(), {"sanctions", "import", "--format", "watchlist", "--version", "v2", dir.path() + "/v2.csv"});
  auto p = f.WaitForStatus(waiting, "COMPLIANCE_HOLD", maker);
  CHECK(p["reason"].get<std::string>().find("WL-2") != std::string::npos);
  CHECK(f.db().Scalar("SELECT string_agg(trigger || ':' || outcome, ',' ORDER BY id) FROM screening_results "
                      "WHERE payment_id = '" + waiting + "'") == "pipeline:CLEAR,rescreen:HOLD");
  CHECK(f.db().Scalar("SELECT list_versions->0->>'version' FROM screening_results WHERE payment_id = '" + waiting +
                      "' ORDER BY id DESC LIMIT 1") == "v2");
  // Already posted and queued: past screening, left alone.
  CHECK(json::parse(f.Call("GET", "/api/v1/payments/" + posted, maker).body)["status"] == "QUEUED");
  CHECK(f.db().Scalar("SELECT count(*) FROM screening_results WHERE payment_id = '" + posted + "'") == "1");
}

TEST_CASE("ultimate parties and address countries are screened, an embargoed country is a hit",
          "[integration][compliance]") {
  TempDir dir;
  const std::string config = dir.path() + "/gateway.toml";
  WriteFile(config, "[compliance]\nembargoed_countries = [\"KP\"]\n");
  GatewayFixture f({{"GATEWAY_CONFIG", config}}, GatewayFixture::Lists::kNone);
  const std::string maker = f.Token("maker1");
  const std::string officer = f.Token("compliance1");
  Ctl(f.db().url(), {"sanctions", "import", "--format", "watchlist", "--list-name", "WATCHLIST", kData + "/watchlist.csv"});
  WaitForListsInForce(f, officer);

  json behind = PaymentTo(f, "E2E-ULT-1", "15.00", "Carol Exemple SARL");
  behind["ultimate_creditor"] = {{"name", "Imran Qureshy"}};  // listed: Imran Qureshi (WL-2024021)
  const std::string held = Create(f, maker, behind);
  f.WaitForStatus(held, "COMPLIANCE_HOLD", maker);
  auto screening = json::parse(f.Call("GET", "/api/v1/compliance/screenings?payment_id=" + held, officer).body);
  CHECK(screening["screenings"][0]["hits"][0]["field"] == "ultimate_creditor");
  CHECK(screening["screenings"][0]["hits"][0]["entry_id"] == "WL-2024021");

  json embargoed = PaymentTo(f, "E2E-EMB-1", "16.00", "Carol Exemple SARL");
  embargoed["creditor"]["country"] = "KP";
  const std::string emb = Create(f, maker, embargoed);
  auto p = f.WaitForStatus(emb, "COMPLIANCE_HOLD", maker);
  CHECK(p["creditor"]["country"] == "KP");
  screening = json::parse(f.Call("GET", "/api/v1/compliance/screenings?payment_id=" + emb, officer).body);
  CHECK(screening["screenings"][0]["hits"][0]["kind"] == "embargoed_country");

  json bad = PaymentTo(f, "E2E-BADCTRY", "17.00", "Carol Exemple SARL");
  bad["debtor"]["country"] = "Germany";
  auto r = f.Call("POST", "/api/v1/payments", maker, bad.dump());
  CHECK(r.status == 422);
  CHECK(r.body.find("/debtor/country") != std::string::npos);
}

}  // namespace
}  // namespace gw::test
