// File: codecs/currency.h
//
// ISO 4217 active currency codes with their minor units (number of decimals).
// Fund codes and precious metals without a minor unit (XAU, XDR, XXX, ...) are not
// payment currencies and are not listed.
#pragma once

#include <optional>
#include <string_view>

namespace gw::codecs {

// Minor units of an active ISO 4217 currency ("EUR" -> 2, "JPY" -> 0, "BHD" -> 3),
// or nullopt when `code` is not an active code. Case-sensitive (codes are upper case).
std::optional<int> CurrencyMinorUnits(std::string_view code);

inline bool IsActiveCurrency(std::string_view code) {
  return CurrencyMinorUnits(code).has_value();
}

}  // namespace gw::codecs
