// File: codecs/iso20022/internal/binding.cc
//
// The XML writer and the JSON mapping of every model, walking the field tables of
// binding.h. One copy of this code serves all models (see binding.h for why).
#include "codecs/iso20022/internal/binding.h"

#include <nlohmann/json.hpp>

namespace gw::codecs::internal {
namespace {

// ---------------------------------------------------------------- XML writing

void WriteStruct(XmlWriter& w, std::string_view tag, const StructTable& table, const void* obj) {
  w.Open(tag);
  WriteFields(w, table, obj);
  w.Close(tag);
}

void WriteLeaf(XmlWriter& w, std::string_view tag, const std::string& s) { w.Leaf(tag, s); }

void WriteLeaf(XmlWriter& w, std::string_view tag, const Decimal& d) {
  w.Open(tag);
  d.AppendTo(w.out());
  w.Close(tag);
}

void WriteLeaf(XmlWriter& w, std::string_view tag, const Amount& a) {
  std::string& out = w.out();
  out += '<';
  out += tag;
  out += " Ccy=\"";
  w.Text(a.ccy);
  out += "\">";
  a.value.AppendTo(out);
  w.Close(tag);
}

void WriteLeaf(XmlWriter& w, std::string_view tag, bool b) { w.Leaf(tag, b ? "true" : "false"); }

// A leaf member of element type E, whatever its cardinality: the member's type is
// known from the flags, so no indirect call is needed.
template <class E>
void WriteLeafMember(XmlWriter& w, const FieldOps& f, const void* m) {
  if (f.repeated) {
    for (const E& e : *static_cast<const std::vector<E>*>(m)) WriteLeaf(w, f.tag, e);
  } else if (f.optional) {
    const auto& o = *static_cast<const std::optional<E>*>(m);
    if (o) WriteLeaf(w, f.tag, *o);
  } else {
    WriteLeaf(w, f.tag, *static_cast<const E*>(m));
  }
}

// ---------------------------------------------------------------- JSON

nlohmann::json ValueToJson(const FieldOps& f, const void* v) {
  switch (f.leaf) {
    case LeafKind::kString:
      return *static_cast<const std::string*>(v);
    case LeafKind::kDecimal:
      return static_cast<const Decimal*>(v)->ToString();
    case LeafKind::kAmount: {
      const auto& a = *static_cast<const Amount*>(v);
      return nlohmann::json{{"Ccy", a.ccy}, {"Value", a.value.ToString()}};
    }
    case LeafKind::kBool:
      return *static_cast<const bool*>(v);
    case LeafKind::kNone:
      break;
  }
  return StructToJson(*f.child, v);
}

Status JsonError(const std::string& path, std::string_view what) {
  return InvalidArgument("JSON " + (path.empty() ? std::string("/") : path) + ": " +
                         std::string(what));
}

// Strings must be valid for XML 1.0 (no C0 controls other than tab, LF, CR).
bool IsXmlSafe(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

Status StringFromJson(const nlohmann::json& j, std::string& s, const std::string& path) {
  if (!j.is_string()) return JsonError(path, "expected a string");
  s = j.get<std::string>();
  if (!IsXmlSafe(s)) return JsonError(path, "control characters are not allowed");
  return Status::Ok();
}

Status DecimalFromJson(const nlohmann::json& j, Decimal& d, const std::string& path) {
  if (!j.is_string()) return JsonError(path, "expected a decimal number as a string, e.g. \"12.50\"");
  auto parsed = Decimal::Parse(j.get_ref<const std::string&>());
  if (!parsed) return JsonError(path, "not a decimal number: " + j.get<std::string>());
  d = *parsed;
  return Status::Ok();
}

// One value (an element of a repeated member, or the value of an optional or plain
// one) from `j` into `v`, which enter() made.
Status ValueFromJson(const nlohmann::json& j, const FieldOps& f, void* v, std::string& path) {
  switch (f.leaf) {
    case LeafKind::kString:
      return StringFromJson(j, *static_cast<std::string*>(v), path);
    case LeafKind::kDecimal:
      return DecimalFromJson(j, *static_cast<Decimal*>(v), path);
    case LeafKind::kAmount: {
      if (!j.is_object() || !j.contains("Ccy") || !j.contains("Value") || j.size() != 2) {
        return JsonError(path, "expected {\"Ccy\": \"EUR\", \"Value\": \"12.50\"}");
      }
      auto& a = *static_cast<Amount*>(v);
      size_t len = path.size();
      path += "/Ccy";
      GW_RETURN_IF_ERROR(StringFromJson(j["Ccy"], a.ccy, path));
      path.resize(len);
      path += "/Value";
      GW_RETURN_IF_ERROR(DecimalFromJson(j["Value"], a.value, path));
      path.resize(len);
      return Status::Ok();
    }
    case LeafKind::kBool:
      if (!j.is_boolean()) return JsonError(path, "expected true or false");
      *static_cast<bool*>(v) = j.get<bool>();
      return Status::Ok();
    case LeafKind::kNone:
      break;
  }
  return StructFromJson(j, *f.child, v, path);
}

}  // namespace

void WriteFields(XmlWriter& w, const StructTable& table, const void* obj) {
  for (const FieldOps& f : table.fields) {
    const void* m = f.Member(obj);
    switch (f.leaf) {
      case LeafKind::kString:
        WriteLeafMember<std::string>(w, f, m);
        break;
      case LeafKind::kDecimal:
        WriteLeafMember<Decimal>(w, f, m);
        break;
      case LeafKind::kAmount:
        WriteLeafMember<Amount>(w, f, m);
        break;
      case LeafKind::kBool:
        WriteLeafMember<bool>(w, f, m);
        break;
      case LeafKind::kNone:
        if (f.repeated) {
          for (size_t i = 0, n = f.count(m); i < n; ++i) {
            WriteStruct(w, f.tag, *f.child, f.element(m, i));
          }
        } else if (!f.optional) {
          WriteStruct(w, f.tag, *f.child, m);
        } else if (const void* v = f.element(m, 0)) {
          WriteStruct(w, f.tag, *f.child, v);
        }
        break;
    }
  }
}

nlohmann::json StructToJson(const StructTable& table, const void* obj) {
  nlohmann::json j = nlohmann::json::object();
  for (const FieldOps& f : table.fields) {
    const void* m = f.Member(obj);
    if (f.repeated) {
      size_t n = f.count(m);
      if (n == 0) continue;
      nlohmann::json a = nlohmann::json::array();
      for (size_t i = 0; i < n; ++i) a.push_back(ValueToJson(f, f.element(m, i)));
      j[std::string(f.tag)] = std::move(a);
    } else if (const void* v = f.element(m, 0)) {
      j[std::string(f.tag)] = ValueToJson(f, v);
    }
  }
  return j;
}

Status StructFromJson(const nlohmann::json& j, const StructTable& table, void* obj,
                      std::string& path) {
  if (!j.is_object()) return JsonError(path, "expected an object");
  table.reset(obj);
  size_t matched = 0;
  for (const FieldOps& f : table.fields) {
    auto it = j.find(std::string(f.tag));
    if (it == j.end()) {
      if (!f.optional && !f.repeated) {
        return JsonError(path, "missing mandatory member \"" + std::string(f.tag) + "\"");
      }
      continue;
    }
    ++matched;
    size_t len = path.size();
    path += '/';
    path += f.tag;
    void* m = f.Member(obj);
    if (f.repeated) {
      const nlohmann::json& a = *it;
      if (!a.is_array()) return JsonError(path, "expected an array");
      if (a.size() > 100000) return JsonError(path, "array too long");
      f.prepare(m, a.size());
      for (size_t i = 0; i < a.size(); ++i) {
        size_t element_len = path.size();
        path += '/';
        path += std::to_string(i);
        GW_RETURN_IF_ERROR(ValueFromJson(a[i], f, f.enter(m), path));
        path.resize(element_len);
      }
    } else {
      GW_RETURN_IF_ERROR(ValueFromJson(*it, f, f.enter(m), path));
    }
    path.resize(len);
  }
  if (matched != j.size()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (table.Find(it.key().data(), it.key().size()) == nullptr) {
        return JsonError(path, "unknown member \"" + it.key() + "\"");
      }
    }
  }
  return Status::Ok();
}

}  // namespace gw::codecs::internal
