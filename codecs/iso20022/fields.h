// File: codecs/iso20022/fields.h
//
// How message models describe themselves. Every model struct lists its elements,
// in schema order, in a static Fields() function:
//
//   struct PaymentIdentification7 {
//     std::optional<std::string> instr_id;
//     std::string end_to_end_id;
//     static constexpr auto Fields() {
//       return FieldList{Field("InstrId", &PaymentIdentification7::instr_id),
//                        Field("EndToEndId", &PaymentIdentification7::end_to_end_id)};
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
#include <cstddef>

#include "codecs/decimal.h"
#include "codecs/iso20022/xml_node.h"

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

// The list Fields() returns: head and tail, built with brace elision from
// FieldList{Field(...), Field(...), ...}. Deliberately not std::tuple: every model
// header is parsed by dozens of files, and std::tuple's constructors made the ~300
// Fields() bodies cost about 7 s of compile time per file; this costs under 0.5 s.
template <class... F>
struct FieldList {
  static constexpr size_t kSize = 0;
};
template <class F, class... R>
struct FieldList<F, R...> {
  static constexpr size_t kSize = 1 + sizeof...(R);
  F head;
  FieldList<R...> tail;
};
template <class... F>
FieldList(F...) -> FieldList<F...>;

// Field I of a FieldList.
template <size_t I, class L>
constexpr const auto& GetField(const L& list) {
  if constexpr (I == 0) {
    return list.head;
  } else {
    return GetField<I - 1>(list.tail);
  }
}

template <class T>
concept Composite = requires { T::Fields(); };

}  // namespace gw::codecs
