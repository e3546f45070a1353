#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <set>

#include "gateway/payment.h"
#include "tests/support/test_env.h"

using namespace gw::gateway;

TEST_CASE("the server's and the database's payment state machines are the same", "[gateway][payments]") {
  gw::test::TestDatabase db;
  pqxx::connection c(db.url());
  pqxx::nontransaction n(c);
  std::set<std::pair<std::string, std::string>> in_db;
  for (const auto& r : n.exec("SELECT from_status, to_status FROM payment_transitions"))
    in_db.emplace(r[0].as<std::string>(), r[1].as<std::string>());
  std::set<std::pair<std::string, std::string>> in_code;
  for (auto from : AllPaymentStatuses())
    for (auto to : AllPaymentStatuses())
      if (IsLegalTransition(from, to)) in_code.emplace(ToString(from), ToString(to));
  CHECK(in_db == in_code);
}

TEST_CASE("terminal payment states have no way out", "[gateway][payments]") {
  for (auto from : AllPaymentStatuses()) {
    if (!IsTerminal(from)) continue;
    for (auto to : AllPaymentStatuses()) CHECK_FALSE(IsLegalTransition(from, to));
  }
  CHECK(ParsePaymentStatus("COMPLIANCE_HOLD") == PaymentStatus::kComplianceHold);
  CHECK_FALSE(ParsePaymentStatus("compliance_hold").has_value());
}
