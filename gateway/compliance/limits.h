// File: gateway/compliance/limits.h
//
// Transaction limits (pure logic, no I/O). Per currency, three optional limits:
//   * a per-transaction maximum;
//   * a daily cumulative maximum per debtor account;
//   * a daily cumulative maximum per counterparty agent BIC.
// Amounts are integer minor units (cents). The caller reads the day's totals so far
// from the database and passes them in; CheckLimits() says which limits this payment
// would breach and why. A limit is breached when the amount (or the day's total plus
// the amount) is strictly greater than the limit.
//
// Thread-safety: LimitsConfig is a plain value; CheckLimits is pure.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace gw::compliance {

struct CurrencyLimits {
  std::optional<int64_t> per_transaction_max;         // minor units
  std::optional<int64_t> daily_per_debtor_account;    // minor units
  std::optional<int64_t> daily_per_counterparty_bic;  // minor units
  int minor_unit_digits = 2;  // ISO 4217 exponent (JPY 0, BHD 3); only for the reason text
};

struct LimitsConfig {
  // ISO 4217 alphabetic code (upper case) -> limits.
  std::map<std::string, CurrencyLimits> by_currency;
  // When a currency has no entry: true refuses the payment with a breach
  // (kNoLimitsForCurrency), false lets it through unchecked.
  bool refuse_unconfigured_currency = true;
};

// Validates a configuration: currency codes are three upper-case letters and limits
// are >= 0.
Status ValidateLimitsConfig(const LimitsConfig& config);

struct LimitCheckInput {
  std::string currency;                      // ISO 4217, e.g. "EUR"
  int64_t amount_minor = 0;                  // > 0
  std::string debtor_account;                // for the breach text
  std::string counterparty_bic;              // for the breach text
  int64_t debtor_account_total_today = 0;    // >= 0, this payment excluded
  int64_t counterparty_bic_total_today = 0;  // >= 0, this payment excluded
};

enum class LimitKind {
  kPerTransaction,
  kDailyDebtorAccount,
  kDailyCounterpartyBic,
  kNoLimitsForCurrency,
};

struct LimitBreach {
  LimitKind kind;
  int64_t limit_minor = 0;
  int64_t attempted_minor = 0;  // the amount, or the day's total including this payment
  std::string reason;           // for the compliance officer and the audit log
};

// Returns the breaches (empty: within limits). InvalidArgument for a malformed input
// (non-positive amount, negative totals, bad currency code, totals that would
// overflow) or an invalid configuration.
StatusOr<std::vector<LimitBreach>> CheckLimits(const LimitsConfig& config,
                                               const LimitCheckInput& input);

}  // namespace gw::compliance
