// The demo FIX counterparty built into gatewayd (fix.demo_session) and
// `gatewayctl fix send`, against a gatewayd configured like the run command's
// (appliance/config/demo/links-demo.toml): the demo bank on the link, a FIX
// listener with gw1's server certificate, session demo-desk for the demo
// counterparty and try-desk (and a FIXT.1.1 one) for gatewayctl, all with the
// demo-desk client certificate.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

namespace {

// The fixture's ALICE account (debtor) and a creditor at the demo bank (route BANKDE -> bank-b).
const std::string kAliceIban = MakeIban("DE", "370400440532013000");
const std::string kCreditorIban = "DE02120300000000202051";
const std::string kBadCreditorIban = "DE02120300000000202052";  // one digit off: fails mod 97

std::string Pki(const TempDir& dir) {
  const std::string pki = dir.path() + "/pki";
  auto r = Run({BinaryPath("gatewayctl"), "pki", "init", "--dir", pki, "--names", "gw1,bank-b,demo-desk"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  return pki;
}

std::string WriteConfig(const TempDir& dir, const std::string& pki, unsigned short fix_port, int demo_interval_ms) {
  const unsigned short bank_port = FreePort();
  const std::string file = dir.path() + "/gateway.toml";
  std::ofstream f(file);
  f << "[links]\nnode_name = \"gw1\"\nca_file = \"" << pki << "/ca.crt\"\n"
    << "client_cert_file = \"" << pki << "/gw1-client.crt\"\nclient_key_file = \"" << pki << "/gw1-client.key\"\n"
    << "demo_counterparty_port = " << bank_port << "\n"
    << "demo_counterparty_cert_file = \"" << pki << "/bank-b-server.crt\"\n"
    << "demo_counterparty_key_file = \"" << pki << "/bank-b-server.key\"\n"
    << "demo_counterparty_reject_ibans = [\"DE75512108001245126199\"]\n\n"
    << "[[links.peer]]\nname = \"bank-b\"\nport = " << bank_port << "\nserver_name = \"bank-b\"\n"
    << "settlement_account = \"NOSTRO-BANKB-EUR\"\n\n"
    << "[fix]\nlisten_address = \"127.0.0.1\"\nlisten_port = " << fix_port << "\nca_file = \"" << pki << "/ca.crt\"\n"
    << "cert_file = \"" << pki << "/gw1-server.crt\"\nkey_file = \"" << pki << "/gw1-server.key\"\n"
    << "handshake_timeout_ms = 3000\n"
    << "demo_session = \"demo-desk\"\ndemo_cert_file = \"" << pki << "/demo-desk-client.crt\"\n"
    << "demo_key_file = \"" << pki << "/demo-desk-client.key\"\ndemo_interval_ms = " << demo_interval_ms << "\n"
    << "demo_debtor_account = \"" << kAliceIban << "\"\ndemo_creditor_bic = \"BANKDEFFXXX\"\n"
    << "demo_creditor_account = \"" << kCreditorIban << "\"\n\n";
  for (const auto& [name, comp_id, begin] : std::vector<std::tuple<std::string, std::string, std::string>>{
           {"demo-desk", "DEMO-DESK", "FIX.4.4"}, {"try-desk", "TRY-DESK", "FIX.4.4"}, {"try-fixt", "TRY-FIXT", "FIXT.1.1"}})
    f << "[[fix.session]]\nname = \"" << name << "\"\nbegin_string = \"" << begin << "\"\nsender_comp_id = \"GATEWAY\"\n"
      << "target_comp_id = \"" << comp_id << "\"\nallow_names = [\"demo-desk\"]\ndebtor_accounts = [\"" << kAliceIban
      << "\"]\ncurrencies = [\"EUR\"]\n\n";
  return file;
}

// gatewayctl fix send on `session` with the demo-desk certificate.
ProcessResult FixSend(const std::string& config, const std::string& pki, const std::string& session,
                      const std::string& cl_ord_id, const std::string& creditor_iban,
                      std::vector<std::string> more = {}) {
  std::vector<std::string> argv = {BinaryPath("gatewayctl"), "fix", "send", "--session", session,
                                   "--cert", pki + "/demo-desk-client.crt", "--key", pki + "/demo-desk-client.key",
                                   "--amount", "42.50", "--debtor-name", "Alice Example GmbH",
                                   "--creditor-name", "Carol Exemple SARL", "--creditor-account", creditor_iban,
                                   "--creditor-bic", "BANKDEFFXXX", "--cl-ord-id", cl_ord_id};
  argv.insert(argv.end(), more.begin(), more.end());
  return Run(argv, {{"GATEWAY_CONFIG", config}}, "", std::chrono::seconds(90));
}

bool Before(const std::string& text, const std::string& a, const std::string& b) {
  const auto pa = text.find(a), pb = text.find(b);
  return pa != std::string::npos && pb != std::string::npos && pa < pb;
}

}  // namespace

TEST_CASE("gatewayd's demo FIX counterparty sends instructions that become COMPLETED payments of source fix:demo-desk",
          "[integration][fix][demo]") {
  TempDir dir;
  const std::string pki = Pki(dir);
  const std::string config = WriteConfig(dir, pki, FreePort(), 500);
  GatewayFixture fx({{"GATEWAY_CONFIG", config}});
  REQUIRE(fx.alice_iban == kAliceIban);

  auto completed = [&] {
    return std::stoi(fx.db().Scalar(
        "SELECT count(*) FROM payments WHERE source = 'fix:demo-desk' AND status = 'COMPLETED'"));
  };
  const bool three = WaitUntil([&] { return completed() >= 3; }, std::chrono::seconds(60));
  INFO(fx.gatewayd().process().Output().substr(0, 6000));
  REQUIRE(three);
  // Each instruction is its own payment, from the configured debtor to the configured creditor.
  CHECK(fx.db().Scalar("SELECT count(DISTINCT end_to_end_id) = count(*) FROM payments WHERE source = 'fix:demo-desk'") ==
        "t");
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:demo-desk' AND status = 'REJECTED'") == "0");
  CHECK(fx.db().Scalar("SELECT min(end_to_end_id) FROM payments WHERE source = 'fix:demo-desk'").rfind("DEMO-", 0) == 0);

  // Every report it receives is logged: the statuses of an instruction, up to COMPLETED.
  REQUIRE(WaitUntil([&] { return fx.gatewayd().process().Output().find("COMPLETED (payment") != std::string::npos; },
                    std::chrono::seconds(10)));
  const std::string out = fx.gatewayd().process().Output();
  CHECK(out.find("fix demo demo-desk: logged on") != std::string::npos);
  CHECK(Before(out, "000001 INITIATED (payment", "000001 COMPLETED (payment"));

  auto sessions = fx.Call("GET", "/api/v1/fix/sessions", fx.Token("auditor1"));
  REQUIRE(sessions.status == 200);
  for (const auto& s : json::parse(sessions.body)["sessions"])
    if (s["name"] == "demo-desk") CHECK(s["state"] == "logged_on");

  // SIGTERM: the demo logs out first, and gatewayd still stops within its limit.
  const auto t0 = std::chrono::steady_clock::now();
  fx.gatewayd().process().Signal(SIGTERM);
  const auto code = fx.gatewayd().process().Wait(std::chrono::seconds(10));
  INFO(fx.gatewayd().process().Output().substr(0, 6000));
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  CHECK(fx.gatewayd().process().Output().find("fix demo demo-desk: logged out") != std::string::npos);
}

TEST_CASE("gatewayctl fix send prints each ExecutionReport up to COMPLETED and exits 0, or the REJECTED report naming the field and exits 1",
          "[integration][fix][demo]") {
  TempDir dir;
  const std::string pki = Pki(dir);
  const std::string config = WriteConfig(dir, pki, FreePort(), 1000);
  GatewayFixture fx({{"GATEWAY_CONFIG", config}});

  {  // a valid instruction on try-desk, while the demo counterparty runs on demo-desk
    auto r = FixSend(config, pki, "try-desk", "TRY-OK-1", kCreditorIban);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("logged on to session try-desk (TRY-DESK -> GATEWAY") != std::string::npos);
    CHECK(r.output.find("sent NewOrderSingle ClOrdID=TRY-OK-1") != std::string::npos);
    CHECK(Before(r.output, "ClOrdID=TRY-OK-1 OrderID=", "status=INITIATED"));
    CHECK(Before(r.output, "status=INITIATED", "status=SENT"));
    CHECK(Before(r.output, "status=SENT", "ExecType=F OrdStatus=2 status=COMPLETED"));
    CHECK(r.output.find("final status: COMPLETED") != std::string::npos);
    CHECK(fx.db().Scalar("SELECT status FROM payments WHERE source = 'fix:try-desk' AND end_to_end_id = 'TRY-OK-1'") ==
          "COMPLETED");
  }
  {  // a creditor IBAN with a wrong check digit: REJECTED, naming tag 20003
    auto r = FixSend(config, pki, "try-desk", "TRY-BAD-IBAN", kBadCreditorIban);
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("ClOrdID=TRY-BAD-IBAN") != std::string::npos);
    CHECK(r.output.find("ExecType=8 OrdStatus=8 status=REJECTED reason=AC01 tag=20003") != std::string::npos);
    CHECK(r.output.find("tag 20003 (CreditorAccount)") != std::string::npos);
    CHECK(r.output.find("final status: REJECTED") != std::string::npos);
    CHECK(fx.db().Scalar("SELECT status FROM payments WHERE source = 'fix:try-desk' AND end_to_end_id = 'TRY-BAD-IBAN'") ==
          "REJECTED");
  }
  {  // the same ClOrdID again: no second payment, the current status (ExecType I)
    auto r = FixSend(config, pki, "try-desk", "TRY-OK-1", kCreditorIban);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("ExecType=I OrdStatus=2 status=COMPLETED") != std::string::npos);
    CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:try-desk'") == "2");
  }
  {  // a FIXT.1.1 / FIX.5.0SP2 session
    auto r = FixSend(config, pki, "try-fixt", "TRY-FIXT-1", kCreditorIban);
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(r.output.find("final status: COMPLETED") != std::string::npos);
  }
  {  // the demo counterparty's own session is taken while gatewayd runs: no logon, and a hint
    auto r = FixSend(config, pki, "demo-desk", "TRY-TAKEN", kCreditorIban, {"--timeout", "3"});
    INFO(r.output);
    CHECK(r.exit_code == 1);
    CHECK(r.output.find("no logon to session demo-desk") != std::string::npos);
    CHECK(r.output.find("demo counterparty (fix.demo_session) holds session demo-desk") != std::string::npos);
  }
  CHECK(std::stoi(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:demo-desk'")) >= 1);
}

TEST_CASE("gatewayctl fix send refuses what it cannot send with exit code 2 and a line naming the problem",
          "[integration][fix]") {
  TempDir dir;
  const std::string pki = Pki(dir);
  const std::string config = WriteConfig(dir, pki, FreePort(), 5000);
  auto send = [&](std::vector<std::string> args, const std::string& cfg = "") {
    args.insert(args.begin(), {BinaryPath("gatewayctl"), "fix", "send"});
    return Run(args, {{"GATEWAY_CONFIG", cfg.empty() ? config : cfg}}, "", std::chrono::seconds(30));
  };
  const std::vector<std::string> ok = {"--cert", pki + "/demo-desk-client.crt", "--key", pki + "/demo-desk-client.key",
                                       "--amount", "1.00", "--debtor-name", "A", "--creditor-name", "B",
                                       "--creditor-account", kCreditorIban, "--creditor-bic", "BANKDEFFXXX"};
  auto with = [&](std::vector<std::string> head, std::vector<std::string> tail = {}) {
    head.insert(head.end(), ok.begin(), ok.end());
    head.insert(head.end(), tail.begin(), tail.end());
    return head;
  };
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  const std::vector<Case> cases = {
      {with({}), "--session is required"},
      {with({"--session", "nobody"}), "no [[fix.session]] named \"nobody\" in the configuration (configured: demo-desk, try-desk, try-fixt)"},
      {{"--session", "try-desk", "--amount", "1.00"}, "--cert is required"},
      {with({"--session", "try-desk", "--bogus", "1"}), "unknown option '--bogus'"},
      {with({"--session", "try-desk"}, {"--timeout"}), "--timeout needs a value"},
      {with({"--session", "try-desk"}, {"--timeout", "0"}), "--timeout must be a number of seconds between 1 and 600"},
      {with({"--session", "try-desk"}, {"--remittance", std::string("a\x01") + "b"}), "--remittance must not contain control characters"},
      {with({"--session", "try-desk", "--session", "try-desk"}), "--session is given twice"},
      {{"--session", "try-desk", "--cert", dir.path() + "/missing.crt", "--key", pki + "/demo-desk-client.key",
        "--amount", "1.00", "--debtor-name", "A", "--creditor-name", "B", "--creditor-account", kCreditorIban,
        "--creditor-bic", "BANKDEFFXXX"},
       "certificate: cannot read " + dir.path() + "/missing.crt"},
  };
  for (const auto& c : cases) {
    auto r = send(c.args);
    INFO(r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find(c.message) != std::string::npos);
  }
  // No FIX listener in the configuration.
  const std::string no_fix = dir.path() + "/no-fix.toml";
  std::ofstream(no_fix) << "[server]\nport = 3000\n";
  auto r = send(with({"--session", "try-desk"}), no_fix);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("fix.listen_port is not set") != std::string::npos);
  auto usage = Run({BinaryPath("gatewayctl"), "fix"}, {{"GATEWAY_CONFIG", config}});
  CHECK(usage.exit_code == 2);
  CHECK(usage.output.find("usage: gatewayctl fix send") != std::string::npos);
}

TEST_CASE("gatewayd exits 2 naming fix.demo_cert_file when the demo FIX counterparty's certificate cannot be read",
          "[integration][fix]") {
  TempDir dir;
  const std::string pki = Pki(dir);
  TestDatabase db;
  const std::string config = dir.path() + "/gateway.toml";
  std::ofstream(config) << "[fix]\nlisten_port = " << FreePort() << "\nca_file = \"" << pki << "/ca.crt\"\n"
                        << "cert_file = \"" << pki << "/gw1-server.crt\"\nkey_file = \"" << pki << "/gw1-server.key\"\n"
                        << "demo_session = \"demo-desk\"\ndemo_cert_file = \"" << dir.path() << "/missing.crt\"\n"
                        << "demo_key_file = \"" << pki << "/demo-desk-client.key\"\n"
                        << "demo_debtor_account = \"" << kAliceIban << "\"\ndemo_creditor_bic = \"BANKDEFFXXX\"\n"
                        << "demo_creditor_account = \"" << kCreditorIban << "\"\n\n"
                        << "[[fix.session]]\nname = \"demo-desk\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DEMO-DESK\"\n"
                        << "allow_names = [\"demo-desk\"]\ndebtor_accounts = [\"" << kAliceIban << "\"]\ncurrencies = [\"EUR\"]\n";
  auto r = Run({BinaryPath("gatewayd")},
               {{"DATABASE_URL", db.runtime_url()}, {"GATEWAY_CONFIG", config}, {"PORT", std::to_string(FreePort())},
                {"LOG_DIR", dir.path() + "/logs"}},
               "", std::chrono::seconds(30));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("fix.demo_cert_file: cannot read " + dir.path() + "/missing.crt") != std::string::npos);
}
