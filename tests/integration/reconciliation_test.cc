// File: tests/integration/reconciliation_test.cc
// Reconciliation through the running gateway: statements uploaded and refused
// over the API, a day run and reported (JSON, CSV, aging), the exception queue
// with four eyes, the metrics; the scheduled run made once by two gatewayd
// sharing one database; and the run command's demo day, reconciled from the
// demo bank's own statements with no set-up.
#include <catch2/catch.hpp>

#include <ctime>
#include <fstream>
#include <thread>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

namespace gw::test {
namespace {

using nlohmann::json;

std::string Today() {
  const auto t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

// A camt.053.001.08 of Bank B for the account it keeps for us (NOSTRO-BANKB-EUR),
// with one booked debit of 77.00 we know nothing of.
std::string Statement(const std::string& date, const std::string& id) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>"
         "<GrpHdr><MsgId>BANKB-" + id + "</MsgId><CreDtTm>" + date + "T18:01:00Z</CreDtTm></GrpHdr>"
         "<Stmt><Id>" + id + "</Id><CreDtTm>" + date + "T18:01:00Z</CreDtTm>"
         "<Acct><Id><Othr><Id>NOSTRO-BANKB-EUR</Id></Othr></Id><Ccy>EUR</Ccy></Acct>"
         "<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>"
         "<Dt><Dt>" + date + "</Dt></Dt></Bal>"
         "<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">77.00</Amt><CdtDbtInd>DBIT</CdtDbtInd>"
         "<Dt><Dt>" + date + "</Dt></Dt></Bal>"
         "<Ntry><Amt Ccy=\"EUR\">77.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>"
         "<BookgDt><Dt>" + date + "</Dt></BookgDt><ValDt><Dt>" + date + "</Dt></ValDt>"
         "<AcctSvcrRef>BANKB-X-1</AcctSvcrRef>"
         "<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>XBCT</SubFmlyCd></Fmly></Domn></BkTxCd>"
         "<NtryDtls><TxDtls><Refs><EndToEndId>UNKNOWN-1</EndToEndId>"
         "<UETR>0b7a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d</UETR></Refs></TxDtls></NtryDtls></Ntry>"
         "</Stmt></BkToCstmrStmt></Document>\n";
}

TEST_CASE("reconciliation over the API: upload, run, reports, the exception queue with four eyes, metrics",
          "[integration][reconciliation]") {
  // The day runs to 23:59 UTC, so today's payments are today's whenever the test runs.
  GatewayFixture f(std::map<std::string, std::string>{{"RECONCILIATION_INTERVAL_MS", "300"}, {"RECONCILIATION_DEFAULT_CUTOFF", "23:59"}});
  const std::string maker = f.Token("maker1"), admin = f.Token("admin1"), checker = f.Token("checker1"),
                    auditor = f.Token("auditor1");
  const std::string date = Today();
  // A payment to bank-b: queued, never sent (no link to bank-b runs in this test).
  auto created = f.Call("POST", "/api/v1/payments", maker, f.PaymentJson("E2E-REC-1", "100.00", f.alice_iban).dump());
  REQUIRE(created.status == 201);
  const std::string id = json::parse(created.body)["id"];
  f.WaitForStatus(id, "QUEUED", maker);

  const std::string xml = Statement(date, "STMT-" + date);
  auto up = f.Call("POST", "/api/v1/payments/reconciliation/statements?name=eod.xml", admin, xml, "application/xml");
  INFO(up.body);
  REQUIRE(up.status == 201);
  CHECK(json::parse(up.body)["entries"] == 1);
  auto again = f.Call("POST", "/api/v1/payments/reconciliation/statements?name=eod-again.xml", admin, xml, "application/xml");
  CHECK(again.status == 409);
  CHECK(again.body.find("eod-again.xml") != std::string::npos);
  std::string invalid = Statement(date, "STMT-BAD");
  invalid.replace(invalid.find("<CdtDbtInd>DBIT</CdtDbtInd><Sts>"), 27, "<CdtDbtInd>DEBIT</CdtDbtInd>");
  auto bad = f.Call("POST", "/api/v1/payments/reconciliation/statements?name=bad.xml", admin, invalid, "application/xml");
  CHECK(bad.status == 422);
  CHECK(bad.body.find("bad.xml") != std::string::npos);
  CHECK(bad.body.find("CdtDbtInd") != std::string::npos);
  CHECK(f.Call("POST", "/api/v1/payments/reconciliation/statements", checker, xml, "application/xml").status == 403);

  auto run = f.Call("POST", "/api/v1/payments/reconciliation/runs?date=" + date + "&link=bank-b", admin);
  INFO(run.body);
  REQUIRE(run.status == 201);

  auto daily = f.Call("GET", "/api/v1/payments/reconciliation/daily?date=" + date + "&link=bank-b", auditor);
  INFO(daily.body);
  REQUIRE(daily.status == 200);
  auto report = json::parse(daily.body);
  CHECK(report["provisional"] == false);
  std::map<std::string, std::string> reasons;
  for (const auto& it : report["items"]) reasons[it["item_key"]] = it["reason"];
  CHECK(reasons["payment:" + id] == "not_sent");
  int unknown = 0;
  for (const auto& [k, r] : reasons) unknown += r == "unknown_to_us";
  CHECK(unknown == 1);
  auto eur = report["links"][0]["currencies"][0];
  CHECK(eur["balances"]["statement_closing_minor"] == -7700);
  auto csv = f.Call("GET", "/api/v1/payments/reconciliation/daily?date=" + date + "&link=bank-b&format=csv", checker);
  CHECK(csv.status == 200);
  CHECK(csv.headers["content-type"].find("text/csv") == 0);
  CHECK(csv.body.find("not_sent") != std::string::npos);
  auto aging = f.Call("GET", "/api/v1/payments/reconciliation/aging?days=7", auditor);
  REQUIRE(aging.status == 200);
  CHECK(json::parse(aging.body)["buckets"]["0-1"]["count"] == 2);
  CHECK(f.Call("GET", "/api/v1/payments/reconciliation/daily?date=" + date, maker).status == 403);

  // The exception queue: the unknown debit, written off by two operators.
  auto list = f.Call("GET", "/api/v1/exceptions?status=open&reason=unknown_to_us", auditor);
  REQUIRE(list.status == 200);
  auto cases = json::parse(list.body)["cases"];
  REQUIRE(cases.size() == 1);
  const std::string cid = std::to_string(cases[0]["id"].get<int64_t>());
  CHECK(f.Call("POST", "/api/v1/exceptions/" + cid + "/assign", checker).status == 200);
  CHECK(f.Call("POST", "/api/v1/exceptions/" + cid + "/comments", checker, R"({"comment":"asked Bank B"})").status == 201);
  auto proposed = f.Call("POST", "/api/v1/exceptions/" + cid + "/write-off", checker, R"({"comment":"fee, agreed"})");
  INFO(proposed.body);
  REQUIRE(proposed.status == 201);
  CHECK(json::parse(proposed.body)["case"]["status"] == "PENDING_APPROVAL");
  auto self = f.Call("POST", "/api/v1/exceptions/" + cid + "/approve", checker);
  CHECK(self.status == 403);
  CHECK(f.db().Scalar("SELECT count(*) FROM journal_entries WHERE idempotency_key LIKE 'recon-writeoff:%'") == "0");
  CHECK(f.Call("POST", "/api/v1/exceptions/" + cid + "/approve", auditor).status == 403);
  auto approved = f.Call("POST", "/api/v1/exceptions/" + cid + "/approve", admin, R"({"comment":"ok"})");
  INFO(approved.body);
  REQUIRE(approved.status == 200);
  CHECK(json::parse(approved.body)["case"]["resolution"] == "write_off");
  CHECK(f.db().Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'SUSPENSE-RECON-EUR'") == "-7700");
  CHECK(f.db().Scalar("SELECT string_agg(actor || ':' || action, ',' ORDER BY id) FROM audit_logs "
                      "WHERE entity_type = 'exception_case' AND entity_id = '" + cid + "'") ==
        "checker1:exception.assign,checker1:exception.comment,checker1:exception.propose,admin1:exception.approve");

  // Metrics, refreshed by the scheduler.
  bool seen = WaitUntil(
      [&] {
        auto m = f.gatewayd().Get("/metrics");
        return m.body.find("reconciliation_unmatched_items{link=\"bank-b\",reason=\"not_sent\"} 1") != std::string::npos &&
               m.body.find("exception_cases_open 1") != std::string::npos &&
               m.body.find("reconciliation_last_run_timestamp_seconds ") != std::string::npos;
      },
      std::chrono::seconds(10));
  INFO(f.gatewayd().Get("/metrics").body);
  CHECK(seen);
}

TEST_CASE("two gatewayd on one database make the scheduled reconciliation of a day once", "[integration][reconciliation]") {
  GatewayFixture f(std::map<std::string, std::string>{{"RECONCILIATION_ENABLED", "false"}});
  const std::map<std::string, std::string> env = {{"RECONCILIATION_DEFAULT_CUTOFF", "00:00"},
                                                  {"RECONCILIATION_DELAY_S", "0"},
                                                  {"RECONCILIATION_INTERVAL_MS", "100"}};
  // Started together, so that both claim the day at once.
  Gatewayd a(f.db().url(), env), b(f.db().url(), env);
  REQUIRE(a.WaitReady());
  REQUIRE(b.WaitReady());
  REQUIRE(WaitUntil([&] { return f.db().Scalar("SELECT count(*) FROM recon_runs WHERE finished_at IS NOT NULL") == "1"; },
                    std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // many more ticks of both
  CHECK(f.db().Scalar("SELECT count(*) || ' ' || min(kind) FROM recon_runs") == "1 scheduled");
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.run'") == "1");
  CHECK(f.db().Scalar("SELECT business_date::text FROM recon_runs") == Today());
}


// The run command's configuration (links-demo.toml's demo bank): the simulated
// bank sends a camt.054 for every payment it credits and a camt.053 of the day
// at the link's cut-off, so the day reconciles with nothing imported by hand:
// provisional (from the camt.054s) before the cut-off, the scheduled run
// (from the camt.053) after it, every payment MATCHED, the balances equal.
TEST_CASE("the demo bank's statements reconcile the run command's day with no set-up", "[integration][reconciliation]") {
  TestDatabase db;
  TempDir dir;
  const std::string pki = dir.path() + "/pki";
  Ctl(db.url(), {"pki", "init", "--dir", pki, "--names", "gw1,demo-bank"});
  REQUIRE(Run({SourcePath("appliance/scripts/demo-setup.sh"), BinaryPath("gatewayctl")}, {{"DATABASE_URL", db.url()}})
              .exit_code == 0);
  for (const char* role : {"maker", "admin"})
    Ctl(db.url(), {"operator", "add", "--username", std::string(role) + "1", "--role", role, "--password-stdin"},
        std::string(GatewayFixture::kPassword) + "\n");
  const unsigned short bank_port = FreePort();
  const std::string config = dir.path() + "/g.toml";
  std::ofstream(config) << "[links]\nnode_name = \"gw1\"\nca_file = \"" << pki << "/ca.crt\"\n"
                        << "client_cert_file = \"" << pki << "/gw1-client.crt\"\nclient_key_file = \"" << pki
                        << "/gw1-client.key\"\ndemo_counterparty_port = " << bank_port << "\n"
                        << "demo_counterparty_cert_file = \"" << pki << "/demo-bank-server.crt\"\n"
                        << "demo_counterparty_key_file = \"" << pki << "/demo-bank-server.key\"\n"
                        << "demo_counterparty_reject_ibans = [\"DE75512108001245126199\"]\n"
                        << "[[links.peer]]\nname = \"demo-bank\"\nhost = \"127.0.0.1\"\nport = " << bank_port
                        << "\nserver_name = \"demo-bank\"\nsettlement_account = \"NOSTRO-DEMO-BANK-EUR\"\n";
  // The day's cut-off one to two minutes from now (UTC, whole minutes), and the
  // business day it closes.
  const std::time_t cutoff_at = (std::time(nullptr) + 60 + 59) / 60 * 60;
  std::tm tm{};
  gmtime_r(&cutoff_at, &tm);
  char hhmm[6], day[11];
  std::strftime(hhmm, sizeof hhmm, "%H:%M", &tm);
  std::strftime(day, sizeof day, "%Y-%m-%d", &tm);
  const std::string date = day;
  Gatewayd gw(db.url(),
              {{"RECONCILIATION_DEFAULT_CUTOFF", hhmm}, {"RECONCILIATION_DELAY_S", "3"}, {"RECONCILIATION_INTERVAL_MS", "200"}},
              {"--config", config});
  REQUIRE(gw.WaitReady());
  auto token = [&](const std::string& user) {
    auto r = Http(gw.port(), "POST", "/api/v1/auth/login", json{{"username", user}, {"password", GatewayFixture::kPassword}}.dump(),
                  {{"Content-Type", "application/json"}});
    REQUIRE(r.status == 200);
    return json::parse(r.body)["token"].get<std::string>();
  };
  const std::string maker = token("maker1"), admin = token("admin1");
  // Two payments the demo bank credits, and one it refuses (AC01: reversed here, not on its books).
  std::vector<std::pair<std::string, std::string>> payments;  // id, expected status
  for (const auto& [e2e, iban, want] :
       std::vector<std::tuple<std::string, std::string, std::string>>{{"E2E-DEMO-REC-1", "DE02120300000000202051", "COMPLETED"},
                                                                      {"E2E-DEMO-REC-2", "DE02120300000000202051", "COMPLETED"},
                                                                      {"E2E-DEMO-REC-3", "DE75512108001245126199", "FAILED"}}) {
    json p = {{"end_to_end_id", e2e},
              {"amount", "42.50"},
              {"currency", "EUR"},
              {"debtor", {{"name", "Demo Customer GmbH"}, {"account", "DE44500105175407324931"}, {"agent_bic", "GWAYDEFFXXX"}}},
              {"creditor", {{"name", "Beispiel Werkzeuge KG"}, {"account", iban}, {"agent_bic", "BANKDEFFXXX"}}}};
    auto created = Http(gw.port(), "POST", "/api/v1/payments", p.dump(),
                        {{"Authorization", "Bearer " + maker}, {"Content-Type", "application/json"}});
    INFO(created.body);
    REQUIRE(created.status == 201);
    payments.emplace_back(json::parse(created.body)["id"].get<std::string>(), want);
  }
  for (const auto& [id, want] : payments)
    REQUIRE(WaitUntil([&, id = id, want = want] { return db.Scalar("SELECT status FROM payments WHERE id = '" + id + "'") == want; },
                      std::chrono::seconds(30)));
  auto daily = [&] {
    auto r = Http(gw.port(), "GET", "/api/v1/payments/reconciliation/daily?date=" + date + "&link=demo-bank&items=all", "",
                  {{"Authorization", "Bearer " + admin}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    return json::parse(r.body);
  };
  auto statuses = [](const json& report) {
    std::map<std::string, std::string> out;  // item key -> status/reason
    for (const auto& it : report["items"])
      out[it["item_key"]] = it["status"].get<std::string>() + (it["reason"].is_string() ? "/" + it["reason"].get<std::string>() : "");
    return out;
  };

  // Before the cut-off: provisional, from the camt.054 notifications.
  json before;
  REQUIRE(WaitUntil([&] {
    before = daily();
    return before["links"][0]["statement"]["source"] == "camt.054" && statuses(before)["payment:" + payments[1].first] == "MATCHED";
  }, std::chrono::seconds(20)));
  INFO(before.dump());
  if (std::time(nullptr) < cutoff_at - 2) {  // (unless the machine was slow enough to reach the cut-off)
    CHECK(before["provisional"] == true);
    for (const auto& [id, want] : payments) CHECK(statuses(before)["payment:" + id] == "MATCHED");
  }

  // After it: the demo bank's camt.053, then the scheduled run, stored.
  REQUIRE(WaitUntil([&] { return db.Scalar("SELECT count(*) FROM recon_runs WHERE business_date = '" + date +
                                           "' AND link_name = 'demo-bank' AND kind = 'scheduled' AND finished_at IS NOT NULL") == "1"; },
                    std::chrono::seconds(180)));
  const json after = daily();
  INFO(after.dump());
  CHECK(after["provisional"] == false);
  CHECK(after["links"][0]["run"]["kind"] == "scheduled");
  CHECK(after["links"][0]["statement"]["source"] == "camt.053");
  CHECK(after["links"][0]["statement"]["complete"] == true);
  const auto items = statuses(after);
  for (const auto& [id, want] : payments) CHECK(items.at("payment:" + id) == "MATCHED");
  for (const auto& [key, status] : items) CHECK(status == "MATCHED");
  const json eur = after["links"][0]["currencies"][0];
  CHECK(eur["currency"] == "EUR");
  CHECK(eur["unmatched"]["count"] == 0);
  CHECK(eur["balances"]["closing_difference_minor"] == 0);
  CHECK(eur["balances"]["opening_difference_minor"] == 0);
}

}  // namespace
}  // namespace gw::test
