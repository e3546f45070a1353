// File: codecs/iso20022/internal/compiled_schema.cc
#include "codecs/iso20022/internal/compiled_schema.h"

#include <fstream>
#include <map>
#include <sstream>

#include "codecs/iso20022/internal/xml_scanner.h"
#include "codecs/iso20022/xml_node.h"

namespace gw::codecs::internal {
namespace {

constexpr std::string_view kXsd = "http://www.w3.org/2001/XMLSchema";
constexpr size_t kMaxSchemaBytes = 32u << 20;

// Builds an element tree from the scanner's events (schema files only).
class TreeBuilder : public ScanHandler {
 public:
  bool OnStart(std::string_view ns, std::string_view local,
               std::span<const ScannedAttribute> attributes, size_t offset) override {
    XmlNode* node;
    if (stack_.empty()) {
      node = &root;
    } else {
      node = &stack_.back()->children.emplace_back();
    }
    node->ns = std::string(ns);
    node->tag = std::string(local);
    for (const ScannedAttribute& a : attributes) {
      node->attributes.push_back({std::string(a.ns), std::string(a.local), std::string(a.value)});
    }
    stack_.push_back(node);
    offsets.push_back(offset);
    return true;
  }
  bool OnEnd(size_t) override {
    stack_.pop_back();
    return true;
  }
  bool OnText(std::string_view) override { return true; }

  XmlNode root;
  std::vector<size_t> offsets;

 private:
  std::vector<XmlNode*> stack_;
};

const std::string* AttrOf(const XmlNode& node, std::string_view name) {
  for (const XmlAttribute& a : node.attributes) {
    if (a.ns.empty() && a.name == name) return &a.value;
  }
  return nullptr;
}

std::string AttrOr(const XmlNode& node, std::string_view name, std::string_view fallback) {
  const std::string* v = AttrOf(node, name);
  return v == nullptr ? std::string(fallback) : *v;
}

bool IsXsd(const XmlNode& node, std::string_view tag) { return node.ns == kXsd && node.tag == tag; }

bool ParseCount(const std::string& text, uint64_t& out) {
  if (text.empty() || text.size() > 18) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + static_cast<uint64_t>(c - '0');
  }
  return true;
}

std::optional<SimpleRule::Base> BuiltinBase(std::string_view local) {
  using B = SimpleRule::Base;
  if (local == "string" || local == "normalizedString" || local == "token") {
    return local == "string" ? std::optional<B>(B::kString) : std::nullopt;
  }
  if (local == "decimal") return B::kDecimal;
  if (local == "boolean") return B::kBoolean;
  if (local == "date") return B::kDate;
  if (local == "dateTime") return B::kDateTime;
  if (local == "time") return B::kTime;
  if (local == "gYear") return B::kGYear;
  if (local == "gYearMonth") return B::kGYearMonth;
  if (local == "base64Binary") return B::kBase64;
  return std::nullopt;
}

}  // namespace

class SchemaCompiler {
 public:
  SchemaCompiler(const XmlNode& root, CompiledSchema& out) : root_(root), out_(out) {}

  Status Run() {
    if (!IsXsd(root_, "schema")) return InvalidArgument("the root element is not xs:schema");
    out_.ns_ = AttrOr(root_, "targetNamespace", "");
    if (AttrOr(root_, "elementFormDefault", "unqualified") != "qualified") {
      return No("elementFormDefault other than qualified");
    }
    // Names first, so types can refer to types defined later in the file.
    for (const XmlNode& child : root_.children) {
      if (IsXsd(child, "complexType")) {
        std::string name = AttrOr(child, "name", "");
        if (name.empty()) return No("an unnamed top-level complexType");
        complex_nodes_[name] = &child;
      } else if (IsXsd(child, "simpleType")) {
        std::string name = AttrOr(child, "name", "");
        if (name.empty()) return No("an unnamed top-level simpleType");
        simple_nodes_[name] = &child;
      } else if (IsXsd(child, "element") || IsXsd(child, "annotation")) {
        continue;
      } else {
        return No("xs:" + child.tag + " at the top level");
      }
    }
    for (const XmlNode& child : root_.children) {
      if (!IsXsd(child, "element")) continue;
      std::string name = AttrOr(child, "name", "");
      if (name.empty() || !AttrOf(child, "type"))
        return No("a global element without name and type");
      for (const char* a : {"substitutionGroup", "abstract", "nillable", "default", "fixed"}) {
        if (AttrOf(child, a) != nullptr) return No(std::string("a global element with ") + a);
      }
      uint32_t type;
      if (Status st = ResolveType(*AttrOf(child, "type"), type); !st.ok()) return st;
      out_.globals_[name] = type;
    }
    return Status::Ok();
  }

 private:
  Status No(const std::string& what) const {
    return FailedPrecondition("the compiled validator does not implement " + what);
  }

  // A type reference: a built-in (xs: or xsd: prefix) or a named type of this file.
  Status ResolveType(const std::string& qname, uint32_t& out) {
    if (auto it = done_.find(qname); it != done_.end()) {
      out = it->second;
      return Status::Ok();
    }
    size_t colon = qname.find(':');
    if (colon != std::string::npos) {
      std::string prefix = qname.substr(0, colon);
      std::string local = qname.substr(colon + 1);
      if (prefix != "xs" && prefix != "xsd") return No("the type reference '" + qname + "'");
      auto base = BuiltinBase(local);
      if (!base) return No("the built-in type xs:" + local);
      SimpleRule rule;
      rule.name = "xs:" + local;
      rule.base = *base;
      return AddSimple(std::move(rule), qname, out);
    }
    if (auto it = complex_nodes_.find(qname); it != complex_nodes_.end())
      return CompileComplex(qname, *it->second, out);
    if (auto it = simple_nodes_.find(qname); it != simple_nodes_.end()) {
      SimpleRule rule;
      if (Status st = CompileSimple(qname, *it->second, rule, 0); !st.ok()) return st;
      return AddSimple(std::move(rule), qname, out);
    }
    return InvalidArgument("type '" + qname + "' is not defined");
  }

  Status AddSimple(SimpleRule rule, const std::string& key, uint32_t& out) {
    out_.simple_.push_back(std::move(rule));
    out = static_cast<uint32_t>(out_.simple_.size() - 1) | kSimpleBit;
    done_[key] = out;
    return Status::Ok();
  }

  // Flattens a named simple type's derivation into `rule`.
  Status CompileSimple(const std::string& name, const XmlNode& node, SimpleRule& rule, int depth) {
    if (depth > 32) return InvalidArgument("simple type '" + name + "' derives from itself");
    const XmlNode* restriction = nullptr;
    for (const XmlNode& c : node.children) {
      if (IsXsd(c, "restriction"))
        restriction = &c;
      else if (!IsXsd(c, "annotation"))
        return No("xs:" + c.tag + " in simple type '" + name + "'");
    }
    if (restriction == nullptr) return No("simple type '" + name + "' without restriction");
    std::string base = AttrOr(*restriction, "base", "");
    size_t colon = base.find(':');
    if (colon != std::string::npos) {
      std::string prefix = base.substr(0, colon);
      auto builtin = BuiltinBase(base.substr(colon + 1));
      if ((prefix != "xs" && prefix != "xsd") || !builtin)
        return No("the base type '" + base + "'");
      rule.base = *builtin;
    } else {
      auto it = simple_nodes_.find(base);
      if (it == simple_nodes_.end()) return No("the base type '" + base + "' of '" + name + "'");
      if (Status st = CompileSimple(base, *it->second, rule, depth + 1); !st.ok()) return st;
    }
    rule.name = name;
    std::vector<XsdPattern> step_patterns;
    std::vector<std::string> step_enumeration;
    for (const XmlNode& f : restriction->children) {
      if (IsXsd(f, "annotation")) continue;
      if (f.ns != kXsd) return No("a facet outside the schema namespace");
      const std::string* value = AttrOf(f, "value");
      if (value == nullptr) return No("xs:" + f.tag + " without a value in '" + name + "'");
      uint64_t n = 0;
      const bool numeric = ParseCount(*value, n);
      const bool decimal_base = rule.base == SimpleRule::Base::kDecimal;
      const bool string_base =
          rule.base == SimpleRule::Base::kString || rule.base == SimpleRule::Base::kBase64;
      if (f.tag == "pattern") {
        auto p = XsdPattern::Compile(*value);
        if (!p.ok()) {
          if (p.status().code() == StatusCode::kFailedPrecondition) return No(p.status().message());
          return p.status();
        }
        step_patterns.push_back(std::move(p).value());
      } else if (f.tag == "enumeration") {
        if (rule.base != SimpleRule::Base::kString)
          return No("an enumeration on a type other than string");
        step_enumeration.push_back(*value);
      } else if ((f.tag == "length" || f.tag == "minLength" || f.tag == "maxLength") && numeric &&
                 string_base) {
        (f.tag == "length"      ? rule.length
         : f.tag == "minLength" ? rule.min_length
                                : rule.max_length) = n;
      } else if (f.tag == "totalDigits" && numeric && decimal_base && n > 0 && n < 1000) {
        rule.total_digits = static_cast<int>(n);
      } else if (f.tag == "fractionDigits" && numeric && decimal_base && n < 1000) {
        rule.fraction_digits = static_cast<int>(n);
      } else if (decimal_base && (f.tag == "minInclusive" || f.tag == "maxInclusive" ||
                                  f.tag == "minExclusive" || f.tag == "maxExclusive")) {
        SimpleRule probe;
        probe.base = SimpleRule::Base::kDecimal;
        if (!CheckSimpleValue(probe, *value).empty())
          return InvalidArgument("facet value '" + *value + "' is not a decimal");
        (f.tag == "minInclusive"   ? rule.min_inclusive
         : f.tag == "maxInclusive" ? rule.max_inclusive
         : f.tag == "minExclusive" ? rule.min_exclusive
                                   : rule.max_exclusive) = *value;
      } else if (f.tag == "whiteSpace" && ((string_base && *value == "preserve") ||
                                           (!string_base && *value == "collapse"))) {
        continue;  // the built-in's own
      } else {
        return No("the facet xs:" + f.tag + " = '" + *value + "' in '" + name + "'");
      }
    }
    if (!step_patterns.empty()) rule.patterns.push_back(std::move(step_patterns));
    if (!step_enumeration.empty()) rule.enumeration = std::move(step_enumeration);
    return Status::Ok();
  }

  Status ReadOccurs(const XmlNode& node, uint32_t& min, uint32_t& max) {
    uint64_t n = 1;
    std::string min_text = AttrOr(node, "minOccurs", "1");
    std::string max_text = AttrOr(node, "maxOccurs", "1");
    if (!ParseCount(min_text, n) || n > 1000000) return No("minOccurs '" + min_text + "'");
    min = static_cast<uint32_t>(n);
    if (max_text == "unbounded") {
      max = kUnbounded;
    } else {
      if (!ParseCount(max_text, n) || n > 1000000) return No("maxOccurs '" + max_text + "'");
      max = static_cast<uint32_t>(n);
    }
    if (max < min || max == 0) return No("occurrences " + min_text + ".." + max_text);
    return Status::Ok();
  }

  Status CompileComplex(const std::string& name, const XmlNode& node, uint32_t& out) {
    // Register first: types may refer to themselves through their elements.
    const uint32_t index = static_cast<uint32_t>(out_.complex_.size());
    out_.complex_.emplace_back();
    out_.complex_[index].name = name;
    out = index;
    done_[name] = index;
    if (AttrOr(node, "mixed", "false") != "false" || AttrOf(node, "abstract") != nullptr) {
      return No("mixed or abstract complex type '" + name + "'");
    }
    ComplexRule rule;
    rule.name = name;
    for (const XmlNode& c : node.children) {
      if (IsXsd(c, "annotation")) continue;
      if (rule.kind != ComplexRule::Kind::kEmpty)
        return No("more than one content group in '" + name + "'");
      if (IsXsd(c, "sequence") || IsXsd(c, "choice")) {
        if (AttrOf(c, "minOccurs") != nullptr || AttrOf(c, "maxOccurs") != nullptr) {
          return No("occurrences on a group in '" + name + "'");
        }
        rule.kind =
            IsXsd(c, "sequence") ? ComplexRule::Kind::kSequence : ComplexRule::Kind::kChoice;
        for (const XmlNode& e : c.children) {
          if (IsXsd(e, "annotation")) continue;
          Particle p;
          if (Status st = ReadOccurs(e, p.min, p.max); !st.ok()) return st;
          if (IsXsd(e, "element")) {
            for (const char* a :
                 {"ref", "nillable", "default", "fixed", "form", "substitutionGroup"}) {
              if (AttrOf(e, a) != nullptr)
                return No(std::string("an element with ") + a + " in '" + name + "'");
            }
            p.name = AttrOr(e, "name", "");
            const std::string* type = AttrOf(e, "type");
            if (p.name.empty() || type == nullptr)
              return No("an element without name or type in '" + name + "'");
            if (Status st = ResolveType(*type, p.type); !st.ok()) return st;
          } else if (IsXsd(e, "any")) {
            p.wildcard = true;
            std::string ns = AttrOr(e, "namespace", "##any");
            std::string process = AttrOr(e, "processContents", "strict");
            if (ns != "##any" && ns != "##other")
              return No("a wildcard for namespace '" + ns + "'");
            if (process != "lax" && process != "skip")
              return No("a wildcard with processContents " + process);
            p.other_only = ns == "##other";
            p.lax = process == "lax";
          } else {
            return No("xs:" + e.tag + " inside a group in '" + name + "'");
          }
          rule.particles.push_back(std::move(p));
        }
        if (rule.particles.empty()) return No("an empty group in '" + name + "'");
      } else if (IsXsd(c, "simpleContent")) {
        rule.kind = ComplexRule::Kind::kSimpleContent;
        const XmlNode* ext = nullptr;
        for (const XmlNode& x : c.children) {
          if (IsXsd(x, "extension"))
            ext = &x;
          else if (!IsXsd(x, "annotation"))
            return No("xs:" + x.tag + " in the simple content of '" + name + "'");
        }
        if (ext == nullptr) return No("simple content without extension in '" + name + "'");
        uint32_t base;
        if (Status st = ResolveType(AttrOr(*ext, "base", ""), base); !st.ok()) return st;
        if (!IsSimple(base)) return No("simple content extending a complex type in '" + name + "'");
        rule.simple = TypeIndex(base);
        for (const XmlNode& a : ext->children) {
          if (IsXsd(a, "annotation")) continue;
          if (!IsXsd(a, "attribute"))
            return No("xs:" + a.tag + " in the extension of '" + name + "'");
          for (const char* bad : {"ref", "default", "fixed", "form"}) {
            if (AttrOf(a, bad) != nullptr)
              return No(std::string("an attribute with ") + bad + " in '" + name + "'");
          }
          AttributeRule attr;
          attr.name = AttrOr(a, "name", "");
          std::string use = AttrOr(a, "use", "optional");
          if (use == "prohibited") continue;
          attr.required = use == "required";
          uint32_t type;
          const std::string* type_name = AttrOf(a, "type");
          if (attr.name.empty() || type_name == nullptr)
            return No("an attribute without name or type");
          if (Status st = ResolveType(*type_name, type); !st.ok()) return st;
          if (!IsSimple(type))
            return InvalidArgument("attribute '" + attr.name + "' has a complex type");
          attr.simple = TypeIndex(type);
          rule.attributes.push_back(std::move(attr));
        }
      } else {
        return No("xs:" + c.tag + " in complex type '" + name + "'");
      }
    }
    // A readable content model for messages: "(A, B?, C*)" or "(A | B)".
    rule.model = "(";
    for (size_t i = 0; i < rule.particles.size(); ++i) {
      const Particle& p = rule.particles[i];
      if (i > 0) rule.model += rule.kind == ComplexRule::Kind::kChoice ? " | " : ", ";
      rule.model += p.wildcard ? "any element" : p.name;
      if (p.min == 0 && p.max == 1)
        rule.model += '?';
      else if (p.min == 0)
        rule.model += '*';
      else if (p.max > 1)
        rule.model += '+';
    }
    rule.model += ')';
    out_.complex_[index] = std::move(rule);
    return Status::Ok();
  }

  const XmlNode& root_;
  CompiledSchema& out_;
  std::map<std::string, const XmlNode*> complex_nodes_;
  std::map<std::string, const XmlNode*> simple_nodes_;
  std::map<std::string, uint32_t> done_;
};

StatusOr<std::shared_ptr<const CompiledSchema>> CompiledSchema::Compile(
    const std::filesystem::path& xsd) {
  std::ifstream in(xsd, std::ios::binary);
  if (!in) return NotFound("cannot read " + xsd.string());
  std::string text;
  std::ostringstream ss;
  ss << in.rdbuf();
  text = std::move(ss).str();
  if (text.size() > kMaxSchemaBytes)
    return ResourceExhausted(xsd.string() + " is larger than 32 MiB");
  XmlScanner scanner;
  TreeBuilder tree;
  if (scanner.Scan(text, tree) != XmlScanner::Result::kDone) {
    int line = 0, column = 0;
    scanner.Position(scanner.error_offset(), line, column);
    return InvalidArgument(xsd.string() + ":" + std::to_string(line) + ":" +
                           std::to_string(column) + ": " + scanner.error());
  }
  auto schema = std::make_shared<CompiledSchema>();
  SchemaCompiler compiler(tree.root, *schema);
  if (Status st = compiler.Run(); !st.ok()) return st.WithContext(xsd.filename().string());
  return std::shared_ptr<const CompiledSchema>(std::move(schema));
}

std::optional<uint32_t> CompiledSchema::Global(std::string_view name) const {
  auto it = globals_.find(std::string(name));
  if (it == globals_.end()) return std::nullopt;
  return it->second;
}

// ------------------------------------------------------------------ values

namespace {

bool IsXmlSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsXmlSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsXmlSpace(s.back())) s.remove_suffix(1);
  return s;
}

size_t CountChars(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

bool Digits(std::string_view s, size_t pos, size_t count, int& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// A decimal in parts: sign, integer digits without leading zeros, fraction
// digits without trailing zeros.
struct DecimalParts {
  bool negative = false;
  std::string_view integer;
  std::string_view fraction;
};

bool ParseDecimal(std::string_view s, DecimalParts& d) {
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  size_t int_start = i;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
  size_t int_end = i;
  size_t frac_start = i, frac_end = i;
  if (i < s.size() && s[i] == '.') {
    frac_start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    frac_end = i;
  }
  if (i != s.size() || (int_end == int_start && frac_end == frac_start)) return false;
  while (int_start < int_end && s[int_start] == '0') ++int_start;
  while (frac_end > frac_start && s[frac_end - 1] == '0') --frac_end;
  d.integer = s.substr(int_start, int_end - int_start);
  d.fraction = s.substr(frac_start, frac_end - frac_start);
  if (d.integer.empty() && d.fraction.empty()) d.negative = false;  // -0 is 0
  return true;
}

int CompareMagnitude(const DecimalParts& a, const DecimalParts& b) {
  if (a.integer.size() != b.integer.size()) return a.integer.size() < b.integer.size() ? -1 : 1;
  if (int c = a.integer.compare(b.integer); c != 0) return c < 0 ? -1 : 1;
  size_t n = std::max(a.fraction.size(), b.fraction.size());
  for (size_t i = 0; i < n; ++i) {
    char x = i < a.fraction.size() ? a.fraction[i] : '0';
    char y = i < b.fraction.size() ? b.fraction[i] : '0';
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

int CompareDecimal(const DecimalParts& a, const DecimalParts& b) {
  if (a.negative != b.negative) return a.negative ? -1 : 1;
  int m = CompareMagnitude(a, b);
  return a.negative ? -m : m;
}

int DaysInMonth(int64_t year, int month) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month != 2) return kDays[month - 1];
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return leap ? 29 : 28;
}

// XSD 1.0 year: '-'? four or more digits, no leading zero beyond four, not 0000.
bool ParseYear(std::string_view s, size_t& pos, int64_t& year) {
  bool negative = false;
  if (pos < s.size() && s[pos] == '-') {
    negative = true;
    ++pos;
  }
  size_t start = pos;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  size_t n = pos - start;
  if (n < 4 || n > 12 || (n > 4 && s[start] == '0')) return false;
  year = 0;
  for (size_t i = start; i < pos; ++i) year = year * 10 + (s[i] - '0');
  if (year == 0) return false;
  if (negative) year = -year;
  return true;
}

bool ParseZone(std::string_view s, size_t& pos) {
  if (pos == s.size()) return true;
  if (s[pos] == 'Z') return ++pos == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int hh, mm;
  if (s.size() - pos != 6 || !Digits(s, pos + 1, 2, hh) || s[pos + 3] != ':' ||
      !Digits(s, pos + 4, 2, mm))
    return false;
  pos = s.size();
  return hh <= 14 && mm <= 59 && (hh < 14 || mm == 0);
}

bool ParseDate(std::string_view s, size_t& pos, bool with_day) {
  int64_t year;
  int month, day;
  if (!ParseYear(s, pos, year)) return false;
  if (pos >= s.size() || s[pos] != '-' || !Digits(s, pos + 1, 2, month) || month < 1 || month > 12)
    return false;
  pos += 3;
  if (!with_day) return true;
  if (pos >= s.size() || s[pos] != '-' || !Digits(s, pos + 1, 2, day)) return false;
  pos += 3;
  return day >= 1 && day <= DaysInMonth(year, month);
}

bool ParseTime(std::string_view s, size_t& pos) {
  int hh, mm, ss;
  if (!Digits(s, pos, 2, hh) || pos + 2 >= s.size() || s[pos + 2] != ':' ||
      !Digits(s, pos + 3, 2, mm) || pos + 5 >= s.size() || s[pos + 5] != ':' ||
      !Digits(s, pos + 6, 2, ss)) {
    return false;
  }
  pos += 8;
  bool fraction_nonzero = false;
  if (pos < s.size() && s[pos] == '.') {
    size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') fraction_nonzero |= s[pos++] != '0';
    if (pos == start) return false;
  }
  if (hh == 24) return mm == 0 && ss == 0 && !fraction_nonzero;
  return hh <= 23 && mm <= 59 && ss <= 59;
}

const char* BaseName(SimpleRule::Base base) {
  switch (base) {
    case SimpleRule::Base::kString:
      return "text";
    case SimpleRule::Base::kDecimal:
      return "decimal number";
    case SimpleRule::Base::kBoolean:
      return "boolean (true, false, 1 or 0)";
    case SimpleRule::Base::kDate:
      return "date (YYYY-MM-DD, optionally with a time zone)";
    case SimpleRule::Base::kDateTime:
      return "date-time (YYYY-MM-DDThh:mm:ss, optional fraction and time zone)";
    case SimpleRule::Base::kTime:
      return "time (hh:mm:ss, optional fraction and time zone)";
    case SimpleRule::Base::kGYear:
      return "year (YYYY)";
    case SimpleRule::Base::kGYearMonth:
      return "year and month (YYYY-MM)";
    case SimpleRule::Base::kBase64:
      return "base64 text";
  }
  return "value";
}

std::string Quote(std::string_view v) {
  std::string out = "'";
  out.append(v.substr(0, 80));
  if (v.size() > 80) out += "...";
  out += "'";
  return out;
}

}  // namespace

std::string CheckSimpleValue(const SimpleRule& rule, std::string_view raw) {
  using B = SimpleRule::Base;
  // xs:string keeps white space as it is; every other built-in collapses it.
  const std::string_view value = rule.base == B::kString ? raw : Trim(raw);
  const std::string type = rule.name.empty() ? "" : " of type " + rule.name;
  bool lexical_ok = true;
  DecimalParts decimal;
  size_t pos = 0;
  switch (rule.base) {
    case B::kString:
    case B::kBase64:
      break;
    case B::kDecimal:
      lexical_ok = ParseDecimal(value, decimal);
      break;
    case B::kBoolean:
      lexical_ok = value == "true" || value == "false" || value == "1" || value == "0";
      break;
    case B::kDate:
      lexical_ok = ParseDate(value, pos, true) && ParseZone(value, pos);
      break;
    case B::kDateTime:
      lexical_ok = ParseDate(value, pos, true) && pos < value.size() && value[pos++] == 'T' &&
                   ParseTime(value, pos) && ParseZone(value, pos);
      break;
    case B::kTime:
      lexical_ok = ParseTime(value, pos) && ParseZone(value, pos);
      break;
    case B::kGYear: {
      int64_t year;
      lexical_ok = ParseYear(value, pos, year) && ParseZone(value, pos);
      break;
    }
    case B::kGYearMonth:
      lexical_ok = ParseDate(value, pos, false) && ParseZone(value, pos);
      break;
  }
  if (!lexical_ok) return Quote(value) + " is not a valid " + BaseName(rule.base) + type;

  if (rule.base == B::kString) {
    const uint64_t length = CountChars(value);
    if (rule.length && length != *rule.length) {
      return Quote(value) + " has " + std::to_string(length) + " characters; exactly " +
             std::to_string(*rule.length) + " are required" + type;
    }
    if (rule.min_length && length < *rule.min_length) {
      return Quote(value) + " has " + std::to_string(length) + " characters; at least " +
             std::to_string(*rule.min_length) + " are required" + type;
    }
    if (rule.max_length && length > *rule.max_length) {
      return "the value has " + std::to_string(length) + " characters; at most " +
             std::to_string(*rule.max_length) + " are allowed" + type;
    }
  }
  if (rule.base == B::kDecimal) {
    const int total = static_cast<int>(decimal.integer.size() + decimal.fraction.size());
    if (rule.total_digits && total > *rule.total_digits) {
      return Quote(value) + " has " + std::to_string(total) + " digits; at most " +
             std::to_string(*rule.total_digits) + " are allowed" + type;
    }
    if (rule.fraction_digits && static_cast<int>(decimal.fraction.size()) > *rule.fraction_digits) {
      return Quote(value) + " has " + std::to_string(decimal.fraction.size()) +
             " decimals; at most " + std::to_string(*rule.fraction_digits) + " are allowed" + type;
    }
    auto bound = [&](const std::optional<std::string>& facet, auto ok,
                     const char* words) -> std::string {
      if (!facet) return {};
      DecimalParts limit;
      ParseDecimal(Trim(*facet), limit);
      if (ok(CompareDecimal(decimal, limit))) return {};
      return Quote(value) + " must be " + words + " " + *facet + type;
    };
    for (std::string why : {bound(
                                rule.min_inclusive, [](int c) { return c >= 0; }, "at least"),
                            bound(
                                rule.max_inclusive, [](int c) { return c <= 0; }, "at most"),
                            bound(
                                rule.min_exclusive, [](int c) { return c > 0; }, "more than"),
                            bound(
                                rule.max_exclusive, [](int c) { return c < 0; }, "less than")}) {
      if (!why.empty()) return why;
    }
  }
  if (!rule.enumeration.empty()) {
    bool found = false;
    for (const std::string& e : rule.enumeration) {
      if (e == value) {
        found = true;
        break;
      }
    }
    if (!found) {
      std::string allowed;
      for (size_t i = 0; i < rule.enumeration.size() && i < 12; ++i) {
        allowed += (i ? ", " : "") + rule.enumeration[i];
      }
      if (rule.enumeration.size() > 12) allowed += ", ...";
      return Quote(value) + " is not one of the codes allowed" + type + " (" + allowed + ")";
    }
  }
  for (const auto& step : rule.patterns) {
    bool any = false;
    for (const XsdPattern& p : step) {
      if (p.Matches(value)) {
        any = true;
        break;
      }
    }
    if (!any) return Quote(value) + " does not match the pattern " + step.front().source() + type;
  }
  return {};
}

// ------------------------------------------------------------------ content

namespace {

bool ParticleTakes(const CompiledSchema& schema, const Particle& p, std::string_view ns,
                   std::string_view local) {
  if (p.wildcard) return !p.other_only || (!ns.empty() && ns != schema.target_namespace());
  return p.name == local && ns == schema.target_namespace();
}

std::string Expected(const ComplexRule& type, size_t from) {
  std::string out;
  for (size_t i = from; i < type.particles.size(); ++i) {
    const Particle& p = type.particles[i];
    if (!out.empty()) out += ", ";
    out += p.wildcard ? "any element" : p.name;
    if (type.kind == ComplexRule::Kind::kSequence && p.min > 0) break;
  }
  return out;
}

}  // namespace

std::optional<std::string> AdvanceContent(const CompiledSchema& schema, const ComplexRule& type,
                                          ContentCursor& cursor, std::string_view ns,
                                          std::string_view local, const Particle*& child) {
  const std::string shown = ns == schema.target_namespace()
                                ? std::string(local)
                                : "{" + std::string(ns) + "}" + std::string(local);
  switch (type.kind) {
    case ComplexRule::Kind::kSequence: {
      uint32_t i = cursor.particle;
      uint32_t count = cursor.count;
      while (i < type.particles.size()) {
        const Particle& p = type.particles[i];
        if (ParticleTakes(schema, p, ns, local) && count < p.max) {
          cursor.particle = i;
          cursor.count = count + 1;
          child = &p;
          return std::nullopt;
        }
        if (count < p.min) {
          return "element " + shown +
                 " is not expected here: " + (p.wildcard ? "an element" : p.name) +
                 " must come first (content " + type.model + ")";
        }
        ++i;
        count = 0;
      }
      return "element " + shown + " is not expected here (content " + type.model + ")";
    }
    case ComplexRule::Kind::kChoice: {
      if (cursor.chosen) {
        const Particle& p = type.particles[cursor.particle];
        if (ParticleTakes(schema, p, ns, local) && cursor.count < p.max) {
          ++cursor.count;
          child = &p;
          return std::nullopt;
        }
        return "element " + shown +
               " is not expected here: " + (p.wildcard ? std::string("an element") : p.name) +
               " was chosen (content " + type.model + ")";
      }
      for (uint32_t i = 0; i < type.particles.size(); ++i) {
        if (ParticleTakes(schema, type.particles[i], ns, local)) {
          cursor.chosen = true;
          cursor.particle = i;
          cursor.count = 1;
          child = &type.particles[i];
          return std::nullopt;
        }
      }
      return "element " + shown + " is not expected here; one of " + type.model + " is";
    }
    case ComplexRule::Kind::kSimpleContent:
    case ComplexRule::Kind::kEmpty:
      return "element " + shown + " is not allowed: this element holds " +
             (type.kind == ComplexRule::Kind::kEmpty ? "nothing" : "a value, not elements");
  }
  return "element " + shown + " is not expected here";
}

std::string FinishContent(const ComplexRule& type, const ContentCursor& cursor) {
  if (type.kind == ComplexRule::Kind::kSequence) {
    uint32_t count = cursor.count;
    for (uint32_t i = cursor.particle; i < type.particles.size(); ++i, count = 0) {
      if (count < type.particles[i].min) {
        return "the content is incomplete: " + Expected(type, i) + " is missing (content " +
               type.model + ")";
      }
    }
    return {};
  }
  if (type.kind == ComplexRule::Kind::kChoice) {
    if (!cursor.chosen) {
      for (const Particle& p : type.particles) {
        if (p.min == 0) return {};
      }
      return "the content is incomplete: one of " + type.model + " is required";
    }
    const Particle& p = type.particles[cursor.particle];
    if (cursor.count < p.min) {
      return "the content is incomplete: " + std::to_string(p.min) + " " + p.name +
             " elements are required";
    }
  }
  return {};
}

}  // namespace gw::codecs::internal
