// Two gateways, each with its own database and certificates from
// `gatewayctl pki init`, exchanging payments over mutual TLS on loopback:
// bank A's payments reach bank B, which credits its customer and answers;
// A completes or fails (and reverses) them. Then a peer outage, and a crash.
#include <catch2/catch.hpp>
#include <csignal>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

namespace {

constexpr const char* kPassword = "test password 123";

struct PeerSpec {
  std::string name;
  unsigned short port = 0;  // its inbound listener
};

// One bank: a database, operators, accounts, and gatewayd with a [links] section.
class Bank {
 public:
  Bank(std::string name, std::string bic, std::string pki_dir, unsigned short link_port)
      : name_(std::move(name)), bic_(std::move(bic)), pki_(std::move(pki_dir)), link_port_(link_port) {
    for (const auto& [user, role] : std::vector<std::pair<std::string, std::string>>{{"maker1", "maker"},
                                                                                     {"admin1", "admin"}})
      Ctl(db_.url(), {"operator", "add", "--username", user, "--role", role, "--password-stdin"},
          std::string(kPassword) + "\n");
    ImportWatchList(db_.url());
  }

  void Account(const std::vector<std::string>& args) {
    std::vector<std::string> a = {"ledger", "account", "add"};
    a.insert(a.end(), args.begin(), args.end());
    Ctl(db_.url(), a);
  }
  void Fund(const std::string& account, const std::string& amount) {
    const std::string file = dir_.path() + "/opening-" + account + ".csv";
    std::ofstream(file) << "account_id,amount\n" << account << "," << amount << "\n";
    Ctl(db_.url(), {"ledger", "import", file});
  }
  void Route(const std::string& prefix, const std::string& link) {
    Ctl(db_.url(), {"route", "add", "--bic-prefix", prefix, "--link", link});
  }

  // Writes the configuration: this bank's listener and one outbound link to `peer`.
  void Configure(const PeerSpec& peer, const std::string& extra_peer_keys = "", std::string allow = "",
                 const std::string& extra_links_keys = "") {
    if (allow.empty()) allow = peer.name;
    std::ofstream f(config_path());
    f << "[pipeline]\nour_bic = \"" << bic_ << "\"\n\n"
      << "[links]\nnode_name = \"" << name_ << "-node1\"\n"
      << "ca_file = \"" << pki_ << "/ca.crt\"\n"
      << "client_cert_file = \"" << pki_ << "/" << name_ << "-client.crt\"\n"
      << "client_key_file = \"" << pki_ << "/" << name_ << "-client.key\"\n"
      << "server_cert_file = \"" << pki_ << "/" << name_ << "-server.crt\"\n"
      << "server_key_file = \"" << pki_ << "/" << name_ << "-server.key\"\n"
      << "listen_port = " << link_port_ << "\n" << extra_links_keys << "\n"
      << "[[links.peer]]\nname = \"" << peer.name << "\"\nport = " << peer.port << "\nserver_name = \""
      << peer.name << "\"\npool_size = 2\n"
      << "allow_names = [\"" << allow << "\"]\nanswer_timeout_ms = 3000\nbackoff_max_ms = 300\n"
      << extra_peer_keys;
  }

  void Start(std::optional<unsigned short> http_port = std::nullopt) {
    std::map<std::string, std::string> env;
    if (http_port) env["PORT"] = std::to_string(*http_port);
    gw_ = std::make_unique<Gatewayd>(db_.url(), env, std::vector<std::string>{"--config", config_path()});
    const bool ready = gw_->WaitReady();
    INFO(gw_->process().Output());
    REQUIRE(ready);
    tokens_.clear();
  }
  void Signal(int signo) { gw_->process().Signal(signo); }
  void Kill(int signo) {
    gw_->process().Signal(signo);
    REQUIRE(gw_->process().Wait(std::chrono::seconds(20)).has_value());
  }
  void Restart() {
    const unsigned short port = gw_->port();
    gw_.reset();
    Start(port);
  }

  std::string Token(const std::string& user) {
    if (tokens_.count(user)) return tokens_[user];
    auto r = Http(gw_->port(), "POST", "/api/v1/auth/login", json{{"username", user}, {"password", kPassword}}.dump(),
                  {{"Content-Type", "application/json"}});
    INFO(r.body);
    REQUIRE(r.status == 200);
    return tokens_[user] = json::parse(r.body)["token"].get<std::string>();
  }
  HttpResult Call(const std::string& method, const std::string& target, const std::string& user,
                  const std::string& body = "") {
    std::map<std::string, std::string> h = {{"Authorization", "Bearer " + Token(user)}};
    if (!body.empty()) h["Content-Type"] = "application/json";
    return Http(gw_->port(), method, target, body, h, std::chrono::seconds(15));
  }
  std::string Pay(const std::string& e2e, const std::string& amount, const std::string& debtor_iban,
                  const std::string& creditor_iban, const std::string& creditor_bic) {
    json p = {{"end_to_end_id", e2e},
              {"amount", amount},
              {"currency", "EUR"},
              {"debtor", {{"name", "Alice Example GmbH"}, {"account", debtor_iban}, {"agent_bic", bic_}}},
              {"creditor", {{"name", "Carol Exemple SARL"}, {"account", creditor_iban}, {"agent_bic", creditor_bic}}},
              {"remittance_information", "Invoice " + e2e}};
    auto r = Call("POST", "/api/v1/payments", "maker1", p.dump());
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body)["id"].get<std::string>();
  }
  std::string StatusOf(const std::string& id) {
    return db_.Scalar("SELECT status FROM payments WHERE id = '" + id + "'");
  }
  bool WaitStatus(const std::string& id, const std::string& status, std::chrono::seconds timeout = std::chrono::seconds(30)) {
    const bool ok = WaitUntil([&] { return StatusOf(id) == status; }, timeout);
    if (!ok) UNSCOPED_INFO("payment " << id << " on " << name_ << " is " << StatusOf(id) << ", expected " << status);
    return ok;
  }
  int64_t Balance(const std::string& account) {
    return std::stoll(db_.Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = '" + account + "'"));
  }
  json Link(const std::string& link) {
    auto r = Call("GET", "/api/v1/links", "maker1");
    REQUIRE(r.status == 200);
    const json body = json::parse(r.body);
    for (const auto& l : body["links"])
      if (l["name"] == link) return l;
    UNSCOPED_INFO("no link " << link << " in " << r.body);
    return json();
  }
  void CheckTrialBalance() {
    auto r = Ctl(db_.url(), {"ledger", "trial-balance"});
    INFO(r.output);
    CHECK(r.exit_code == 0);
    CHECK(db_.Scalar("SELECT coalesce(sum(amount_minor), 0) FROM postings") == "0");
  }

  TestDatabase& db() { return db_; }
  Gatewayd& gatewayd() { return *gw_; }
  unsigned short link_port() const { return link_port_; }
  const std::string& name() const { return name_; }

 private:
  std::string config_path() const { return dir_.path() + "/gateway.toml"; }

  std::string name_, bic_, pki_;
  unsigned short link_port_;
  TempDir dir_;
  TestDatabase db_;
  std::unique_ptr<Gatewayd> gw_;
  std::map<std::string, std::string> tokens_;
};

// Bank A (GWAYDEFF, customer Alice) pays into bank B (BANKDEFF, customer Carol).
struct TwoBanks {
  TempDir pki;
  std::string alice_iban = MakeIban("DE", "370400440532013000");
  std::string carol_iban = MakeIban("DE", "500105175407324931");
  std::string stranger_iban = MakeIban("DE", "512108001245126199");
  std::unique_ptr<Bank> a, b;

  explicit TwoBanks(const std::string& a_peer_keys = "") {
    Ctl(AdminDatabaseUrl(), {"pki", "init", "--dir", pki.path(), "--names", "bank-a,bank-b", "--days", "30"});
    a = std::make_unique<Bank>("bank-a", "GWAYDEFFXXX", pki.path(), FreePort());
    b = std::make_unique<Bank>("bank-b", "BANKDEFFXXX", pki.path(), FreePort());
    a->Account({"--id", "CUST-ALICE", "--kind", "customer", "--currency", "EUR", "--name", "Alice Example GmbH",
                "--iban", alice_iban});
    a->Account({"--id", "NOSTRO-BANKB-EUR", "--kind", "settlement", "--currency", "EUR", "--name", "Bank B",
                "--counterparty", "bank-b", "--overdraft"});
    a->Route("BANKDE", "bank-b");
    a->Fund("CUST-ALICE", "1000000.00");
    b->Account({"--id", "CUST-CAROL", "--kind", "customer", "--currency", "EUR", "--name", "Carol Exemple SARL",
                "--iban", carol_iban});
    b->Account({"--id", "VOSTRO-BANKA-EUR", "--kind", "settlement", "--currency", "EUR", "--name", "Bank A",
                "--counterparty", "bank-a", "--overdraft"});
    b->Route("GWAYDE", "bank-a");
    a->Configure({"bank-b", b->link_port()}, "settlement_account = \"NOSTRO-BANKB-EUR\"\n" + a_peer_keys);
    b->Configure({"bank-a", a->link_port()}, "settlement_account = \"VOSTRO-BANKA-EUR\"\n");
    b->Start();
    a->Start();
  }

  int64_t CarolBalance() { return b->Balance("CUST-CAROL"); }
};

}  // namespace

TEST_CASE("two gateways exchange payments over mTLS: ACK completes, NACK fails and reverses",
          "[integration][links][e2e]") {
  TwoBanks banks;
  Bank& a = *banks.a;
  Bank& b = *banks.b;

  // A payment to Carol at bank B: B credits her and ACKs; A completes it.
  const std::string paid = a.Pay("E2E-LINK-1", "250.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  REQUIRE(a.WaitStatus(paid, "COMPLETED"));
  CHECK(banks.CarolBalance() == 25000);
  CHECK(b.Balance("VOSTRO-BANKA-EUR") == -25000);
  CHECK(a.Balance("CUST-ALICE") == 100000000 - 25000);
  CHECK(a.Balance("NOSTRO-BANKB-EUR") == 25000);
  CHECK(b.db().Scalar("SELECT count(*) FROM payments WHERE direction = 'inbound' AND status = 'COMPLETED' "
                      "AND end_to_end_id = 'E2E-LINK-1' AND link_name = 'bank-a'") == "1");
  CHECK(a.db().Scalar("SELECT answer_status FROM outbox WHERE payment_id = '" + paid + "'") == "ACSP");
  // The pacs.002 from B is kept with the payment.
  CHECK(a.db().Scalar("SELECT count(*) FROM payment_messages WHERE payment_id = '" + paid +
                      "' AND direction = 'in' AND content LIKE '%pacs.002%'") == "1");

  // A payment to an account B does not hold: B answers RJCT AC01; A fails it and reverses.
  const std::string refused = a.Pay("E2E-LINK-2", "75.00", banks.alice_iban, banks.stranger_iban, "BANKDEFFXXX");
  REQUIRE(a.WaitStatus(refused, "FAILED"));
  CHECK(a.db().Scalar("SELECT reason_code FROM payments WHERE id = '" + refused + "'") == "AC01");
  CHECK(a.Balance("CUST-ALICE") == 100000000 - 25000);
  CHECK(a.Balance("NOSTRO-BANKB-EUR") == 25000);
  CHECK(b.db().Scalar("SELECT status || '/' || reason FROM inbound_messages WHERE body LIKE '%E2E-LINK-2%'") == "RJCT/AC01");
  CHECK(banks.CarolBalance() == 25000);
  a.CheckTrialBalance();
  b.CheckTrialBalance();

  // The API and /health show the link; the runbook metrics count the answers.
  auto link = a.Link("bank-b");
  INFO(link.dump());
  CHECK(link["state"] == "up");
  CHECK(link["breaker"] == "closed");
  CHECK(link["connections"].get<int>() >= 1);
  CHECK(link["outbox_depth"] == 0);
  CHECK(link["answered"].get<int>() == 2);
  CHECK(a.Link("inbound")["state"] == "listening");
  auto health = a.gatewayd().Get("/health");
  auto hj = json::parse(health.body);
  INFO(health.body);
  CHECK(hj["components"]["link:bank-b"]["status"] == "up");
  // The certificates were issued for 30 days: within the 30-day warning.
  CHECK(hj["components"]["link_certificates"]["status"] == "degraded");
  auto metrics = a.gatewayd().Get("/metrics").body;
  CHECK(metrics.find("tls_acks_received_total{link=\"bank-b\"} 1") != std::string::npos);
  CHECK(metrics.find("tls_nacks_received_total{link=\"bank-b\"} 1") != std::string::npos);
  CHECK(metrics.find("tls_certificate_expiry_seconds{certificate=\"client\"}") != std::string::npos);
  CHECK(b.gatewayd().Get("/metrics").body.find("payments_inbound_total") != std::string::npos);
}

TEST_CASE("peer down: the breaker opens, payments wait in the outbox, and each is delivered once when it is back",
          "[integration][links][e2e]") {
  // A long cool-down: only the operator's reset (or 60 s) lets A try again.
  TwoBanks banks("breaker_failures = 3\nbreaker_cooldown_ms = 60000\n");
  Bank& a = *banks.a;
  Bank& b = *banks.b;
  const std::string first = a.Pay("E2E-DOWN-0", "1.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  REQUIRE(a.WaitStatus(first, "COMPLETED"));

  b.Kill(SIGTERM);
  REQUIRE(WaitUntil([&] { return a.Link("bank-b")["breaker"] == "open"; }, std::chrono::seconds(20)));
  auto down = a.Link("bank-b");
  INFO(down.dump());
  CHECK(down["state"] == "open-circuit");
  CHECK_FALSE(down["last_error"].is_null());
  auto health = json::parse(a.gatewayd().Get("/health").body);
  CHECK(health["components"]["link:bank-b"]["status"] == "degraded");
  CHECK(health["status"] != "down");  // a counterparty outage does not take the gateway down

  std::vector<std::string> waiting;
  for (int i = 1; i <= 5; ++i)
    waiting.push_back(a.Pay("E2E-DOWN-" + std::to_string(i), "2.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX"));
  REQUIRE(WaitUntil([&] { return a.Link("bank-b")["outbox_depth"] == 5; }, std::chrono::seconds(20)));
  std::this_thread::sleep_for(std::chrono::seconds(2));
  for (const auto& id : waiting) CHECK(a.StatusOf(id) == "QUEUED");

  // Resetting the breaker: admins only, audited, unknown links are 404.
  CHECK(a.Call("POST", "/api/v1/links/bank-b/circuit-breaker/reset", "maker1").status == 403);
  CHECK(a.Call("POST", "/api/v1/links/no-such-link/circuit-breaker/reset", "admin1").status == 404);

  b.Restart();
  auto reset = a.Call("POST", "/api/v1/links/bank-b/circuit-breaker/reset", "admin1");
  INFO(reset.body);
  REQUIRE(reset.status == 200);
  CHECK(json::parse(reset.body)["previous"] == "open");
  CHECK(a.db().Scalar("SELECT actor || '/' || entity_id FROM audit_logs WHERE action = 'link.breaker_reset'") ==
        "admin1/bank-b");
  for (const auto& id : waiting) CHECK(a.WaitStatus(id, "COMPLETED"));
  // Each delivered and credited exactly once.
  CHECK(b.db().Scalar("SELECT count(*) FROM payments WHERE direction = 'inbound'") == "6");
  CHECK(b.db().Scalar("SELECT count(DISTINCT end_to_end_id) FROM payments WHERE direction = 'inbound'") == "6");
  CHECK(banks.CarolBalance() == 100 + 5 * 200);
  CHECK(a.Balance("NOSTRO-BANKB-EUR") == -b.Balance("VOSTRO-BANKA-EUR"));
  CHECK(a.Link("bank-b")["state"] == "up");
  a.CheckTrialBalance();
  b.CheckTrialBalance();
}

TEST_CASE("a sender killed with 1,000 payments in flight: after a restart each is credited exactly once",
          "[integration][links][e2e][crash]") {
  TwoBanks banks("breaker_cooldown_ms = 300\n");
  Bank& a = *banks.a;
  Bank& b = *banks.b;
  constexpr int kPayments = 1000;
  // B is frozen while the payments are made, so that all of them are still to
  // be delivered when it resumes (however fast A and B are).
  b.Signal(SIGSTOP);
  for (int i = 0; i < kPayments; ++i)
    a.Pay("E2E-CRASH-" + std::to_string(i), "1.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  b.Signal(SIGCONT);
  // Kill A while payments are on the wire: some credited at B, some not yet.
  const bool some_delivered = WaitUntil(
      [&] { return std::stoi(b.db().Scalar("SELECT count(*) FROM inbound_messages")) >= kPayments / 5; },
      std::chrono::seconds(60));
  REQUIRE(some_delivered);
  a.Kill(SIGKILL);
  const int completed_at_kill = std::stoi(a.db().Scalar("SELECT count(*) FROM payments WHERE status = 'COMPLETED'"));
  const int sent_at_kill = std::stoi(a.db().Scalar("SELECT count(*) FROM payments WHERE status = 'SENT'"));
  INFO("at the kill: " << completed_at_kill << " completed, " << sent_at_kill << " sent and unanswered");
  CHECK(completed_at_kill < kPayments);

  a.Restart();
  const bool all_done = WaitUntil(
      [&] { return a.db().Scalar("SELECT count(*) FROM payments WHERE status = 'COMPLETED'") == std::to_string(kPayments); },
      std::chrono::seconds(180));
  INFO(a.db().Scalar("SELECT string_agg(status || ':' || n, ', ') FROM (SELECT status, count(*) n FROM payments GROUP BY 1) s"));
  REQUIRE(all_done);

  // B credited each payment exactly once, whatever A resent.
  CHECK(b.db().Scalar("SELECT count(*) FROM payments WHERE direction = 'inbound'") == std::to_string(kPayments));
  CHECK(b.db().Scalar("SELECT count(DISTINCT end_to_end_id) FROM payments WHERE direction = 'inbound'") ==
        std::to_string(kPayments));
  CHECK(b.db().Scalar("SELECT count(*) FROM inbound_messages WHERE status = 'ACSP'") == std::to_string(kPayments));
  CHECK(banks.CarolBalance() == kPayments * 100);
  // A's ledger agrees with B's.
  CHECK(a.Balance("CUST-ALICE") == 100000000 - kPayments * 100);
  CHECK(a.Balance("NOSTRO-BANKB-EUR") == kPayments * 100);
  CHECK(b.Balance("VOSTRO-BANKA-EUR") == -kPayments * 100);
  CHECK(a.db().Scalar("SELECT count(*) FROM outbox WHERE status <> 'ACKED'") == "0");
  a.CheckTrialBalance();
  b.CheckTrialBalance();
}

TEST_CASE("the run command's demo counterparty completes a payment and refuses one matching a NACK rule",
          "[integration][links][demo]") {
  // The shipped demo configuration, with its certificates and port moved to this test's own.
  TempDir dir;
  const unsigned short demo_port = FreePort();
  std::ifstream shipped(SourcePath("appliance/config/demo/links-demo.toml"));
  std::string toml((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
  REQUIRE_FALSE(toml.empty());
  for (std::size_t at; (at = toml.find("var/pki")) != std::string::npos;) toml.replace(at, 7, dir.path() + "/pki");
  for (std::size_t at; (at = toml.find("7450")) != std::string::npos;) toml.replace(at, 4, std::to_string(demo_port));
  const std::string config = dir.path() + "/links-demo.toml";
  std::ofstream(config) << toml;

  TestDatabase db;
  auto setup = Run({SourcePath("appliance/scripts/demo-setup.sh"), BinaryPath("gatewayctl")}, {{"DATABASE_URL", db.url()}});
  INFO(setup.output);
  REQUIRE(setup.exit_code == 0);
  Ctl(db.url(), {"pki", "init", "--dir", dir.path() + "/pki", "--names", "gw1,demo-bank"});
  Ctl(db.url(), {"operator", "add", "--username", "maker1", "--role", "maker", "--password-stdin"},
      std::string(kPassword) + "\n");
  // Without its FIX sessions: the demo FIX counterparty's payments would move the balances checked here
  // (tests/integration/fix_demo_test.cc runs it).
  Gatewayd gw(db.url(), {{"GATEWAY_CONFIG", config}, {"FIX_LISTEN_PORT", "0"}});
  INFO(gw.process().Output());
  REQUIRE(gw.WaitReady());
  auto login = Http(gw.port(), "POST", "/api/v1/auth/login", json{{"username", "maker1"}, {"password", kPassword}}.dump(),
                    {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  const std::string token = json::parse(login.body)["token"];
  auto pay = [&](const std::string& e2e, const std::string& creditor_iban) {
    json p = {{"end_to_end_id", e2e},
              {"amount", "120.00"},
              {"currency", "EUR"},
              {"debtor", {{"name", "Demo Customer GmbH"}, {"account", "DE44500105175407324931"}, {"agent_bic", "GWAYDEFFXXX"}}},
              {"creditor", {{"name", "Empfaenger AG"}, {"account", creditor_iban}, {"agent_bic", "BANKDEFFXXX"}}}};
    auto r = Http(gw.port(), "POST", "/api/v1/payments", p.dump(),
                  {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
    INFO(r.body);
    REQUIRE(r.status == 201);
    return json::parse(r.body)["id"].get<std::string>();
  };
  auto status_of = [&](const std::string& id) { return db.Scalar("SELECT status FROM payments WHERE id = '" + id + "'"); };
  const auto started = std::chrono::steady_clock::now();
  const std::string ok = pay("E2E-DEMO-OK", "DE02120300000000202051");
  const std::string refused = pay("E2E-DEMO-NACK", "DE75512108001245126199");
  CHECK(WaitUntil([&] { return status_of(ok) == "COMPLETED"; }, std::chrono::seconds(10)));
  CHECK(WaitUntil([&] { return status_of(refused) == "FAILED"; }, std::chrono::seconds(10)));
  const auto took = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  INFO("both settled after " << took << " s");
  CHECK(took < 10);
  CHECK(db.Scalar("SELECT reason_code FROM payments WHERE id = '" + refused + "'") == "AC01");
  // The refused payment's money is back with the customer.
  CHECK(db.Scalar("SELECT balance_minor FROM ledger_accounts WHERE id = 'NOSTRO-DEMO-BANK-EUR'") == "12000");
  CHECK(db.Scalar("SELECT coalesce(sum(amount_minor), 0) FROM postings") == "0");
}

TEST_CASE("SIGHUP reloads the allow-list and the certificates", "[integration][links][e2e]") {
  TwoBanks banks("breaker_failures = 2\nbreaker_cooldown_ms = 60000\n");
  Bank& a = *banks.a;
  Bank& b = *banks.b;
  // B does not accept bank-a's certificate: its connections are refused in the handshake.
  b.Configure({"bank-a", a.link_port()}, "", "someone-else");
  b.Kill(SIGTERM);
  b.Start(b.gatewayd().port());
  REQUIRE(WaitUntil([&] { return a.Link("bank-b")["breaker"] == "open"; }, std::chrono::seconds(20)));
  const std::string id = a.Pay("E2E-HUP-1", "3.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK(a.StatusOf(id) == "QUEUED");
  CHECK(b.gatewayd().Get("/metrics").body.find("tls_handshake_refusals_total{listener=\"inbound\",reason=\"not_allowed\"}") !=
        std::string::npos);

  // New certificates from a new CA for both banks, and bank-a allowed again: both
  // gateways pick them up on SIGHUP, without a restart.
  auto expiry = [](const std::string& metrics, const std::string& which) {
    const std::string key = "tls_certificate_expiry_seconds{certificate=\"" + which + "\"} ";
    auto at = metrics.find(key);
    REQUIRE(at != std::string::npos);
    return std::stod(metrics.substr(at + key.size(), metrics.find('\n', at) - at - key.size()));
  };
  const double b_server_before = expiry(b.gatewayd().Get("/metrics").body, "server");
  const double a_client_before = expiry(a.gatewayd().Get("/metrics").body, "client");
  Ctl(b.db().url(), {"pki", "init", "--dir", banks.pki.path(), "--names", "bank-a,bank-b", "--days", "200", "--force"});
  b.Configure({"bank-a", a.link_port()}, "settlement_account = \"VOSTRO-BANKA-EUR\"\n");
  b.Signal(SIGHUP);
  a.Signal(SIGHUP);
  CHECK(WaitUntil([&] { return expiry(b.gatewayd().Get("/metrics").body, "server") > b_server_before + 100 * 86400.0; },
                  std::chrono::seconds(10)));
  CHECK(WaitUntil([&] { return expiry(a.gatewayd().Get("/metrics").body, "client") > a_client_before + 100 * 86400.0; },
                  std::chrono::seconds(10)));
  REQUIRE(a.Call("POST", "/api/v1/links/bank-b/circuit-breaker/reset", "admin1").status == 200);
  CHECK(a.WaitStatus(id, "COMPLETED"));
  CHECK(banks.CarolBalance() == 300);
  // The certificate component of /health is no longer within the 30-day warning.
  auto health = json::parse(a.gatewayd().Get("/health").body);
  CHECK(health["components"]["link_certificates"]["status"] == "up");
}

TEST_CASE("SIGHUP closes established sessions of a counterparty no longer allowed or revoked by the CRL",
          "[integration][links][e2e]") {
  TwoBanks banks("breaker_failures = 100\nbreaker_cooldown_ms = 1000\n");
  Bank& a = *banks.a;
  Bank& b = *banks.b;
  const std::string first = a.Pay("E2E-REVOKE-0", "1.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  REQUIRE(a.WaitStatus(first, "COMPLETED"));
  REQUIRE(WaitUntil([&] { return a.Link("bank-b")["connections"] == 2; }, std::chrono::seconds(20)));
  auto closed = [&](const std::string& reason) {
    const std::string key = "tls_sessions_closed_on_reload_total{direction=\"inbound\",link=\"bank-a\",reason=\"" +
                            reason + "\"} ";
    const std::string metrics = b.gatewayd().Get("/metrics").body;
    const auto at = metrics.find(key);
    return at == std::string::npos ? 0.0 : std::stod(metrics.substr(at + key.size()));
  };

  // bank-a leaves B's allow-list: its two established sessions are closed at once.
  b.Configure({"bank-a", a.link_port()}, "settlement_account = \"VOSTRO-BANKA-EUR\"\n", "someone-else");
  b.Signal(SIGHUP);
  CHECK(WaitUntil([&] { return closed("not_allowed") == 2; }, std::chrono::seconds(10)));
  CHECK(WaitUntil([&] { return a.Link("bank-b")["connections"] == 0; }, std::chrono::seconds(10)));
  const std::string refused = a.Pay("E2E-REVOKE-1", "2.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  // Not delivered while refused: waiting in the outbox, or taken by a
  // connection attempt that the handshake refused (SENT, resent later).
  CHECK((a.StatusOf(refused) == "QUEUED" || a.StatusOf(refused) == "SENT"));

  // Allowed again, with a CRL that revokes nothing yet: A reconnects and delivers.
  CHECK(Ctl(b.db().url(), {"pki", "crl", "--dir", banks.pki.path()}).exit_code == 0);
  const std::string crl_line = "crl_file = \"" + banks.pki.path() + "/ca.crl\"\n";
  b.Configure({"bank-a", a.link_port()}, "settlement_account = \"VOSTRO-BANKA-EUR\"\n", "", crl_line);
  b.Signal(SIGHUP);
  REQUIRE(a.WaitStatus(refused, "COMPLETED"));
  REQUIRE(WaitUntil([&] { return a.Link("bank-b")["connections"] == 2; }, std::chrono::seconds(20)));

  // bank-a's client certificate is revoked: on SIGHUP B closes its sessions and
  // refuses it at the handshake from then on.
  auto revoke = Ctl(b.db().url(), {"pki", "revoke", "--dir", banks.pki.path(), "--cert",
                                   banks.pki.path() + "/bank-a-client.crt"});
  INFO(revoke.output);
  CHECK(revoke.exit_code == 0);
  b.Signal(SIGHUP);
  CHECK(WaitUntil([&] { return closed("revoked") == 2; }, std::chrono::seconds(10)));
  CHECK(WaitUntil([&] {
    return b.gatewayd().Get("/metrics").body.find(
               "tls_handshake_refusals_total{listener=\"inbound\",reason=\"revoked\"}") != std::string::npos;
  }, std::chrono::seconds(20)));
  const std::string after = a.Pay("E2E-REVOKE-2", "3.00", banks.alice_iban, banks.carol_iban, "BANKDEFFXXX");
  std::this_thread::sleep_for(std::chrono::seconds(1));
  CHECK((a.StatusOf(after) == "QUEUED" || a.StatusOf(after) == "SENT"));
  CHECK(banks.CarolBalance() == 100 + 200);
  // /health shows the CRL of B's server credentials.
  auto health = json::parse(b.gatewayd().Get("/health").body);
  INFO(health.dump());
  CHECK(health["components"]["link_certificates"]["server"].contains("crl_next_update_in_hours"));
}

TEST_CASE("gatewayd refuses an outbound link without a server_name", "[integration][links]") {
  TempDir dir;
  TestDatabase db;
  Ctl(db.url(), {"pki", "init", "--dir", dir.path() + "/pki", "--names", "bank-a"});
  const std::string config = dir.path() + "/g.toml";
  std::ofstream(config) << "[links]\nca_file = \"" << dir.path() << "/pki/ca.crt\"\n"
                        << "client_cert_file = \"" << dir.path() << "/pki/bank-a-client.crt\"\n"
                        << "client_key_file = \"" << dir.path() << "/pki/bank-a-client.key\"\n"
                        << "[[links.peer]]\nname = \"bank-b\"\nport = " << FreePort() << "\n";
  Gatewayd gw(db.url(), {}, {"--config", config});
  auto code = gw.process().Wait(std::chrono::seconds(30));
  REQUIRE(code.has_value());
  CHECK(*code == 2);
  const std::string out = gw.process().Output();
  INFO(out);
  CHECK(out.find("links.peer[0].server_name: is required") != std::string::npos);
}

TEST_CASE("gatewayd refuses to start with link certificates it cannot use", "[integration][links]") {
  TempDir dir;
  TestDatabase db;
  Ctl(db.url(), {"pki", "init", "--dir", dir.path() + "/pki", "--names", "bank-a"});
  const std::string config = dir.path() + "/g.toml";
  std::ofstream(config) << "[links]\nca_file = \"" << dir.path() << "/pki/ca.crt\"\n"
                        << "client_cert_file = \"" << dir.path() << "/pki/no-such-client.crt\"\n"
                        << "client_key_file = \"" << dir.path() << "/pki/bank-a-client.key\"\n"
                        << "[[links.peer]]\nname = \"bank-b\"\nport = " << FreePort() << "\nserver_name = \"bank-b\"\n";
  Gatewayd gw(db.url(), {}, {"--config", config});
  auto code = gw.process().Wait(std::chrono::seconds(30));
  REQUIRE(code.has_value());
  CHECK(*code == 2);
  const std::string out = gw.process().Output();
  INFO(out);
  CHECK(out.find("client certificate") != std::string::npos);
  CHECK(out.find("BEGIN") == std::string::npos);  // no key material in the message
}

TEST_CASE("with the database down at start-up, the links start once it answers", "[integration][links][fault]") {
  PrivateCluster cluster;
  TempDir dir;
  const unsigned short demo_port = FreePort();
  TestDatabase db(true, cluster.admin_url());
  Ctl(db.url(), {"pki", "init", "--dir", dir.path() + "/pki", "--names", "gw1,demo-bank"});
  auto setup = Run({SourcePath("appliance/scripts/demo-setup.sh"), BinaryPath("gatewayctl")}, {{"DATABASE_URL", db.url()}});
  REQUIRE(setup.exit_code == 0);
  Ctl(db.url(), {"operator", "add", "--username", "maker1", "--role", "maker", "--password-stdin"},
      std::string(kPassword) + "\n");
  const std::string pki = dir.path() + "/pki";
  const std::string config = dir.path() + "/g.toml";
  std::ofstream(config) << "[links]\nnode_name = \"gw1\"\nca_file = \"" << pki << "/ca.crt\"\n"
                        << "client_cert_file = \"" << pki << "/gw1-client.crt\"\nclient_key_file = \"" << pki
                        << "/gw1-client.key\"\ndemo_counterparty_port = " << demo_port << "\n"
                        << "demo_counterparty_cert_file = \"" << pki << "/demo-bank-server.crt\"\n"
                        << "demo_counterparty_key_file = \"" << pki << "/demo-bank-server.key\"\n"
                        << "[[links.peer]]\nname = \"demo-bank\"\nport = " << demo_port
                        << "\nserver_name = \"demo-bank\"\n";
  cluster.Stop();
  Gatewayd gw(db.url(), {}, {"--config", config});
  REQUIRE(gw.WaitReady());
  HttpResult r;
  REQUIRE(WaitUntil([&] { r = gw.Get("/health"); return r.status == 503; }, std::chrono::seconds(10)));
  REQUIRE_FALSE(gw.process().Wait(std::chrono::milliseconds(100)).has_value());  // still running

  cluster.Start();
  REQUIRE(WaitUntil([&] { return gw.Get("/health").status == 200; }, std::chrono::seconds(30)));
  auto login = Http(gw.port(), "POST", "/api/v1/auth/login", json{{"username", "maker1"}, {"password", kPassword}}.dump(),
                    {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  const std::string token = json::parse(login.body)["token"];
  json p = {{"end_to_end_id", "E2E-LATE-DB"},
            {"amount", "15.00"},
            {"currency", "EUR"},
            {"debtor", {{"name", "Demo Customer GmbH"}, {"account", "DE44500105175407324931"}, {"agent_bic", "GWAYDEFFXXX"}}},
            {"creditor", {{"name", "Empfaenger AG"}, {"account", "DE02120300000000202051"}, {"agent_bic", "BANKDEFFXXX"}}}};
  auto created = Http(gw.port(), "POST", "/api/v1/payments", p.dump(),
                      {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
  INFO(created.body);
  REQUIRE(created.status == 201);
  const std::string id = json::parse(created.body)["id"];
  CHECK(WaitUntil([&] { return db.Scalar("SELECT status FROM payments WHERE id = '" + id + "'") == "COMPLETED"; },
                  std::chrono::seconds(20)));
}
