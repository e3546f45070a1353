// File: core/pg/migrations.h
//
// Versioned schema migrations. A migration is a pair of files in one directory:
//   NNNN_name.up.sql     applies it
//   NNNN_name.down.sql   undoes it
// Applied versions are recorded in schema_migrations. Each migration runs in its
// own transaction; the whole run holds a PostgreSQL advisory lock, so two
// `gatewayctl migrate` at once are safe (the second waits, then finds nothing to do).
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/pg/pool.h"
#include "core/status.h"

namespace gw::pg {

struct Migration {
  int version = 0;
  std::string name;
  std::string up_sql;
  std::string down_sql;
};

// Reads and orders the migrations in `dir`. Fails (kInvalidArgument, naming the
// file) on a missing up or down step, a duplicate version or a badly named file.
StatusOr<std::vector<Migration>> LoadMigrations(const std::filesystem::path& dir);

struct MigrationResult {
  std::vector<Migration> applied;  // in the order applied (or rolled back)
  int version_before = 0;
  int version_after = 0;
};

// Applies every pending migration in version order.
StatusOr<MigrationResult> MigrateUp(pqxx::connection& conn, const std::vector<Migration>& all);

// Undoes the last applied migration (none applied: an empty result).
StatusOr<MigrationResult> RollbackLast(pqxx::connection& conn, const std::vector<Migration>& all);

// The highest applied version (0 when none, or when schema_migrations is absent).
StatusOr<int> CurrentVersion(pqxx::connection& conn);

}  // namespace gw::pg
