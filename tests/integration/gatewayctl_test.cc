// gatewayctl's database commands: migrations up, down and up again; concurrent
// migrate; seed and operator add, each safe to run twice.
#include <catch2/catch.hpp>
#include <fstream>
#include <filesystem>
#include <future>

#include "tests/support/test_env.h"

using namespace gw::test;

namespace {
ProcessResult Ctl(const TestDatabase& db, std::vector<std::string> args, const std::string& stdin_text = "") {
  args.insert(args.begin(), BinaryPath("gatewayctl"));
  return Run(args, {{"DATABASE_URL", db.url()}}, stdin_text);
}
int MigrationCount() {
  int n = 0;
  for (const auto& e : std::filesystem::directory_iterator(SourcePath("schemas/migrations")))
    n += e.path().string().size() > 7 && e.path().string().ends_with(".up.sql");
  return n;
}
}  // namespace

TEST_CASE("migrate applies every migration, rollback undoes them one by one, migrate again restores",
          "[integration][migrations]") {
  TestDatabase db(false);
  const int total = MigrationCount();
  REQUIRE(total >= 1);
  auto r = Ctl(db, {"migrate"});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(db.Scalar("SELECT count(*) FROM schema_migrations") == std::to_string(total));
  CHECK(db.Scalar("SELECT to_regclass('audit_logs') IS NOT NULL") == "t");

  r = Ctl(db, {"migrate"});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("nothing to apply") != std::string::npos);

  for (int i = total; i > 0; --i) {
    r = Ctl(db, {"migrate:rollback"});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    CHECK(r.output.find("rolled back") != std::string::npos);
    CHECK(db.Scalar("SELECT count(*) FROM schema_migrations") == std::to_string(i - 1));
  }
  CHECK(db.Scalar("SELECT to_regclass('audit_logs') IS NULL") == "t");
  CHECK(db.Scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'schema_migrations'") == "0");
  r = Ctl(db, {"migrate:rollback"});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("nothing to roll back") != std::string::npos);

  r = Ctl(db, {"migrate"});
  REQUIRE(r.exit_code == 0);
  CHECK(db.Scalar("SELECT count(*) FROM schema_migrations") == std::to_string(total));
  r = Ctl(db, {"migrate:status"});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("pending") == std::string::npos);
}

TEST_CASE("two migrate runs at once are safe", "[integration][migrations]") {
  TestDatabase db(false);
  auto a = std::async(std::launch::async, [&] { return Ctl(db, {"migrate"}); });
  auto b = std::async(std::launch::async, [&] { return Ctl(db, {"migrate"}); });
  auto ra = a.get();
  auto rb = b.get();
  INFO(ra.output << rb.output);
  CHECK(ra.exit_code == 0);
  CHECK(rb.exit_code == 0);
  CHECK(db.Scalar("SELECT count(*) FROM schema_migrations") == std::to_string(MigrationCount()));
}

TEST_CASE("migrate without a database says so and exits non-zero", "[integration][migrations]") {
  auto r = Run({BinaryPath("gatewayctl"), "migrate"}, {{"DATABASE_URL", "postgresql://x:pw-123456@127.0.0.1:1/none"}});
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("cannot connect to the database") != std::string::npos);
  CHECK(r.output.find("pw-123456") == std::string::npos);
}

TEST_CASE("operator add creates an audited operator and refuses a duplicate", "[integration][operators]") {
  TestDatabase db;
  auto r = Ctl(db, {"operator", "add", "--username", "alice", "--role", "checker", "--password-stdin"},
               "correct horse battery\n");
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(db.Scalar("SELECT role FROM operators WHERE username = 'alice'") == "checker");
  CHECK(db.Scalar("SELECT password_hash LIKE 'scrypt$%' FROM operators WHERE username = 'alice'") == "t");
  CHECK(db.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'operator.create' AND entity_id = 'alice'") == "1");
  CHECK(db.Scalar("SELECT count(*) FROM audit_logs WHERE after::text LIKE '%correct horse%'") == "0");

  r = Ctl(db, {"operator", "add", "--username", "alice", "--role", "checker", "--password-stdin"},
          "correct horse battery\n");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("already exists") != std::string::npos);

  r = Ctl(db, {"operator", "add", "--username", "bob", "--role", "boss", "--password-stdin"}, "long enough password\n");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("role must be one of") != std::string::npos);
  r = Ctl(db, {"operator", "add", "--username", "bob", "--role", "maker", "--password-stdin"}, "short\n");
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("at least 12 characters") != std::string::npos);
}

TEST_CASE("seed creates the operators in a file and changes nothing when run again", "[integration][operators]") {
  TestDatabase db;
  auto hash = Ctl(db, {"operator", "hash-password"}, "a seeded password\n");
  REQUIRE(hash.exit_code == 0);
  std::string h = hash.output.substr(0, hash.output.find('\n'));
  TempDir dir;
  const std::string file = dir.path() + "/operators.toml";
  std::ofstream(file) << "[[operator]]\nusername = \"carol\"\nrole = \"maker\"\npassword_hash = \"" << h
                      << "\"\n\n[[operator]]\nusername = \"dave\"\nrole = \"checker\"\npassword_hash = \"" << h
                      << "\"\n";
  auto r = Ctl(db, {"seed", "--file", file});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("2 created, 0 updated, 0 unchanged") != std::string::npos);
  r = Ctl(db, {"seed", "--file", file});
  REQUIRE(r.exit_code == 0);
  CHECK(r.output.find("0 created, 0 updated, 2 unchanged") != std::string::npos);
  CHECK(db.Scalar("SELECT count(*) FROM operators") == "2");

  std::ofstream(file) << "[[operator]]\nusername = \"carol\"\nrole = \"superuser\"\npassword_hash = \"" << h << "\"\n";
  r = Ctl(db, {"seed", "--file", file});
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("operators.toml:1: role must be one of") != std::string::npos);
  CHECK(db.Scalar("SELECT role FROM operators WHERE username = 'carol'") == "maker");
}

TEST_CASE("demo-operators creates one operator per role and prints the passwords once", "[integration][operators]") {
  TestDatabase db;
  auto r = Run({BinaryPath("gatewayctl"), "demo-operators"}, {{"DATABASE_URL", db.url()}});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  for (const char* role : {"admin", "maker", "checker", "compliance", "auditor"})
    CHECK(r.output.find(std::string("demo-") + role) != std::string::npos);
  r = Run({BinaryPath("gatewayctl"), "demo-operators"}, {{"DATABASE_URL", db.url()}});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("already exist") != std::string::npos);
  r = Run({BinaryPath("gatewayctl"), "demo-operators"},
          {{"DATABASE_URL", db.url()}, {"GATEWAY_DEMO_PASSWORD", "demo-password-123"}});
  CHECK(r.exit_code == 0);
  CHECK(r.output.find("demo-password-123") != std::string::npos);
  CHECK(db.Scalar("SELECT count(*) FROM operators") == "5");
}
