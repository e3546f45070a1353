// File: gateway/compliance/csv_reader.h
//
// A strict, streaming CSV reader (RFC 4180 with the tolerances the sanctions
// publishers need): fields separated by ',', optionally enclosed in '"' with '""' as
// an escaped quote, quoted fields may span lines, CRLF or LF line ends, spaces after
// a closing quote are ignored, blank lines (and a lone 0x1A end-of-file mark) are
// skipped. Anything else is refused with the line it happened on: an unterminated
// quote, a quote inside an unquoted field, text after a closing quote, a record over
// the size bound.
//
// Memory is bounded by max_record_bytes per record. Not thread-safe; one reader per
// stream.
#pragma once

#include <cstddef>
#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "core/status.h"

namespace gw::compliance {

class CsvReader {
 public:
  // `in` must outlive the reader. `file_label` prefixes error messages ("sdn.csv").
  CsvReader(std::istream& in, std::string file_label, size_t max_record_bytes);

  // Reads the next record into `fields` (cleared first). Returns true when a record
  // was read, false at end of input, or an InvalidArgument error
  // "<file> line <n>: <problem>". After an error the reader must not be used again.
  StatusOr<bool> Next(std::vector<std::string>* fields);

  // 1-based line on which the last record returned by Next() started.
  uint64_t record_line() const { return record_line_; }
  // Physical lines consumed so far.
  uint64_t lines_read() const { return line_; }
  uint64_t bytes_read() const { return bytes_; }
  const std::string& file_label() const { return file_label_; }

  // "<file> line <n>: <problem>" for the current record, as an InvalidArgument.
  Status Error(const std::string& problem) const;

 private:
  int Get();
  int Peek();

  std::streambuf* buf_;
  std::string file_label_;
  size_t max_record_bytes_;
  uint64_t line_ = 0;  // lines fully consumed
  uint64_t record_line_ = 0;
  uint64_t bytes_ = 0;
};

// Removes leading/trailing ASCII whitespace.
std::string TrimAscii(std::string_view s);

}  // namespace gw::compliance
