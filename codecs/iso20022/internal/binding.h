// File: codecs/iso20022/internal/binding.h
//
// Derives, from a model's Fields() list (codecs/iso20022/fields.h):
//   - a runtime table the SAX handler walks (TableOf<T>()),
//   - the XML writer (WriteFields),
//   - the JSON mapping (StructToJson / StructFromJson),
//   - the per-model DocumentCodec the registry points at.
// Internal to codecs/; include only from .cc files.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "codecs/issue.h"
#include "codecs/iso20022/fields.h"
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

template <class E>
constexpr bool kIsLeaf = std::is_same_v<E, std::string> || std::is_same_v<E, Decimal> ||
                         std::is_same_v<E, Amount> || std::is_same_v<E, bool>;

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

struct FieldOps {
  std::string_view tag;
  bool repeated = false;
  bool amount = false;                  // leaf with a Ccy attribute
  const StructTable* child = nullptr;   // nested struct; nullptr for a leaf
  // Nested: creates (optional/vector) or returns the member; returns the child object.
  void* (*enter)(void* parent) = nullptr;
  // Leaf: stores text (ccy for amounts); false when the text is not of the type.
  bool (*set)(void* parent, std::string_view text, std::string_view ccy) = nullptr;
  // Repeated: number of elements already stored.
  size_t (*count)(const void* parent) = nullptr;
};

struct StructTable {
  std::vector<FieldOps> fields;
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

template <class T, size_t I>
FieldOps MakeFieldOps() {
  constexpr auto def = std::get<I>(T::Fields());
  using M = std::remove_reference_t<decltype(std::declval<T&>().*(def.member))>;
  using K = MemberKind<M>;
  using E = typename K::Element;
  FieldOps ops;
  ops.tag = def.tag;
  ops.repeated = K::kRepeated;
  ops.amount = std::is_same_v<E, Amount>;
  if constexpr (K::kRepeated) {
    ops.count = [](const void* p) -> size_t {
      constexpr auto mp = std::get<I>(T::Fields()).member;
      return (static_cast<const T*>(p)->*mp).size();
    };
  }
  if constexpr (kIsLeaf<E>) {
    ops.set = [](void* p, std::string_view text, std::string_view ccy) -> bool {
      constexpr auto mp = std::get<I>(T::Fields()).member;
      auto& m = static_cast<T*>(p)->*mp;
      E value{};
      bool ok = ParseLeaf(text, ccy, value);
      if constexpr (K::kRepeated) {
        m.push_back(std::move(value));
      } else {
        m = std::move(value);
      }
      return ok;
    };
  } else {
    static_assert(Composite<E>, "a model member must be a leaf or a struct with Fields()");
    ops.child = &TableOf<E>();
    ops.enter = [](void* p) -> void* {
      constexpr auto mp = std::get<I>(T::Fields()).member;
      auto& m = static_cast<T*>(p)->*mp;
      if constexpr (K::kRepeated) {
        return &m.emplace_back();
      } else if constexpr (K::kOptional) {
        return &m.emplace();
      } else {
        m = E{};
        return &m;
      }
    };
  }
  return ops;
}

template <class T, size_t... I>
StructTable MakeTable(std::index_sequence<I...>) {
  StructTable table;
  (table.fields.push_back(MakeFieldOps<T, I>()), ...);
  return table;
}

template <Composite T>
const StructTable& TableOf() {
  static const StructTable table =
      MakeTable<T>(std::make_index_sequence<std::tuple_size_v<decltype(T::Fields())>>());
  return table;
}

// ---------------------------------------------------------------- XML writing

template <Composite T>
void WriteFields(XmlWriter& w, const T& obj);

template <class M>
void WriteMember(XmlWriter& w, std::string_view tag, const M& m) {
  if constexpr (MemberKind<M>::kOptional) {
    if (m) WriteMember(w, tag, *m);
  } else if constexpr (MemberKind<M>::kRepeated) {
    for (const auto& e : m) WriteMember(w, tag, e);
  } else if constexpr (std::is_same_v<M, std::string>) {
    w.Leaf(tag, m);
  } else if constexpr (std::is_same_v<M, Decimal>) {
    w.Open(tag);
    m.AppendTo(w.out());
    w.Close(tag);
  } else if constexpr (std::is_same_v<M, Amount>) {
    std::string& out = w.out();
    out += '<';
    out += tag;
    out += " Ccy=\"";
    w.Text(m.ccy);
    out += "\">";
    m.value.AppendTo(out);
    w.Close(tag);
  } else if constexpr (std::is_same_v<M, bool>) {
    w.Leaf(tag, m ? "true" : "false");
  } else {
    w.Open(tag);
    WriteFields(w, m);
    w.Close(tag);
  }
}

template <Composite T>
void WriteFields(XmlWriter& w, const T& obj) {
  std::apply([&](const auto&... f) { (WriteMember(w, f.tag, obj.*(f.member)), ...); },
             T::Fields());
}

// ---------------------------------------------------------------- JSON

template <Composite T>
nlohmann::json StructToJson(const T& obj);

template <class M>
nlohmann::json MemberToJson(const M& m) {
  if constexpr (MemberKind<M>::kRepeated) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& e : m) a.push_back(MemberToJson(e));
    return a;
  } else if constexpr (std::is_same_v<M, std::string>) {
    return m;
  } else if constexpr (std::is_same_v<M, Decimal>) {
    return m.ToString();
  } else if constexpr (std::is_same_v<M, Amount>) {
    return nlohmann::json{{"Ccy", m.ccy}, {"Value", m.value.ToString()}};
  } else if constexpr (std::is_same_v<M, bool>) {
    return m;
  } else {
    return StructToJson(m);
  }
}

template <Composite T>
nlohmann::json StructToJson(const T& obj) {
  nlohmann::json j = nlohmann::json::object();
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              const auto& m = obj.*(f.member);
              using M = std::remove_cvref_t<decltype(m)>;
              if constexpr (MemberKind<M>::kOptional) {
                if (m) j[std::string(f.tag)] = MemberToJson(*m);
              } else if constexpr (MemberKind<M>::kRepeated) {
                if (!m.empty()) j[std::string(f.tag)] = MemberToJson(m);
              } else {
                j[std::string(f.tag)] = MemberToJson(m);
              }
            }(),
            ...);
      },
      T::Fields());
  return j;
}

inline Status JsonError(const std::string& path, std::string_view what) {
  return InvalidArgument("JSON " + (path.empty() ? std::string("/") : path) + ": " +
                         std::string(what));
}

// Strings must be valid for XML 1.0 (no C0 controls other than tab, LF, CR).
inline bool IsXmlSafe(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

template <Composite T>
Status StructFromJson(const nlohmann::json& j, T& obj, std::string& path);

template <class M>
Status MemberFromJson(const nlohmann::json& j, M& m, std::string& path) {
  if constexpr (MemberKind<M>::kOptional) {
    m.emplace();
    return MemberFromJson(j, *m, path);
  } else if constexpr (MemberKind<M>::kRepeated) {
    if (!j.is_array()) return JsonError(path, "expected an array");
    if (j.size() > 100000) return JsonError(path, "array too long");
    m.clear();
    m.reserve(j.size());
    for (size_t i = 0; i < j.size(); ++i) {
      size_t len = path.size();
      path += '/';
      path += std::to_string(i);
      GW_RETURN_IF_ERROR(MemberFromJson(j[i], m.emplace_back(), path));
      path.resize(len);
    }
    return Status::Ok();
  } else if constexpr (std::is_same_v<M, std::string>) {
    if (!j.is_string()) return JsonError(path, "expected a string");
    m = j.get<std::string>();
    if (!IsXmlSafe(m)) return JsonError(path, "control characters are not allowed");
    return Status::Ok();
  } else if constexpr (std::is_same_v<M, Decimal>) {
    if (!j.is_string()) return JsonError(path, "expected a decimal number as a string, e.g. \"12.50\"");
    auto d = Decimal::Parse(j.get_ref<const std::string&>());
    if (!d) return JsonError(path, "not a decimal number: " + j.get<std::string>());
    m = *d;
    return Status::Ok();
  } else if constexpr (std::is_same_v<M, Amount>) {
    if (!j.is_object() || !j.contains("Ccy") || !j.contains("Value") || j.size() != 2) {
      return JsonError(path, "expected {\"Ccy\": \"EUR\", \"Value\": \"12.50\"}");
    }
    size_t len = path.size();
    path += "/Ccy";
    GW_RETURN_IF_ERROR(MemberFromJson(j["Ccy"], m.ccy, path));
    path.resize(len);
    path += "/Value";
    GW_RETURN_IF_ERROR(MemberFromJson(j["Value"], m.value, path));
    path.resize(len);
    return Status::Ok();
  } else if constexpr (std::is_same_v<M, bool>) {
    if (!j.is_boolean()) return JsonError(path, "expected true or false");
    m = j.get<bool>();
    return Status::Ok();
  } else {
    return StructFromJson(j, m, path);
  }
}

template <Composite T>
Status StructFromJson(const nlohmann::json& j, T& obj, std::string& path) {
  if (!j.is_object()) return JsonError(path, "expected an object");
  obj = T{};
  Status status;
  size_t matched = 0;
  std::apply(
      [&](const auto&... f) {
        (
            [&] {
              if (!status.ok()) return;
              auto& m = obj.*(f.member);
              using M = std::remove_cvref_t<decltype(m)>;
              auto it = j.find(std::string(f.tag));
              if (it == j.end()) {
                if constexpr (!MemberKind<M>::kOptional && !MemberKind<M>::kRepeated) {
                  status = JsonError(path, "missing mandatory member \"" + std::string(f.tag) + "\"");
                }
                return;
              }
              ++matched;
              size_t len = path.size();
              path += '/';
              path += f.tag;
              status = MemberFromJson(*it, m, path);
              if (status.ok()) path.resize(len);
            }(),
            ...);
      },
      T::Fields());
  if (!status.ok()) return status;
  if (matched != j.size()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (TableOf<T>().Find(it.key().data(), it.key().size()) == nullptr) {
        return JsonError(path, "unknown member \"" + it.key() + "\"");
      }
    }
  }
  return Status::Ok();
}

// ---------------------------------------------------------------- per-model codec

struct DocumentCodec {
  std::string_view root_tag;
  const StructTable& (*root_table)();
  // Makes `doc` hold a fresh model of this type and returns it.
  void* (*emplace)(Document& doc);
  bool (*holds)(const Document& doc);
  // Writes <Root>...</Root> (the child of Document).
  void (*write)(const Document& doc, XmlWriter& w);
  nlohmann::json (*to_json)(const Document& doc);
  Status (*from_json)(const nlohmann::json& j, Document& doc, std::string& path);
  void (*validate)(const Document& doc, const MessageType& type, Issues& out);
};

template <class T, void (*Validator)(const T&, const MessageType&, Issues&)>
inline const DocumentCodec kCodecFor = {
    T::kRootTag,
    [] () -> const StructTable& { return TableOf<T>(); },
    [](Document& doc) -> void* { return &doc.template emplace<T>(); },
    [](const Document& doc) { return std::holds_alternative<T>(doc); },
    [](const Document& doc, XmlWriter& w) {
      w.Open(T::kRootTag);
      WriteFields(w, std::get<T>(doc));
      w.Close(T::kRootTag);
    },
    [](const Document& doc) { return StructToJson(std::get<T>(doc)); },
    [](const nlohmann::json& j, Document& doc, std::string& path) {
      return StructFromJson(j, doc.template emplace<T>(), path);
    },
    [](const Document& doc, const MessageType& type, Issues& out) {
      Validator(std::get<T>(doc), type, out);
    },
};

}  // namespace gw::codecs::internal
