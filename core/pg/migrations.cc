#include "core/pg/migrations.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <pqxx/pqxx>
#include <regex>
#include <sstream>

namespace gw::pg {

namespace {

// An arbitrary constant naming the migration lock among advisory locks.
constexpr long long kMigrationLockKey = 7'204'611'001;

StatusOr<std::string> ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return NotFound("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void EnsureTable(pqxx::connection& conn) {
  pqxx::work w(conn);
  w.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version integer PRIMARY KEY,"
      " name text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
  w.commit();
}

std::vector<int> AppliedVersions(pqxx::connection& conn) {
  pqxx::read_transaction r(conn);
  std::vector<int> out;
  for (const auto& row : r.exec("SELECT version FROM schema_migrations ORDER BY version"))
    out.push_back(row[0].as<int>());
  return out;
}

class AdvisoryLock {
 public:
  explicit AdvisoryLock(pqxx::connection& conn) : conn_(conn) {
    pqxx::nontransaction n(conn_);
    n.exec("SELECT pg_advisory_lock(" + std::to_string(kMigrationLockKey) + ")");
  }
  ~AdvisoryLock() {
    try {
      pqxx::nontransaction n(conn_);
      n.exec("SELECT pg_advisory_unlock(" + std::to_string(kMigrationLockKey) + ")");
    } catch (...) {
      // The lock dies with the session anyway.
    }
  }

 private:
  pqxx::connection& conn_;
};

}  // namespace

StatusOr<std::vector<Migration>> LoadMigrations(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return NotFound("migrations directory " + dir.string() + " does not exist");
  static const std::regex kName(R"(^(\d{4})_([a-z0-9_]+)\.(up|down)\.sql$)");
  std::map<int, Migration> by_version;
  std::map<int, std::pair<bool, bool>> seen;  // up, down
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string file = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    std::smatch m;
    if (!std::regex_match(file, m, kName))
      return InvalidArgument("migration file " + file +
                             " is not named NNNN_name.up.sql or NNNN_name.down.sql");
    const int version = std::stoi(m[1].str());
    auto& mig = by_version[version];
    if (!mig.name.empty() && mig.name != m[2].str())
      return InvalidArgument("two migrations share version " + m[1].str() + ": " + mig.name +
                             " and " + m[2].str());
    mig.version = version;
    mig.name = m[2].str();
    GW_ASSIGN_OR_RETURN(std::string sql, ReadFile(entry.path()));
    if (m[3] == "up") {
      mig.up_sql = std::move(sql);
      seen[version].first = true;
    } else {
      mig.down_sql = std::move(sql);
      seen[version].second = true;
    }
  }
  std::vector<Migration> out;
  for (auto& [version, mig] : by_version) {
    if (!seen[version].first)
      return InvalidArgument("migration " + std::to_string(version) + "_" + mig.name + " has no .up.sql");
    if (!seen[version].second)
      return InvalidArgument("migration " + std::to_string(version) + "_" + mig.name + " has no .down.sql");
    out.push_back(std::move(mig));
  }
  return out;
}

StatusOr<int> CurrentVersion(pqxx::connection& conn) {
  try {
    pqxx::read_transaction r(conn);
    auto exists = r.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL");
    if (!exists[0].as<bool>()) return 0;
    auto row = r.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations");
    return row[0].as<int>();
  } catch (...) {
    return StatusFromCurrentException();
  }
}

StatusOr<MigrationResult> MigrateUp(pqxx::connection& conn, const std::vector<Migration>& all) {
  try {
    AdvisoryLock lock(conn);
    EnsureTable(conn);
    const auto applied = AppliedVersions(conn);
    MigrationResult result;
    result.version_before = applied.empty() ? 0 : applied.back();
    result.version_after = result.version_before;
    for (const auto& mig : all) {
      if (std::find(applied.begin(), applied.end(), mig.version) != applied.end()) continue;
      try {
        pqxx::work w(conn);
        w.exec(mig.up_sql);
        w.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", mig.version,
                      mig.name);
        w.commit();
      } catch (...) {
        return StatusFromCurrentException().WithContext(
            "migration " + std::to_string(mig.version) + "_" + mig.name + " failed");
      }
      result.applied.push_back(mig);
      result.version_after = mig.version;
    }
    return result;
  } catch (...) {
    return StatusFromCurrentException();
  }
}

StatusOr<MigrationResult> RollbackLast(pqxx::connection& conn, const std::vector<Migration>& all) {
  try {
    AdvisoryLock lock(conn);
    EnsureTable(conn);
    const auto applied = AppliedVersions(conn);
    MigrationResult result;
    result.version_before = applied.empty() ? 0 : applied.back();
    result.version_after = result.version_before;
    if (applied.empty()) return result;
    const int last = applied.back();
    auto it = std::find_if(all.begin(), all.end(), [&](const Migration& m) { return m.version == last; });
    if (it == all.end())
      return FailedPrecondition("applied migration " + std::to_string(last) +
                                " has no files in the migrations directory; cannot roll it back");
    try {
      pqxx::work w(conn);
      w.exec(it->down_sql);
      w.exec_params("DELETE FROM schema_migrations WHERE version = $1", last);
      w.commit();
    } catch (...) {
      return StatusFromCurrentException().WithContext(
          "rollback of migration " + std::to_string(last) + "_" + it->name + " failed");
    }
    result.applied.push_back(*it);
    result.version_after = applied.size() >= 2 ? applied[applied.size() - 2] : 0;
    return result;
  } catch (...) {
    return StatusFromCurrentException();
  }
}

}  // namespace gw::pg
