// File: gateway/compliance_store.h
//
// Sanctions / watch lists, screening outcomes and release rules in PostgreSQL.
// Every function works inside the caller's transaction.
//
// A list import is one transaction: the new version is inserted ACTIVE, the
// previous ACTIVE version of the same list becomes SUPERSEDED, and listeners on
// `compliance_lists` are notified at commit. Until the commit, screening keeps
// using the previous version; a failed import leaves it in force.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "gateway/compliance/list_model.h"

namespace pqxx {
class dbtransaction;
}

namespace gw::gateway {

// List formats as `gatewayctl sanctions import --format` names them.
inline constexpr const char* kListFormats[] = {"ofac-sdn", "un", "eu", "watchlist"};

struct StoredListVersion {
  int64_t id = 0;
  std::string list_name;
  std::string version;
  std::string format;
  std::string status;
  int64_t entries = 0;
  int64_t aliases = 0;
  int64_t rejected = 0;
  std::string source;
  std::string imported_by;
  std::string imported_at;
  int64_t superseded_id = 0;  // StoreListVersion: the version this one replaced (0: none)
};

struct StoreListOptions {
  std::string format;     // one of kListFormats
  std::string source;     // file names, for the record
  std::string sha256;     // of the files
  std::string actor;      // who imported
  // Called after every batch of entries written: (written, total).
  std::function<void(uint64_t, uint64_t)> progress;
  // A new version holding fewer entries than the version in force by more than
  // this share is refused (kFailedPrecondition): a file truncated at a record
  // boundary parses cleanly and would otherwise replace a full list. `force`
  // imports it anyway (a list that really shrank), and says so in the audit row.
  double max_drop_share = 0.10;
  bool force = false;
};

// Stores `imported` as the new ACTIVE version of its list (see above).
// An empty list version gets the import's UTC time as its version.
StatusOr<StoredListVersion> StoreListVersion(pqxx::dbtransaction& txn, const compliance::ImportResult& imported,
                                             const StoreListOptions& options);

// Versions, newest first; `active_only` limits to those in force.
StatusOr<std::vector<StoredListVersion>> ListVersions(pqxx::dbtransaction& txn, bool active_only);

struct ActiveLists {
  std::vector<std::shared_ptr<const compliance::SanctionsList>> lists;
  std::vector<StoredListVersion> versions;
};
// Every list in force, with its entries.
StatusOr<ActiveLists> LoadActiveLists(pqxx::dbtransaction& txn);

// A release rule in force: a hit of (list_name, entry_id) on a party named
// party_name (case-insensitive) is a known false positive.
struct ReleaseRule {
  int64_t id = 0;
  std::string list_name;
  std::string entry_id;
  std::string party_name;
};
StatusOr<std::vector<ReleaseRule>> LoadActiveRules(pqxx::dbtransaction& txn);

// What identifies the lists and rules in force: it changes whenever a list
// version or a rule comes into or goes out of force. Cheap (ids only).
StatusOr<std::string> ComplianceStateKey(pqxx::dbtransaction& txn);

// A list entry as stored (JSON) and back.
nlohmann::json EntryToJson(const compliance::ListEntry& entry);
compliance::ListEntry EntryFromJson(const nlohmann::json& j);

}  // namespace gw::gateway
