// File: codecs/iso20022/fields.h
//
// How message models describe themselves. Every model struct lists its elements,
// in schema order, in a static Fields() function:
//
//   struct PaymentIdentification7 {
//     std::optional<std::string> instr_id;
//     std::string end_to_end_id;
//     static constexpr auto Fields() {
//       return std::tuple{Field("InstrId", &PaymentIdentification7::instr_id),
//                         Field("EndToEndId", &PaymentIdentification7::end_to_end_id)};
//     }
//     bool operator==(const PaymentIdentification7&) const = default;
//   };
//
// From that one list the library derives the SAX parser, the XML writer and the
// JSON mapping (codecs/iso20022/internal/binding.h). A member may be:
//   leaf:   std::string, Decimal, Amount (value + Ccy attribute), bool
//   nested: any struct with Fields()
//   and std::optional<X> (0..1) or std::vector<X> (0..n / 1..n) of either.
// A plain (non-optional) member is a mandatory element and is always written.
// A choice is modelled as several std::optional members, exactly one of them set.
#pragma once

#include <string>
#include <string_view>
#include <tuple>

#include "codecs/decimal.h"

namespace gw::codecs {

// ActiveCurrencyAndAmount / ActiveOrHistoricCurrencyAndAmount: <X Ccy="EUR">12.50</X>.
struct Amount {
  Decimal value;
  std::string ccy;
  bool operator==(const Amount&) const = default;
};

template <class S, class M>
struct FieldDef {
  std::string_view tag;  // the XML element name (also the JSON key)
  M S::*member;
};

template <class S, class M>
constexpr FieldDef<S, M> Field(std::string_view tag, M S::*member) {
  return {tag, member};
}

template <class T>
concept Composite = requires { T::Fields(); };

}  // namespace gw::codecs
