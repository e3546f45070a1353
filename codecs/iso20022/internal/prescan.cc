// File: codecs/iso20022/internal/prescan.cc
#include "codecs/iso20022/internal/prescan.h"

#include <cstring>
#include <string>

namespace gw::codecs::internal {
namespace {

void Position(std::string_view xml, size_t pos, Issue& issue) {
  int line = 1;
  size_t line_start = 0;
  for (size_t i = 0; i < pos && i < xml.size(); ++i) {
    if (xml[i] == '\n') {
      ++line;
      line_start = i + 1;
    }
  }
  issue.line = line;
  issue.column = static_cast<int>(pos - line_start) + 1;
}

void Fail(std::string_view xml, size_t pos, std::string_view rule, std::string message,
          std::string_view value, Issues& out) {
  AddIssue(out, rule, "FF01", "", value, std::move(message));
  Position(xml, pos, out.back());
}

bool StartsWith(std::string_view s, size_t pos, std::string_view prefix) {
  return s.size() - pos >= prefix.size() && std::memcmp(s.data() + pos, prefix.data(), prefix.size()) == 0;
}

char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// The encoding named in an XML declaration, or empty.
std::string_view DeclaredEncoding(std::string_view decl) {
  size_t p = decl.find("encoding");
  if (p == std::string_view::npos) return {};
  p += 8;
  while (p < decl.size() && (decl[p] == ' ' || decl[p] == '=' || decl[p] == '\t')) ++p;
  if (p >= decl.size() || (decl[p] != '"' && decl[p] != '\'')) return {};
  char quote = decl[p++];
  size_t end = decl.find(quote, p);
  if (end == std::string_view::npos) return {};
  return decl.substr(p, end - p);
}

}  // namespace

bool Prescan(std::string_view xml, size_t max_bytes, int max_depth, Issues& out) {
  if (xml.size() > max_bytes) {
    AddIssue(out, "SEC-001", "FF01", "", "",
             "the document is " + std::to_string(xml.size()) + " bytes, more than the limit of " +
                 std::to_string(max_bytes) + " bytes");
    return false;
  }
  size_t i = 0;
  if (StartsWith(xml, 0, "\xEF\xBB\xBF")) i = 3;
  if (xml.size() >= 2 && ((static_cast<unsigned char>(xml[0]) == 0xFE && static_cast<unsigned char>(xml[1]) == 0xFF) ||
                          (static_cast<unsigned char>(xml[0]) == 0xFF && static_cast<unsigned char>(xml[1]) == 0xFE))) {
    Fail(xml, 0, "SEC-004", "the document is UTF-16 encoded; ISO 20022 messages must be UTF-8", "", out);
    return false;
  }
  if (std::memchr(xml.data(), '\0', xml.size()) != nullptr) {
    size_t pos = static_cast<size_t>(static_cast<const char*>(std::memchr(xml.data(), '\0', xml.size())) - xml.data());
    Fail(xml, pos, "SEC-004", "the document contains NUL bytes; it is not UTF-8 text", "", out);
    return false;
  }
  if (StartsWith(xml, i, "<?xml")) {
    size_t end = xml.find("?>", i);
    if (end != std::string_view::npos) {
      std::string_view enc = DeclaredEncoding(xml.substr(i, end - i));
      std::string lower;
      for (char c : enc) lower += Lower(c);
      if (!enc.empty() && lower != "utf-8" && lower != "utf8") {
        Fail(xml, i, "SEC-004",
             "the document declares encoding '" + std::string(enc) +
                 "'; ISO 20022 messages must be UTF-8",
             enc, out);
        return false;
      }
    }
  }
  int depth = 0;
  const size_t n = xml.size();
  while (i < n) {
    const char* lt = static_cast<const char*>(std::memchr(xml.data() + i, '<', n - i));
    if (lt == nullptr) break;
    i = static_cast<size_t>(lt - xml.data());
    if (StartsWith(xml, i, "<!--")) {
      size_t end = xml.find("-->", i + 4);
      if (end == std::string_view::npos) break;  // the parser reports it
      i = end + 3;
    } else if (StartsWith(xml, i, "<![CDATA[")) {
      size_t end = xml.find("]]>", i + 9);
      if (end == std::string_view::npos) break;
      i = end + 3;
    } else if (StartsWith(xml, i, "<!")) {
      bool doctype = StartsWith(xml, i, "<!DOCTYPE");
      Fail(xml, i, "SEC-003",
           doctype ? "the document has a DOCTYPE; DTDs and entity declarations are refused"
                   : "the document has a markup declaration ('<!'); DTDs and entity declarations "
                     "are refused",
           xml.substr(i, 16), out);
      return false;
    } else if (StartsWith(xml, i, "<?")) {
      size_t end = xml.find("?>", i + 2);
      if (end == std::string_view::npos) break;
      i = end + 2;
    } else {
      bool closing = StartsWith(xml, i, "</");
      // Find the end of the tag, skipping quoted attribute values.
      size_t j = i + 1;
      char quote = 0;
      while (j < n) {
        char c = xml[j];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
        ++j;
      }
      if (j >= n) break;
      if (closing) {
        --depth;
      } else if (xml[j - 1] != '/') {
        if (++depth > max_depth) {
          Fail(xml, i, "SEC-002",
               "elements are nested more than " + std::to_string(max_depth) + " levels deep", "",
               out);
          return false;
        }
      }
      i = j + 1;
    }
  }
  return true;
}

}  // namespace gw::codecs::internal
