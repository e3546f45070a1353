// File: gateway/compliance/csv_reader.cc
#include "gateway/compliance/csv_reader.h"

#include <string>
#include <utility>

namespace gw::compliance {

CsvReader::CsvReader(std::istream& in, std::string file_label, size_t max_record_bytes)
    : buf_(in.rdbuf()), file_label_(std::move(file_label)), max_record_bytes_(max_record_bytes) {}

int CsvReader::Get() {
  if (buf_ == nullptr) return std::char_traits<char>::eof();
  int c = buf_->sbumpc();
  if (c != std::char_traits<char>::eof()) ++bytes_;
  return c;
}

int CsvReader::Peek() {
  if (buf_ == nullptr) return std::char_traits<char>::eof();
  return buf_->sgetc();
}

Status CsvReader::Error(const std::string& problem) const {
  return InvalidArgument(file_label_ + " line " + std::to_string(record_line_) + ": " + problem);
}

StatusOr<bool> CsvReader::Next(std::vector<std::string>* fields) {
  constexpr int kEof = std::char_traits<char>::eof();
  fields->clear();
  // Skip blank lines and a lone end-of-file mark (0x1A), as older publisher files have.
  for (;;) {
    int c = Peek();
    if (c == kEof) return false;
    if (c == '\n') {
      Get();
      ++line_;
      continue;
    }
    if (c == '\r' || c == 0x1A) {
      Get();
      continue;
    }
    break;
  }
  record_line_ = line_ + 1;
  size_t record_bytes = 0;
  std::string field;
  enum class State { kFieldStart, kUnquoted, kQuoted, kAfterQuote } state = State::kFieldStart;
  for (;;) {
    int c = Get();
    if (c != kEof && ++record_bytes > max_record_bytes_) {
      return Error("record longer than " + std::to_string(max_record_bytes_) + " bytes");
    }
    switch (state) {
      case State::kFieldStart:
      case State::kUnquoted:
        if (c == kEof || c == '\n' || c == '\r') {
          if (c == '\r') {
            if (Peek() != '\n') return Error("carriage return not followed by line feed");
            Get();
          }
          if (c != kEof) ++line_;
          fields->push_back(std::move(field));
          return true;
        }
        if (c == ',') {
          fields->push_back(std::move(field));
          field.clear();
          state = State::kFieldStart;
          break;
        }
        if (c == '"') {
          if (state == State::kFieldStart) {
            state = State::kQuoted;
            break;
          }
          // A field like ` "x"` (spaces then a quote) is tolerated; anything else is not.
          if (TrimAscii(field).empty()) {
            field.clear();
            state = State::kQuoted;
            break;
          }
          return Error("quote inside an unquoted field (field " +
                       std::to_string(fields->size() + 1) + ")");
        }
        if (c == 0) return Error("NUL byte in record");
        field.push_back(static_cast<char>(c));
        state = State::kUnquoted;
        break;
      case State::kQuoted:
        if (c == kEof)
          return Error("unterminated quoted field (field " + std::to_string(fields->size() + 1) +
                       ")");
        if (c == '"') {
          if (Peek() == '"') {
            Get();
            ++record_bytes;
            field.push_back('"');
          } else {
            state = State::kAfterQuote;
          }
          break;
        }
        if (c == '\n') ++line_;
        if (c == 0) return Error("NUL byte in record");
        field.push_back(static_cast<char>(c));
        break;
      case State::kAfterQuote:
        if (c == kEof || c == '\n' || c == '\r') {
          if (c == '\r') {
            if (Peek() != '\n') return Error("carriage return not followed by line feed");
            Get();
          }
          if (c != kEof) ++line_;
          fields->push_back(std::move(field));
          return true;
        }
        if (c == ',') {
          fields->push_back(std::move(field));
          field.clear();
          state = State::kFieldStart;
          break;
        }
        if (c == ' ' || c == '\t') break;
        return Error("text after a closing quote (field " + std::to_string(fields->size() + 1) +
                     ")");
    }
  }
}

std::string TrimAscii(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r' || s[b] == '\n')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r' || s[e - 1] == '\n'))
    --e;
  return std::string(s.substr(b, e - b));
}

}  // namespace gw::compliance
