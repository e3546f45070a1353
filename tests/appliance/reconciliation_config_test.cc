// File: tests/appliance/reconciliation_config_test.cc
// [reconciliation]: cut-offs per link, tolerances, and their refusals.
#include <catch2/catch.hpp>
#include <fstream>

#include "appliance/config.h"
#include "tests/support/test_env.h"

namespace {

gw::StatusOr<gw::appliance::GatewayConfig> Load(const std::string& toml) {
  gw::test::TempDir dir;
  const std::string path = dir.path() + "/g.toml";
  std::ofstream(path) << toml;
  return gw::appliance::LoadConfig(path, [](const std::string&) -> std::optional<std::string> { return std::nullopt; });
}

TEST_CASE("the reconciliation section reads cut-offs per link and the tolerance policy", "[appliance][config]") {
  auto c = Load("[reconciliation]\ndefault_cutoff = \"17:00\"\ncutoffs = { \"bank-b\" = \"16:30\" }\n"
                "amount_tolerance_minor = 500\nvalue_date_tolerance_days = 1\ndelay_after_cutoff_s = 60\n");
  REQUIRE(c.ok());
  CHECK(c->reconciliation.default_cutoff == "17:00");
  CHECK(c->reconciliation.cutoffs.at("bank-b") == "16:30");
  CHECK(c->reconciliation.amount_tolerance_minor == 500);
  CHECK(c->reconciliation.value_date_tolerance_days == 1);
  CHECK(c->reconciliation.delay_after_cutoff_seconds == 60);
  auto defaults = gw::appliance::LoadConfig(std::nullopt, [](const std::string&) -> std::optional<std::string> {
    return std::nullopt;
  });
  REQUIRE(defaults.ok());
  CHECK(defaults->reconciliation.default_cutoff == "18:00");
  CHECK(defaults->reconciliation.enabled);
}

TEST_CASE("a bad cut-off names its key", "[appliance][config]") {
  auto c = Load("[reconciliation]\ncutoffs = { \"bank-b\" = \"25:00\" }\n");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().message().find("reconciliation.cutoffs.bank-b") != std::string::npos);
  auto d = Load("[reconciliation]\ndefault_cutoff = \"6pm\"\n");
  REQUIRE_FALSE(d.ok());
  CHECK(d.status().message().find("reconciliation.default_cutoff") != std::string::npos);
}

}  // namespace
