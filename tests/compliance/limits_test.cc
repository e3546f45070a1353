// File: tests/compliance/limits_test.cc
#include "gateway/compliance/limits.h"

#include <catch2/catch.hpp>
#include <string>

namespace gw::compliance {
namespace {

LimitsConfig Config() {
  LimitsConfig c;
  c.by_currency["EUR"] = {1'000'000, 2'500'000, 5'000'000, 2};  // 10k / 25k / 50k EUR
  c.by_currency["JPY"] = {5'000'000, std::nullopt, std::nullopt, 0};
  return c;
}

LimitCheckInput Input(int64_t amount, int64_t account_today = 0, int64_t bic_today = 0) {
  return {"EUR", amount, "DE89370400440532013000", "ABCDDEFF", account_today, bic_today};
}

TEST_CASE("limits: within every limit", "[compliance]") {
  auto r = CheckLimits(Config(), Input(999'999, 1'000'000, 1'000'000));
  REQUIRE(r.ok());
  CHECK(r->empty());
  auto exact = CheckLimits(Config(), Input(1'000'000, 1'500'000, 4'000'000));  // equal is allowed
  REQUIRE(exact.ok());
  CHECK(exact->empty());
}

TEST_CASE("limits: per-transaction maximum", "[compliance]") {
  auto r = CheckLimits(Config(), Input(1'000'001));
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  CHECK((*r)[0].kind == LimitKind::kPerTransaction);
  CHECK((*r)[0].limit_minor == 1'000'000);
  CHECK((*r)[0].attempted_minor == 1'000'001);
  CHECK((*r)[0].reason ==
        "amount 10000.01 EUR exceeds the per-transaction maximum of 10000.00 EUR");
}

TEST_CASE("limits: daily totals per debtor account and per counterparty BIC", "[compliance]") {
  auto r = CheckLimits(Config(), Input(600'000, 2'000'000, 4'500'000));
  REQUIRE(r.ok());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0].kind == LimitKind::kDailyDebtorAccount);
  CHECK((*r)[0].attempted_minor == 2'600'000);
  CHECK((*r)[0].reason ==
        "debtor account DE89370400440532013000 would reach 26000.00 EUR today (20000.00 EUR "
        "already), over the daily limit of 25000.00 EUR");
  CHECK((*r)[1].kind == LimitKind::kDailyCounterpartyBic);
  CHECK((*r)[1].attempted_minor == 5'100'000);
  CHECK((*r)[1].reason.find("counterparty agent ABCDDEFF") == 0);
}

TEST_CASE("limits: every limit at once, and currency exponents", "[compliance]") {
  auto r = CheckLimits(Config(), Input(3'000'000, 0, 2'500'000));
  REQUIRE(r.ok());
  CHECK(r->size() == 3);
  LimitCheckInput yen{"JPY", 5'000'001, "acct", "BIC", 0, 0};
  auto y = CheckLimits(Config(), yen);
  REQUIRE(y.ok());
  REQUIRE(y->size() == 1);
  CHECK((*y)[0].reason == "amount 5000001 JPY exceeds the per-transaction maximum of 5000000 JPY");
}

TEST_CASE("limits: unconfigured currency", "[compliance]") {
  LimitCheckInput usd{"USD", 100, "acct", "BIC", 0, 0};
  auto refused = CheckLimits(Config(), usd);
  REQUIRE(refused.ok());
  REQUIRE(refused->size() == 1);
  CHECK((*refused)[0].kind == LimitKind::kNoLimitsForCurrency);
  CHECK((*refused)[0].reason == "no limits are configured for currency USD");
  LimitsConfig open = Config();
  open.refuse_unconfigured_currency = false;
  auto allowed = CheckLimits(open, usd);
  REQUIRE(allowed.ok());
  CHECK(allowed->empty());
}

TEST_CASE("limits: malformed inputs and configurations are refused", "[compliance]") {
  CHECK(CheckLimits(Config(), Input(0)).status().code() == StatusCode::kInvalidArgument);
  CHECK(CheckLimits(Config(), Input(-5)).status().code() == StatusCode::kInvalidArgument);
  CHECK_FALSE(CheckLimits(Config(), Input(10, -1)).ok());
  CHECK_FALSE(CheckLimits(Config(), Input(10, 0, -1)).ok());
  CHECK_FALSE(CheckLimits(Config(), Input(10, INT64_MAX)).ok());  // overflow
  LimitCheckInput bad_ccy = Input(10);
  bad_ccy.currency = "eur";
  CHECK_FALSE(CheckLimits(Config(), bad_ccy).ok());
  LimitsConfig bad = Config();
  bad.by_currency["EURO"] = {};
  CHECK(ValidateLimitsConfig(bad).code() == StatusCode::kInvalidArgument);
  CHECK_FALSE(CheckLimits(bad, Input(10)).ok());
  bad = Config();
  bad.by_currency["EUR"].per_transaction_max = -1;
  CHECK_FALSE(ValidateLimitsConfig(bad).ok());
  bad = Config();
  bad.by_currency["EUR"].minor_unit_digits = 9;
  CHECK_FALSE(ValidateLimitsConfig(bad).ok());
  CHECK(ValidateLimitsConfig(Config()).ok());
}

}  // namespace
}  // namespace gw::compliance
