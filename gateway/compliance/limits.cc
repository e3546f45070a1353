// File: gateway/compliance/limits.cc
#include "gateway/compliance/limits.h"

#include <limits>
#include <string>

namespace gw::compliance {
namespace {

bool IsCurrencyCode(const std::string& c) {
  if (c.size() != 3) return false;
  for (char ch : c)
    if (ch < 'A' || ch > 'Z') return false;
  return true;
}

// "1234.56 EUR" with the currency's number of minor-unit digits.
std::string Amount(int64_t minor, const std::string& currency, int digits) {
  std::string sign = minor < 0 ? "-" : "";
  uint64_t v = minor < 0 ? static_cast<uint64_t>(-(minor + 1)) + 1 : static_cast<uint64_t>(minor);
  std::string out = std::to_string(v);
  if (digits > 0) {
    if (out.size() <= static_cast<size_t>(digits)) out.insert(0, digits + 1 - out.size(), '0');
    out.insert(out.size() - digits, ".");
  }
  return sign + out + " " + currency;
}

}  // namespace

Status ValidateLimitsConfig(const LimitsConfig& config) {
  for (const auto& [currency, limits] : config.by_currency) {
    if (!IsCurrencyCode(currency)) {
      return InvalidArgument("limits: currency '" + currency + "' is not an ISO 4217 code");
    }
    if (limits.minor_unit_digits < 0 || limits.minor_unit_digits > 4) {
      return InvalidArgument("limits: minor_unit_digits for " + currency + " must be 0..4");
    }
    for (const auto& l : {limits.per_transaction_max, limits.daily_per_debtor_account,
                          limits.daily_per_counterparty_bic}) {
      if (l && *l < 0) return InvalidArgument("limits: negative limit for " + currency);
    }
  }
  return Status::Ok();
}

StatusOr<std::vector<LimitBreach>> CheckLimits(const LimitsConfig& config,
                                               const LimitCheckInput& input) {
  GW_RETURN_IF_ERROR(ValidateLimitsConfig(config));
  if (!IsCurrencyCode(input.currency)) {
    return InvalidArgument("currency '" + input.currency + "' is not an ISO 4217 code");
  }
  if (input.amount_minor <= 0) return InvalidArgument("amount must be positive");
  if (input.debtor_account_total_today < 0 || input.counterparty_bic_total_today < 0) {
    return InvalidArgument("daily totals must not be negative");
  }
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  if (input.debtor_account_total_today > kMax - input.amount_minor ||
      input.counterparty_bic_total_today > kMax - input.amount_minor) {
    return InvalidArgument("daily total plus amount overflows");
  }
  std::vector<LimitBreach> breaches;
  auto it = config.by_currency.find(input.currency);
  if (it == config.by_currency.end()) {
    if (config.refuse_unconfigured_currency) {
      breaches.push_back({LimitKind::kNoLimitsForCurrency, 0, input.amount_minor,
                          "no limits are configured for currency " + input.currency});
    }
    return breaches;
  }
  const CurrencyLimits& l = it->second;
  const std::string& ccy = input.currency;
  auto Fmt = [&](int64_t minor, const std::string& c) {
    return Amount(minor, c, l.minor_unit_digits);
  };
  if (l.per_transaction_max && input.amount_minor > *l.per_transaction_max) {
    breaches.push_back({LimitKind::kPerTransaction, *l.per_transaction_max, input.amount_minor,
                        "amount " + Fmt(input.amount_minor, ccy) +
                            " exceeds the per-transaction maximum of " +
                            Fmt(*l.per_transaction_max, ccy)});
  }
  if (l.daily_per_debtor_account) {
    int64_t total = input.debtor_account_total_today + input.amount_minor;
    if (total > *l.daily_per_debtor_account) {
      breaches.push_back(
          {LimitKind::kDailyDebtorAccount, *l.daily_per_debtor_account, total,
           "debtor account " + input.debtor_account + " would reach " + Fmt(total, ccy) +
               " today (" + Fmt(input.debtor_account_total_today, ccy) +
               " already), over the daily limit of " + Fmt(*l.daily_per_debtor_account, ccy)});
    }
  }
  if (l.daily_per_counterparty_bic) {
    int64_t total = input.counterparty_bic_total_today + input.amount_minor;
    if (total > *l.daily_per_counterparty_bic) {
      breaches.push_back(
          {LimitKind::kDailyCounterpartyBic, *l.daily_per_counterparty_bic, total,
           "counterparty agent " + input.counterparty_bic + " would reach " + Fmt(total, ccy) +
               " today (" + Fmt(input.counterparty_bic_total_today, ccy) +
               " already), over the daily limit of " + Fmt(*l.daily_per_counterparty_bic, ccy)});
    }
  }
  return breaches;
}

}  // namespace gw::compliance
