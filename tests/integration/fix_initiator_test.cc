// Initiator FIX sessions end to end: gatewayd calls the counterparty. The
// counterparty is a real QuickFIX acceptor (Debian's libquickfix, its own SSL
// transport with an RSA server certificate from `gatewayctl pki init`, a
// FileStore so that its sequence numbers survive a restart); gatewayd connects
// over mutual TLS with its links client certificate, logs on, and from then on
// the session is the same as an accepted one: instructions become payments
// that the built-in demo bank completes, every status comes back.
#include <catch2/catch.hpp>
#include <atomic>
#include <csignal>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "gateway/fix/quickfix.h"
#include "tests/integration/fix_test_support.h"
#include "tests/support/fixtures.h"

using namespace gw::test;
using namespace gw::test::fix_support;
using nlohmann::json;

namespace {

const FIX::SessionID kDeskSession("FIX.4.4", "DESK1", "GATEWAY");

struct Report {
  std::string exec_type, status, poss_dup;
};

// The counterparty: QuickFIX's SSL acceptor for DESK1 <- GATEWAY. It requires
// a client certificate of the CA (CertificateVerifyLevel), keeps every
// ExecutionReport, and notes each Logon the gateway sends (sequence number,
// HeartBtInt, ResetSeqNumFlag).
class Desk : public FIX::Application {
 public:
  struct Logon {
    int seq = 0;
    std::string heartbeat, reset;
  };

  Desk(const std::string& pki, const std::string& cert_name, unsigned short port, const std::string& store_dir,
       const std::string& ca_file = "") {
    std::ostringstream s;
    s << "[DEFAULT]\nConnectionType=acceptor\nSocketAcceptPort=" << port << "\nSocketReuseAddress=Y\n"
      << "StartTime=00:00:00\nEndTime=00:00:00\n"
      << "UseDataDictionary=Y\nDataDictionary=" << SourcePath("schemas/fix/FIX44.xml") << "\n"
      << "ValidateUserDefinedFields=Y\nFileStorePath=" << store_dir << "\n"
      << "ServerCertificateFile=" << pki << "/" << cert_name << "-server.crt\n"
      << "ServerCertificateKeyFile=" << pki << "/" << cert_name << "-server.key\n"
      << "CertificationAuthoritiesFile=" << (ca_file.empty() ? pki + "/ca.crt" : ca_file) << "\n"
      << "CertificateVerifyLevel=2\nSSLProtocol=+TLSv1.2 +TLSv1.3\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=DESK1\nTargetCompID=GATEWAY\n";
    std::istringstream in(s.str());
    settings_ = std::make_unique<FIX::SessionSettings>(in);
    store_ = std::make_unique<FIX::FileStoreFactory>(*settings_);
    acceptor_ = std::make_unique<FIX::ThreadedSSLSocketAcceptor>(*this, *store_, *settings_);
  }
  ~Desk() override { Stop(); }
  void Start() { acceptor_->start(); }
  // Stops listening and drops the connection without a Logout.
  void Stop() {
    try {
      if (acceptor_) acceptor_->stop(true);
    } catch (...) {
    }
    acceptor_.reset();
    logged_on_ = false;
  }

  bool WaitLogon(std::chrono::milliseconds timeout) {
    return WaitUntil([&] { return logged_on_.load(); }, timeout);
  }
  bool LoggedOn() const { return logged_on_; }
  std::vector<Logon> Logons() {
    std::lock_guard<std::mutex> l(mu_);
    return logons_;
  }
  // Drops the connection without a Logout. QuickFIX's SSL socket may only be
  // closed on its connection's own thread (closing it from another races its
  // reads in OpenSSL), so this asks the gateway for a Heartbeat (TestRequest)
  // and disconnects in the callback that receives it.
  void DropConnection() {
    drop_ = true;
    FIX::Message test_request;
    test_request.getHeader().setField(35, "1");
    test_request.setField(112, "drop-the-connection");
    FIX::Session::sendToTarget(test_request, kDeskSession);
  }
  bool Send(FIX::Message m) { return FIX::Session::sendToTarget(m, kDeskSession); }
  std::vector<Report> ReportsFor(const std::string& cl_ord_id) {
    std::lock_guard<std::mutex> l(mu_);
    return reports_[cl_ord_id];
  }
  std::size_t Finished(const std::string& status) {
    std::lock_guard<std::mutex> l(mu_);
    std::size_t n = 0;
    for (const auto& [id, rs] : reports_)
      for (const auto& r : rs)
        if (r.status == status) {
          ++n;
          break;
        }
    return n;
  }

  // FIX::Application
  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID&) override { logged_on_ = true; }
  void onLogout(const FIX::SessionID&) override { logged_on_ = false; }
  void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
  void toApp(FIX::Message&, const FIX::SessionID&) override {}
  void fromAdmin(const FIX::Message& m, const FIX::SessionID& id) override {
    const std::string type = m.getHeader().getField(35);
    if (type == "0" && m.isSetField(112) && drop_.exchange(false)) {
      if (FIX::Session* s = FIX::Session::lookupSession(id)) s->disconnect();
      return;
    }
    if (type != "A") return;
    std::lock_guard<std::mutex> l(mu_);
    logons_.push_back({std::stoi(m.getHeader().getField(34)), m.isSetField(108) ? m.getField(108) : "",
                       m.isSetField(141) ? m.getField(141) : "N"});
  }
  void fromApp(const FIX::Message& m, const FIX::SessionID&) override {
    if (m.getHeader().getField(35) != "8") return;
    auto f = [&](int tag) { return m.isSetField(tag) ? m.getField(tag) : std::string(); };
    std::lock_guard<std::mutex> l(mu_);
    reports_[f(11)].push_back({f(150), f(20020), m.getHeader().isSetField(43) ? m.getHeader().getField(43) : "N"});
  }

 private:
  std::unique_ptr<FIX::SessionSettings> settings_;
  std::unique_ptr<FIX::FileStoreFactory> store_;
  std::unique_ptr<FIX::ThreadedSSLSocketAcceptor> acceptor_;
  std::atomic<bool> logged_on_{false}, drop_{false};
  std::mutex mu_;
  std::vector<Logon> logons_;
  std::map<std::string, std::vector<Report>> reports_;
};

FIX::Message Instruction(const std::string& cl_ord_id, const std::string& amount) {
  return fix_support::Instruction(cl_ord_id, kAliceIban, amount);
}


// The demo bank on the link (so that payments complete) and one initiator
// session desk1 -> 127.0.0.1:desk_port, allowing the certificate "desk1"; no
// fix.listen_port: nothing listens for FIX.
// `extra` goes into the session's table; without the bank, payments stay
// where the pipeline leaves them without a link.
std::string WriteConfig(const TempDir& dir, const std::string& pki, unsigned short desk_port,
                        int reconnect_interval = 1, const std::string& extra = "", bool with_bank = true,
                        const std::string& name = "gateway.toml") {
  const unsigned short bank_port = FreePort();
  const std::string file = dir.path() + "/" + name;
  std::ofstream f(file);
  f << "[links]\nnode_name = \"gw1\"\nca_file = \"" << pki << "/ca.crt\"\n"
    << "client_cert_file = \"" << pki << "/gw1-client.crt\"\nclient_key_file = \"" << pki << "/gw1-client.key\"\n";
  if (with_bank)
    f << "demo_counterparty_port = " << bank_port << "\n"
      << "demo_counterparty_cert_file = \"" << pki << "/bank-b-server.crt\"\n"
      << "demo_counterparty_key_file = \"" << pki << "/bank-b-server.key\"\n\n"
      << "[[links.peer]]\nname = \"bank-b\"\nport = " << bank_port << "\nserver_name = \"bank-b\"\n"
      << "settlement_account = \"NOSTRO-BANKB-EUR\"\n\n";
  f << "\n[fix]\nca_file = \"" << pki << "/ca.crt\"\nhandshake_timeout_ms = 3000\nconnect_timeout_ms = 2000\n\n"
    << "[[fix.session]]\nname = \"desk1\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DESK1\"\n"
    << "heartbeat_s = 7\nconnect_host = \"127.0.0.1\"\nconnect_port = " << desk_port << "\n"
    << "reconnect_interval = " << reconnect_interval << "\n"
    << "allow_names = [\"desk1\"]\ndebtor_accounts = [\"" << kAliceIban << "\"]\ncurrencies = [\"EUR\"]\n" << extra;
  return file;
}


json SessionJson(GatewayFixture& fx) {
  auto r = fx.Call("GET", "/api/v1/fix/sessions", fx.Token("auditor1"));
  REQUIRE(r.status == 200);
  return json::parse(r.body)["sessions"][0];
}

json Health(GatewayFixture& fx) {
  return json::parse(fx.Call("GET", "/health", fx.Token("auditor1")).body)["components"]["fix:desk1"];
}

std::string Log(GatewayFixture& fx) {
  const std::string log = fx.gatewayd().process().Output();
  return log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
}

}  // namespace

TEST_CASE("an initiator FIX session: gatewayd dials the counterparty's QuickFIX acceptor over mutual TLS, logs on, and every instruction's status comes back up to COMPLETED",
          "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short desk_port = FreePort();
  Desk desk(pki, "desk1", desk_port, dir.path() + "/desk-store");
  desk.Start();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, desk_port)}});
  INFO(Log(fx));
  REQUIRE(desk.WaitLogon(std::chrono::seconds(15)));
  const auto logons = desk.Logons();
  REQUIRE(logons.size() == 1);
  CHECK(logons[0].heartbeat == "7");  // heartbeat_s
  CHECK(logons[0].reset == "N");

  constexpr int kCount = 20;
  for (int i = 0; i < kCount; ++i) REQUIRE(desk.Send(Instruction("I-" + std::to_string(i), "12.34")));
  REQUIRE(WaitUntil([&] { return desk.Finished("COMPLETED") >= kCount; }, std::chrono::seconds(60)));
  for (int i = 0; i < kCount; ++i) {
    std::vector<std::string> statuses;
    for (const auto& r : desk.ReportsFor("I-" + std::to_string(i))) statuses.push_back(r.status);
    INFO("I-" << i);
    CHECK(statuses == std::vector<std::string>{"INITIATED", "SENT", "COMPLETED"});
  }
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1' AND status = 'COMPLETED'") ==
        std::to_string(kCount));

  {  // a repeated ClOrdID is answered with its status, never paid twice
    REQUIRE(desk.Send(Instruction("I-3", "12.34")));
    REQUIRE(WaitUntil([&] { return desk.ReportsFor("I-3").size() == 4; }, std::chrono::seconds(10)));
    CHECK(desk.ReportsFor("I-3").back().exec_type == "I");
    CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1'") == std::to_string(kCount));
  }

  {  // the sessions API, /health and /metrics show the initiator
    const json s = SessionJson(fx);
    CHECK(s["role"] == "initiator");
    CHECK(s["state"] == "logged_on");
    CHECK(s["connect"] == "127.0.0.1:" + std::to_string(desk_port));
    CHECK(s["connect_error"].is_null());
    CHECK(s["peer"] == "desk1");
    const json h = Health(fx);
    CHECK(h["status"] == "up");
    CHECK(h["role"] == "initiator");
    CHECK(MetricValue(fx.gatewayd().Get("/metrics").body, "fix_sessions_logged_on") == 1);
  }

  {  // an admin's logout holds the initiator back until logon
    const std::string admin = fx.Token("admin1");
    REQUIRE(fx.Call("POST", "/api/v1/fix/sessions/desk1/logout", admin, R"({"reason":"desk maintenance"})").status == 200);
    REQUIRE(WaitUntil([&] { return !desk.LoggedOn(); }, std::chrono::seconds(10)));
    // Three reconnect intervals: no new Logon arrives.
    std::this_thread::sleep_for(std::chrono::seconds(3));
    CHECK(desk.Logons().size() == 1);
    CHECK(SessionJson(fx)["state"] == "disabled");
    CHECK(Health(fx)["note"] == "logged out by an admin");
    REQUIRE(fx.Call("POST", "/api/v1/fix/sessions/desk1/logon", admin, R"({"reason":"maintenance over"})").status == 200);
    REQUIRE(desk.WaitLogon(std::chrono::seconds(10)));
    const auto again = desk.Logons();
    REQUIRE(again.size() == 2);
    CHECK(again[1].seq > again[0].seq);  // the numbers carry on
    REQUIRE(desk.Send(Instruction("AFTER-LOGON", "3.00")));
    REQUIRE(WaitUntil([&] { return desk.Finished("COMPLETED") >= kCount + 1; }, std::chrono::seconds(30)));
  }
}

TEST_CASE("an initiator FIX session refuses a counterparty whose certificate is not on the session's allow-list or not of the CA: no Logon, counted, and /health says why",
          "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1,desk2");
  TempDir other_dir;
  const std::string other_pki = Pki(other_dir, scratch.url(), "desk1");  // the same name, another CA
  const unsigned short desk_port = FreePort();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, desk_port)}});
  INFO(Log(fx));
  auto refused = [&](const std::string& reason) {
    return MetricValue(fx.gatewayd().Get("/metrics").body,
                       "fix_rejects_total{reason=\"" + reason + "\",session=\"desk1\"}");
  };
  {
    // A valid certificate of our CA, but desk2's: refused after the handshake, before any Logon.
    Desk impostor(pki, "desk2", desk_port, dir.path() + "/store-2");
    impostor.Start();
    CHECK(WaitUntil([&] { return refused("certificate_not_allowed") >= 2; }, std::chrono::seconds(15)));
    CHECK(impostor.Logons().empty());
    CHECK_FALSE(impostor.LoggedOn());
    const json h = Health(fx);
    CHECK(h["status"] == "degraded");
    CHECK_THAT(h["note"].get<std::string>(), Catch::Contains("not on the session's allow-list"));
    const json s = SessionJson(fx);
    CHECK(s["state"] == "disconnected");
    CHECK_THAT(s["connect_error"].get<std::string>(), Catch::Contains("not on the session's allow-list"));
  }
  {
    // desk1's name, another CA: the TLS handshake fails on the server certificate.
    Desk stranger(other_pki, "desk1", desk_port, dir.path() + "/store-3", pki + "/ca.crt");
    stranger.Start();
    CHECK(WaitUntil([&] { return refused("tls_handshake") >= 1; }, std::chrono::seconds(15)));
    CHECK(stranger.Logons().empty());
    CHECK(WaitUntil([&] {
      const json s = SessionJson(fx);
      return s["connect_error"].is_string() &&
             s["connect_error"].get<std::string>().find("server certificate") != std::string::npos;
    }, std::chrono::seconds(10)));
  }
  CHECK(fx.db().Scalar("SELECT count(*) FROM fix_store_messages") == "0");
}

TEST_CASE("an initiator FIX session whose counterparty is down at start connects once it is up, reconnects after a dropped connection, and resumes its sequence numbers without paying twice",
          "[integration][fix][fault]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short desk_port = FreePort();
  const std::string store = dir.path() + "/desk-store";
  constexpr int kInterval = 2;
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, desk_port, kInterval)}});
  INFO(Log(fx));

  // Nobody listens: degraded, with the reason.
  REQUIRE(WaitUntil([&] { return Health(fx)["status"] == "degraded"; }, std::chrono::seconds(10)));
  CHECK_THAT(Health(fx)["note"].get<std::string>(), Catch::Contains("cannot reach the counterparty"));
  CHECK_THAT(SessionJson(fx)["connect_error"].get<std::string>(), Catch::Contains("cannot connect to 127.0.0.1:"));

  auto desk = std::make_unique<Desk>(pki, "desk1", desk_port, store);
  desk->Start();
  const auto up = std::chrono::steady_clock::now();
  REQUIRE(desk->WaitLogon(std::chrono::seconds(3 * kInterval + 5)));
  const auto took = std::chrono::steady_clock::now() - up;
  CHECK(took < std::chrono::seconds(3 * kInterval + 2));
  WARN("logged on " << std::chrono::duration_cast<std::chrono::milliseconds>(took).count()
                    << " ms after the counterparty came up");
  REQUIRE(desk->Send(Instruction("D-1", "5.00")));
  REQUIRE(WaitUntil([&] { return desk->Finished("COMPLETED") >= 1; }, std::chrono::seconds(30)));
  CHECK(Health(fx)["status"] == "up");

  // The connection drops (no Logout); an instruction the counterparty sends
  // meanwhile waits in its store. gatewayd reconnects, sees the gap, asks for
  // it again, and records it once.
  desk->DropConnection();
  REQUIRE(WaitUntil([&] { return !desk->LoggedOn(); }, std::chrono::seconds(10)));
  desk->Send(Instruction("D-2", "6.00"));  // stored under its sequence number; no connection to send it on
  REQUIRE(WaitUntil([&] { return desk->Logons().size() == 2; }, std::chrono::seconds(3 * kInterval + 5)));
  REQUIRE(desk->WaitLogon(std::chrono::seconds(10)));
  REQUIRE(WaitUntil([&] { return desk->Finished("COMPLETED") >= 2; }, std::chrono::seconds(30)));
  CHECK(fx.db().Scalar("SELECT bool_or(m.content LIKE '%' || chr(1) || '43=Y' || chr(1) || '%') FROM payment_messages m "
                       "JOIN payments p ON p.id = m.payment_id WHERE p.idempotency_key = 'fix:desk1|key:D-2' "
                       "AND m.direction = 'in'") == "t");  // it came as a resend (PossDupFlag)
  // The same ClOrdID again as a new message: its status, no second payment.
  REQUIRE(desk->Send(Instruction("D-2", "6.00")));
  REQUIRE(WaitUntil([&] {
    const auto r = desk->ReportsFor("D-2");
    return !r.empty() && r.back().exec_type == "I";
  }, std::chrono::seconds(10)));

  // The counterparty restarts (its FileStore keeps its numbers): gatewayd
  // reconnects and carries on from its own store.
  desk.reset();
  desk = std::make_unique<Desk>(pki, "desk1", desk_port, store);
  desk->Start();
  REQUIRE(desk->WaitLogon(std::chrono::seconds(3 * kInterval + 5)));
  REQUIRE(desk->Send(Instruction("D-3", "7.00")));
  REQUIRE(WaitUntil([&] { return desk->Finished("COMPLETED") >= 1; }, std::chrono::seconds(30)));

  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1'") == "3");
  CHECK(fx.db().Scalar("SELECT count(DISTINCT idempotency_key) FROM payments WHERE source = 'fix:desk1'") == "3");
  CHECK(fx.db().Scalar("SELECT count(*) FROM journal_entries WHERE kind = 'payment'") == "3");
  const auto logons = desk->Logons();
  REQUIRE(logons.size() == 1);
  CHECK(logons[0].reset == "N");
  CHECK(logons[0].seq > 3);  // no reset to 1 at any reconnect
}

TEST_CASE("two gatewayd on one database with an initiator session: only the owner of the session calls the counterparty, and when it is killed the other does",
          "[integration][fix][fault]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short desk_port = FreePort();
  Desk desk(pki, "desk1", desk_port, dir.path() + "/desk-store");
  desk.Start();
  GatewayFixture fx({{"GATEWAY_CONFIG", WriteConfig(dir, pki, desk_port, 1, "", false, "a.toml")}});
  REQUIRE(desk.WaitLogon(std::chrono::seconds(15)));
  Gatewayd b(fx.db().url(), {{"GATEWAY_CONFIG", WriteConfig(dir, pki, desk_port, 1, "", false, "b.toml")}});
  REQUIRE(b.WaitReady());
  auto b_health = [&] { return json::parse(b.Get("/health").body)["components"]["fix:desk1"]; };
  // b finds the session owned: up, and it does not call.
  REQUIRE(WaitUntil([&] { return b_health()["note"] == "connected from another gatewayd"; }, std::chrono::seconds(10)));
  CHECK(b_health()["status"] == "up");
  CHECK(desk.Logons().size() == 1);
  REQUIRE(desk.Send(Instruction("T-1", "7.00")));
  REQUIRE(WaitUntil([&] { return desk.Finished("INITIATED") >= 1; }, std::chrono::seconds(15)));

  fx.gatewayd().process().Signal(SIGKILL);
  const auto killed = std::chrono::steady_clock::now();
  REQUIRE(WaitUntil([&] { return desk.Logons().size() == 2 && desk.LoggedOn(); }, std::chrono::seconds(15)));
  WARN("b called the counterparty "
       << std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - killed).count()
       << " ms after the owner was killed");
  const auto logons = desk.Logons();
  CHECK(logons[1].seq > logons[0].seq);  // b carries on from the store
  CHECK(logons[1].reset == "N");
  CHECK(b_health()["status"] == "up");
  REQUIRE(desk.Send(Instruction("T-2", "7.00")));
  REQUIRE(WaitUntil([&] { return desk.Finished("INITIATED") >= 2; }, std::chrono::seconds(15)));
  CHECK(fx.db().Scalar("SELECT count(*) FROM payments WHERE source = 'fix:desk1'") == "2");
}

TEST_CASE("an initiator FIX session does not call its counterparty outside its schedule", "[integration][fix]") {
  TempDir dir;
  TestDatabase scratch(false);
  const std::string pki = Pki(dir, scratch.url(), "gw1,bank-b,desk1");
  const unsigned short desk_port = FreePort();
  Desk desk(pki, "desk1", desk_port, dir.path() + "/desk-store");
  desk.Start();
  // A one-minute window six hours from now (UTC).
  auto at = [](std::time_t t) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%H:%M:%S", &tm);
    return std::string(buf);
  };
  const std::time_t start = std::time(nullptr) + 6 * 3600;
  GatewayFixture fx({{"GATEWAY_CONFIG",
                      WriteConfig(dir, pki, desk_port, 1,
                                  "start_time = \"" + at(start) + "\"\nend_time = \"" + at(start + 60) + "\"\n",
                                  false)}});
  REQUIRE(WaitUntil([&] { return Health(fx)["note"] == "outside the session's schedule"; }, std::chrono::seconds(10)));
  CHECK(Health(fx)["status"] == "up");
  CHECK(SessionJson(fx)["connect_error"] == "outside the session's schedule: not connecting");
  std::this_thread::sleep_for(std::chrono::seconds(2));  // two reconnect intervals
  CHECK(desk.Logons().empty());
  CHECK_FALSE(desk.LoggedOn());
}

TEST_CASE("gatewayd exits 2 naming the key of an unusable initiator session", "[integration][fix][config]") {
  TempDir dir;
  auto start = [&](const std::string& extra, const std::string& links = "") {
    const std::string path = dir.path() + "/gateway.toml";
    std::ofstream(path) << "[links]\nca_file = \"ca.crt\"\n" << links << "\n[fix]\nca_file = \"ca.crt\"\n\n"
                        << "[[fix.session]]\nname = \"desk1\"\nsender_comp_id = \"GATEWAY\"\n"
                        << "target_comp_id = \"DESK1\"\nallow_names = [\"desk1\"]\n"
                        << "debtor_accounts = [\"" << kAliceIban << "\"]\ncurrencies = [\"EUR\"]\n" << extra;
    return Run({BinaryPath("gatewayd"), "--config", path},
               {{"DATABASE_URL", "postgresql://127.0.0.1:1/none"}, {"LOG_DIR", dir.path() + "/logs"}}, "",
               std::chrono::seconds(20));
  };
  const std::string client = "client_cert_file = \"c.crt\"\nclient_key_file = \"c.key\"\n";
  struct Case {
    std::string extra, links, expected;
  };
  const std::vector<Case> cases = {
      {"connect_host = \"desk1.example\"\n", client, "fix.session[0].connect_port: is required with connect_host"},
      {"connect_port = 9443\n", client, "fix.session[0].connect_host: is required with connect_port"},
      {"connect_host = \"desk1.example\"\nconnect_port = 70000\n", client,
       "fix.session[0].connect_port: must be an integer between 1 and 65535"},
      {"connect_host = \"desk1.example\"\nconnect_port = 0\n", client,
       "fix.session[0].connect_port: must be an integer between 1 and 65535"},
      {"connect_host = \"desk 1; rm\"\nconnect_port = 9443\n", client,
       "fix.session[0].connect_host: must be a host name or an IP address"},
      {"connect_host = \"300.1.2.3\"\nconnect_port = 9443\n", client,
       "fix.session[0].connect_host: must be a host name or an IP address"},
      {"connect_host = \"desk1.example\"\nconnect_port = 9443\nreconnect_interval = 0\n", client,
       "fix.session[0].reconnect_interval: must be an integer between 1 and 3600"},
      {"reconnect_interval = 5\n", client, "fix.session[0].reconnect_interval: applies only to an initiator session"},
      {"connect_host = \"desk1.example\"\nconnect_port = 9443\n", "",
       "links.client_cert_file: and links.client_key_file are required with an initiator [[fix.session]]"},
  };
  for (const auto& c : cases) {
    INFO(c.extra);
    const auto r = start(c.extra, c.links);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.output, Catch::Contains(c.expected));
  }
}
