// Configuration errors: one line that names the key and the problem, exit code 2.
#include <signal.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "tests/support/test_env.h"

using namespace gw::test;

namespace {
ProcessResult StartWithConfig(const std::string& text, std::map<std::string, std::string> env = {}) {
  TempDir dir;
  const std::string path = dir.path() + "/gateway.toml";
  std::ofstream(path) << text;
  env.emplace("DATABASE_URL", "postgresql://127.0.0.1:1/none");
  env.emplace("LOG_DIR", dir.path() + "/logs");
  return Run({BinaryPath("gatewayd"), "--config", path}, env, "", std::chrono::seconds(20));
}
int Lines(const std::string& s) {
  int n = 0;
  for (char c : s) n += c == '\n';
  return n;
}
}  // namespace

TEST_CASE("gatewayd exits 2 naming an unknown configuration key", "[integration][config]") {
  auto r = StartWithConfig("[server]\nprot = 3000\n");
  CHECK(r.exit_code == 2);
  CHECK(Lines(r.output) == 1);
  CHECK(r.output.find("gateway.toml:2: server.prot: unknown key") != std::string::npos);
}

TEST_CASE("gatewayd exits 2 naming a bad configuration value", "[integration][config]") {
  auto r = StartWithConfig("[database]\npool_size = 0\n");
  CHECK(r.exit_code == 2);
  CHECK(Lines(r.output) == 1);
  CHECK(r.output.find("database.pool_size: must be between 1 and 500 (got 0)") != std::string::npos);

  r = StartWithConfig("[server]\nport = \"http\"\n");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("server.port: must be an integer") != std::string::npos);

  r = StartWithConfig("[logging]\nlevel = \"loud\"\n");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("logging.level: must be one of") != std::string::npos);
}

TEST_CASE("gatewayd exits 2 on a configuration file that is not TOML", "[integration][config]") {
  auto r = StartWithConfig("[server\nport = 1\n");
  CHECK(r.exit_code == 2);
  CHECK(Lines(r.output) == 1);
  CHECK(r.output.find("gateway.toml:1:") != std::string::npos);
}

TEST_CASE("gatewayd exits 2 when the configuration file is missing", "[integration][config]") {
  auto r = Run({BinaryPath("gatewayd"), "--config", "/nonexistent/gateway.toml"},
               {{"DATABASE_URL", "postgresql://127.0.0.1:1/none"}});
  CHECK(r.exit_code == 2);
  CHECK(Lines(r.output) == 1);
  CHECK(r.output.find("/nonexistent/gateway.toml: configuration file not found") != std::string::npos);
}

TEST_CASE("gatewayd exits 2 naming a bad environment override", "[integration][config]") {
  auto r = StartWithConfig("", {{"PORT", "eighty"}});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("PORT (server.port: must be an integer (got \"eighty\"))") != std::string::npos);
  r = StartWithConfig("", {{"DB_POOL_SIZE", "100000"}});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("DB_POOL_SIZE") != std::string::npos);
}

TEST_CASE("the shipped configuration file is valid", "[integration][config]") {
  TempDir dir;
  // gatewayd with the documented file, an unreachable database and a free port starts and stops.
  Subprocess p({BinaryPath("gatewayd"), "--config", SourcePath("appliance/config/gateway.toml")},
               {{"DATABASE_URL", "postgresql://127.0.0.1:1/none"}, {"PORT", std::to_string(FreePort())},
                {"LOG_DIR", dir.path()}});
  CHECK_FALSE(p.Wait(std::chrono::seconds(2)).has_value());
  p.Signal(SIGTERM);
  CHECK(p.Wait(std::chrono::seconds(10)) == 0);
}
