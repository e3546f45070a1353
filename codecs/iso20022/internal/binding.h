// File: codecs/iso20022/internal/binding.h
//
// Derives, from a model's Fields() list (codecs/iso20022/fields.h), a runtime
// table per struct type (TableOf<T>()): tag, member offset, leaf kind and a few
// type-erased member operations per field. Everything else walks that table:
//   - the SAX handler (decode.cc),
//   - the XML writer (WriteFields, binding.cc),
//   - the JSON mapping (StructToJson / StructFromJson, binding.cc),
//   - the per-model DocumentCodec the registry points at.
//
// Why a table and not templates per model: the writer and the JSON mapping used
// to be instantiated for every struct of every model, which made the nine
// model_codecs/*.cc the slowest files of the build (about a minute each, most of
// it nlohmann::json code). Now the only per-type template code is the table
// itself, and the member operations are instantiated once per member type
// (std::optional<Agent>, std::vector<std::string>, ...), not once per field.
// Leaves (string, Decimal, Amount, bool) are handled by a switch on their kind in
// binding.cc; the writer reaches plain and leaf members through the offset
// without an indirect call, which keeps encoding as fast as the templates were.
// Internal to codecs/; include only from .cc files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "codecs/issue.h"
#include "codecs/iso20022/fields.h"
#include "codecs/iso20022/internal/content_model.h"
#include "codecs/iso20022/internal/xml_writer.h"
#include "codecs/iso20022/message.h"
#include "codecs/iso20022/registry.h"
#include "core/status.h"

namespace gw::codecs::internal {

// ---------------------------------------------------------------- member kinds

template <class M>
struct MemberKind {
  using Element = M;
  static constexpr bool kOptional = false;
  static constexpr bool kRepeated = false;
};
template <class E>
struct MemberKind<std::optional<E>> {
  using Element = E;
  static constexpr bool kOptional = true;
  static constexpr bool kRepeated = false;
};
template <class E>
struct MemberKind<std::vector<E>> {
  using Element = E;
  static constexpr bool kOptional = false;
  static constexpr bool kRepeated = true;
};

enum class LeafKind : uint8_t { kNone, kString, kDecimal, kAmount, kBool };

template <class E>
constexpr LeafKind kLeafKindOf = std::is_same_v<E, std::string> ? LeafKind::kString
                                 : std::is_same_v<E, Decimal>   ? LeafKind::kDecimal
                                 : std::is_same_v<E, Amount>    ? LeafKind::kAmount
                                 : std::is_same_v<E, bool>      ? LeafKind::kBool
                                                                : LeafKind::kNone;

inline std::string_view TrimXmlSpace(std::string_view s) {
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Converts element text to a leaf value; false when the text is not of that type.
inline bool ParseLeaf(std::string_view text, std::string_view, std::string& out) {
  out.assign(text.data(), text.size());
  return true;
}
inline bool ParseLeaf(std::string_view text, std::string_view, Decimal& out) {
  auto d = Decimal::Parse(TrimXmlSpace(text));
  if (!d) return false;
  out = *d;
  return true;
}
inline bool ParseLeaf(std::string_view text, std::string_view ccy, Amount& out) {
  out.ccy.assign(ccy.data(), ccy.size());
  return ParseLeaf(text, ccy, out.value);
}
inline bool ParseLeaf(std::string_view text, std::string_view, bool& out) {
  text = TrimXmlSpace(text);
  if (text == "true" || text == "1") {
    out = true;
  } else if (text == "false" || text == "0") {
    out = false;
  } else {
    return false;
  }
  return true;
}

// ---------------------------------------------------------------- parse tables

struct StructTable;

// One element of a struct. The function pointers take the member itself (see
// Member()), so they depend only on the member's type, not on the field.
struct FieldOps {
  std::string_view tag;
  size_t offset = 0;                    // of the member in its struct
  bool optional = false;                // std::optional<E>
  bool repeated = false;                // std::vector<E>
  bool amount = false;                  // leaf with a Ccy attribute
  LeafKind leaf = LeafKind::kNone;      // kNone: nested struct
  const StructTable* child = nullptr;   // nested struct; nullptr for a leaf
  // Makes room for one value and returns it: emplaces (optional), appends
  // (repeated) or resets to a default value (plain).
  void* (*enter)(void* member) = nullptr;
  // Leaf: stores text (ccy for amounts), as enter() does; false when the text is
  // not of the type (the default value is stored then).
  bool (*set)(void* member, std::string_view text, std::string_view ccy) = nullptr;
  // Repeated: number of elements stored.
  size_t (*count)(const void* member) = nullptr;
  // Element i (repeated), or the value (plain, i = 0), or the value or nullptr
  // when empty (optional, i = 0).
  const void* (*element)(const void* member, size_t i) = nullptr;
  // Repeated: clears and reserves room for n elements.
  void (*prepare)(void* member, size_t n) = nullptr;

  void* Member(void* obj) const { return static_cast<char*>(obj) + offset; }
  const void* Member(const void* obj) const { return static_cast<const char*>(obj) + offset; }
};

struct StructTable {
  static constexpr size_t kNoUnmodelled = static_cast<size_t>(-1);
  std::vector<FieldOps> fields;
  void (*reset)(void* obj) = nullptr;  // obj = T{}
  // Offset of the struct's `Unmodelled unmodelled` member (xml_node.h).
  size_t unmodelled_offset = kNoUnmodelled;
  Unmodelled* UnmodelledOf(void* obj) const {
    if (unmodelled_offset == kNoUnmodelled) return nullptr;
    return reinterpret_cast<Unmodelled*>(static_cast<char*>(obj) + unmodelled_offset);
  }
  const Unmodelled* UnmodelledOf(const void* obj) const {
    if (unmodelled_offset == kNoUnmodelled) return nullptr;
    return reinterpret_cast<const Unmodelled*>(static_cast<const char*>(obj) + unmodelled_offset);
  }
  template <class Char>
  const FieldOps* Find(const Char* name, size_t len) const {
    for (const FieldOps& f : fields) {
      if (f.tag.size() != len) continue;
      size_t i = 0;
      while (i < len && static_cast<char16_t>(f.tag[i]) == static_cast<char16_t>(name[i])) ++i;
      if (i == len) return &f;
    }
    return nullptr;
  }
};

template <Composite T>
const StructTable& TableOf();

// The type-erased operations on a member of type M.
template <class M>
struct MemberOps {
  using K = MemberKind<M>;
  using E = typename K::Element;
  static_assert(!(K::kRepeated && std::is_same_v<E, bool>), "std::vector<bool> is not supported");

  static void* Enter(void* p) {
    auto& m = *static_cast<M*>(p);
    if constexpr (K::kRepeated) {
      return &m.emplace_back();
    } else if constexpr (K::kOptional) {
      return &m.emplace();
    } else {
      m = E{};
      return &m;
    }
  }
  static bool Set(void* p, std::string_view text, std::string_view ccy) {
    auto& m = *static_cast<M*>(p);
    E value{};
    bool ok = ParseLeaf(text, ccy, value);
    if constexpr (K::kRepeated) {
      m.push_back(std::move(value));
    } else {
      m = std::move(value);
    }
    return ok;
  }
  static size_t Count(const void* p) { return static_cast<const M*>(p)->size(); }
  static const void* Element(const void* p, size_t i) {
    const auto& m = *static_cast<const M*>(p);
    if constexpr (K::kRepeated) {
      return &m[i];
    } else if constexpr (K::kOptional) {
      return m ? &*m : nullptr;
    } else {
      return &m;
    }
  }
  static void Prepare(void* p, size_t n) {
    auto& m = *static_cast<M*>(p);
    m.clear();
    m.reserve(n);
  }
};

template <class T, size_t I>
FieldOps MakeFieldOps(const T& probe) {
  constexpr auto def = GetField<I>(T::Fields());
  using M = std::remove_reference_t<decltype(std::declval<T&>().*(def.member))>;
  using K = MemberKind<M>;
  using E = typename K::Element;
  using Ops = MemberOps<M>;
  FieldOps ops;
  ops.tag = def.tag;
  ops.offset = static_cast<size_t>(reinterpret_cast<const char*>(&(probe.*(def.member))) -
                                   reinterpret_cast<const char*>(&probe));
  ops.optional = K::kOptional;
  ops.repeated = K::kRepeated;
  ops.amount = std::is_same_v<E, Amount>;
  ops.leaf = kLeafKindOf<E>;
  ops.enter = &Ops::Enter;
  ops.element = &Ops::Element;
  if constexpr (K::kRepeated) {
    ops.count = &Ops::Count;
    ops.prepare = &Ops::Prepare;
  }
  if constexpr (kLeafKindOf<E> != LeafKind::kNone) {
    ops.set = &Ops::Set;
  } else {
    static_assert(Composite<E>, "a model member must be a leaf or a struct with Fields()");
    ops.child = &TableOf<E>();
  }
  return ops;
}

template <class T, size_t... I>
StructTable MakeTable(std::index_sequence<I...>) {
  // A default object to measure member offsets on (models are plain aggregates).
  const T probe{};
  StructTable table;
  table.fields.reserve(sizeof...(I));
  (table.fields.push_back(MakeFieldOps<T, I>(probe)), ...);
  table.reset = [](void* obj) { *static_cast<T*>(obj) = T{}; };
  if constexpr (requires { &T::unmodelled; }) {
    static_assert(std::is_same_v<decltype(T::unmodelled), Unmodelled>);
    table.unmodelled_offset =
        static_cast<size_t>(reinterpret_cast<const char*>(&probe.unmodelled) -
                            reinterpret_cast<const char*>(&probe));
  }
  return table;
}

template <Composite T>
const StructTable& TableOf() {
  static const StructTable table =
      MakeTable<T>(std::make_index_sequence<decltype(T::Fields())::kSize>());
  return table;
}

// ---------------------------------------------------------------- walking tables (binding.cc)

// Appends the elements of `obj` (a struct described by `table`), in table order,
// with its unmodelled elements at their places. `ns` is the namespace of the
// message part (unmodelled elements in another one declare theirs).
void WriteFields(XmlWriter& w, const StructTable& table, const void* obj, std::string_view ns);

// The schema type of the element a struct is read from or written to, for the
// JSON mapping of its unmodelled elements (content_model.h). `model` and `type`
// are nullptr when no schema of the namespace was loaded: unmodelled elements are
// then written with their arrays guessed from the count, and refused when read.
struct SchemaContext {
  const NamespaceModel* model = nullptr;
  const ContentType* type = nullptr;
  std::string_view ns;  // namespace of the message part
  SchemaContext Child(std::string_view tag) const {
    return {model, model == nullptr ? nullptr : model->Child(type, tag), ns};
  }
};

// Where unmodelled child `tag` of a struct read from an element of type `type` goes:
// the index of the first field of `table` that the schema puts after it (the number
// of fields when none does). `fallback` when the schema does not place it.
uint32_t UnmodelledPlace(const StructTable& table, const ContentType* type, std::string_view tag,
                         uint32_t fallback);

// The JSON object of `obj`: one member per element present, named by its tag.
nlohmann::json StructToJson(const StructTable& table, const void* obj, const SchemaContext& ctx);

// Resets `obj` and fills it from `j`. Errors name the JSON path: `path` is the
// path of `j` on entry and of the offending value on error.
Status StructFromJson(const nlohmann::json& j, const StructTable& table, void* obj,
                      std::string& path, const SchemaContext& ctx);

// ---------------------------------------------------------------- per-model codec

struct DocumentCodec {
  std::string_view root_tag;
  const StructTable& (*root_table)();
  // Makes `doc` hold a fresh model of this type and returns it.
  void* (*emplace)(Document& doc);
  bool (*holds)(const Document& doc);
  // The model `doc` holds; `doc` must hold this type (holds()).
  const void* (*get)(const Document& doc);
  void (*validate)(const Document& doc, const MessageType& type, Issues& out);
};

template <class T, void (*Validator)(const T&, const MessageType&, Issues&)>
inline const DocumentCodec kCodecFor = {
    T::kRootTag,
    [] () -> const StructTable& { return TableOf<T>(); },
    [](Document& doc) -> void* { return &doc.template emplace<T>(); },
    [](const Document& doc) { return std::holds_alternative<T>(doc); },
    [](const Document& doc) -> const void* { return &std::get<T>(doc); },
    [](const Document& doc, const MessageType& type, Issues& out) {
      Validator(std::get<T>(doc), type, out);
    },
};

}  // namespace gw::codecs::internal
