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
