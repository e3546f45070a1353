// File: gateway/compliance/list_model.h
//
// The in-memory model every sanctions / watch list is parsed into, whatever its
// publisher's format (OFAC SDN CSV, UN consolidated XML, EU consolidated XML, the
// bank's own watch-list CSV), and the report an import produces.
//
// Plain value types: no invariants beyond those documented on the fields. A
// SanctionsList is built once by an importer and then shared read-only
// (std::shared_ptr<const SanctionsList>); reading a const list from many threads is
// safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace gw::compliance {

enum class EntryType {
  kUnknown,  // the source does not say (the bank's watch list)
  kIndividual,
  kEntity,
  kVessel,
  kAircraft,
};

std::string_view EntryTypeName(EntryType type);

struct Alias {
  std::string name;     // as published (UTF-8)
  std::string quality;  // "aka", "fka", "nka", "Good", "Low", "strong", ... or empty
};

struct Address {
  std::string street;        // street / address lines as published
  std::string city;          // city, state, postal code as published
  std::string country;       // country as published (a name or a code)
  std::string country_iso2;  // ISO 3166-1 alpha-2 when the source gives one, else empty
};

struct ListEntry {
  std::string list_name;  // e.g. "OFAC-SDN", "UN-SC", "EU-FSF", or the watch list's own
  std::string entry_id;   // the publisher's stable id (ent_num, DATAID, logicalId, reference)
  std::string reference;  // a secondary reference (UN REFERENCE_NUMBER, EU reference), if any
  EntryType type = EntryType::kUnknown;
  std::string primary_name;  // as published (UTF-8); OFAC individuals are "LAST, First Middle"
  std::vector<Alias> aliases;
  std::vector<Address> addresses;
  std::vector<std::string> bics;           // upper-case, 8 or 11 characters, validated
  std::vector<std::string> nationalities;  // nationality / citizenship, as published
  std::vector<std::string> programmes;     // sanctions programmes / regimes
  std::string remarks;
};

// One list as distributed by one publisher, at one version.
struct SanctionsList {
  std::string name;     // the list's name, e.g. "OFAC-SDN"
  std::string version;  // the publisher's date / version or the importer's label
  std::vector<ListEntry> entries;
};

// A record an importer skipped without refusing the whole file (e.g. an OFAC alias
// whose ent_num is not in sdn.csv, or a duplicate entry id).
struct RejectedRecord {
  std::string file;   // "sdn.csv", "alt.csv", "consolidated.xml", ...
  uint64_t line = 0;  // 1-based line where the record starts
  std::string reason;
};

struct ImportReport {
  uint64_t entries = 0;
  uint64_t aliases = 0;
  uint64_t addresses = 0;
  uint64_t lines_read = 0;               // physical lines (CSV) or last line seen (XML)
  uint64_t rejected_count = 0;           // every rejection, even beyond the ones kept below
  std::vector<RejectedRecord> rejected;  // at most ImportOptions::max_rejected_kept
};

// Called by importers every ImportOptions::progress_every_records records and once
// at the end. `bytes_read` counts the bytes consumed so far; `total_bytes` is the
// input's size when known, else 0.
using ProgressCallback =
    std::function<void(uint64_t bytes_read, uint64_t total_bytes, uint64_t records)>;

struct ImportOptions {
  std::string list_name;     // empty: the format's default ("OFAC-SDN", "UN-SC", "EU-FSF")
  std::string list_version;  // empty: taken from the file when it says (XML dates), else ""
  ProgressCallback progress;
  uint64_t progress_every_records = 1000;
  // Bounds. A CSV record (which may span lines inside quotes) or an XML text / attribute
  // value longer than max_record_bytes is refused, as are files with more entries.
  size_t max_record_bytes = 64 * 1024;
  size_t max_entries = 2'000'000;
  size_t max_rejected_kept = 1000;
};

struct ImportResult {
  SanctionsList list;
  ImportReport report;
};

}  // namespace gw::compliance
