// Least privilege in the database: gatewayd runs as a runtime role that cannot
// switch off the guarantees the schema enforces, and refuses to run as a role
// that could.
#include <catch2/catch.hpp>

#include <pqxx/pqxx>

#include "tests/support/fixtures.h"

namespace gw::test {
namespace {

// Runs `sql` as the runtime role; the error text, or "" when it succeeded.
std::string AsRuntime(const TestDatabase& db, const std::string& sql) {
  try {
    pqxx::connection c(db.runtime_url());
    pqxx::work w(c);
    w.exec(sql);
    w.commit();
    return "";
  } catch (const std::exception& e) {
    return e.what();
  }
}

TEST_CASE("the runtime role cannot switch off a trigger, rewrite the audit trail or change the schema",
          "[integration][db][security]") {
  TestDatabase db;
  db.Scalar("INSERT INTO audit_logs (actor, action) VALUES ('test', 'test.seed')");
  // Row work gatewayd does is allowed.
  CHECK(AsRuntime(db, "INSERT INTO audit_logs (actor, action) VALUES ('gatewayd', 'test.insert')").empty());
  CHECK(AsRuntime(db, "SELECT count(*) FROM payments").empty());
  // What would switch the guarantees off is not.
  for (const std::string sql : {
           "ALTER TABLE audit_logs DISABLE TRIGGER audit_logs_no_update",
           "ALTER TABLE postings DISABLE TRIGGER ALL",
           "ALTER TABLE payments DROP CONSTRAINT payments_four_eyes",
           "DROP TRIGGER payments_zz_four_eyes ON payments",
           "SET session_replication_role = replica",
           "DELETE FROM audit_logs",
           "UPDATE audit_logs SET actor = 'someone else'",
           "TRUNCATE audit_logs",
           "UPDATE postings SET amount_minor = 0",
           "DELETE FROM journal_entries",
           "DELETE FROM payment_history",
           "DROP TRIGGER payments_zz_created ON payments",
           "INSERT INTO payment_transitions VALUES ('INITIATED', 'COMPLETED')",
           "CREATE TABLE shadow (id int)",
           "CREATE OR REPLACE FUNCTION payments_check_four_eyes() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$",
       }) {
    const std::string error = AsRuntime(db, sql);
    INFO(sql);
    CHECK_FALSE(error.empty());
    CHECK((error.find("permission denied") != std::string::npos || error.find("must be owner") != std::string::npos));
  }
  CHECK(db.Scalar("SELECT count(*) FROM audit_logs") == "2");
}

TEST_CASE("gatewayd refuses to run as a role that could switch off the database's guarantees",
          "[integration][db][security]") {
  TestDatabase db;
  // The owner's (here a superuser's) URL, as it is, not the runtime role's.
  auto r = Run({BinaryPath("gatewayd")}, {{"DATABASE_URL", db.url()}, {"PORT", std::to_string(FreePort())}},
               "", std::chrono::seconds(20));
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("database.url") != std::string::npos);
  CHECK(r.output.find("is a superuser") != std::string::npos);
  CHECK(r.output.find("docs/database-roles.md") != std::string::npos);
  // As the runtime role it starts and is healthy.
  Gatewayd gw(db.url());
  REQUIRE(gw.WaitReady());
  CHECK(WaitUntil([&] { return gw.Get("/health").status == 200; }, std::chrono::seconds(10)));
}

}  // namespace
}  // namespace gw::test
