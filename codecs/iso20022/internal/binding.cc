// File: codecs/iso20022/internal/binding.cc
//
// The XML writer and the JSON mapping of every model, walking the field tables of
// binding.h. One copy of this code serves all models (see binding.h for why).
#include "codecs/iso20022/internal/binding.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "codecs/iso20022/internal/xml_node_io.h"

namespace gw::codecs::internal {
namespace {

// ---------------------------------------------------------------- XML writing

void WriteStruct(XmlWriter& w, std::string_view tag, const StructTable& table, const void* obj,
                 std::string_view ns) {
  w.Open(tag);
  WriteFields(w, table, obj, ns);
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

nlohmann::json ValueToJson(const FieldOps& f, const void* v, const SchemaContext& ctx) {
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
  return StructToJson(*f.child, v, ctx);
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
Status ValueFromJson(const nlohmann::json& j, const FieldOps& f, void* v, std::string& path,
                     const SchemaContext& ctx) {
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
  return StructFromJson(j, *f.child, v, path, ctx);
}

// ---------------------------------------------------------------- unmodelled elements

ContentType::Kind KindOf(const XmlNode& node, const ContentType* type) {
  if (type != nullptr) return type->kind;
  if (!node.children.empty()) return ContentType::Kind::kElements;
  if (!node.attributes.empty()) return ContentType::Kind::kSimpleContent;
  return ContentType::Kind::kSimple;
}

nlohmann::json NodeToJson(const XmlNode& node, const SchemaContext& ctx);

// Adds child `node` of an element of type ctx.type to `j` under its tag: in an array
// when the schema lets it repeat (or, without a schema, when it does).
void AddNodeToJson(nlohmann::json& j, const XmlNode& node, const SchemaContext& ctx) {
  nlohmann::json v = NodeToJson(node, ctx.Child(node.tag));
  bool repeated = NamespaceModel::Repeated(ctx.type, node.tag);
  auto it = j.find(node.tag);
  if (it == j.end()) {
    if (repeated) {
      j[node.tag] = nlohmann::json::array({std::move(v)});
    } else {
      j[node.tag] = std::move(v);
    }
    return;
  }
  if (!it->is_array()) *it = nlohmann::json::array({std::move(*it)});
  it->push_back(std::move(v));
}

nlohmann::json NodeToJson(const XmlNode& node, const SchemaContext& ctx) {
  switch (KindOf(node, ctx.type)) {
    case ContentType::Kind::kSimple:
      return node.text;
    case ContentType::Kind::kWildcard:
      return NodesToXml(node.children);
    case ContentType::Kind::kSimpleContent: {
      nlohmann::json j = nlohmann::json::object();
      for (const XmlAttribute& a : node.attributes) j[a.name] = a.value;
      j["Value"] = node.text;
      return j;
    }
    case ContentType::Kind::kElements:
      break;
  }
  nlohmann::json j = nlohmann::json::object();
  for (const XmlNode& child : node.children) AddNodeToJson(j, child, ctx);
  return j;
}

Status NodeFromJson(const nlohmann::json& j, std::string_view tag, const SchemaContext& ctx,
                    XmlNode& node, std::string& path) {
  node.ns = std::string(ctx.ns);
  node.tag = std::string(tag);
  if (ctx.type == nullptr) return JsonError(path, "no loaded schema defines this element");
  switch (ctx.type->kind) {
    case ContentType::Kind::kSimple:
      if (j.is_boolean()) {
        node.text = j.get<bool>() ? "true" : "false";
        return Status::Ok();
      }
      if (j.is_number()) {
        node.text = j.dump();
        return Status::Ok();
      }
      return StringFromJson(j, node.text, path);
    case ContentType::Kind::kWildcard: {
      if (!j.is_string()) return JsonError(path, "expected the element's content as an XML string");
      Status st = NodesFromXml(j.get_ref<const std::string&>(), node.children);
      if (!st.ok()) return JsonError(path, st.message());
      return Status::Ok();
    }
    case ContentType::Kind::kSimpleContent: {
      if (!j.is_object()) return JsonError(path, "expected an object with \"Value\" and attributes");
      for (auto it = j.begin(); it != j.end(); ++it) {
        size_t len = path.size();
        path += '/';
        path += it.key();
        if (it.key() == "Value") {
          GW_RETURN_IF_ERROR(StringFromJson(*it, node.text, path));
        } else if (std::find(ctx.type->attributes.begin(), ctx.type->attributes.end(), it.key()) !=
                   ctx.type->attributes.end()) {
          XmlAttribute& a = node.attributes.emplace_back();
          a.name = it.key();
          GW_RETURN_IF_ERROR(StringFromJson(*it, a.value, path));
        } else {
          return JsonError(path, "unknown attribute");
        }
        path.resize(len);
      }
      return Status::Ok();
    }
    case ContentType::Kind::kElements:
      break;
  }
  if (!j.is_object()) return JsonError(path, "expected an object");
  size_t matched = 0;
  for (const ContentElement& e : ctx.type->elements) {
    auto it = j.find(e.name);
    if (it == j.end()) continue;
    ++matched;
    size_t len = path.size();
    path += '/';
    path += e.name;
    SchemaContext child = ctx.Child(e.name);
    if (it->is_array()) {
      if (it->size() > 100000) return JsonError(path, "array too long");
      for (size_t i = 0; i < it->size(); ++i) {
        size_t element_len = path.size();
        path += '/';
        path += std::to_string(i);
        GW_RETURN_IF_ERROR(NodeFromJson((*it)[i], e.name, child, node.children.emplace_back(), path));
        path.resize(element_len);
      }
    } else {
      GW_RETURN_IF_ERROR(NodeFromJson(*it, e.name, child, node.children.emplace_back(), path));
    }
    path.resize(len);
  }
  if (matched != j.size()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (ctx.type->IndexOf(it.key()) < 0) return JsonError(path, "unknown member \"" + it.key() + "\"");
    }
  }
  return Status::Ok();
}

// Reads the members of `j` that name no field of `table` as unmodelled elements of
// `obj`, placed by the schema order of ctx.type.
Status UnmodelledFromJson(const nlohmann::json& j, const StructTable& table, void* obj,
                          std::string& path, const SchemaContext& ctx) {
  Unmodelled* u = table.UnmodelledOf(obj);
  if (u == nullptr || ctx.type == nullptr) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      if (table.Find(it.key().data(), it.key().size()) == nullptr) {
        return JsonError(path, "unknown member \"" + it.key() + "\"");
      }
    }
    return Status::Ok();
  }
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (table.Find(it.key().data(), it.key().size()) == nullptr && ctx.type->IndexOf(it.key()) < 0) {
      return JsonError(path, "unknown member \"" + it.key() + "\"");
    }
  }
  for (size_t pos = 0; pos < ctx.type->elements.size(); ++pos) {
    const std::string& name = ctx.type->elements[pos].name;
    if (table.Find(name.data(), name.size()) != nullptr) continue;
    auto it = j.find(name);
    if (it == j.end()) continue;
    const uint32_t before = UnmodelledPlace(table, ctx.type, name, 0);
    size_t len = path.size();
    path += '/';
    path += name;
    SchemaContext child = ctx.Child(name);
    auto add = [&](const nlohmann::json& v) -> Status {
      UnmodelledElement& e = u->elements.emplace_back();
      e.before = before;
      return NodeFromJson(v, name, child, e.node, path);
    };
    if (it->is_array()) {
      if (it->size() > 100000) return JsonError(path, "array too long");
      for (size_t i = 0; i < it->size(); ++i) {
        size_t element_len = path.size();
        path += '/';
        path += std::to_string(i);
        GW_RETURN_IF_ERROR(add((*it)[i]));
        path.resize(element_len);
      }
    } else {
      GW_RETURN_IF_ERROR(add(*it));
    }
    path.resize(len);
  }
  return Status::Ok();
}

}  // namespace

uint32_t UnmodelledPlace(const StructTable& table, const ContentType* type, std::string_view tag,
                         uint32_t fallback) {
  const int pos = type == nullptr ? -1 : type->IndexOf(tag);
  if (pos < 0) return fallback;
  for (size_t i = 0; i < table.fields.size(); ++i) {
    if (type->IndexOf(table.fields[i].tag) > pos) return static_cast<uint32_t>(i);
  }
  return static_cast<uint32_t>(table.fields.size());
}

void WriteFields(XmlWriter& w, const StructTable& table, const void* obj, std::string_view ns) {
  const Unmodelled* u = table.UnmodelledOf(obj);
  if (u != nullptr && u->empty()) u = nullptr;
  size_t next = 0;  // next unmodelled element to write
  for (size_t index = 0; index < table.fields.size(); ++index) {
    const FieldOps& f = table.fields[index];
    if (u != nullptr) {
      while (next < u->elements.size() && u->elements[next].before <= index) {
        WriteNode(w, u->elements[next++].node, ns);
      }
    }
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
            WriteStruct(w, f.tag, *f.child, f.element(m, i), ns);
          }
        } else if (!f.optional) {
          WriteStruct(w, f.tag, *f.child, m, ns);
        } else if (const void* v = f.element(m, 0)) {
          WriteStruct(w, f.tag, *f.child, v, ns);
        }
        break;
    }
  }
  if (u != nullptr) {
    while (next < u->elements.size()) WriteNode(w, u->elements[next++].node, ns);
  }
}

nlohmann::json StructToJson(const StructTable& table, const void* obj, const SchemaContext& ctx) {
  nlohmann::json j = nlohmann::json::object();
  for (const FieldOps& f : table.fields) {
    const void* m = f.Member(obj);
    if (f.repeated) {
      size_t n = f.count(m);
      if (n == 0) continue;
      SchemaContext child = f.child != nullptr ? ctx.Child(f.tag) : SchemaContext{};
      nlohmann::json a = nlohmann::json::array();
      for (size_t i = 0; i < n; ++i) a.push_back(ValueToJson(f, f.element(m, i), child));
      j[std::string(f.tag)] = std::move(a);
    } else if (const void* v = f.element(m, 0)) {
      SchemaContext child = f.child != nullptr ? ctx.Child(f.tag) : SchemaContext{};
      j[std::string(f.tag)] = ValueToJson(f, v, child);
    }
  }
  if (const Unmodelled* u = table.UnmodelledOf(obj)) {
    for (const UnmodelledElement& e : u->elements) AddNodeToJson(j, e.node, ctx);
  }
  return j;
}

Status StructFromJson(const nlohmann::json& j, const StructTable& table, void* obj,
                      std::string& path, const SchemaContext& ctx) {
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
    SchemaContext child = f.child != nullptr ? ctx.Child(f.tag) : SchemaContext{};
    if (f.repeated) {
      const nlohmann::json& a = *it;
      if (!a.is_array()) return JsonError(path, "expected an array");
      if (a.size() > 100000) return JsonError(path, "array too long");
      f.prepare(m, a.size());
      for (size_t i = 0; i < a.size(); ++i) {
        size_t element_len = path.size();
        path += '/';
        path += std::to_string(i);
        GW_RETURN_IF_ERROR(ValueFromJson(a[i], f, f.enter(m), path, child));
        path.resize(element_len);
      }
    } else {
      GW_RETURN_IF_ERROR(ValueFromJson(*it, f, f.enter(m), path, child));
    }
    path.resize(len);
  }
  if (matched != j.size()) return UnmodelledFromJson(j, table, obj, path, ctx);
  return Status::Ok();
}

}  // namespace gw::codecs::internal
