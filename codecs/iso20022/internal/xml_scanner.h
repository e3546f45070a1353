// File: codecs/iso20022/internal/xml_scanner.h
//
// A namespace-aware, non-validating XML 1.0 scanner over UTF-8 text, for the
// compiled validation path (compiled_schema.h). It checks well-formedness as the
// XML and Namespaces recommendations define it - UTF-8 and the Char production,
// names, matching tags, unique attributes, bound prefixes, the five predefined
// entities and character references, comments, CDATA, processing instructions, one
// root element - and reports each element, its attributes and its character data
// (line ends normalised, references replaced, attribute values normalised).
// A DOCTYPE, or any other markup declaration, is refused: there is no DTD, hence no
// entity but the predefined ones, so no expansion and nothing fetched.
// Internal to codecs/.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gw::codecs::internal {

struct ScannedAttribute {
  std::string_view ns;     // namespace URI; empty for an unprefixed attribute
  std::string_view local;  // local name
  std::string_view value;  // normalised, references replaced
};

// What the scanner reports, in document order. A callback returning false stops
// the scan (Scan then returns kStopped).
class ScanHandler {
 public:
  virtual ~ScanHandler() = default;
  // `offset` is the byte offset of the '<' of the start tag (or of the end tag).
  virtual bool OnStart(std::string_view ns, std::string_view local,
                       std::span<const ScannedAttribute> attributes, size_t offset) = 0;
  virtual bool OnEnd(size_t offset) = 0;
  // Character data of the current element; an element's text may come in pieces
  // (around comments, references and CDATA sections).
  virtual bool OnText(std::string_view text) = 0;
};

// Appends code point `c` (at most U+10FFFF) in UTF-8.
void AppendCodePoint(std::string& out, uint32_t c);

class XmlScanner {
 public:
  enum class Result { kDone, kStopped, kMalformed };

  // Scans `xml` (UTF-8; a byte-order mark is skipped). The text must stay alive
  // during the call; the views handed to the handler live until its callback returns.
  Result Scan(std::string_view xml, ScanHandler& handler);

  // After kMalformed: what is wrong, and where (byte offset).
  const std::string& error() const { return error_; }
  size_t error_offset() const { return error_offset_; }

  // 1-based line and column (in characters) of byte `offset` of the text last
  // scanned. Calls with increasing offsets cost what lies between them.
  void Position(size_t offset, int& line, int& column);

 private:
  struct Binding {
    std::string prefix;
    std::string uri;
  };
  struct Open {
    size_t name_begin;  // the qualified name as written, in the input
    size_t name_length;
    size_t bindings;  // bindings_.size() before this element's declarations
  };

  bool Fail(size_t offset, std::string message);
  bool ScanDocument(ScanHandler& handler);
  bool ScanStartTag(ScanHandler& handler);
  bool ScanEndTag(ScanHandler& handler);
  bool ScanText(ScanHandler& handler);
  bool ScanComment();
  bool ScanPi();
  bool ScanCdata(ScanHandler& handler);
  bool ScanName(size_t& length);
  bool ScanReference(std::string& out);
  bool CheckEncoding(size_t upto);
  const std::string* Resolve(std::string_view prefix) const;
  bool stopped_ = false;

  std::string_view xml_;
  size_t pos_ = 0;
  size_t checked_ = 0;  // CheckEncoding has checked the text before this offset
  std::string error_;
  size_t error_offset_ = 0;
  std::vector<Binding> bindings_;
  std::vector<Open> open_;
  std::string text_;
  // Attribute values (decoded), their names, and what is handed out.
  std::vector<std::string> values_;
  std::vector<std::pair<std::string_view, std::string_view>> names_;  // prefix, local
  std::vector<ScannedAttribute> attributes_;
  // Position() cursor.
  size_t cursor_offset_ = 0;
  int cursor_line_ = 1;
  size_t cursor_column_ = 0;  // characters from the line start to cursor_offset_
};

}  // namespace gw::codecs::internal
