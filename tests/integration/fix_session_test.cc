// FIX sessions end to end: a real QuickFIX initiator (Debian's libquickfix,
// its own SSL transport with an RSA client certificate from `gatewayctl pki
// init`) speaks to gatewayd's FIX acceptor; instructions become payments that
// the built-in demo bank completes over the mutual-TLS link; every status comes
// back on the session. Then the connections gatewayd must refuse.
#include <catch2/catch.hpp>
#include <atomic>
#include <csignal>
#include <thread>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gateway/fix/quickfix.h"
#include "tests/integration/fix_test_support.h"
#include "tests/support/fixtures.h"

using namespace gw::test;
using namespace gw::test::fix_support;
using nlohmann::json;

namespace {

struct Report {
  std::string exec_type, ord_status, status, reason_code, rejected_tag, text, order_id, exec_id, poss_dup;
};

// A counterparty's FIX engine: QuickFIX's SSL initiator and an application
// that keeps every ExecutionReport and BusinessMessageReject it receives.
class FixClient : public FIX::Application {
 public:
  FixClient(const std::string& pki, const std::string& cert_name, unsigned short port,
            const std::string& sender = "DESK1", const std::string& target = "GATEWAY",
            const std::string& ca_file = "", unsigned short alternate_port = 0, int heartbeat = 5) {
    std::ostringstream s;
    s << "[DEFAULT]\nConnectionType=initiator\nReconnectInterval=1\nHeartBtInt=" << heartbeat
      << "\nStartTime=00:00:00\nEndTime=00:00:00\n"
      << "UseDataDictionary=Y\nDataDictionary=" << SourcePath("schemas/fix/FIX44.xml") << "\n"
      << "SocketConnectHost=127.0.0.1\nSocketConnectPort=" << port << "\n"
      << (alternate_port ? "SocketConnectHost1=127.0.0.1\nSocketConnectPort1=" + std::to_string(alternate_port) + "\n" : "")
      << "ClientCertificateFile=" << pki << "/" << cert_name << "-client.crt\n"
      << "ClientCertificateKeyFile=" << pki << "/" << cert_name << "-client.key\n"
      << "CertificationAuthoritiesFile=" << (ca_file.empty() ? pki + "/ca.crt" : ca_file) << "\n"
      << "SSLProtocol=+TLSv1.2 +TLSv1.3\nValidateUserDefinedFields=Y\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=" << sender << "\nTargetCompID=" << target << "\n";
    std::istringstream in(s.str());
    settings_ = std::make_unique<FIX::SessionSettings>(in);
    initiator_ = std::make_unique<FIX::ThreadedSSLSocketInitiator>(*this, store_, *settings_);
    id_ = FIX::SessionID("FIX.4.4", sender, target);
  }
  ~FixClient() override {
    try {
      initiator_->stop();
    } catch (...) {
    }
  }
  void Start() { initiator_->start(); }
  bool WaitLogon(std::chrono::milliseconds timeout) {
    return WaitUntil([&] { return logged_on_.load(); }, timeout);
  }
  bool EverLoggedOn() const { return ever_logged_on_; }

  void Send(FIX::Message m) { REQUIRE(FIX::Session::sendToTarget(m, id_)); }

  std::vector<Report> ReportsFor(const std::string& cl_ord_id) {
    std::lock_guard<std::mutex> l(mu_);
    return reports_[cl_ord_id];
  }
  std::vector<Report> Rejects() {
    std::lock_guard<std::mutex> l(mu_);
    return rejects_;
  }
  struct SessionReject {
    std::string reason, tag, text;
  };
  std::vector<SessionReject> SessionRejects() {
    std::lock_guard<std::mutex> l(mu_);
    return session_rejects_;
  }
  // Every ExecID received as a new message (not PossDup), with how often.
  std::map<std::string, int> ExecIds() {
    std::lock_guard<std::mutex> l(mu_);
    std::map<std::string, int> out;
    for (const auto& [id, rs] : reports_)
      for (const auto& r : rs)
        if (r.poss_dup != "Y") out[r.exec_id]++;
    return out;
  }
  bool LoggedOn() const { return logged_on_; }
  FIX::Session& Session() { return *FIX::Session::lookupSession(id_); }
  std::size_t Finished(const std::string& final_status) {
    std::lock_guard<std::mutex> l(mu_);
    std::size_t n = 0;
    for (const auto& [id, rs] : reports_)
      for (const auto& r : rs)
        if (r.status == final_status) {
          ++n;
          break;
        }
    return n;
  }
  std::size_t Completed() {
    std::lock_guard<std::mutex> l(mu_);
    std::size_t n = 0;
    for (const auto& [id, rs] : reports_)
      if (!rs.empty() && (rs.back().status == "COMPLETED" || rs.back().status == "FAILED" || rs.back().status == "REJECTED")) ++n;
    return n;
  }

  // FIX::Application
  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID&) override { logged_on_ = ever_logged_on_ = true; }
  void onLogout(const FIX::SessionID&) override { logged_on_ = false; }
  void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
  void toApp(FIX::Message&, const FIX::SessionID&) override {}
  void fromAdmin(const FIX::Message& m, const FIX::SessionID&) override {
    if (m.getHeader().getField(35) != "3") return;  // a session-level Reject of something we sent
    auto f = [&](int tag) { return m.isSetField(tag) ? m.getField(tag) : std::string(); };
    std::lock_guard<std::mutex> l(mu_);
    session_rejects_.push_back({f(373), f(371), f(58)});
  }
  void fromApp(const FIX::Message& m, const FIX::SessionID&) override {
    auto f = [&](int tag) { return m.isSetField(tag) ? m.getField(tag) : std::string(); };
    const std::string type = m.getHeader().getField(35);
    const std::string poss_dup = m.getHeader().isSetField(43) ? m.getHeader().getField(43) : "N";
    Report r{f(150), f(39), f(20020), f(20021), f(20022), f(58), f(37), f(17), poss_dup};
    std::lock_guard<std::mutex> l(mu_);
    if (type == "8") reports_[f(11)].push_back(r);
    else rejects_.push_back(r);
  }

 private:
  FIX::MemoryStoreFactory store_;
  std::unique_ptr<FIX::SessionSettings> settings_;
  std::unique_ptr<FIX::ThreadedSSLSocketInitiator> initiator_;
  FIX::SessionID id_;
  std::atomic<bool> logged_on_{false}, ever_logged_on_{false};
  std::mutex mu_;
  std::map<std::string, std::vector<Report>> reports_;
  std::vector<Report> rejects_;
  std::vector<SessionReject> session_rejects_;
};


// pki for gw1 (our links client and FIX server), bank-b (the demo bank) and
// desk1 (the FIX counterparty); a config with the demo bank on the link and
// one FIX session for desk1 that may debit `debtor_iban` in EUR.
std::string WriteConfig(const TempDir& dir, const std::string& pki, unsigned short fix_port,
                        const std::string& debtor_iban, bool with_bank = true,
                        const std::string& name = "gateway.toml") {
  const unsigned short bank_port = FreePort();
  const std::string file = dir.path() + "/" + name;
  std::ofstream f(file);
  if (with_bank)
  f << "[links]\nnode_name = \"gw1\"\nca_file = \"" << pki << "/ca.crt\"\n"
    << "client_cert_file = \"" << pki << "/gw1-client.crt\"\nclient_key_file = \"" << pki << "/gw1-client.key\"\n"
    << "demo_counterparty_port = " << bank_port << "\n"
    << "demo_counterparty_cert_file = \"" << pki << "/bank-b-server.crt\"\n"
    << "demo_counterparty_key_file = \"" << pki << "/bank-b-server.key\"\n\n"
    << "[[links.peer]]\nname = \"bank-b\"\nport = " << bank_port << "\nserver_name = \"bank-b\"\n"
    << "settlement_account = \"NOSTRO-BANKB-EUR\"\n\n";
  f << "[fix]\nlisten_port = " << fix_port << "\nca_file = \"" << pki << "/ca.crt\"\n"
    << "cert_file = \"" << pki << "/gw1-server.crt\"\nkey_file = \"" << pki << "/gw1-server.key\"\n"
    << "handshake_timeout_ms = 3000\n\n"
    << "[[fix.session]]\nname = \"desk1\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DESK1\"\n"
    << "allow_names = [\"desk1\"]\ndebtor_accounts = [\"" << debtor_iban << "\"]\ncurrencies = [\"EUR\"]\n";
  return file;
}



}  // namespace

TEST_CASE("a QuickFIX initiator over mutual TLS sends 1,000 instructions and receives every status up to COMPLETED, in order",
          "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short fix_port = FreePort();
  const std::string alice = kAliceIban;
  const std::string config = WriteConfig(dir, pki, fix_port, alice);
  GatewayFixture fx({{"GATEWAY_CONFIG", config}});
  REQUIRE(fx.alice_iban == alice);

  FixClient client(pki, "desk1", fix_port);
  client.Start();
  REQUIRE(client.WaitLogon(std::chrono::seconds(15)));

  constexpr int kCount = 1000;
  for (int i = 0; i < kCount; ++i) client.Send(Instruction("ORD-" + std::to_string(i), alice, "12.34"));
  const bool done = WaitUntil([&] { return client.Completed() >= kCount; }, std::chrono::seconds(180));
  INFO(fx.gatewayd().process().Output().substr(0, 4000));
  REQUIRE(done);
  for (int i = 0; i < kCount; ++i) {
    const auto reports = client.ReportsFor("ORD-" + std::to_string(i));
    std::vector<std::string> statuses;
    for (const auto& r : reports) statuses.push_back(r.status);
    INFO("ORD-" << i);
    REQUIRE(statuses == std::vector<std::string>{"INITIATED", "SENT", "COMPLETED"});
    CHECK(reports[0].exec_type == "0");
    CHECK(reports[2].exec_type == "F");
    CHECK(reports[2].ord_status == "2");
  }
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1' AND status = 'COMPLETED'") ==
        std::to_string(kCount));
  CHECK(fx.db().Scalar("SELECT count(*) FROM fix_status_outbox WHERE sent_seq IS NULL") == "0");

  {  // a repeated ClOrdID gets its current status again and never a second payment
    client.Send(Instruction("ORD-7", alice, "12.34"));
    REQUIRE(WaitUntil([&] { return client.ReportsFor("ORD-7").size() == 4; }, std::chrono::seconds(10)));
    const auto again = client.ReportsFor("ORD-7").back();
    CHECK(again.exec_type == "I");
    CHECK(again.status == "COMPLETED");
    CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1'") == std::to_string(kCount));
  }

  {  // bad instructions are REJECTED payments whose report names the field and the ISO reason code
    client.Send(Instruction("BAD-IBAN", alice, "10.00", "FR0020041010050500013M02606"));
    client.Send(Instruction("BAD-ACCOUNT", MakeIban("DE", "370400440532099999"), "10.00"));
    client.Send(Instruction("BAD-CURRENCY", alice, "10.00", kCreditorIban, "USD"));
    client.Send(Instruction("BAD-AMOUNT", alice, "10.001"));
    REQUIRE(WaitUntil([&] {
      return !client.ReportsFor("BAD-IBAN").empty() && !client.ReportsFor("BAD-ACCOUNT").empty() &&
             !client.ReportsFor("BAD-CURRENCY").empty() && !client.ReportsFor("BAD-AMOUNT").empty();
    }, std::chrono::seconds(10)));
    const auto iban = client.ReportsFor("BAD-IBAN").front();
    CHECK(iban.status == "REJECTED");
    CHECK(iban.ord_status == "8");
    CHECK(iban.reason_code == "AC01");
    CHECK(iban.rejected_tag == "20003");
    CHECK_THAT(iban.text, Catch::Contains("tag 20003 (CreditorAccount)"));
    const auto account = client.ReportsFor("BAD-ACCOUNT").front();
    CHECK(account.reason_code == "AG01");
    CHECK(account.rejected_tag == "1");
    const auto currency = client.ReportsFor("BAD-CURRENCY").front();
    CHECK(currency.reason_code == "AM03");
    CHECK(currency.rejected_tag == "15");
    const auto amount = client.ReportsFor("BAD-AMOUNT").front();
    CHECK(amount.status == "REJECTED");
    CHECK(amount.rejected_tag == "152");
    CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1' AND status = 'REJECTED'") == "4");
    CHECK(fx.db().Scalar("SELECT count(*) FROM journal_entries e JOIN payments p ON p.id = e.payment_id "
                         "WHERE p.status = 'REJECTED'") == "0");
  }

  {  // the sessions API and /metrics report the session
    auto r = fx.Call("GET", "/api/v1/fix/sessions", fx.Token("auditor1"));
    REQUIRE(r.status == 200);
    const auto s = json::parse(r.body)["sessions"][0];
    CHECK(s["name"] == "desk1");
    CHECK(s["state"] == "logged_on");
    CHECK(s["next_target_seq"].get<int>() > kCount);
    const std::string metrics = fx.gatewayd().Get("/metrics").body;
    CHECK(MetricValue(metrics, "fix_sessions_logged_on") == 1);
    CHECK(MetricValue(metrics, "fix_messages_total{direction=\"in\",msg_type=\"D\",session=\"desk1\"}") >= kCount);
    CHECK(MetricValue(metrics, "fix_store_duration_seconds_count") > 0);
  }
}

TEST_CASE("FIX connections are refused before any application message: another CA, a certificate not on the allow-list, an unknown CompID, a heartbeat too long",
          "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1,desk2");
  TempDir other_dir;
  const std::string other_pki = Pki(other_dir, scratch.url(), "desk1");  // same names, another CA
  const unsigned short fix_port = FreePort();
  const std::string config = WriteConfig(dir, pki, fix_port, kAliceIban);
  GatewayFixture fx({{"GATEWAY_CONFIG", config}});

  auto refused = [&](const std::string& reason) {
    return MetricValue(fx.gatewayd().Get("/metrics").body,
                       "fix_rejects_total{reason=\"" + reason + "\",session=\"" +
                           (reason == "certificate_not_allowed" ? "desk1" : "unknown") + "\"}");
  };
  {
    FixClient stranger(other_pki, "desk1", fix_port, "DESK1", "GATEWAY", other_pki + "/ca.crt");
    stranger.Start();
    CHECK(WaitUntil([&] { return refused("tls_handshake") >= 1; }, std::chrono::seconds(15)));
    CHECK_FALSE(stranger.EverLoggedOn());
  }
  {
    FixClient impostor(pki, "desk2", fix_port);  // valid certificate of our CA, but not desk1's
    impostor.Start();
    CHECK(WaitUntil([&] { return refused("certificate_not_allowed") >= 1; }, std::chrono::seconds(15)));
    CHECK_FALSE(impostor.EverLoggedOn());
  }
  {
    FixClient unknown(pki, "desk1", fix_port, "NOBODY");
    unknown.Start();
    CHECK(WaitUntil([&] { return refused("unknown_comp_id") >= 1; }, std::chrono::seconds(15)));
    CHECK_FALSE(unknown.EverLoggedOn());
  }
  {
    FixClient sleepy(pki, "desk1", fix_port, "DESK1", "GATEWAY", "", 0, 600);  // heartbeat_s is 30
    sleepy.Start();
    CHECK(WaitUntil([&] {
      return MetricValue(fx.gatewayd().Get("/metrics").body, "fix_rejects_total{reason=\"heartbeat\",session=\"desk1\"}") >= 1;
    }, std::chrono::seconds(15)));
    CHECK_FALSE(sleepy.EverLoggedOn());
  }
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments") == "0");
  CHECK(fx.db().Scalar("SELECT count(*) FROM fix_store_messages") == "0");
}

TEST_CASE("gatewayd killed mid-stream: the FIX session resumes its sequence numbers, nothing is lost or paid twice, and every status arrives",
          "[integration][fix][fault]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short fix_port = FreePort();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, fix_port, kAliceIban)}});
  FixClient client(pki, "desk1", fix_port);
  client.Start();
  REQUIRE(client.WaitLogon(std::chrono::seconds(15)));

  constexpr int kCount = 300;
  std::atomic<int> sent{0};
  std::thread sender([&] {
    for (int i = 0; i < kCount; ++i) {
      // Sent while disconnected too: QuickFIX keeps them and the gateway asks for them.
      FIX::Message m = Instruction("K-" + std::to_string(i), kAliceIban, "5.00");
      FIX::Session::sendToTarget(m, FIX::SessionID("FIX.4.4", "DESK1", "GATEWAY"));
      sent++;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  });
  REQUIRE(WaitUntil([&] { return std::stoi(fx.db().Scalar("SELECT count(*) FROM payments")) >= 60; },
                    std::chrono::seconds(30)));
  fx.gatewayd().process().Signal(SIGKILL);
  REQUIRE(fx.gatewayd().process().Wait(std::chrono::seconds(10)).has_value());
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  fx.RestartGatewayd();
  sender.join();
  const bool done = WaitUntil([&] { return client.Finished("COMPLETED") >= kCount; }, std::chrono::seconds(120));
  INFO(fx.gatewayd().process().Output().substr(0, 4000));
  CHECK(client.LoggedOn());
  REQUIRE(done);
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1'") == std::to_string(kCount));
  CHECK(fx.db().Scalar("SELECT count(DISTINCT idempotency_key) FROM payments WHERE source = 'fix:desk1'") ==
        std::to_string(kCount));
  CHECK(fx.db().Scalar("SELECT count(*) FROM journal_entries WHERE kind = 'payment'") == std::to_string(kCount));
  CHECK(fx.db().Scalar("SELECT count(DISTINCT payment_id) FROM journal_entries WHERE kind = 'payment'") ==
        std::to_string(kCount));
  CHECK(fx.db().Scalar("SELECT count(*) FROM journal_entries WHERE kind = 'reversal'") == "0");
  for (const auto& [exec_id, times] : client.ExecIds()) {
    INFO(exec_id);
    CHECK(times == 1);  // no status twice as a new message
  }
  for (int i = 0; i < kCount; ++i) {
    std::vector<std::string> statuses;
    // A resent report (PossDup) or the answer to a resent instruction repeats
    // the last status; none may come out of order.
    for (const auto& r : client.ReportsFor("K-" + std::to_string(i)))
      if (statuses.empty() || statuses.back() != r.status) statuses.push_back(r.status);
    INFO("K-" << i);
    CHECK(statuses == std::vector<std::string>{"INITIATED", "SENT", "COMPLETED"});
  }
}

TEST_CASE("two gatewayd on one database: when the FIX session's owner is killed the other takes the session over within 10 s",
          "[integration][fix][fault]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short port_a = FreePort(), port_b = FreePort();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, port_a, kAliceIban, false, "a.toml")}});
  Gatewayd b(fx.db().url(), {{"GATEWAY_CONFIG", WriteConfig(dir, pki, port_b, kAliceIban, false, "b.toml")}});
  REQUIRE(b.WaitReady());
  FixClient client(pki, "desk1", port_a, "DESK1", "GATEWAY", "", port_b);
  client.Start();
  REQUIRE(client.WaitLogon(std::chrono::seconds(15)));
  for (int i = 0; i < 50; ++i) client.Send(Instruction("T-" + std::to_string(i), kAliceIban, "7.00"));
  REQUIRE(WaitUntil([&] { return client.Finished("INITIATED") >= 50; }, std::chrono::seconds(30)));

  fx.gatewayd().process().Signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  REQUIRE(WaitUntil([&] { return !client.LoggedOn(); }, std::chrono::seconds(10)));
  REQUIRE(client.WaitLogon(std::chrono::seconds(10)));
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed);
  CHECK(took < std::chrono::seconds(10));
  WARN("session taken over in " << took.count() << " ms");
  for (int i = 50; i < 100; ++i) client.Send(Instruction("T-" + std::to_string(i), kAliceIban, "7.00"));
  REQUIRE(WaitUntil([&] { return client.Finished("INITIATED") >= 100; }, std::chrono::seconds(30)));
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1'") == "100");
  for (const auto& [exec_id, times] : client.ExecIds()) {
    INFO(exec_id);
    CHECK(times == 1);
  }
}

TEST_CASE("FIX messages with invalid fields get a session Reject naming the tag, and nothing is paid",
          "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short fix_port = FreePort();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, fix_port, kAliceIban)}});
  FixClient client(pki, "desk1", fix_port);
  client.Start();
  REQUIRE(client.WaitLogon(std::chrono::seconds(15)));

  FIX::Message missing = Instruction("R-1", kAliceIban, "1.00");
  missing.removeField(20003);  // CreditorAccount, required
  client.Send(missing);
  FIX::Message source = Instruction("R-2", kAliceIban, "1.00");
  FIX::Group wrong(453, 448);
  wrong.setField(448, "BANKDEFFXXX");
  wrong.setField(447, "C");  // not a BIC
  wrong.setField(452, "30");
  source.replaceGroup(2, wrong);
  client.Send(source);
  FIX::Message type = Instruction("R-3", kAliceIban, "1.00");
  type.setField(152, "twelve");  // CashOrderQty is a Qty
  client.Send(type);
  REQUIRE(WaitUntil([&] { return client.SessionRejects().size() >= 3; }, std::chrono::seconds(10)));
  const auto rejects = client.SessionRejects();
  CHECK(rejects[0].reason == "1");  // required tag missing
  CHECK(rejects[0].tag == "20003");
  CHECK(rejects[1].reason == "5");  // value incorrect
  CHECK(rejects[1].tag == "447");
  CHECK(rejects[2].reason == "6");  // incorrect data format
  CHECK(rejects[2].tag == "152");
  CHECK(client.LoggedOn());

  // Bytes that never make a FIX message: cut off and counted.
  const auto garbled = Run({"/bin/bash", "-c",
                            "head -c 70000 /dev/zero | tr '\\0' x | timeout 10 openssl s_client -quiet -connect 127.0.0.1:" +
                                std::to_string(fix_port) + " -cert " + pki + "/desk1-client.crt -key " + pki +
                                "/desk1-client.key -CAfile " + pki + "/ca.crt"});
  INFO(garbled.output.substr(0, 2000));
  const std::string log = fx.gatewayd().process().Output();
  INFO(log.substr(log.size() > 3000 ? log.size() - 3000 : 0));
  CHECK(WaitUntil([&] {
    const std::string m = fx.gatewayd().Get("/metrics").body;
    return MetricValue(m, "fix_rejects_total{reason=\"garbled\",session=\"unknown\"}") >= 1;
  }, std::chrono::seconds(10)));
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments") == "0");
}

TEST_CASE("FIX session operations: an admin's logout holds the session out until logon, and a sequence reset needs a second admin",
          "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short fix_port = FreePort();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, fix_port, kAliceIban)}});
  Ctl(fx.db().url(), {"operator", "add", "--username", "admin2", "--role", "admin", "--password-stdin"},
      std::string(GatewayFixture::kPassword) + "\n");
  FixClient client(pki, "desk1", fix_port);
  client.Start();
  REQUIRE(client.WaitLogon(std::chrono::seconds(15)));
  const std::string admin1 = fx.Token("admin1"), admin2 = fx.Token("admin2");
  CHECK(json::parse(fx.Call("GET", "/health", admin1).body)["components"]["fix:desk1"]["status"] == "up");

  CHECK(fx.Call("POST", "/api/v1/fix/sessions/desk1/logout", fx.Token("checker1"), R"({"reason":"x"})").status == 403);
  CHECK(fx.Call("POST", "/api/v1/fix/sessions/desk1/logout", admin1, "{}").status == 400);
  REQUIRE(fx.Call("POST", "/api/v1/fix/sessions/desk1/logout", admin1, R"({"reason":"counterparty maintenance"})").status == 200);
  REQUIRE(WaitUntil([&] { return !client.LoggedOn(); }, std::chrono::seconds(10)));
  std::this_thread::sleep_for(std::chrono::seconds(3));  // it keeps trying every second, and is refused
  CHECK_FALSE(client.LoggedOn());
  auto sessions = json::parse(fx.Call("GET", "/api/v1/fix/sessions", admin1).body)["sessions"];
  CHECK(sessions[0]["state"] == "disabled");
  auto health = json::parse(fx.Call("GET", "/health", admin1).body)["components"]["fix:desk1"];
  CHECK(health["status"] == "degraded");
  CHECK(health["note"] == "logged out by an admin");

  // Both sides agree on new numbers while the session is out: proposed by one admin, approved by another.
  auto proposed = fx.Call("POST", "/api/v1/fix/sessions/desk1/sequence-resets", admin1,
                          R"({"next_sender_seq": 1000, "next_target_seq": 2000, "reason": "counterparty restored from backup"})");
  REQUIRE(proposed.status == 202);
  const std::string id = std::to_string(json::parse(proposed.body)["id"].get<int64_t>());
  auto self = fx.Call("POST", "/api/v1/fix/sequence-resets/" + id + "/approve", admin1, "{}");
  CHECK(self.status == 403);
  CHECK_THAT(self.body, Catch::Contains("four eyes"));
  client.Session().setNextSenderMsgSeqNum(2000);
  client.Session().setNextTargetMsgSeqNum(1000);
  auto approved = fx.Call("POST", "/api/v1/fix/sequence-resets/" + id + "/approve", admin2, "{}");
  INFO(approved.body);
  REQUIRE(approved.status == 200);
  CHECK(json::parse(approved.body)["status"] == "APPLIED");
  CHECK(fx.db().Scalar("SELECT next_sender_seq || '/' || next_target_seq FROM fix_store_sessions") == "1000/2000");

  REQUIRE(fx.Call("POST", "/api/v1/fix/sessions/desk1/logon", admin1, R"({"reason":"maintenance over"})").status == 200);
  REQUIRE(client.WaitLogon(std::chrono::seconds(15)));
  client.Send(Instruction("AFTER-RESET", kAliceIban, "3.00"));
  REQUIRE(WaitUntil([&] { return client.Finished("COMPLETED") >= 1; }, std::chrono::seconds(30)));
  CHECK(fx.db().Scalar("SELECT count(*) FROM audit_logs WHERE action IN ('fix.session_logout', 'fix.session_logon', "
                       "'fix.sequence_reset_proposed', 'fix.sequence_reset_applied')") == "4");
  CHECK(MetricValue(fx.gatewayd().Get("/metrics").body, "fix_rejects_total{reason=\"disabled\",session=\"desk1\"}") >= 1);
}
