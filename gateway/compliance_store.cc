// File: gateway/compliance_store.cc
#include "gateway/compliance_store.h"

#include <algorithm>
#include <pqxx/pqxx>

#include "core/clock.h"
#include "core/pg/audit.h"
#include "core/pg/pool.h"

namespace gw::gateway {

using nlohmann::json;

namespace {

constexpr size_t kEntriesPerStatement = 500;

compliance::EntryType ParseEntryType(const std::string& s) {
  using compliance::EntryType;
  for (EntryType t : {EntryType::kIndividual, EntryType::kEntity, EntryType::kVessel, EntryType::kAircraft}) {
    if (compliance::EntryTypeName(t) == s) return t;
  }
  return EntryType::kUnknown;
}

std::vector<std::string> Strings(const json& j, const char* key) {
  std::vector<std::string> out;
  if (auto it = j.find(key); it != j.end() && it->is_array()) {
    for (const auto& v : *it)
      if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

StoredListVersion VersionFromRow(const pqxx::row& r) {
  StoredListVersion v;
  v.id = r["id"].as<int64_t>();
  v.list_name = r["list_name"].as<std::string>();
  v.version = r["version"].as<std::string>();
  v.format = r["format"].as<std::string>();
  v.status = r["status"].as<std::string>();
  v.entries = r["entries"].as<int64_t>();
  v.aliases = r["aliases"].as<int64_t>();
  v.rejected = r["rejected"].as<int64_t>();
  v.source = r["source"].as<std::string>();
  v.imported_by = r["imported_by"].as<std::string>();
  v.imported_at = r["imported_at"].as<std::string>();
  return v;
}

constexpr const char* kVersionColumns =
    "id, list_name, version, format, status, entries, aliases, rejected, source, imported_by, "
    "to_char(imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS imported_at";

}  // namespace

json EntryToJson(const compliance::ListEntry& e) {
  json aliases = json::array();
  for (const auto& a : e.aliases) aliases.push_back({{"name", a.name}, {"quality", a.quality}});
  json addresses = json::array();
  for (const auto& a : e.addresses)
    addresses.push_back({{"street", a.street}, {"city", a.city}, {"country", a.country}, {"country_iso2", a.country_iso2}});
  return json{{"list_name", e.list_name},
              {"entry_id", e.entry_id},
              {"reference", e.reference},
              {"type", std::string(compliance::EntryTypeName(e.type))},
              {"primary_name", e.primary_name},
              {"aliases", std::move(aliases)},
              {"addresses", std::move(addresses)},
              {"bics", e.bics},
              {"nationalities", e.nationalities},
              {"programmes", e.programmes},
              {"remarks", e.remarks}};
}

compliance::ListEntry EntryFromJson(const json& j) {
  compliance::ListEntry e;
  e.list_name = Str(j, "list_name");
  e.entry_id = Str(j, "entry_id");
  e.reference = Str(j, "reference");
  e.type = ParseEntryType(Str(j, "type"));
  e.primary_name = Str(j, "primary_name");
  if (auto it = j.find("aliases"); it != j.end() && it->is_array()) {
    for (const auto& a : *it) e.aliases.push_back({Str(a, "name"), Str(a, "quality")});
  }
  if (auto it = j.find("addresses"); it != j.end() && it->is_array()) {
    for (const auto& a : *it)
      e.addresses.push_back({Str(a, "street"), Str(a, "city"), Str(a, "country"), Str(a, "country_iso2")});
  }
  e.bics = Strings(j, "bics");
  e.nationalities = Strings(j, "nationalities");
  e.programmes = Strings(j, "programmes");
  e.remarks = Str(j, "remarks");
  return e;
}

StatusOr<StoredListVersion> StoreListVersion(pqxx::dbtransaction& txn, const compliance::ImportResult& imported,
                                             const StoreListOptions& options) {
  const auto& list = imported.list;
  if (list.name.empty()) return InvalidArgument("the list has no name");
  if (list.entries.empty()) return InvalidArgument("list " + list.name + " has no entries; the version in force is kept");
  const std::string version =
      list.version.empty() ? FormatIso8601Utc(std::chrono::system_clock::now()).substr(0, 19) + "Z" : list.version;

  // The version in force, locked: a concurrent import of the same list waits.
  auto in_force = txn.exec_params(
      "SELECT id, entries, version FROM sanctions_list_versions WHERE list_name = $1 AND status = 'ACTIVE' FOR UPDATE",
      list.name);
  bool forced_drop = false;
  if (!in_force.empty()) {
    const auto before = in_force[0][1].as<int64_t>();
    const auto after = static_cast<int64_t>(list.entries.size());
    if (static_cast<double>(after) < static_cast<double>(before) * (1.0 - options.max_drop_share)) {
      const int64_t drop_percent = (before - after) * 100 / std::max<int64_t>(before, 1);
      if (!options.force) {
        return FailedPrecondition("list " + list.name + ": the new version holds " + std::to_string(after) +
                                  " entries, the version in force (" + in_force[0][2].as<std::string>() + ") " +
                                  std::to_string(before) + ": a drop of " + std::to_string(drop_percent) +
                                  "%, more than the " + std::to_string(static_cast<int>(options.max_drop_share * 100)) +
                                  "% allowed. Is the file complete? If the list really shrank, import it with --force");
      }
      forced_drop = true;
    }
  }
  auto previous = txn.exec_params(
      "UPDATE sanctions_list_versions SET status = 'SUPERSEDED', superseded_at = now() "
      "WHERE list_name = $1 AND status = 'ACTIVE' RETURNING id",
      list.name);
  auto row = txn.exec_params1(
      std::string("INSERT INTO sanctions_list_versions (list_name, version, format, status, entries, aliases, rejected, "
                  "source, sha256, imported_by) VALUES ($1, $2, $3, 'ACTIVE', $4, $5, $6, $7, $8, $9) RETURNING ") +
          kVersionColumns,
      list.name, version, options.format, static_cast<int64_t>(list.entries.size()),
      static_cast<int64_t>(imported.report.aliases), static_cast<int64_t>(imported.report.rejected_count),
      options.source, options.sha256, options.actor);
  StoredListVersion stored = VersionFromRow(row);
  if (!previous.empty()) stored.superseded_id = previous[0][0].as<int64_t>();

  const uint64_t total = list.entries.size();
  for (size_t start = 0; start < list.entries.size(); start += kEntriesPerStatement) {
    json batch = json::array();
    const size_t end = std::min(list.entries.size(), start + kEntriesPerStatement);
    for (size_t i = start; i < end; ++i) batch.push_back(EntryToJson(list.entries[i]));
    txn.exec_params(
        "INSERT INTO sanctions_entries (version_id, entry_id, entry) "
        "SELECT $1, e->>'entry_id', e FROM jsonb_array_elements($2::jsonb) AS e",
        stored.id, pg::JsonParam(batch));
    if (options.progress) options.progress(end, total);
  }
  pg::WriteAudit(txn, pg::AuditEntry{options.actor, "sanctions.import", "sanctions_list", list.name,
                                     stored.superseded_id ? std::optional<json>(json{{"version_id", stored.superseded_id}})
                                                          : std::nullopt,
                                     json{{"version_id", stored.id}, {"version", version}, {"entries", stored.entries},
                                          {"aliases", stored.aliases}, {"rejected", stored.rejected}},
                                     "", json{{"format", options.format}, {"source", options.source},
                                              {"sha256", options.sha256}, {"forced_drop", forced_drop}}});
  txn.exec("NOTIFY compliance_lists");
  return stored;
}

StatusOr<std::vector<StoredListVersion>> ListVersions(pqxx::dbtransaction& txn, bool active_only) {
  std::vector<StoredListVersion> out;
  auto rows = txn.exec(std::string("SELECT ") + kVersionColumns + " FROM sanctions_list_versions" +
                       (active_only ? " WHERE status = 'ACTIVE'" : "") + " ORDER BY id DESC LIMIT 500");
  for (const auto& r : rows) out.push_back(VersionFromRow(r));
  return out;
}

StatusOr<ActiveLists> LoadActiveLists(pqxx::dbtransaction& txn) {
  ActiveLists out;
  auto versions = txn.exec(std::string("SELECT ") + kVersionColumns +
                           " FROM sanctions_list_versions WHERE status = 'ACTIVE' ORDER BY id");
  for (const auto& v : versions) {
    StoredListVersion stored = VersionFromRow(v);
    auto list = std::make_shared<compliance::SanctionsList>();
    list->name = stored.list_name;
    list->version = stored.version;
    auto rows = txn.exec_params("SELECT entry::text FROM sanctions_entries WHERE version_id = $1 ORDER BY entry_id",
                                stored.id);
    list->entries.reserve(rows.size());
    for (const auto& r : rows) {
      json j = json::parse(r[0].c_str(), nullptr, false);
      if (j.is_discarded() || !j.is_object())
        return Internal("list " + stored.list_name + " version " + std::to_string(stored.id) +
                        " has an unreadable entry");
      list->entries.push_back(EntryFromJson(j));
    }
    out.lists.push_back(std::move(list));
    out.versions.push_back(std::move(stored));
  }
  return out;
}

StatusOr<std::vector<ReleaseRule>> LoadActiveRules(pqxx::dbtransaction& txn) {
  std::vector<ReleaseRule> out;
  for (const auto& r : txn.exec("SELECT id, list_name, entry_id, party_name FROM compliance_rules "
                                "WHERE status = 'ACTIVE' ORDER BY id")) {
    out.push_back({r[0].as<int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(), r[3].as<std::string>()});
  }
  return out;
}

StatusOr<std::string> ComplianceStateKey(pqxx::dbtransaction& txn) {
  auto row = txn.exec1(
      "SELECT 'lists:' || coalesce((SELECT string_agg(id::text, ',' ORDER BY id) FROM sanctions_list_versions "
      "WHERE status = 'ACTIVE'), '') || ';rules:' || coalesce((SELECT string_agg(id::text, ',' ORDER BY id) "
      "FROM compliance_rules WHERE status = 'ACTIVE'), '')");
  return row[0].as<std::string>();
}

}  // namespace gw::gateway
