#include "appliance/config.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "tests/support/test_env.h"

using gw::appliance::LoadConfig;

namespace {
gw::appliance::GetEnv Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}
}  // namespace

TEST_CASE("LoadConfig gives the documented defaults without a file", "[appliance][config]") {
  auto c = LoadConfig(std::nullopt, Env({}));
  REQUIRE(c.ok());
  CHECK(c->server.port == 3000);
  CHECK(c->server.bind_address == "127.0.0.1");
  CHECK(c->database.pool_size == 8);
  CHECK(c->logging.dir == "logs");
  CHECK(c->logging.retention_days == 30);
  CHECK(c->paths.migrations_dir().string().ends_with("schemas/migrations"));
  // Safeguards fail closed by default.
  CHECK(c->compliance.require_lists);
  CHECK(c->pipeline.unlisted_currencies == "checker");
  CHECK_FALSE(c->database.allow_privileged_role);
  CHECK_FALSE(c->fix.enabled());
}

TEST_CASE("LoadConfig reads the file and lets the environment win", "[appliance][config]") {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/g.toml";
  std::ofstream(path) << "[server]\nport = 8080\n[database]\npool_size = 20\nurl = \"postgresql://file/db\"\n";
  auto c = LoadConfig(path, Env({{"PORT", "9090"}, {"DATABASE_URL", "postgresql://env/db"}}));
  REQUIRE(c.ok());
  CHECK(c->server.port == 9090);
  CHECK(c->database.pool_size == 20);
  CHECK(c->database.url == "postgresql://env/db");
}

TEST_CASE("LoadConfig names the file, line and key of every problem", "[appliance][config]") {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/g.toml";
  auto load = [&](const std::string& text) {
    std::ofstream(path) << text;
    return LoadConfig(path, Env({})).status();
  };
  CHECK(load("[server]\n\nport = 70000\n").message() == path + ":3: server.port: must be between 0 and 65535 (got 70000)");
  CHECK(load("[sever]\nport = 1\n").message() == path + ":2: sever.port: unknown key");
  CHECK(load("port = 1\n").message().find("port: unknown key") != std::string::npos);
  CHECK(load("[server]\nbind_address = \"localhost; rm -rf\"\n").message().find("server.bind_address: must be an IP address") != std::string::npos);
  CHECK(load("[database]\nacquire_timeout_ms = \"soon\"\n").message().find("database.acquire_timeout_ms: must be an integer") != std::string::npos);
  CHECK(LoadConfig(dir.path() + "/missing.toml", Env({})).status().message() ==
        dir.path() + "/missing.toml: configuration file not found");
}

TEST_CASE("LoadConfig reads FIX sessions and names the key of every problem in them", "[appliance][config]") {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/fix.toml";
  const std::string listener = "[fix]\nlisten_port = 9878\nca_file = \"ca.crt\"\ncert_file = \"s.crt\"\nkey_file = \"s.key\"\n";
  const std::string session =
      "[[fix.session]]\nname = \"desk1\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DESK1\"\n"
      "allow_names = [\"desk1\"]\ndebtor_accounts = [\"DE89370400440532013000\"]\ncurrencies = [\"EUR\"]\n";
  auto load = [&](const std::string& text) {
    std::ofstream(path) << text;
    return LoadConfig(path, Env({}));
  };
  auto ok = load(listener + session + "begin_string = \"FIXT.1.1\"\nstart_time = \"06:00:00\"\nend_time = \"22:00:00\"\n");
  REQUIRE(ok.ok());
  REQUIRE(ok->fix.sessions.size() == 1);
  CHECK(ok->fix.enabled());
  CHECK(ok->fix.sessions[0].begin_string == "FIXT.1.1");
  CHECK(ok->fix.sessions[0].debtor_accounts == std::vector<std::string>{"DE89370400440532013000"});
  CHECK(ok->fix.sessions[0].start_time == "06:00:00");

  auto problem = [&](const std::string& text) { return load(text).status().message(); };
  CHECK_THAT(problem(listener), Catch::Contains("fix.session: at least one [[fix.session]] is required"));
  CHECK_THAT(problem("[fix]\nlisten_port = 9878\n" + session), Catch::Contains("fix.ca_file: is required"));
  CHECK_THAT(problem(listener + session + "begin_string = \"FIX.4.2\"\n"),
             Catch::Contains("fix.session[0].begin_string: must be \"FIX.4.4\" or \"FIXT.1.1\""));
  CHECK_THAT(problem(listener + session + "heartbeat_s = 0\n"), Catch::Contains("fix.session[0].heartbeat_s"));
  CHECK_THAT(problem(listener + session + "colour = \"blue\"\n"), Catch::Contains("fix.session[0].colour: unknown key"));
  std::string euro = session;
  euro.replace(euro.find("[\"EUR\"]"), 7, "[\"euro\"]");
  CHECK_THAT(problem(listener + euro), Catch::Contains("\"euro\" is not an ISO 4217 currency code"));
  CHECK_THAT(problem(listener + session + "time_zone = \"Europe/Berlin\"\n"),
             Catch::Contains("fix.session[0].time_zone: only \"UTC\" is supported"));
  CHECK_THAT(problem(listener + session + session), Catch::Contains("\"desk1\" is configured twice"));
  std::string second = session;
  second.replace(second.find("desk1\""), 6, "desk2\"");
  CHECK_THAT(problem(listener + session + second), Catch::Contains("another session already uses GATEWAY -> DESK1"));
  std::string no_accounts = session;
  no_accounts.erase(no_accounts.find("debtor_accounts"), no_accounts.find("currencies") - no_accounts.find("debtor_accounts"));
  CHECK_THAT(problem(listener + no_accounts), Catch::Contains("fix.session[0].debtor_accounts: is required"));
  std::string no_allow = session;
  no_allow.erase(no_allow.find("allow_names"), no_allow.find("debtor_accounts") - no_allow.find("allow_names"));
  CHECK_THAT(problem(listener + no_allow), Catch::Contains("fix.session[0].allow_names: or allow_fingerprints is required"));

  // A link's usage guideline must be one the gateway knows.
  const std::string peer = "[links]\nca_file = \"ca.crt\"\nclient_cert_file = \"c.crt\"\nclient_key_file = \"c.key\"\n"
                           "[[links.peer]]\nname = \"bank-b\"\nport = 7444\nserver_name = \"bank-b\"\n";
  auto cbpr = load(peer + "usage_guideline = \"cbpr+\"\n");
  REQUIRE(cbpr.ok());
  CHECK(cbpr->links.peers[0].usage_guideline == "cbpr+");
  CHECK_THAT(problem(peer + "usage_guideline = \"sepa\"\n"),
             Catch::Contains("links.peer[0].usage_guideline: unknown usage guideline \"sepa\" (known: cbpr+"));
}

TEST_CASE("LoadConfig reads initiator FIX sessions: connect_host and connect_port together, reconnect_interval, the client certificate", "[appliance][config][fix]") {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/fix.toml";
  const std::string links = "[links]\nca_file = \"ca.crt\"\nclient_cert_file = \"c.crt\"\nclient_key_file = \"c.key\"\n";
  const std::string fix = "[fix]\nca_file = \"ca.crt\"\n";
  const std::string session =
      "[[fix.session]]\nname = \"desk1\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DESK1\"\n"
      "allow_names = [\"desk1\"]\ndebtor_accounts = [\"DE89370400440532013000\"]\ncurrencies = [\"EUR\"]\n";
  const std::string dial = "connect_host = \"fix.desk1.example\"\nconnect_port = 9443\n";
  auto load = [&](const std::string& text) {
    std::ofstream(path) << text;
    return LoadConfig(path, Env({}));
  };
  auto problem = [&](const std::string& text) { return load(text).status().message(); };

  // Initiator sessions only: FIX runs without a listen_port.
  auto ok = load(links + fix + session + dial);
  REQUIRE(ok.ok());
  CHECK(ok->fix.enabled());
  CHECK(ok->fix.has_initiators());
  CHECK_FALSE(ok->fix.demo_enabled());
  CHECK(ok->fix.sessions[0].initiator());
  CHECK(ok->fix.sessions[0].connect_host == "fix.desk1.example");
  CHECK(ok->fix.sessions[0].connect_port == 9443);
  CHECK(ok->fix.sessions[0].reconnect_interval_seconds == 5);
  CHECK(ok->fix.connect_timeout_ms == 5000);
  auto v6 = load(links + fix + "connect_timeout_ms = 800\n" + session +
                 "connect_host = \"::1\"\nconnect_port = 1\nreconnect_interval = 3600\n");
  REQUIRE(v6.ok());
  CHECK(v6->fix.sessions[0].reconnect_interval_seconds == 3600);
  CHECK(v6->fix.connect_timeout_ms == 800);
  CHECK(load(links + fix + session + "connect_host = \"192.0.2.7\"\nconnect_port = 65535\n").ok());
  // Acceptor sessions alone and no listen_port: FIX is off, as before.
  auto off = load(fix + session);
  REQUIRE(off.ok());
  CHECK_FALSE(off->fix.enabled());

  CHECK_THAT(problem(links + fix + session + "connect_host = \"fix.desk1.example\"\n"),
             Catch::Contains("fix.session[0].connect_port: is required with connect_host"));
  CHECK_THAT(problem(links + fix + session + "connect_port = 9443\n"),
             Catch::Contains("fix.session[0].connect_host: is required with connect_port"));
  CHECK_THAT(problem(links + fix + session + "connect_host = \"x\"\nconnect_port = 65536\n"),
             Catch::Contains("fix.session[0].connect_port: must be an integer between 1 and 65535"));
  CHECK_THAT(problem(links + fix + session + "connect_host = \"x\"\nconnect_port = \"9443\"\n"),
             Catch::Contains("fix.session[0].connect_port: must be an integer between 1 and 65535"));
  for (const char* host : {"", "-desk.example", "desk..example", "desk_1.example", "10.0.0.256", "fe80::1::2", "a b"}) {
    INFO(host);
    CHECK_THAT(problem(links + fix + session + "connect_host = \"" + host + "\"\nconnect_port = 9443\n"),
               Catch::Contains("fix.session[0].connect_host: must be a host name or an IP address"));
  }
  CHECK_THAT(problem(links + fix + session + dial + "reconnect_interval = 0\n"),
             Catch::Contains("fix.session[0].reconnect_interval: must be an integer between 1 and 3600"));
  CHECK_THAT(problem(links + fix + session + dial + "reconnect_interval = 3601\n"),
             Catch::Contains("fix.session[0].reconnect_interval: must be an integer between 1 and 3600"));
  CHECK_THAT(problem(links + fix + session + "reconnect_interval = 5\n"),
             Catch::Contains("fix.session[0].reconnect_interval: applies only to an initiator session"));
  CHECK_THAT(problem(links + fix + "connect_timeout_ms = 50\n" + session + dial),
             Catch::Contains("fix.connect_timeout_ms: must be between 100 and 120000"));
  CHECK(problem(fix + session + dial).rfind(
            "links.client_cert_file: and links.client_key_file are required with an initiator [[fix.session]] "
            "(fix.session[0].connect_host)", 0) == 0);
  CHECK(problem(links + "[fix]\n" + session + dial).rfind("fix.ca_file: is required with an initiator [[fix.session]]", 0) == 0);
  // With an initiator, an acceptor session needs the listener.
  std::string second = session;
  second.replace(second.find("desk1\""), 6, "desk2\"");
  second.replace(second.find("DESK1"), 5, "DESK2");
  CHECK(problem(links + fix + session + dial + second).rfind("fix.listen_port: is required: fix.session[1] (\"desk2\")", 0) == 0);
  const std::string listener = "listen_port = 9878\ncert_file = \"s.crt\"\nkey_file = \"s.key\"\n";
  auto both = load(links + fix + listener + session + dial + second);
  REQUIRE(both.ok());
  CHECK(both->fix.sessions[0].initiator());
  CHECK_FALSE(both->fix.sessions[1].initiator());
  // The demo counterparty logs on to the listener: it cannot use an initiator session.
  CHECK_THAT(problem(links + fix + listener +
                     "demo_session = \"desk1\"\ndemo_cert_file = \"d.crt\"\ndemo_key_file = \"d.key\"\n" + session + dial),
             Catch::Contains("fix.demo_session: \"desk1\" is an initiator session"));
}

TEST_CASE("the demo FIX counterparty's keys in [fix] are read, and every problem names its key", "[appliance][config][fix]") {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/g.toml";
  const std::string debtor = "DE89370400440532013000";
  // [fix] with one session, the demo keys in between: `demo` replaces them.
  auto text = [&](const std::string& demo) {
    return "[fix]\nlisten_port = 9880\nca_file = \"ca.crt\"\ncert_file = \"s.crt\"\nkey_file = \"s.key\"\n" + demo +
           "\n[[fix.session]]\nname = \"desk\"\nsender_comp_id = \"GATEWAY\"\ntarget_comp_id = \"DESK\"\n"
           "allow_names = [\"desk\"]\ndebtor_accounts = [\"" + debtor + "\"]\ncurrencies = [\"EUR\"]\n";
  };
  const std::string good = "demo_session = \"desk\"\ndemo_cert_file = \"d.crt\"\ndemo_key_file = \"d.key\"\n"
                           "demo_interval_ms = 2500\ndemo_debtor_account = \"" + debtor + "\"\n"
                           "demo_creditor_bic = \"BANKDEFFXXX\"\ndemo_creditor_account = \"DE02120300000000202051\"\n";
  auto load = [&](const std::string& demo, std::map<std::string, std::string> env = {}) {
    std::ofstream(path) << text(demo);
    return LoadConfig(path, Env(env));
  };
  auto error = [&](const std::string& demo) { return load(demo).status().message(); };
  auto without = [&](const std::string& key) {
    std::string s = good;
    const auto at = s.find(key + " = ");
    s.erase(at, s.find('\n', at) + 1 - at);
    return s;
  };
  auto with = [&](const std::string& key, const std::string& value) { return without(key) + key + " = " + value + "\n"; };

  {
    auto c = load(good);
    INFO(c.status().ToString());
    REQUIRE(c.ok());
    const auto& f = c->fix;
    CHECK(f.demo_enabled());
    CHECK(f.demo_session == "desk");
    CHECK(f.demo_cert_file == "d.crt");
    CHECK(f.demo_key_file == "d.key");
    CHECK(f.demo_interval_ms == 2500);
    CHECK(f.demo_debtor_account == debtor);
    CHECK(f.demo_creditor_bic == "BANKDEFFXXX");
    CHECK(f.demo_creditor_account == "DE02120300000000202051");
    REQUIRE(f.FindSession("desk") != nullptr);
    CHECK(f.FindSession("other") == nullptr);
  }
  {  // no demo_session: off, and its other keys are not needed
    auto c = load("");
    REQUIRE(c.ok());
    CHECK_FALSE(c->fix.demo_enabled());
    CHECK(c->fix.demo_interval_ms == 5000);
    CHECK(load("demo_session = \"\"\n").ok());
  }
  {  // FIX off (FIX_LISTEN_PORT=0): the demo is off too, whatever it names
    auto c = load(with("demo_session", "\"nobody\""), {{"FIX_LISTEN_PORT", "0"}});
    REQUIRE(c.ok());
    CHECK_FALSE(c->fix.demo_enabled());
  }
  CHECK(error(with("demo_session", "\"nobody\"")) ==
        "fix.demo_session: \"nobody\" is not a configured [[fix.session]] (configured: desk)");
  CHECK(error(with("demo_session", "\"no such desk\"")).find("fix.demo_session: must be 1-64 letters") != std::string::npos);
  CHECK(error(with("demo_session", "7")).find("fix.demo_session: must be a string") != std::string::npos);
  CHECK(error(without("demo_cert_file")).rfind("fix.demo_cert_file: and fix.demo_key_file are required with fix.demo_session", 0) == 0);
  CHECK(error(without("demo_key_file")).rfind("fix.demo_cert_file: and fix.demo_key_file are required", 0) == 0);
  CHECK(error(with("demo_cert_file", "\"\"")).find("fix.demo_cert_file: must not be empty") != std::string::npos);
  CHECK(error(with("demo_interval_ms", "50")).find("fix.demo_interval_ms: must be between 100 and 3600000 (got 50)") != std::string::npos);
  CHECK(error(with("demo_interval_ms", "\"5s\"")).find("fix.demo_interval_ms: must be an integer") != std::string::npos);
  CHECK(error(without("demo_debtor_account")) == "fix.demo_debtor_account: is required with fix.demo_session");
  CHECK(error(with("demo_debtor_account", "\"DE89 3704 0044\"")).find("fix.demo_debtor_account: must be an IBAN") != std::string::npos);
  CHECK(error(with("demo_debtor_account", "\"DE89370400440532013001\"")).find(
            "fix.demo_debtor_account: \"DE89370400440532013001\" fails the IBAN check digit test") != std::string::npos);
  CHECK(error(with("demo_debtor_account", "\"DE44500105175407324931\"")) ==
        "fix.demo_debtor_account: \"DE44500105175407324931\" is not one of the debtor_accounts of session \"desk\"");
  CHECK(error(without("demo_creditor_bic")) == "fix.demo_creditor_bic: is required with fix.demo_session");
  CHECK(error(with("demo_creditor_bic", "\"bankdeff\"")).find("fix.demo_creditor_bic: must be a BIC") != std::string::npos);
  CHECK(error(without("demo_creditor_account")) == "fix.demo_creditor_account: is required with fix.demo_session");
  CHECK(error(with("demo_creditor_account", "\"GB00NWBK60161331926819\"")).find(
            "fix.demo_creditor_account: \"GB00NWBK60161331926819\" fails the IBAN check digit test") != std::string::npos);
  CHECK(error(good + "demo_amount = \"10.00\"\n").find("fix.demo_amount: unknown key") != std::string::npos);
}
