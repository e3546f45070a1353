// The payment pipeline through the REST API, as a bank's operators use it.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>

#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

namespace {

// A pacs.008.001.08 as a back office would send it (CBPR+-style envelope).
std::string Pacs008Xml(const std::string& msg_id, const std::string& e2e, const std::string& amount,
                       const std::string& debtor_iban, const std::string& creditor_iban) {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<Envelope xmlns="urn:swift:xsd:envelope">
<AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
  <Fr><FIId><FinInstnId><BICFI>GWAYDEFFXXX</BICFI></FinInstnId></FIId></Fr>
  <To><FIId><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></FIId></To>
  <BizMsgIdr>)" + msg_id + R"(</BizMsgIdr>
  <MsgDefIdr>pacs.008.001.08</MsgDefIdr>
  <CreDt>2026-11-29T08:00:00Z</CreDt>
</AppHdr>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08">
 <FIToFICstmrCdtTrf>
  <GrpHdr>
   <MsgId>)" + msg_id + R"(</MsgId>
   <CreDtTm>2026-11-29T08:00:00Z</CreDtTm>
   <NbOfTxs>1</NbOfTxs>
   <SttlmInf><SttlmMtd>INDA</SttlmMtd></SttlmInf>
  </GrpHdr>
  <CdtTrfTxInf>
   <PmtId><InstrId>I-)" + e2e + R"(</InstrId><EndToEndId>)" + e2e + R"(</EndToEndId><UETR>4f0d2a3e-8b1c-4d6e-9f7a-1b2c3d4e5f60</UETR></PmtId>
   <IntrBkSttlmAmt Ccy="EUR">)" + amount + R"(</IntrBkSttlmAmt>
   <IntrBkSttlmDt>2026-11-30</IntrBkSttlmDt>
   <ChrgBr>SHAR</ChrgBr>
   <Dbtr><Nm>Alice Example GmbH</Nm></Dbtr>
   <DbtrAcct><Id><IBAN>)" + debtor_iban + R"(</IBAN></Id></DbtrAcct>
   <DbtrAgt><FinInstnId><BICFI>GWAYDEFFXXX</BICFI></FinInstnId></DbtrAgt>
   <CdtrAgt><FinInstnId><BICFI>BANKDEFFXXX</BICFI></FinInstnId></CdtrAgt>
   <Cdtr><Nm>Carol Exemple SARL</Nm></Cdtr>
   <CdtrAcct><Id><IBAN>)" + creditor_iban + R"(</IBAN></Id></CdtrAcct>
   <RmtInf><Ustrd>Contract 77/2026</Ustrd></RmtInf>
  </CdtTrfTxInf>
 </FIToFICstmrCdtTrf>
</Document>
</Envelope>
)";
}

std::set<std::string> Transitions(const json& payment) {
  std::set<std::string> out;
  for (const auto& h : payment["history"]) out.insert(h["from"].get<std::string>() + ">" + h["to"].get<std::string>());
  return out;
}

}  // namespace

TEST_CASE("a JSON payment below the threshold goes straight through to the outbox with a valid pacs.008",
          "[integration][payments]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto r = f.Call("POST", "/api/v1/payments", maker, f.PaymentJson("E2E-STP-1", "250.00", f.alice_iban).dump());
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string id = json::parse(r.body)["id"];
  auto p = f.WaitForStatus(id, "QUEUED", maker);
  CHECK(p["approval_mode"] == "auto");
  CHECK(p["link"] == "bank-b");
  auto t = Transitions(p);
  for (const char* step : {">INITIATED", "INITIATED>SCREENING", "SCREENING>APPROVED", "APPROVED>POSTED", "POSTED>QUEUED"})
    CHECK(t.count(step) == 1);
  // Postings: the debtor debited, the settlement account credited, once.
  REQUIRE(p["postings"].size() == 2);
  CHECK(p["postings"][0]["amount_minor"].get<int64_t>() + p["postings"][1]["amount_minor"].get<int64_t>() == 0);
  // The outbound pacs.008 is schema-valid and says what the maker asked.
  json out_msg;
  for (const auto& m : p["messages"])
    if (m["direction"] == "out") out_msg = m;
  REQUIRE(out_msg["message_type"] == "pacs.008.001.08");
  CHECK(out_msg["outbox_status"] == "PENDING");
  auto xml = f.Call("GET", "/api/v1/payments/" + id + "/messages/" + std::to_string(out_msg["id"].get<int64_t>()), maker);
  REQUIRE(xml.status == 200);
  CHECK(xml.body.find("<EndToEndId>E2E-STP-1</EndToEndId>") != std::string::npos);
  CHECK(xml.body.find(">250.00</IntrBkSttlmAmt>") != std::string::npos);
  TempDir dir;
  std::ofstream(dir.path() + "/out.xml") << xml.body;
  auto v = Run({BinaryPath("gatewayctl"), "message", "validate", dir.path() + "/out.xml"});
  INFO(v.output);
  CHECK(v.exit_code == 0);
  // The trial balance nets to zero.
  auto tb = json::parse(f.Call("GET", "/api/v1/ledger/trial-balance", maker).body);
  CHECK(tb["balanced"] == true);
  auto metrics = f.gatewayd().Get("/metrics").body;
  CHECK(metrics.find("payments_initiated_total 1") != std::string::npos);
  CHECK(metrics.find("payments_approved_total 1") != std::string::npos);
}

TEST_CASE("a pacs.008 above the threshold waits for a checker who is not the maker", "[integration][payments][four-eyes]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto r = f.Call("POST", "/api/v1/payments", maker,
                  Pacs008Xml("MSG-4EYES-1", "E2E-4EYES-1", "25000.00", f.alice_iban, f.carol_iban), "application/xml");
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string id = json::parse(r.body)["id"];
  f.WaitForStatus(id, "PENDING_APPROVAL", maker);

  // The maker cannot approve (not a checker): 403. A maker-turned-checker is refused by four eyes.
  CHECK(f.Call("POST", "/api/v1/payments/" + id + "/approve", maker).status == 403);
  CHECK(f.Call("POST", "/api/v1/payments/" + id + "/approve", f.Token("auditor1")).status == 403);
  CHECK(f.Call("POST", "/api/v1/payments/" + id + "/approve", "").status == 401);
  // The database refuses a manual approval by the maker even if the server were
  // bypassed. The approval hop is recorded first, so the update reaches the
  // four-eyes checks and not the "no recorded path" one.
  const std::string record_hop = "INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
                                 "VALUES ('" + id + "', 'PENDING_APPROVAL', 'APPROVED', ";
  CHECK_THROWS_WITH(f.db().Scalar("DO $$ BEGIN " + record_hop + "'maker1', 'bypass'); "
                                  "UPDATE payments SET status = 'APPROVED', approval_mode = 'manual', "
                                  "approved_by = created_by WHERE id = '" + id + "'; END $$"),
                    Catch::Contains("four eyes") || Catch::Contains("payments_four_eyes"));
  // ... nor an automatic approval of a payment that waits for a checker ...
  CHECK_THROWS_WITH(f.db().Scalar("DO $$ BEGIN " + record_hop + "'system:pipeline', 'bypass'); "
                                  "UPDATE payments SET status = 'APPROVED', approval_mode = 'auto' "
                                  "WHERE id = '" + id + "'; END $$"),
                    Catch::Contains("four eyes"));
  // ... nor a checker's name on the payment when the recorded approval is someone else's.
  CHECK_THROWS_WITH(f.db().Scalar("DO $$ BEGIN " + record_hop + "'maker1', 'bypass'); "
                                  "UPDATE payments SET status = 'APPROVED', approval_mode = 'manual', "
                                  "approved_by = 'checker1' WHERE id = '" + id + "'; END $$"),
                    Catch::Contains("four eyes"));
  CHECK(f.db().Scalar("SELECT status FROM payments WHERE id = '" + id + "'") == "PENDING_APPROVAL");

  auto ok = f.Call("POST", "/api/v1/payments/" + id + "/approve", f.Token("checker1"), R"({"reason":"known customer"})");
  INFO(ok.body);
  REQUIRE(ok.status == 200);
  auto p = f.WaitForStatus(id, "QUEUED", maker);
  CHECK(p["approval_mode"] == "manual");
  CHECK(p["approved_by"] == "checker1");
  auto audit = json::parse(f.Call("GET", "/api/v1/audit?entity_id=" + id, f.Token("auditor1")).body);
  bool approved_audited = false;
  for (const auto& a : audit["audit_logs"]) approved_audited |= a["action"] == "payment.approve" && a["actor"] == "checker1";
  CHECK(approved_audited);
}

TEST_CASE("the server refuses an approval by the payment's own maker, even once the maker is a checker",
          "[integration][payments][four-eyes]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto r = f.Call("POST", "/api/v1/payments", maker, f.PaymentJson("E2E-4EYES-TURNED", "15000.00", f.alice_iban).dump());
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string id = json::parse(r.body)["id"];
  f.WaitForStatus(id, "PENDING_APPROVAL", maker);
  // The maker becomes a checker (a role change by the bank's administrators).
  f.db().Scalar("UPDATE operators SET role = 'checker' WHERE username = 'maker1'");
  auto login = Http(f.gatewayd().port(), "POST", "/api/v1/auth/login",
                    json{{"username", "maker1"}, {"password", GatewayFixture::kPassword}}.dump(),
                    {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  REQUIRE(json::parse(login.body)["role"] == "checker");
  const std::string turned = json::parse(login.body)["token"];
  auto own = f.Call("POST", "/api/v1/payments/" + id + "/approve", turned, R"({"reason":"mine"})");
  INFO(own.body);
  CHECK(own.status == 403);
  CHECK(own.body.find("four eyes") != std::string::npos);
  CHECK(f.db().Scalar("SELECT status FROM payments WHERE id = '" + id + "'") == "PENDING_APPROVAL");
  REQUIRE(f.Call("POST", "/api/v1/payments/" + id + "/approve", f.Token("checker1"), R"({"reason":"ok"})").status == 200);
  auto p = f.WaitForStatus(id, "QUEUED", maker);
  CHECK(p["approved_by"] == "checker1");
}

TEST_CASE("a payment in a currency with no four-eyes threshold needs a checker, whatever its amount",
          "[integration][payments][four-eyes]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto body = f.PaymentJson("E2E-SEK-1", "1.00", MakeIban("SE", "50000000058398257466"));
  body["currency"] = "SEK";
  auto r = f.Call("POST", "/api/v1/payments", maker, body.dump());
  INFO(r.body);
  REQUIRE(r.status == 201);
  const std::string id = json::parse(r.body)["id"];
  f.WaitForStatus(id, "PENDING_APPROVAL", maker);
  CHECK(f.db().Scalar("SELECT reason FROM payment_history WHERE payment_id = '" + id +
                      "' AND to_status = 'PENDING_APPROVAL'").find("no four-eyes threshold is configured for SEK") !=
        std::string::npos);
}

TEST_CASE("a checker who created nothing may reject, with a reason", "[integration][payments][four-eyes]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto r = f.Call("POST", "/api/v1/payments", maker, f.PaymentJson("E2E-REJ-1", "15000.00", f.alice_iban).dump());
  REQUIRE(r.status == 201);
  const std::string id = json::parse(r.body)["id"];
  f.WaitForStatus(id, "PENDING_APPROVAL", maker);
  CHECK(f.Call("POST", "/api/v1/payments/" + id + "/reject", f.Token("checker1")).status == 400);
  auto rej = f.Call("POST", "/api/v1/payments/" + id + "/reject", f.Token("checker1"), R"({"reason":"duplicate invoice"})");
  REQUIRE(rej.status == 200);
  CHECK(json::parse(rej.body)["status"] == "REJECTED");
  CHECK(f.Call("POST", "/api/v1/payments/" + id + "/approve", f.Token("checker1")).status == 409);
  CHECK(json::parse(f.Call("GET", "/api/v1/payments/" + id, maker).body)["postings"].empty());
}

TEST_CASE("resubmitting with the same idempotency key or message ids returns the same payment",
          "[integration][payments][idempotency]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  const auto body = f.PaymentJson("E2E-IDEM-1", "10.00", f.alice_iban).dump();
  auto a = f.Call("POST", "/api/v1/payments", maker, body, "application/json", {{"Idempotency-Key", "k-123"}});
  auto b = f.Call("POST", "/api/v1/payments", maker, body, "application/json", {{"Idempotency-Key", "k-123"}});
  REQUIRE(a.status == 201);
  REQUIRE(b.status == 200);
  CHECK(b.headers["idempotent-replay"] == "true");
  CHECK(json::parse(a.body)["id"] == json::parse(b.body)["id"]);

  const auto xml = Pacs008Xml("MSG-IDEM-2", "E2E-IDEM-2", "20.00", f.alice_iban, f.carol_iban);
  auto c = f.Call("POST", "/api/v1/payments", maker, xml, "application/xml");
  auto d = f.Call("POST", "/api/v1/payments", maker, xml, "application/xml");
  REQUIRE(c.status == 201);
  REQUIRE(d.status == 200);
  CHECK(json::parse(c.body)["id"] == json::parse(d.body)["id"]);
  CHECK(f.db().Scalar("SELECT count(*) FROM payments") == "2");
  f.WaitForStatus(json::parse(a.body)["id"], "QUEUED", maker);
  f.WaitForStatus(json::parse(c.body)["id"], "QUEUED", maker);
  // One posting per payment, however often it was submitted.
  CHECK(f.db().Scalar("SELECT count(*) FROM journal_entries WHERE kind = 'payment'") == "2");
}

TEST_CASE("an idempotency key or message id reused for a different payment is a 409, never the other payment",
          "[integration][payments][idempotency]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  const auto first = f.PaymentJson("E2E-BIND-1", "10.00", f.alice_iban);
  auto a = f.Call("POST", "/api/v1/payments", maker, first.dump(), "application/json", {{"Idempotency-Key", "k-bind"}});
  REQUIRE(a.status == 201);
  const std::string id = json::parse(a.body)["id"];
  // The same key with another amount: refused, naming the payment it belongs to.
  auto other = first;
  other["amount"] = "11.00";
  auto b = f.Call("POST", "/api/v1/payments", maker, other.dump(), "application/json", {{"Idempotency-Key", "k-bind"}});
  INFO(b.body);
  CHECK(b.status == 409);
  CHECK(b.body.find(id) != std::string::npos);
  CHECK(b.body.find("\"amount\"") == std::string::npos);  // not the other payment's JSON
  // The same end-to-end id (the key when none is given) with another creditor.
  auto c = f.Call("POST", "/api/v1/payments", maker, first.dump());
  REQUIRE(c.status == 201);  // no header: keyed by the end-to-end id, a different key from k-bind
  auto moved = first;
  moved["creditor"]["name"] = "Someone Else Ltd";
  CHECK(f.Call("POST", "/api/v1/payments", maker, moved.dump()).status == 409);
  // A true retry still gets the first answer; key order and spacing do not matter.
  auto retry = f.Call("POST", "/api/v1/payments", maker, first.dump(2), "application/json", {{"Idempotency-Key", "k-bind"}});
  CHECK(retry.status == 200);
  CHECK(json::parse(retry.body)["id"] == id);
  // Keys belong to the operator: another maker's k-bind is another payment.
  auto theirs = f.Call("POST", "/api/v1/payments", f.Token("maker2"), first.dump(), "application/json",
                       {{"Idempotency-Key", "k-bind"}});
  CHECK(theirs.status == 201);
  CHECK(json::parse(theirs.body)["id"] != id);
  CHECK(f.db().Scalar("SELECT count(*) FROM payments") == "3");
}

TEST_CASE("a corrected resubmission after a 422 is a new payment, a repeated bad one is the same REJECTED one",
          "[integration][payments][idempotency]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto bad = f.PaymentJson("E2E-FIX-1", "10.00", f.alice_iban);
  bad["creditor"]["account"] = "DE00123456780000000000";  // wrong check digits
  auto r1 = f.Call("POST", "/api/v1/payments", maker, bad.dump());
  REQUIRE(r1.status == 422);
  auto r2 = f.Call("POST", "/api/v1/payments", maker, bad.dump());
  REQUIRE(r2.status == 422);
  CHECK(json::parse(r1.body)["error"]["message"] == json::parse(r2.body)["error"]["message"]);
  CHECK(json::parse(r1.body)["payment"]["id"] == json::parse(r2.body)["payment"]["id"]);
  auto good = f.PaymentJson("E2E-FIX-1", "10.00", f.alice_iban);
  auto r3 = f.Call("POST", "/api/v1/payments", maker, good.dump());
  INFO(r3.body);
  REQUIRE(r3.status == 201);
  CHECK(json::parse(r3.body)["status"] == "INITIATED");
  CHECK(json::parse(r3.body)["id"] != json::parse(r1.body)["payment"]["id"]);
  CHECK(f.db().Scalar("SELECT count(*) FROM payments") == "2");
  CHECK(f.db().Scalar("SELECT count(*) FROM payments WHERE status = 'REJECTED'") == "1");
}

TEST_CASE("insufficient funds reject the payment with AM04 and post nothing", "[integration][payments][ledger]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto r = f.Call("POST", "/api/v1/payments", maker, f.PaymentJson("E2E-AM04", "75.00", f.bob_iban).dump());
  REQUIRE(r.status == 201);
  auto p = f.WaitForStatus(json::parse(r.body)["id"], "REJECTED", maker);
  CHECK(p["reason_code"] == "AM04");
  CHECK(p["postings"].empty());
  CHECK(f.db().Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'CUST-BOB'") == "5000");
  CHECK(f.gatewayd().Get("/metrics").body.find("payments_rejected_total{reason_code=\"AM04\"} 1") != std::string::npos);
}

TEST_CASE("a body nesting an array 100,000 deep is refused with 422, and gatewayd keeps serving",
          "[integration][payments][validation][security]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  const std::string deep = std::string(100000, '[') + std::string(100000, ']');
  auto body = f.PaymentJson("E2E-DEEP-1", "10.00", f.alice_iban).dump();
  body.insert(body.size() - 1, ",\"remittance_information\":" + deep);
  REQUIRE(body.size() > 200000);
  auto r = f.Call("POST", "/api/v1/payments", maker, body);
  INFO(r.body.substr(0, 500));
  CHECK(r.status == 422);
  CHECK(r.body.find("deeper than 16 levels") != std::string::npos);
  CHECK(r.body.size() < 4000);  // nothing of the body is echoed back
  CHECK(f.gatewayd().Get("/health").status == 200);
  CHECK(f.Call("POST", "/api/v1/payments", maker, f.PaymentJson("E2E-DEEP-2", "10.00", f.alice_iban).dump()).status ==
        201);
}

TEST_CASE("an invalid payment gets 422 with explainable errors and is kept as REJECTED", "[integration][payments][validation]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto body = f.PaymentJson("E2E-BAD-1", "10.001", f.alice_iban);
  body["creditor"]["account"] = "DE00370400440532013000";
  body["creditor"]["agent_bic"] = "BANK1234";
  auto r = f.Call("POST", "/api/v1/payments", maker, body.dump());
  INFO(r.body);
  REQUIRE(r.status == 422);
  auto j = json::parse(r.body);
  std::set<std::string> paths;
  for (const auto& i : j["error"]["issues"]) paths.insert(i["path"].get<std::string>() + " " + i["reason_code"].get<std::string>());
  CHECK(paths.count("/amount AM12") == 1);
  CHECK(paths.count("/creditor/account AC01") == 1);
  CHECK(paths.count("/creditor/agent_bic RC01") == 1);
  CHECK(j["payment"]["status"] == "REJECTED");
  CHECK(f.db().Scalar("SELECT count(*) FROM payment_messages WHERE direction = 'in'") == "1");

  auto xml = f.Call("POST", "/api/v1/payments", maker, "<Document><Oops/></Document>", "application/xml");
  CHECK(xml.status == 422);
  CHECK(f.Call("POST", "/api/v1/payments", maker, "amount=1", "text/plain").status == 415);
  CHECK(f.Call("POST", "/api/v1/payments", maker, "{not json").status == 422);
}

TEST_CASE("a payment without a route waits in EXCEPTION, unposted, until an admin retriggers it", "[integration][payments]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  auto body = f.PaymentJson("E2E-NOROUTE", "30.00", f.alice_iban);
  body["creditor"]["agent_bic"] = "OTHRFRPPXXX";
  auto r = f.Call("POST", "/api/v1/payments", maker, body.dump());
  REQUIRE(r.status == 201);
  const std::string id = json::parse(r.body)["id"];
  auto p = f.WaitForStatus(id, "EXCEPTION", maker);
  CHECK(p["reason"].get<std::string>().find("no route") != std::string::npos);
  CHECK(p["postings"].empty());
  CHECK(json::parse(f.Call("GET", "/api/v1/payments?stuck=false&status=EXCEPTION", maker).body)["payments"].size() == 1);

  Ctl(f.db().url(), {"route", "add", "--bic-prefix", "OTHR", "--link", "bank-b"});
  auto rt = f.Call("POST", "/api/v1/payments/" + id + "/retrigger", f.Token("admin1"));
  INFO(rt.body);
  REQUIRE(rt.status == 200);
  f.WaitForStatus(id, "QUEUED", maker);
}

TEST_CASE("payments can be listed with filters and pages", "[integration][payments]") {
  GatewayFixture f;
  const std::string maker = f.Token("maker1");
  for (int i = 0; i < 5; ++i)
    REQUIRE(f.Call("POST", "/api/v1/payments", maker,
                    f.PaymentJson("E2E-LIST-" + std::to_string(i), std::to_string(10 + i) + ".00", f.alice_iban).dump())
                .status == 201);
  auto page1 = json::parse(f.Call("GET", "/api/v1/payments?limit=3", maker).body);
  REQUIRE(page1["payments"].size() == 3);
  REQUIRE(page1.contains("next"));
  auto page2 = json::parse(f.Call("GET", "/api/v1/payments?limit=3&before=" + page1["next"].get<std::string>(), maker).body);
  CHECK(page2["payments"].size() == 2);
  auto big = json::parse(f.Call("GET", "/api/v1/payments?min_amount=13.00&currency=EUR", maker).body);
  CHECK(big["payments"].size() == 2);
  auto by_cp = json::parse(f.Call("GET", "/api/v1/payments?counterparty=BANKDE", maker).body);
  CHECK(by_cp["payments"].size() == 5);
  // Text: a part of the debtor's or creditor's name in any case, or an exact identifier.
  auto by_name = json::parse(f.Call("GET", "/api/v1/payments?q=exemple%20sar", maker).body);
  CHECK(by_name["payments"].size() == 5);
  auto by_name_and_amount = json::parse(f.Call("GET", "/api/v1/payments?q=ALICE&min_amount=13.00", maker).body);
  CHECK(by_name_and_amount["payments"].size() == 2);
  auto by_e2e = json::parse(f.Call("GET", "/api/v1/payments?q=E2E-LIST-3", maker).body);
  REQUIRE(by_e2e["payments"].size() == 1);
  CHECK(by_e2e["payments"][0]["end_to_end_id"] == "E2E-LIST-3");
  CHECK(json::parse(f.Call("GET", "/api/v1/payments?q=Mallory", maker).body)["payments"].empty());
  // LIKE's wildcards are literal characters in a search.
  CHECK(json::parse(f.Call("GET", "/api/v1/payments?q=Al%25ce", maker).body)["payments"].empty());
  CHECK(f.Call("GET", "/api/v1/payments?status=LOST", maker).status == 400);
  CHECK(f.Call("GET", "/api/v1/payments?from=yesterday", maker).status == 400);
}

TEST_CASE("the runbook's stuck-payment query works as written", "[integration][payments]") {
  GatewayFixture f;
  f.db().Scalar("SELECT 1");
  CHECK_NOTHROW(f.db().Scalar("SELECT id, status, created_at, updated_at FROM payments WHERE status = 'APPROVED' "
                              "AND updated_at < NOW() - INTERVAL '5 minutes'"));
}

