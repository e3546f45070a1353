// File: gateway/compliance/list_import.h
//
// Importers for the sanctions / watch lists, each in its publisher's own
// distribution format, into the common model (list_model.h):
//
//   OFAC SDN (CSV)   sdn.csv + alt.csv + add.csv, no header lines, "-0-" = empty.
//   UN SC (XML)      CONSOLIDATED_LIST/INDIVIDUALS/INDIVIDUAL, ENTITIES/ENTITY.
//   EU FSF (XML)     export/sanctionEntity, namespace http://eu.europa.ec/fpi/fsd/export.
//   Watch list (CSV) header "name,aliases,country,bic,list name,reference",
//                    aliases separated by ';'.
//
// Contracts (all importers):
//   * Streaming: memory is bounded per record (ImportOptions::max_record_bytes) plus
//     the model being built; at most ImportOptions::max_entries entries.
//   * Strict: a structurally malformed file (wrong column count, unterminated quote,
//     missing required field, malformed XML, a DOCTYPE, an unexpected root element) is
//     refused with InvalidArgument "<file> line <n>: <problem>"; nothing is returned.
//   * Records that are well-formed but cannot be used (an OFAC alias or address whose
//     ent_num is not in sdn.csv, a duplicate entry id, an invalid BIC) are skipped and
//     listed in ImportReport::rejected with their line and reason.
//   * XML is parsed with Xerces-C SAX2 with DTD loading, external entities and
//     namespaces-as-attributes disabled; a document with a DOCTYPE is refused.
//   * Thread-safe: importers share no state (Xerces is initialised once, lazily).
#pragma once

#include <filesystem>
#include <istream>

#include "core/status.h"
#include "gateway/compliance/list_model.h"

namespace gw::compliance {

// OFAC SDN from streams. `alt` and `add` may be null (the list then has no aliases /
// addresses). Default list name "OFAC-SDN".
StatusOr<ImportResult> ImportOfacSdn(std::istream& sdn, std::istream* alt, std::istream* add,
                                     const ImportOptions& options);
// OFAC SDN from a directory holding sdn.csv and, optionally, alt.csv and add.csv.
StatusOr<ImportResult> ImportOfacSdnDirectory(const std::filesystem::path& dir,
                                              const ImportOptions& options);

// UN Security Council consolidated list (XML). Default list name "UN-SC"; the version
// defaults to the root's dateGenerated attribute.
StatusOr<ImportResult> ImportUnConsolidated(std::istream& xml, const ImportOptions& options);
StatusOr<ImportResult> ImportUnConsolidatedFile(const std::filesystem::path& file,
                                                const ImportOptions& options);

// EU consolidated financial sanctions list (XML). Default list name "EU-FSF"; the
// version defaults to the root's generationDate attribute.
StatusOr<ImportResult> ImportEuConsolidated(std::istream& xml, const ImportOptions& options);
StatusOr<ImportResult> ImportEuConsolidatedFile(const std::filesystem::path& file,
                                                const ImportOptions& options);

// The bank's own watch list (CSV with header). Each row's "list name" column becomes
// the entry's list_name (empty: ImportOptions::list_name, default "WATCHLIST").
StatusOr<ImportResult> ImportWatchlist(std::istream& csv, const ImportOptions& options);
StatusOr<ImportResult> ImportWatchlistFile(const std::filesystem::path& file,
                                           const ImportOptions& options);

// True when `bic` is a syntactically valid BIC: 4 letters (institution), 2 letters
// (country), 2 alphanumerics (location), optionally 3 alphanumerics (branch).
// Upper case only; callers normalise case first.
bool IsValidBic(std::string_view bic);

}  // namespace gw::compliance
