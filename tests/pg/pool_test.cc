// The connection pool against a real PostgreSQL.
#include "core/pg/pool.h"

#include <catch2/catch.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "tests/support/test_env.h"

using namespace gw;

TEST_CASE("PgPool hands out at most `size` connections and times out politely", "[pg]") {
  test::TestDatabase db(false);
  pg::PgPool pool({db.url(), 2, std::chrono::milliseconds(200)});
  auto a = pool.Acquire();
  auto b = pool.Acquire();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(pool.Stats().in_use == 2);
  auto c = pool.Acquire();
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == StatusCode::kResourceExhausted);
  { auto released = std::move(a).value(); }
  CHECK(pool.Stats().idle == 1);
  auto d = pool.Acquire();
  CHECK(d.ok());
}

namespace {

int BackendPid(pqxx::connection& conn) {
  pqxx::nontransaction n(conn);
  return n.exec1("SELECT pg_backend_pid()")[0].as<int>();
}

// Terminates a backend and waits (up to 5 s) until its process has gone.
void TerminateBackend(test::TestDatabase& db, int pid) {
  REQUIRE(db.Scalar("SELECT pg_terminate_backend(" + std::to_string(pid) + ", 5000)") == "t");
}

}  // namespace

TEST_CASE("PgPool replaces an idle connection the server closed, without failing the caller",
          "[pg][fault]") {
  test::TestDatabase db(false);
  pg::PgPool pool({db.url(), 1});
  int pid = 0;
  {
    auto lease = pool.Acquire();
    REQUIRE(lease.ok());
    pid = BackendPid(lease->conn());
  }
  TerminateBackend(db, pid);
  auto lease = pool.Acquire();
  REQUIRE(lease.ok());
  CHECK(BackendPid(lease->conn()) != pid);
  CHECK(pool.Stats().open == 1);
}

TEST_CASE("InTransaction reruns the transaction on a new connection when the server closes it mid-way",
          "[pg][fault]") {
  test::TestDatabase db(false);
  pg::PgPool pool({db.url(), 1});
  int attempts = 0;
  int first_pid = 0;
  int last_pid = 0;
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& t) {
    ++attempts;
    last_pid = t.exec1("SELECT pg_backend_pid()")[0].as<int>();
    if (attempts == 1) {
      first_pid = last_pid;
      TerminateBackend(db, first_pid);
      t.exec1("SELECT 1");  // the connection is gone: throws pqxx::broken_connection
    }
    return Status::Ok();
  });
  CHECK(s.ok());
  CHECK(attempts == 2);
  CHECK(last_pid != first_pid);
  CHECK(pool.Stats().open == 1);
}

TEST_CASE("InTransaction maps database errors to Status codes and rolls back", "[pg]") {
  test::TestDatabase db(false);
  pg::PgPool pool({db.url(), 2});
  REQUIRE(pg::InTransaction(pool, [](pqxx::dbtransaction& t) {
            t.exec("CREATE TABLE t (k int PRIMARY KEY, v int CHECK (v > 0))");
            return Status::Ok();
          }).ok());
  auto insert = [&](int k, int v) {
    return pg::InTransaction(pool, [&](pqxx::dbtransaction& t) {
      t.exec_params("INSERT INTO t VALUES ($1, $2)", k, v);
      return Status::Ok();
    });
  };
  CHECK(insert(1, 1).ok());
  CHECK(insert(1, 1).code() == StatusCode::kAlreadyExists);
  CHECK(insert(2, -1).code() == StatusCode::kFailedPrecondition);
  Status s = pg::InTransaction(pool, [](pqxx::dbtransaction& t) {
    t.exec("INSERT INTO t VALUES (3, 3)");
    return FailedPrecondition("business rule says no");
  });
  CHECK(s.message() == "business rule says no");
  CHECK(db.Scalar("SELECT count(*) FROM t") == "1");
}

TEST_CASE("RedactUrl hides passwords in both URL forms", "[pg]") {
  CHECK(pg::RedactUrl("postgresql://u:secret@h:5432/db") == "postgresql://u:***@h:5432/db");
  CHECK(pg::RedactUrl("postgresql://u@h/db?password=secret&x=1") == "postgresql://u@h/db?password=***&x=1");
  CHECK(pg::RedactUrl("host=h password=secret dbname=d") == "host=h password=*** dbname=d");
}
