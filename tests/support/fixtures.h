// File: tests/support/fixtures.h
// A ready gateway for API tests: a database with operators of every role,
// customer and settlement accounts, a route, and gatewayd running on it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "tests/support/test_env.h"

namespace gw::test {

// An IBAN with correct check digits for `country` and `bban`.
std::string MakeIban(const std::string& country, const std::string& bban);

// Runs gatewayctl with DATABASE_URL; REQUIREs exit code 0 unless `expect_ok` is false.
ProcessResult Ctl(const std::string& database_url, std::vector<std::string> args, const std::string& stdin_text = "",
                  bool expect_ok = true);

// Puts a one-entry watch list (an invented name no test pays) in force in the
// database of `url`: gatewayd holds every payment while no list is in force
// (compliance.require_lists), as a bank's gateway would.
void ImportWatchList(const std::string& url);

class GatewayFixture {
 public:
  // Operators maker1, maker2, checker1, admin1, auditor1, compliance1 (password kPassword);
  // EUR customer accounts ALICE (1,000,000.00) and BOB (50.00), a settlement
  // account for link "bank-b", and the route BANKDE -> bank-b. With
  // Lists::kWatchList, a one-entry watch list is in force before gatewayd starts
  // (it holds every payment while no list is in force: compliance.require_lists);
  // tests of list imports start with Lists::kNone.
  enum class Lists { kWatchList, kNone };
  explicit GatewayFixture(std::map<std::string, std::string> env = {}, Lists lists = Lists::kWatchList);

  static constexpr const char* kPassword = "test password 123";
  std::string alice_iban, bob_iban, carol_iban;

  TestDatabase& db() { return db_; }
  Gatewayd& gatewayd() { return *gw_; }
  // Starts a new gatewayd on the same port (after the old one exited) and waits until it answers.
  void RestartGatewayd();
  std::string Token(const std::string& username);
  HttpResult Call(const std::string& method, const std::string& target, const std::string& token,
                  const std::string& body = "", const std::string& content_type = "application/json",
                  std::map<std::string, std::string> headers = {});
  nlohmann::json PaymentJson(const std::string& e2e, const std::string& amount, const std::string& debtor_iban) const;
  // Polls the payment until it has `status` (or 20 s); returns its JSON.
  nlohmann::json WaitForStatus(const std::string& id, const std::string& status, const std::string& token);

 private:
  TestDatabase db_;
  std::map<std::string, std::string> env_;
  std::unique_ptr<Gatewayd> gw_;
  std::map<std::string, std::string> tokens_;
};

}  // namespace gw::test
