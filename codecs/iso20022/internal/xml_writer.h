// File: codecs/iso20022/internal/xml_writer.h
//
// Minimal, fast XML text builder: appends to a caller's std::string. Not a
// validator; callers write elements in schema order.
#pragma once

#include <string>
#include <string_view>

namespace gw::codecs::internal {

class XmlWriter {
 public:
  explicit XmlWriter(std::string& out) : out_(out) {}

  void Open(std::string_view tag) {
    out_ += '<';
    out_ += tag;
    out_ += '>';
  }
  void Close(std::string_view tag) {
    out_ += "</";
    out_ += tag;
    out_ += '>';
  }
  // Character data / attribute value with &, <, >, " escaped, CR kept as &#13;, and
  // characters XML 1.0 cannot carry (C0 controls but tab, LF, CR) dropped.
  void Text(std::string_view text) {
    size_t run = 0;  // start of the pending run of plain characters
    for (size_t i = 0; i < text.size(); ++i) {
      auto c = static_cast<unsigned char>(text[i]);
      const char* rep = nullptr;
      switch (c) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\r': rep = "&#13;"; break;
        case '\t':
        case '\n': continue;
        default:
          if (c >= 0x20) continue;
          rep = "";
      }
      out_.append(text.data() + run, i - run);
      out_ += rep;
      run = i + 1;
    }
    out_.append(text.data() + run, text.size() - run);
  }
  void Leaf(std::string_view tag, std::string_view text) {
    Open(tag);
    Text(text);
    Close(tag);
  }
  std::string& out() { return out_; }

 private:
  std::string& out_;
};

}  // namespace gw::codecs::internal
