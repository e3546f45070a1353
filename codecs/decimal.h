// File: codecs/decimal.h
//
// Exact decimal numbers for money and other ISO 20022 decimals. A Decimal is an
// int64 mantissa and a scale (number of fraction digits): 123.40 is {12340, 2}.
// Never floating point. The scale written in a document is kept, so parsing and
// writing "100.50" gives "100.50" back.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gw::codecs {

class Decimal {
 public:
  // The largest scale accepted (ISO 20022 DecimalNumber allows 17 fraction digits).
  static constexpr int kMaxScale = 18;

  constexpr Decimal() = default;
  constexpr Decimal(int64_t mantissa, int scale) : mantissa_(mantissa), scale_(scale) {}

  // Parses the xs:decimal lexical form: optional sign, digits, optional '.' and
  // digits (at least one digit overall). No exponent, no spaces. Returns nullopt
  // when malformed or when the value does not fit an int64 mantissa with scale
  // <= kMaxScale.
  static std::optional<Decimal> Parse(std::string_view text);

  // `units` minor units of a currency with `minor_unit` decimals: (1050, 2) -> 10.50.
  static constexpr Decimal FromMinorUnits(int64_t units, int minor_unit) {
    return Decimal(units, minor_unit);
  }

  int64_t mantissa() const { return mantissa_; }
  int scale() const { return scale_; }

  // Fraction digits once trailing zeros are removed (what XSD fractionDigits counts).
  int SignificantFractionDigits() const;
  // Total significant digits (what XSD totalDigits counts).
  int TotalDigits() const;

  bool IsZero() const { return mantissa_ == 0; }
  bool IsNegative() const { return mantissa_ < 0; }

  // The value in minor units of a currency with `minor_unit` decimals; nullopt when
  // the value has more significant decimals than that, or on overflow.
  std::optional<int64_t> ToMinorUnits(int minor_unit) const;

  // Exact sum; nullopt on overflow. The result has the larger of the two scales.
  static std::optional<Decimal> Add(const Decimal& a, const Decimal& b);

  // Numeric comparison across scales (1.5 == 1.50 numerically).
  static std::strong_ordering Compare(const Decimal& a, const Decimal& b);
  bool NumericallyEquals(const Decimal& other) const {
    return Compare(*this, other) == std::strong_ordering::equal;
  }

  // The text with exactly scale() fraction digits ("-12.30", "7").
  std::string ToString() const;
  void AppendTo(std::string& out) const;

  // Structural equality: same mantissa and scale (what a round trip preserves).
  bool operator==(const Decimal&) const = default;

 private:
  int64_t mantissa_ = 0;
  int scale_ = 0;
};

}  // namespace gw::codecs
