// File: appliance/gatewayd/compliance_setup.cc
#include "appliance/gatewayd/compliance_setup.h"

#include "codecs/currency.h"
#include "codecs/decimal.h"

namespace gw::appliance {

StatusOr<gateway::ComplianceOptions> ComplianceOptionsFrom(const GatewayConfig& config) {
  const ComplianceConfig& c = config.compliance;
  gateway::ComplianceOptions o;
  o.database_url = config.database.url;
  o.screening.default_threshold = c.threshold;
  o.screening.list_thresholds = c.list_thresholds;
  for (const auto& code : c.embargoed_countries) {
    if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1])))
      return InvalidArgument("compliance.embargoed_countries: \"" + code + "\" is not an ISO 3166 alpha-2 code");
    o.screening.embargoed_countries.insert(code);
  }
  o.screen_remittance = c.screen_remittance;
  o.require_lists = c.require_lists;
  o.refresh_interval = c.refresh_interval;
  o.limits_enabled = !c.limits.empty();
  o.limits.refuse_unconfigured_currency = c.refuse_unconfigured_currency;
  for (const auto& [ccy, named] : c.limits) {
    auto digits = codecs::CurrencyMinorUnits(ccy);
    if (!digits) return InvalidArgument("compliance.limits." + ccy + ": not an active ISO 4217 currency");
    compliance::CurrencyLimits limits;
    limits.minor_unit_digits = *digits;
    for (const auto& [name, amount] : named) {
      auto decimal = codecs::Decimal::Parse(amount);
      auto minor = decimal ? decimal->ToMinorUnits(*digits) : std::nullopt;
      if (!minor)
        return InvalidArgument("compliance.limits." + ccy + "." + name + ": \"" + amount + "\" has more decimals than " +
                               ccy + " allows");
      if (name == "per_transaction_max") limits.per_transaction_max = *minor;
      if (name == "daily_per_debtor_account") limits.daily_per_debtor_account = *minor;
      if (name == "daily_per_counterparty_bic") limits.daily_per_counterparty_bic = *minor;
    }
    o.limits.by_currency[ccy] = limits;
  }
  return o;
}

}  // namespace gw::appliance
