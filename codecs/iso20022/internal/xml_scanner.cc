// File: codecs/iso20022/internal/xml_scanner.cc
#include "codecs/iso20022/internal/xml_scanner.h"

#include <algorithm>
#include <cstring>

namespace gw::codecs::internal {
namespace {

constexpr std::string_view kXmlNamespace = "http://www.w3.org/XML/1998/namespace";
constexpr std::string_view kXmlnsNamespace = "http://www.w3.org/2000/xmlns/";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool IsNameStart(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' || c >= 0x80;
}
bool IsNameChar(unsigned char c) {
  return IsNameStart(c) || (c >= '0' && c <= '9') || c == '-' || c == '.';
}

// XML 1.0 Char production.
bool IsXmlChar(uint32_t c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
         (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

std::string Hex(uint32_t c) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string s = "U+";
  int width = c > 0xFFFF ? 6 : 4;
  for (int shift = (width - 1) * 4; shift >= 0; shift -= 4) s += kDigits[(c >> shift) & 0xF];
  return s;
}

}  // namespace

void AppendCodePoint(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

bool XmlScanner::Fail(size_t offset, std::string message) {
  if (error_.empty()) {
    error_ = std::move(message);
    error_offset_ = offset;
  }
  return false;
}

void XmlScanner::Position(size_t offset, int& line, int& column) {
  if (offset > xml_.size()) offset = xml_.size();
  if (offset < cursor_offset_) {
    cursor_offset_ = 0;
    cursor_line_ = 1;
    cursor_column_ = 0;
  }
  const char* base = xml_.data();
  size_t i = cursor_offset_;
  while (i < offset) {
    const void* nl = std::memchr(base + i, '\n', offset - i);
    if (nl == nullptr) break;
    i = static_cast<size_t>(static_cast<const char*>(nl) - base) + 1;
    ++cursor_line_;
    cursor_column_ = 0;
  }
  // Characters, not bytes, since the line start (or the last position asked).
  for (; i < offset; ++i) cursor_column_ += (static_cast<unsigned char>(base[i]) & 0xC0) != 0x80;
  cursor_offset_ = offset;
  line = cursor_line_;
  column = static_cast<int>(cursor_column_) + 1;
}

// The text up to `upto` (and to the end of the character there): valid UTF-8
// (shortest forms, no surrogates) and only characters of the Char production.
// Checked as the scan goes, just before each event, so that problems are
// reported in document order.
bool XmlScanner::CheckEncoding(size_t upto) {
  const auto* p = reinterpret_cast<const unsigned char*>(xml_.data());
  const size_t n = xml_.size();
  size_t i = checked_;
  while (i < upto) {
    // Eight ASCII bytes at a time when none is a control character.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      constexpr uint64_t kHigh = 0x8080808080808080ULL;
      constexpr uint64_t k20 = 0x2020202020202020ULL;
      if ((w & kHigh) == 0 && ((w - k20) & ~w & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
        return Fail(i, "the character " + Hex(c) + " is not allowed in XML");
      }
      ++i;
      continue;
    }
    size_t len;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      cp = c & 0x07;
    } else {
      return Fail(i, "the byte 0x" + Hex(c).substr(4) + " does not start a UTF-8 character");
    }
    if (i + len > n) return Fail(i, "the text ends inside a UTF-8 character");
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return Fail(i, "invalid UTF-8 sequence");
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return Fail(i, "invalid UTF-8 sequence (overlong or out of range)");
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) return Fail(i, "invalid UTF-8 sequence (a surrogate)");
    if (!IsXmlChar(cp)) return Fail(i, "the character " + Hex(cp) + " is not allowed in XML");
    i += len;
  }
  checked_ = std::max(checked_, i);
  return true;
}

bool XmlScanner::ScanName(size_t& length) {
  const size_t start = pos_;
  if (pos_ >= xml_.size() || !IsNameStart(static_cast<unsigned char>(xml_[pos_]))) {
    return Fail(pos_, "a name was expected here");
  }
  ++pos_;
  while (pos_ < xml_.size() && IsNameChar(static_cast<unsigned char>(xml_[pos_]))) ++pos_;
  length = pos_ - start;
  std::string_view name = xml_.substr(start, length);
  size_t colon = name.find(':');
  if (colon != std::string_view::npos &&
      (colon == 0 || colon + 1 == name.size() ||
       name.find(':', colon + 1) != std::string_view::npos ||
       !IsNameStart(static_cast<unsigned char>(name[colon + 1])) || name[colon + 1] == ':')) {
    return Fail(start, "'" + std::string(name) + "' is not a valid qualified name");
  }
  return true;
}

// At '&': appends the character it stands for.
bool XmlScanner::ScanReference(std::string& out) {
  const size_t start = pos_;
  size_t semi = xml_.find(';', pos_);
  if (semi == std::string_view::npos || semi - pos_ > 12) {
    return Fail(start, "'&' must start a reference such as &amp; (write & as &amp;)");
  }
  std::string_view ref = xml_.substr(pos_ + 1, semi - pos_ - 1);
  pos_ = semi + 1;
  if (ref == "lt")
    out += '<';
  else if (ref == "gt")
    out += '>';
  else if (ref == "amp")
    out += '&';
  else if (ref == "apos")
    out += '\'';
  else if (ref == "quot")
    out += '"';
  else if (ref.size() >= 2 && ref[0] == '#') {
    bool hex = ref[1] == 'x';
    std::string_view digits = ref.substr(hex ? 2 : 1);
    if (digits.empty()) return Fail(start, "empty character reference");
    uint32_t c = 0;
    for (char d : digits) {
      uint32_t v;
      if (d >= '0' && d <= '9')
        v = static_cast<uint32_t>(d - '0');
      else if (hex && d >= 'a' && d <= 'f')
        v = static_cast<uint32_t>(d - 'a' + 10);
      else if (hex && d >= 'A' && d <= 'F')
        v = static_cast<uint32_t>(d - 'A' + 10);
      else
        return Fail(start, "'&" + std::string(ref) + ";' is not a valid character reference");
      c = c * (hex ? 16 : 10) + v;
      if (c > 0x10FFFF) break;
    }
    if (!IsXmlChar(c)) {
      return Fail(start, "the character reference '&" + std::string(ref) +
                             ";' names a character XML does not allow");
    }
    AppendCodePoint(out, c);
  } else {
    return Fail(start,
                "the entity '&" + std::string(ref) +
                    ";' is not declared (only &lt; &gt; &amp; &apos; &quot; exist without a DTD)");
  }
  return true;
}

const std::string* XmlScanner::Resolve(std::string_view prefix) const {
  for (size_t i = bindings_.size(); i > 0; --i) {
    if (bindings_[i - 1].prefix == prefix) return &bindings_[i - 1].uri;
  }
  return nullptr;
}

bool XmlScanner::ScanStartTag(ScanHandler& handler) {
  const size_t tag_start = pos_;
  ++pos_;  // '<'
  size_t name_length;
  const size_t name_begin = pos_;
  if (!ScanName(name_length)) return false;
  Open open{name_begin, name_length, bindings_.size()};

  size_t count = 0;
  bool empty = false;
  for (;;) {
    bool space = false;
    while (pos_ < xml_.size() && IsSpace(xml_[pos_])) {
      ++pos_;
      space = true;
    }
    if (pos_ >= xml_.size()) return Fail(tag_start, "the document ends inside a start tag");
    if (xml_[pos_] == '>') {
      ++pos_;
      break;
    }
    if (xml_[pos_] == '/') {
      if (pos_ + 1 >= xml_.size() || xml_[pos_ + 1] != '>')
        return Fail(pos_, "'/' must be followed by '>'");
      pos_ += 2;
      empty = true;
      break;
    }
    if (!space) return Fail(pos_, "attributes must be separated by white space");
    const size_t attr_begin = pos_;
    size_t attr_length;
    if (!ScanName(attr_length)) return false;
    while (pos_ < xml_.size() && IsSpace(xml_[pos_])) ++pos_;
    if (pos_ >= xml_.size() || xml_[pos_] != '=')
      return Fail(pos_, "'=' expected after an attribute name");
    ++pos_;
    while (pos_ < xml_.size() && IsSpace(xml_[pos_])) ++pos_;
    if (pos_ >= xml_.size() || (xml_[pos_] != '"' && xml_[pos_] != '\'')) {
      return Fail(pos_, "an attribute value must be quoted");
    }
    const char quote = xml_[pos_++];
    if (count == values_.size()) values_.emplace_back();
    std::string& value = values_[count];
    value.clear();
    for (;;) {
      if (pos_ >= xml_.size())
        return Fail(attr_begin, "the document ends inside an attribute value");
      char c = xml_[pos_];
      if (c == quote) {
        ++pos_;
        break;
      }
      if (c == '<') return Fail(pos_, "'<' is not allowed in an attribute value");
      if (c == '&') {
        if (!ScanReference(value)) return false;
        continue;
      }
      if (c == '\r') {
        value += ' ';
        ++pos_;
        if (pos_ < xml_.size() && xml_[pos_] == '\n') ++pos_;
        continue;
      }
      value += (c == '\t' || c == '\n') ? ' ' : c;
      ++pos_;
    }
    std::string_view qname = xml_.substr(attr_begin, attr_length);
    size_t colon = qname.find(':');
    std::string_view prefix =
        colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
    std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    if (count == names_.size()) names_.emplace_back();
    names_[count] = {prefix, local};
    ++count;
    // Namespace declarations take effect for the whole tag.
    if (qname == "xmlns") {
      bindings_.push_back({"", value});
    } else if (prefix == "xmlns") {
      if (local == "xmlns") return Fail(attr_begin, "the prefix 'xmlns' cannot be declared");
      if (value.empty())
        return Fail(attr_begin,
                    "the prefix '" + std::string(local) + "' is bound to an empty namespace");
      if ((local == "xml") != (value == kXmlNamespace)) {
        return Fail(attr_begin, "the prefix 'xml' and its namespace belong only to each other");
      }
      bindings_.push_back({std::string(local), value});
    }
  }

  attributes_.clear();
  for (size_t i = 0; i < count; ++i) {
    auto [prefix, local] = names_[i];
    if (prefix == "xmlns" || (prefix.empty() && local == "xmlns")) continue;
    std::string_view ns;
    if (prefix == "xml") {
      ns = kXmlNamespace;
    } else if (!prefix.empty()) {
      const std::string* uri = Resolve(prefix);
      if (uri == nullptr)
        return Fail(tag_start, "the prefix '" + std::string(prefix) + "' is not declared");
      ns = *uri;
    }
    for (const ScannedAttribute& a : attributes_) {
      if (a.local == local && a.ns == ns) {
        return Fail(tag_start,
                    "the attribute '" + std::string(local) + "' occurs twice in one tag");
      }
    }
    attributes_.push_back({ns, local, values_[i]});
  }
  // Raw duplicates among the declarations themselves (xmlns:a twice).
  for (size_t i = 0; i < count; ++i) {
    for (size_t j = i + 1; j < count; ++j) {
      if (names_[i] == names_[j]) {
        return Fail(tag_start, "the attribute '" + std::string(names_[i].second) +
                                   "' occurs twice in one tag");
      }
    }
  }

  std::string_view qname = xml_.substr(name_begin, name_length);
  size_t colon = qname.find(':');
  std::string_view prefix =
      colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
  std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
  std::string_view ns;
  if (prefix == "xml") {
    ns = kXmlNamespace;
  } else if (prefix == "xmlns") {
    return Fail(tag_start, "an element cannot have the prefix 'xmlns'");
  } else {
    const std::string* uri = Resolve(prefix);
    if (uri == nullptr && !prefix.empty()) {
      return Fail(tag_start, "the prefix '" + std::string(prefix) + "' is not declared");
    }
    if (uri != nullptr) ns = *uri;
  }
  if (ns == kXmlnsNamespace) return Fail(tag_start, "no element may be in the xmlns namespace");

  open_.push_back(open);
  if (!CheckEncoding(pos_)) return false;
  if (!handler.OnStart(ns, local, attributes_, tag_start)) {
    stopped_ = true;
    return false;
  }
  if (empty) {
    bindings_.resize(open.bindings);
    open_.pop_back();
    if (!handler.OnEnd(pos_ - 2)) {
      stopped_ = true;
      return false;
    }
  }
  return true;
}

bool XmlScanner::ScanEndTag(ScanHandler& handler) {
  const size_t tag_start = pos_;
  pos_ += 2;  // "</"
  size_t length;
  const size_t begin = pos_;
  if (!ScanName(length)) return false;
  while (pos_ < xml_.size() && IsSpace(xml_[pos_])) ++pos_;
  if (pos_ >= xml_.size() || xml_[pos_] != '>')
    return Fail(tag_start, "an end tag must end with '>'");
  ++pos_;
  std::string_view name = xml_.substr(begin, length);
  if (open_.empty())
    return Fail(tag_start, "the end tag </" + std::string(name) + "> closes no element");
  std::string_view expected = xml_.substr(open_.back().name_begin, open_.back().name_length);
  if (name != expected) {
    return Fail(tag_start, "the end tag </" + std::string(name) +
                               "> does not match the start tag <" + std::string(expected) + ">");
  }
  bindings_.resize(open_.back().bindings);
  open_.pop_back();
  if (!CheckEncoding(pos_)) return false;
  if (!handler.OnEnd(tag_start)) {
    stopped_ = true;
    return false;
  }
  return true;
}

// Character data up to the next '<' (or the end).
bool XmlScanner::ScanText(ScanHandler& handler) {
  const size_t start = pos_;
  const char* base = xml_.data();
  const size_t n = xml_.size();
  // The common case: a run with nothing to replace, handed out as it is.
  size_t i = pos_;
  while (i < n) {
    char c = base[i];
    if (c == '<' || c == '&' || c == '\r' || c == ']') break;
    ++i;
  }
  std::string_view run = xml_.substr(start, i - start);
  if (i >= n || base[i] == '<') {
    pos_ = i;
    if (open_.empty()) {
      for (char c : run) {
        if (!IsSpace(c)) return Fail(start, "text is not allowed outside the root element");
      }
      return true;
    }
    if (!CheckEncoding(pos_)) return false;
    if (!run.empty() && !handler.OnText(run)) {
      stopped_ = true;
      return false;
    }
    return true;
  }
  text_.assign(run);
  pos_ = i;
  while (pos_ < n && base[pos_] != '<') {
    char c = base[pos_];
    if (c == '&') {
      if (!ScanReference(text_)) return false;
    } else if (c == '\r') {
      text_ += '\n';
      ++pos_;
      if (pos_ < n && base[pos_] == '\n') ++pos_;
    } else {
      if (c == ']' && xml_.substr(pos_, 3) == "]]>")
        return Fail(pos_, "']]>' is not allowed in text");
      text_ += c;
      ++pos_;
    }
  }
  if (!CheckEncoding(pos_)) return false;
  if (open_.empty()) {
    for (char c : text_) {
      if (!IsSpace(c)) return Fail(start, "text is not allowed outside the root element");
    }
    return true;
  }
  if (!handler.OnText(text_)) {
    stopped_ = true;
    return false;
  }
  return true;
}

bool XmlScanner::ScanComment() {
  const size_t start = pos_;
  size_t end = xml_.find("--", pos_ + 4);
  if (end == std::string_view::npos) return Fail(start, "the document ends inside a comment");
  if (end + 2 >= xml_.size() || xml_[end + 2] != '>')
    return Fail(end, "'--' is not allowed inside a comment");
  pos_ = end + 3;
  return true;
}

bool XmlScanner::ScanPi() {
  const size_t start = pos_;
  pos_ += 2;
  size_t length;
  if (!ScanName(length)) return false;
  std::string_view target = xml_.substr(start + 2, length);
  if (target.size() == 3 && (target[0] | 0x20) == 'x' && (target[1] | 0x20) == 'm' &&
      (target[2] | 0x20) == 'l') {
    return Fail(start, "an XML declaration is allowed only at the very start of the document");
  }
  if (target.find(':') != std::string_view::npos)
    return Fail(start, "a processing instruction target has no ':'");
  size_t end = xml_.find("?>", pos_);
  if (end == std::string_view::npos)
    return Fail(start, "the document ends inside a processing instruction");
  if (end > pos_ && !IsSpace(xml_[pos_]))
    return Fail(pos_, "white space expected after the target");
  pos_ = end + 2;
  return true;
}

bool XmlScanner::ScanCdata(ScanHandler& handler) {
  const size_t start = pos_;
  if (open_.empty()) return Fail(start, "a CDATA section is allowed only inside an element");
  size_t end = xml_.find("]]>", pos_ + 9);
  if (end == std::string_view::npos) return Fail(start, "the document ends inside a CDATA section");
  std::string_view data = xml_.substr(pos_ + 9, end - pos_ - 9);
  pos_ = end + 3;
  if (!CheckEncoding(pos_)) return false;
  if (data.find('\r') == std::string_view::npos) {
    if (!data.empty() && !handler.OnText(data)) {
      stopped_ = true;
      return false;
    }
    return true;
  }
  text_.clear();
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] == '\r') {
      text_ += '\n';
      if (i + 1 < data.size() && data[i + 1] == '\n') ++i;
    } else {
      text_ += data[i];
    }
  }
  if (!handler.OnText(text_)) {
    stopped_ = true;
    return false;
  }
  return true;
}

bool XmlScanner::ScanDocument(ScanHandler& handler) {
  if (xml_.substr(pos_, 3) == "\xEF\xBB\xBF") pos_ += 3;
  checked_ = pos_;
  // The XML declaration: version 1.0, then optional encoding and standalone.
  if (xml_.substr(pos_, 5) == "<?xml" && pos_ + 5 < xml_.size() && IsSpace(xml_[pos_ + 5])) {
    const size_t start = pos_;
    size_t end = xml_.find("?>", pos_);
    if (end == std::string_view::npos) return Fail(start, "the XML declaration is not closed");
    std::string_view decl = xml_.substr(pos_ + 5, end - pos_ - 5);
    size_t i = 0;
    int field = 0;  // 0 version, 1 encoding, 2 standalone
    while (true) {
      bool space = false;
      while (i < decl.size() && IsSpace(decl[i])) {
        ++i;
        space = true;
      }
      if (i >= decl.size()) break;
      if (!space)
        return Fail(start, "the XML declaration's parts must be separated by white space");
      size_t eq = decl.find('=', i);
      if (eq == std::string_view::npos) return Fail(start, "the XML declaration is malformed");
      std::string_view key = decl.substr(i, eq - i);
      while (!key.empty() && IsSpace(key.back())) key.remove_suffix(1);
      i = eq + 1;
      while (i < decl.size() && IsSpace(decl[i])) ++i;
      if (i >= decl.size() || (decl[i] != '"' && decl[i] != '\'')) {
        return Fail(start, "the XML declaration's values must be quoted");
      }
      char quote = decl[i++];
      size_t close = decl.find(quote, i);
      if (close == std::string_view::npos) return Fail(start, "the XML declaration is malformed");
      std::string_view value = decl.substr(i, close - i);
      i = close + 1;
      if (key == "version" && field == 0) {
        if (value != "1.0")
          return Fail(start, "XML version '" + std::string(value) + "' is not supported; use 1.0");
        field = 1;
      } else if (key == "encoding" && field == 1) {
        field = 2;  // the pre-scan refused anything but UTF-8
      } else if (key == "standalone" && field >= 1 && field <= 2) {
        if (value != "yes" && value != "no") return Fail(start, "standalone must be 'yes' or 'no'");
        field = 3;
      } else {
        return Fail(start,
                    "the XML declaration is malformed ('" + std::string(key) + "' unexpected)");
      }
    }
    if (field == 0) return Fail(start, "the XML declaration has no version");
    pos_ = end + 2;
  }

  bool root_seen = false;
  const size_t n = xml_.size();
  while (pos_ < n) {
    if (xml_[pos_] != '<') {
      if (!ScanText(handler)) return false;
      continue;
    }
    if (pos_ + 1 >= n) return Fail(pos_, "the document ends after '<'");
    char next = xml_[pos_ + 1];
    if (next == '/') {
      if (!ScanEndTag(handler)) return false;
    } else if (next == '?') {
      if (!ScanPi()) return false;
    } else if (next == '!') {
      if (xml_.substr(pos_, 4) == "<!--") {
        if (!ScanComment()) return false;
      } else if (xml_.substr(pos_, 9) == "<![CDATA[") {
        if (!ScanCdata(handler)) return false;
      } else {
        return Fail(pos_, "markup declarations (DOCTYPE, ENTITY) are refused");
      }
    } else {
      if (open_.empty()) {
        if (root_seen) return Fail(pos_, "a document has one root element; another follows it");
        root_seen = true;
      }
      if (!ScanStartTag(handler)) return false;
    }
  }
  if (!CheckEncoding(n)) return false;
  if (!open_.empty()) {
    std::string_view name = xml_.substr(open_.back().name_begin, open_.back().name_length);
    return Fail(n, "the document ends before <" + std::string(name) + "> is closed");
  }
  if (!root_seen) return Fail(n, "the document has no root element");
  return true;
}

XmlScanner::Result XmlScanner::Scan(std::string_view xml, ScanHandler& handler) {
  xml_ = xml;
  pos_ = 0;
  error_.clear();
  error_offset_ = 0;
  stopped_ = false;
  bindings_.clear();
  bindings_.push_back({"xml", std::string(kXmlNamespace)});
  open_.clear();
  cursor_offset_ = 0;
  cursor_line_ = 1;
  cursor_column_ = 0;
  if (ScanDocument(handler)) return Result::kDone;
  return stopped_ ? Result::kStopped : Result::kMalformed;
}

}  // namespace gw::codecs::internal
