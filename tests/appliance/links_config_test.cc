// The [links] section of the configuration: counterparties, certificates, listener.
#include <catch2/catch.hpp>
#include <fstream>

#include "appliance/config.h"
#include "tests/support/test_env.h"

using gw::appliance::LoadConfig;

namespace {
gw::StatusOr<gw::appliance::GatewayConfig> Load(const std::string& toml) {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/g.toml";
  std::ofstream(path) << toml;
  return LoadConfig(path, [](const std::string&) { return std::optional<std::string>(); });
}

const std::string kCerts =
    "[links]\nca_file = \"ca.crt\"\nclient_cert_file = \"a-client.crt\"\nclient_key_file = \"a-client.key\"\n"
    "server_cert_file = \"a-server.crt\"\nserver_key_file = \"a-server.key\"\n";
}  // namespace

TEST_CASE("no [links] section: no link runs", "[appliance][config][links]") {
  auto c = LoadConfig(std::nullopt, [](const std::string&) { return std::optional<std::string>(); });
  REQUIRE(c.ok());
  CHECK_FALSE(c->links.enabled());
  CHECK(c->links.node_name == "gw1");
}

TEST_CASE("[[links.peer]] tables describe each counterparty", "[appliance][config][links]") {
  auto c = Load(kCerts + "node_name = \"bank-a-1\"\nlisten_port = 7443\n"
                         "[[links.peer]]\nname = \"bank-b\"\nhost = \"127.0.0.1\"\nport = 7444\nserver_name = \"gw.bank-b.example\"\npool_size = 4\n"
                         "window = 128\nallow_names = [\"bank-b\"]\nallow_fingerprints = [\"AB:CD\"]\n"
                         "settlement_account = \"NOSTRO-BANKB-EUR\"\nanswer_timeout_ms = 2000\nmax_resends = 5\n"
                         "breaker_failures = 7\nbreaker_cooldown_ms = 1500\nbackoff_max_ms = 900\n"
                         "[[links.peer]]\nname = \"bank-c\"\nallow_names = [\"bank-c.example\"]\n");
  INFO(c.status().ToString());
  REQUIRE(c.ok());
  const auto& l = c->links;
  CHECK(l.enabled());
  CHECK(l.node_name == "bank-a-1");
  CHECK(l.listen_port == 7443);
  REQUIRE(l.peers.size() == 2);
  CHECK(l.peers[0].name == "bank-b");
  CHECK(l.peers[0].port == 7444);
  CHECK(l.peers[0].server_name == "gw.bank-b.example");
  CHECK(l.peers[0].pool_size == 4);
  CHECK(l.peers[0].window == 128);
  CHECK(l.peers[0].allow_fingerprints == std::vector<std::string>{"AB:CD"});
  CHECK(l.peers[0].settlement_account == "NOSTRO-BANKB-EUR");
  CHECK(l.peers[0].answer_timeout == std::chrono::milliseconds(2000));
  CHECK(l.peers[0].max_resends == 5);
  CHECK(l.peers[0].breaker_failures == 7);
  CHECK(l.peers[0].breaker_cooldown == std::chrono::milliseconds(1500));
  CHECK(l.peers[0].backoff_max == std::chrono::milliseconds(900));
  CHECK(l.peers[1].port == 0);  // inbound only
  CHECK(l.peers[1].allow_names == std::vector<std::string>{"bank-c.example"});
}

TEST_CASE("bad [links] settings name the key", "[appliance][config][links]") {
  auto msg = [](const std::string& toml) {
    auto c = Load(toml);
    REQUIRE_FALSE(c.ok());
    return c.status().message();
  };
  CHECK_THAT(msg(kCerts + "[[links.peer]]\nname = \"b\"\nport = 1\ncolour = \"red\"\n"),
             Catch::Contains("links.peer[0].colour: unknown key"));
  CHECK_THAT(msg(kCerts + "[[links.peer]]\nname = \"b\"\nport = 70000\n"), Catch::Contains("links.peer[0].port"));
  CHECK_THAT(msg(kCerts + "[[links.peer]]\nname = \"b\"\nport = 1\nserver_name = \"b\"\n[[links.peer]]\nname = \"b\"\nport = 2\n"),
             Catch::Contains("configured twice"));
  CHECK_THAT(msg(kCerts + "[[links.peer]]\nname = \"bad name\"\nport = 1\n"), Catch::Contains("links.peer[0].name"));
  CHECK_THAT(msg(kCerts + "[[links.peer]]\nname = \"b\"\n"), Catch::Contains("needs a port"));
  CHECK_THAT(msg("[links]\nlisten_port = 7443\n"), Catch::Contains("links.ca_file"));
  CHECK_THAT(msg("[links]\nca_file = \"ca.crt\"\n[[links.peer]]\nname = \"b\"\nport = 1\nserver_name = \"b\"\n"),
             Catch::Contains("links.client_cert_file"));
  CHECK_THAT(msg("[links]\nca_file = \"ca.crt\"\nlisten_port = 7443\n"), Catch::Contains("links.server_cert_file"));
  CHECK_THAT(msg("[links]\nnode = \"x\"\n"), Catch::Contains("links.node: unknown key"));
}

TEST_CASE("an outbound link needs a server_name, checked against the peer's certificate", "[appliance][config][links]") {
  // No default (it used to be "localhost", a name every development server certificate carried).
  auto missing = Load(kCerts + "[[links.peer]]\nname = \"bank-b\"\nport = 7444\n");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == gw::StatusCode::kInvalidArgument);
  CHECK_THAT(missing.status().message(), Catch::Contains("links.peer[0].server_name: is required"));
  CHECK(missing.status().message().find('\n') == std::string::npos);
  auto empty = Load(kCerts + "[[links.peer]]\nname = \"bank-b\"\nport = 7444\nserver_name = \"\"\n");
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.status().message(), Catch::Contains("links.peer[0].server_name: must not be empty"));
  // Inbound-only counterparties need none.
  auto inbound = Load(kCerts + "listen_port = 7443\n[[links.peer]]\nname = \"bank-c\"\nallow_names = [\"bank-c\"]\n");
  INFO(inbound.status().ToString());
  CHECK(inbound.ok());
}

TEST_CASE("[links] crl_file is optional", "[appliance][config][links]") {
  auto none = Load(kCerts + "[[links.peer]]\nname = \"b\"\nport = 1\nserver_name = \"b\"\n");
  REQUIRE(none.ok());
  CHECK(none->links.crl_file.empty());
  auto with = Load(kCerts + "crl_file = \"ca.crl\"\n[[links.peer]]\nname = \"b\"\nport = 1\nserver_name = \"b\"\n");
  INFO(with.status().ToString());
  REQUIRE(with.ok());
  CHECK(with->links.crl_file == "ca.crl");
  auto blank = Load(kCerts + "crl_file = \"\"\n");
  REQUIRE_FALSE(blank.ok());
  CHECK_THAT(blank.status().message(), Catch::Contains("links.crl_file"));
}
