// File: gateway/compliance/csv_importers.cc
//
// OFAC SDN (sdn.csv, alt.csv, add.csv) and bank watch-list CSV importers.
#include <cctype>
#include <charconv>
#include <fstream>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "gateway/compliance/csv_reader.h"
#include "gateway/compliance/list_import.h"

namespace gw::compliance {
namespace {

constexpr size_t kSdnColumns = 12;
constexpr size_t kAltColumns = 5;
constexpr size_t kAddColumns = 6;

// OFAC writes "-0-" (often followed by a space) for an empty field.
std::string OfacField(const std::string& raw) {
  std::string t = TrimAscii(raw);
  if (t == "-0-") return {};
  return t;
}

bool ParseEntNum(const std::string& s, long* out) {
  if (s.empty() || s.size() > 12) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size() && *out > 0;
}

std::string ToUpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

void Reject(ImportReport* report, const ImportOptions& options, std::string file, uint64_t line,
            std::string reason) {
  ++report->rejected_count;
  if (report->rejected.size() < options.max_rejected_kept) {
    report->rejected.push_back({std::move(file), line, std::move(reason)});
  }
}

class Progress {
 public:
  Progress(const ImportOptions& options, uint64_t total) : options_(options), total_(total) {}
  void Record(uint64_t bytes) {
    ++records_;
    if (options_.progress && options_.progress_every_records > 0 &&
        records_ % options_.progress_every_records == 0) {
      options_.progress(bytes, total_, records_);
    }
  }
  void Finish(uint64_t bytes) {
    if (options_.progress) options_.progress(bytes, total_, records_);
  }

 private:
  const ImportOptions& options_;
  uint64_t total_;
  uint64_t records_ = 0;
};

// Splits OFAC's "SDGT] [IRGC" programme field into {"SDGT", "IRGC"}.
std::vector<std::string> SplitPrograms(const std::string& field) {
  std::vector<std::string> out;
  std::string cur;
  for (char c : field) {
    if (c == '[' || c == ']') {
      std::string t = TrimAscii(cur);
      if (!t.empty()) out.push_back(std::move(t));
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  std::string t = TrimAscii(cur);
  if (!t.empty()) out.push_back(std::move(t));
  return out;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(s[i])) !=
        std::toupper(static_cast<unsigned char>(prefix[i])))
      return false;
  }
  return true;
}

// Pulls "nationality X", "citizen X" and "SWIFT/BIC X" out of OFAC remarks, which
// are ';'-separated clauses.
void ParseOfacRemarks(const std::string& remarks, ListEntry* entry, ImportReport* report,
                      const ImportOptions& options, uint64_t line) {
  size_t start = 0;
  while (start <= remarks.size()) {
    size_t end = remarks.find(';', start);
    if (end == std::string::npos) end = remarks.size();
    std::string clause = TrimAscii(std::string_view(remarks).substr(start, end - start));
    if (!clause.empty() && clause.back() == '.') clause.pop_back();
    if (StartsWithNoCase(clause, "nationality ")) {
      entry->nationalities.push_back(TrimAscii(clause.substr(12)));
    } else if (StartsWithNoCase(clause, "citizen ")) {
      entry->nationalities.push_back(TrimAscii(clause.substr(8)));
    } else if (StartsWithNoCase(clause, "SWIFT/BIC ")) {
      std::string bic = ToUpperAscii(TrimAscii(clause.substr(10)));
      if (IsValidBic(bic)) {
        entry->bics.push_back(bic);
      } else {
        Reject(report, options, "sdn.csv", line,
               "entry " + entry->entry_id + ": invalid SWIFT/BIC in remarks '" + bic +
                   "' ignored (entry kept)");
      }
    }
    start = end + 1;
  }
}

StatusOr<ImportResult> ImportOfacSdnImpl(std::istream& sdn, std::istream* alt, std::istream* add,
                                         const ImportOptions& options, uint64_t total_bytes) {
  ImportResult result;
  result.list.name = options.list_name.empty() ? "OFAC-SDN" : options.list_name;
  result.list.version = options.list_version;
  ImportReport& report = result.report;
  Progress progress(options, total_bytes);
  std::unordered_map<long, size_t> by_ent_num;
  std::vector<std::string> f;
  uint64_t bytes_before = 0;

  {
    CsvReader reader(sdn, "sdn.csv", options.max_record_bytes);
    for (;;) {
      GW_ASSIGN_OR_RETURN(bool more, reader.Next(&f));
      if (!more) break;
      if (f.size() != kSdnColumns) {
        return reader.Error("expected " + std::to_string(kSdnColumns) + " fields, found " +
                            std::to_string(f.size()));
      }
      long ent_num = 0;
      if (!ParseEntNum(TrimAscii(f[0]), &ent_num)) {
        return reader.Error("ent_num '" + TrimAscii(f[0]) + "' is not a positive integer");
      }
      ListEntry entry;
      entry.list_name = result.list.name;
      entry.entry_id = std::to_string(ent_num);
      entry.primary_name = OfacField(f[1]);
      if (entry.primary_name.empty()) return reader.Error("SDN_Name is empty");
      std::string type = ToUpperAscii(OfacField(f[2]));
      if (type.empty()) {
        entry.type = EntryType::kEntity;
      } else if (type == "INDIVIDUAL") {
        entry.type = EntryType::kIndividual;
      } else if (type == "VESSEL") {
        entry.type = EntryType::kVessel;
      } else if (type == "AIRCRAFT") {
        entry.type = EntryType::kAircraft;
      } else {
        return reader.Error("unknown SDN_Type '" + OfacField(f[2]) + "'");
      }
      entry.programmes = SplitPrograms(OfacField(f[3]));
      entry.remarks = OfacField(f[11]);
      ParseOfacRemarks(entry.remarks, &entry, &report, options, reader.record_line());
      std::string flag = OfacField(f[9]);
      if (!flag.empty()) entry.nationalities.push_back(flag);  // a vessel's flag state
      if (by_ent_num.count(ent_num)) {
        Reject(&report, options, "sdn.csv", reader.record_line(),
               "duplicate ent_num " + entry.entry_id);
        continue;
      }
      if (result.list.entries.size() >= options.max_entries) {
        return reader.Error("more than " + std::to_string(options.max_entries) + " entries");
      }
      by_ent_num.emplace(ent_num, result.list.entries.size());
      result.list.entries.push_back(std::move(entry));
      ++report.entries;
      progress.Record(bytes_before + reader.bytes_read());
    }
    report.lines_read += reader.lines_read();
    bytes_before += reader.bytes_read();
  }

  if (alt != nullptr) {
    CsvReader reader(*alt, "alt.csv", options.max_record_bytes);
    for (;;) {
      GW_ASSIGN_OR_RETURN(bool more, reader.Next(&f));
      if (!more) break;
      if (f.size() != kAltColumns) {
        return reader.Error("expected " + std::to_string(kAltColumns) + " fields, found " +
                            std::to_string(f.size()));
      }
      long ent_num = 0;
      if (!ParseEntNum(TrimAscii(f[0]), &ent_num)) {
        return reader.Error("ent_num '" + TrimAscii(f[0]) + "' is not a positive integer");
      }
      Alias alias{OfacField(f[3]), OfacField(f[2])};
      if (alias.name.empty()) return reader.Error("alt_name is empty");
      auto it = by_ent_num.find(ent_num);
      if (it == by_ent_num.end()) {
        Reject(&report, options, "alt.csv", reader.record_line(),
               "ent_num " + std::to_string(ent_num) + " is not in sdn.csv");
        continue;
      }
      result.list.entries[it->second].aliases.push_back(std::move(alias));
      ++report.aliases;
      progress.Record(bytes_before + reader.bytes_read());
    }
    report.lines_read += reader.lines_read();
    bytes_before += reader.bytes_read();
  }

  if (add != nullptr) {
    CsvReader reader(*add, "add.csv", options.max_record_bytes);
    for (;;) {
      GW_ASSIGN_OR_RETURN(bool more, reader.Next(&f));
      if (!more) break;
      if (f.size() != kAddColumns) {
        return reader.Error("expected " + std::to_string(kAddColumns) + " fields, found " +
                            std::to_string(f.size()));
      }
      long ent_num = 0;
      if (!ParseEntNum(TrimAscii(f[0]), &ent_num)) {
        return reader.Error("ent_num '" + TrimAscii(f[0]) + "' is not a positive integer");
      }
      auto it = by_ent_num.find(ent_num);
      if (it == by_ent_num.end()) {
        Reject(&report, options, "add.csv", reader.record_line(),
               "ent_num " + std::to_string(ent_num) + " is not in sdn.csv");
        continue;
      }
      Address address{OfacField(f[2]), OfacField(f[3]), OfacField(f[4]), ""};
      result.list.entries[it->second].addresses.push_back(std::move(address));
      ++report.addresses;
      progress.Record(bytes_before + reader.bytes_read());
    }
    report.lines_read += reader.lines_read();
    bytes_before += reader.bytes_read();
  }
  progress.Finish(bytes_before);
  return result;
}

uint64_t FileSizeOrZero(const std::filesystem::path& p) {
  std::error_code ec;
  auto size = std::filesystem::file_size(p, ec);
  return ec ? 0 : static_cast<uint64_t>(size);
}

std::vector<std::string> SplitTrimmed(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(sep, start);
    if (end == std::string::npos) end = s.size();
    std::string t = TrimAscii(std::string_view(s).substr(start, end - start));
    if (!t.empty()) out.push_back(std::move(t));
    start = end + 1;
  }
  return out;
}

}  // namespace

bool IsValidBic(std::string_view bic) {
  if (bic.size() != 8 && bic.size() != 11) return false;
  for (size_t i = 0; i < bic.size(); ++i) {
    char c = bic[i];
    bool upper = c >= 'A' && c <= 'Z';
    bool digit = c >= '0' && c <= '9';
    if (i < 6 ? !upper : !(upper || digit)) return false;
  }
  return true;
}

StatusOr<ImportResult> ImportOfacSdn(std::istream& sdn, std::istream* alt, std::istream* add,
                                     const ImportOptions& options) {
  return ImportOfacSdnImpl(sdn, alt, add, options, 0);
}

StatusOr<ImportResult> ImportOfacSdnDirectory(const std::filesystem::path& dir,
                                              const ImportOptions& options) {
  std::ifstream sdn(dir / "sdn.csv", std::ios::binary);
  if (!sdn) return NotFound("cannot open " + (dir / "sdn.csv").string());
  std::ifstream alt, add;
  std::istream* alt_ptr = nullptr;
  std::istream* add_ptr = nullptr;
  uint64_t total = FileSizeOrZero(dir / "sdn.csv");
  if (std::filesystem::exists(dir / "alt.csv")) {
    alt.open(dir / "alt.csv", std::ios::binary);
    if (!alt) return NotFound("cannot open " + (dir / "alt.csv").string());
    alt_ptr = &alt;
    total += FileSizeOrZero(dir / "alt.csv");
  }
  if (std::filesystem::exists(dir / "add.csv")) {
    add.open(dir / "add.csv", std::ios::binary);
    if (!add) return NotFound("cannot open " + (dir / "add.csv").string());
    add_ptr = &add;
    total += FileSizeOrZero(dir / "add.csv");
  }
  return ImportOfacSdnImpl(sdn, alt_ptr, add_ptr, options, total);
}

StatusOr<ImportResult> ImportWatchlist(std::istream& csv, const ImportOptions& options) {
  static const char* const kHeader[] = {"name", "aliases",   "country",
                                        "bic",  "list name", "reference"};
  constexpr size_t kColumns = 6;
  ImportResult result;
  result.list.name = options.list_name.empty() ? "WATCHLIST" : options.list_name;
  result.list.version = options.list_version;
  ImportReport& report = result.report;
  Progress progress(options, 0);
  CsvReader reader(csv, "watchlist.csv", options.max_record_bytes);
  std::vector<std::string> f;
  GW_ASSIGN_OR_RETURN(bool has_header, reader.Next(&f));
  if (!has_header) return InvalidArgument("watchlist.csv line 1: empty file (header missing)");
  if (f.size() != kColumns) {
    return reader.Error("header has " + std::to_string(f.size()) + " columns, expected " +
                        std::to_string(kColumns));
  }
  for (size_t i = 0; i < kColumns; ++i) {
    std::string got = TrimAscii(f[i]);
    for (char& c : got) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (got != kHeader[i]) {
      return reader.Error("header column " + std::to_string(i + 1) + " is '" + TrimAscii(f[i]) +
                          "', expected '" + kHeader[i] + "'");
    }
  }
  std::unordered_map<std::string, uint64_t> seen;  // list name + '\n' + reference -> line
  for (;;) {
    GW_ASSIGN_OR_RETURN(bool more, reader.Next(&f));
    if (!more) break;
    if (f.size() != kColumns) {
      return reader.Error("expected " + std::to_string(kColumns) + " fields, found " +
                          std::to_string(f.size()));
    }
    ListEntry entry;
    entry.primary_name = TrimAscii(f[0]);
    if (entry.primary_name.empty()) return reader.Error("required field 'name' is empty");
    entry.entry_id = TrimAscii(f[5]);
    if (entry.entry_id.empty()) return reader.Error("required field 'reference' is empty");
    entry.reference = entry.entry_id;
    entry.list_name = TrimAscii(f[4]);
    if (entry.list_name.empty()) entry.list_name = result.list.name;
    for (std::string& a : SplitTrimmed(f[1], ';')) entry.aliases.push_back({std::move(a), ""});
    std::string country = TrimAscii(f[2]);
    if (!country.empty()) {
      Address address;
      address.country = country;
      if (country.size() == 2 && std::isalpha(static_cast<unsigned char>(country[0])) &&
          std::isalpha(static_cast<unsigned char>(country[1]))) {
        address.country_iso2 = ToUpperAscii(country);
      }
      entry.addresses.push_back(std::move(address));
    }
    for (const std::string& b : SplitTrimmed(f[3], ';')) {
      std::string bic = ToUpperAscii(b);
      if (!IsValidBic(bic)) return reader.Error("invalid BIC '" + b + "'");
      entry.bics.push_back(std::move(bic));
    }
    std::string key = entry.list_name + '\n' + entry.entry_id;
    if (auto it = seen.find(key); it != seen.end()) {
      Reject(&report, options, "watchlist.csv", reader.record_line(),
             "duplicate reference '" + entry.entry_id + "' (first on line " +
                 std::to_string(it->second) + ")");
      continue;
    }
    if (result.list.entries.size() >= options.max_entries) {
      return reader.Error("more than " + std::to_string(options.max_entries) + " entries");
    }
    seen.emplace(std::move(key), reader.record_line());
    report.aliases += entry.aliases.size();
    report.addresses += entry.addresses.size();
    ++report.entries;
    result.list.entries.push_back(std::move(entry));
    progress.Record(reader.bytes_read());
  }
  report.lines_read = reader.lines_read();
  progress.Finish(reader.bytes_read());
  return result;
}

StatusOr<ImportResult> ImportWatchlistFile(const std::filesystem::path& file,
                                           const ImportOptions& options) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return NotFound("cannot open " + file.string());
  return ImportWatchlist(in, options);
}

}  // namespace gw::compliance
