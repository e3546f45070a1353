// FIX sessions end to end: a real QuickFIX initiator (Debian's libquickfix,
// its own SSL transport with an RSA client certificate from `gatewayctl pki
// init`) speaks to gatewayd's FIX acceptor; instructions become payments that
// the built-in demo bank completes over the mutual-TLS link; every status comes
// back on the session. Then the connections gatewayd must refuse.
#include <catch2/catch.hpp>
#include <atomic>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>

#include "gateway/fix/quickfix.h"
#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

namespace {

// The fixture's ALICE account (debtor) and a creditor at the demo bank.
const std::string kAliceIban = MakeIban("DE", "370400440532013000");
const std::string kCreditorIban = MakeIban("FR", "20041010050500013M02606");

struct Report {
  std::string exec_type, ord_status, status, reason_code, rejected_tag, text, order_id;
};

// A counterparty's FIX engine: QuickFIX's SSL initiator and an application
// that keeps every ExecutionReport and BusinessMessageReject it receives.
class FixClient : public FIX::Application {
 public:
  FixClient(const std::string& pki, const std::string& cert_name, unsigned short port,
            const std::string& sender = "DESK1", const std::string& target = "GATEWAY",
            const std::string& ca_file = "") {
    std::ostringstream s;
    s << "[DEFAULT]\nConnectionType=initiator\nReconnectInterval=1\nHeartBtInt=5\nStartTime=00:00:00\nEndTime=00:00:00\n"
      << "UseDataDictionary=Y\nDataDictionary=" << SourcePath("schemas/fix/FIX44.xml") << "\n"
      << "SocketConnectHost=127.0.0.1\nSocketConnectPort=" << port << "\n"
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
  void fromAdmin(const FIX::Message&, const FIX::SessionID&) override {}
  void fromApp(const FIX::Message& m, const FIX::SessionID&) override {
    auto f = [&](int tag) { return m.isSetField(tag) ? m.getField(tag) : std::string(); };
    const std::string type = m.getHeader().getField(35);
    Report r{f(150), f(39), f(20020), f(20021), f(20022), f(58), f(37)};
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
};

FIX::Message Instruction(const std::string& cl_ord_id, const std::string& debtor_iban, const std::string& amount,
                         const std::string& creditor_iban = kCreditorIban, const std::string& currency = "EUR") {
  FIX::Message m;
  m.getHeader().setField(35, "D");
  m.setField(11, cl_ord_id);
  m.setField(1, debtor_iban);
  m.setField(15, currency);
  m.setField(152, amount);
  m.setField(60, FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3));
  FIX::Group debtor_agent(453, 448);
  debtor_agent.setField(448, "GWAYDEFFXXX");
  debtor_agent.setField(447, "B");
  debtor_agent.setField(452, "13");
  m.addGroup(debtor_agent);
  FIX::Group creditor_agent(453, 448);
  creditor_agent.setField(448, "BANKDEFFXXX");
  creditor_agent.setField(447, "B");
  creditor_agent.setField(452, "30");
  m.addGroup(creditor_agent);
  m.setField(20001, "Alice Example GmbH");
  m.setField(20002, "Carol Exemple SARL");
  m.setField(20003, creditor_iban);
  m.setField(20010, "Invoice " + cl_ord_id);
  return m;
}

// pki for gw1 (our links client and FIX server), bank-b (the demo bank) and
// desk1 (the FIX counterparty); a config with the demo bank on the link and
// one FIX session for desk1 that may debit `debtor_iban` in EUR.
std::string WriteConfig(const TempDir& dir, const std::string& pki, unsigned short fix_port,
                        const std::string& debtor_iban) {
  const unsigned short bank_port = FreePort();
  const std::string file = dir.path() + "/gateway.toml";
  std::ofstream f(file);
  f << "[links]\nnode_name = \"gw1\"\nca_file = \"" << pki << "/ca.crt\"\n"
    << "client_cert_file = \"" << pki << "/gw1-client.crt\"\nclient_key_file = \"" << pki << "/gw1-client.key\"\n"
    << "demo_counterparty_port = " << bank_port << "\n"
    << "demo_counterparty_cert_file = \"" << pki << "/bank-b-server.crt\"\n"
    << "demo_counterparty_key_file = \"" << pki << "/bank-b-server.key\"\n\n"
    << "[[links.peer]]\nname = \"bank-b\"\nport = " << bank_port << "\nserver_name = \"bank-b\"\n"
    << "settlement_account = \"NOSTRO-BANKB-EUR\"\n\n"
    << "[fix]\nlisten_port = " << fix_port << "\nca_file = \"" << pki << "/ca.crt\"\n"
    << "cert_file = \"" << pki << "/gw1-server.crt\"\nkey_file = \"" << pki << "/gw1-server.key\"\n"
    << "handshake_timeout_ms = 3000\n\n"
    << "[[fix.session]]\nname = \"desk1\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DESK1\"\n"
    << "allow_names = [\"desk1\"]\ndebtor_accounts = [\"" << debtor_iban << "\"]\ncurrencies = [\"EUR\"]\n";
  return file;
}

std::string Pki(const TempDir& dir, const std::string& db_url, const std::string& names) {
  const std::string pki = dir.path() + "/pki";
  Ctl(db_url, {"pki", "init", "--dir", pki, "--names", names});
  return pki;
}

double MetricValue(const std::string& metrics, const std::string& series) {
  std::istringstream in(metrics);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(series + " ", 0) == 0) return std::stod(line.substr(series.size() + 1));
  return 0;
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
  }
}

TEST_CASE("FIX connections are refused before any application message: another CA, a certificate not on the allow-list, an unknown CompID",
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
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments") == "0");
  CHECK(fx.db().Scalar("SELECT count(*) FROM fix_store_messages") == "0");
}
