// File: core/pg/pool.h
//
// A fixed-size pool of PostgreSQL connections (libpqxx), the only way the
// product talks to its database.
//
// Thread safety: PgPool is thread-safe. A Lease is used by one thread at a time.
//
// Connections are opened lazily, up to `size`. A connection that broke while
// leased (the server restarted, the network dropped) is discarded when the lease
// ends, and one the server closed while idle is discarded when next acquired;
// either is replaced on demand, so the pool heals by itself when the database
// comes back. Acquire() waits at most `acquire_timeout` for a free connection and
// then fails with kResourceExhausted: the runbook's "pool exhaustion".
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include <nlohmann/json_fwd.hpp>

// core/pg is the product's libpqxx layer: its headers may name pqxx types.
#include <pqxx/connection>
#include <pqxx/transaction>

namespace prometheus {
class Registry;
}

namespace gw::pg {

struct PoolOptions {
  std::string url;  // a libpq connection string or postgresql:// URI
  int size = 8;
  std::chrono::milliseconds acquire_timeout{5000};
  int connect_timeout_seconds = 3;
  // Applied to every connection: statements running longer are cancelled.
  std::chrono::milliseconds statement_timeout{30000};
  std::string application_name = "gatewayd";
};

struct PoolStats {
  int size = 0;     // configured maximum
  int open = 0;     // connections currently open
  int in_use = 0;   // leased out
  int idle = 0;     // open and free
  int waiting = 0;  // threads blocked in Acquire()
};

// Returns `url` with connect_timeout and application_name added (URI or key=value form).
std::string WithConnectParameters(const std::string& url, int connect_timeout_seconds,
                                  const std::string& application_name);

// The URL with any password replaced by "***", safe for logs.
std::string RedactUrl(const std::string& url);

class PgPool;

// A leased connection; returns to the pool when destroyed.
class Lease {
 public:
  Lease(Lease&& other) noexcept;
  Lease& operator=(Lease&&) = delete;
  Lease(const Lease&) = delete;
  ~Lease();

  pqxx::connection& conn() { return *conn_; }
  // Discard this connection instead of returning it (it is broken or in an unknown state).
  void MarkBroken() { broken_ = true; }

 private:
  friend class PgPool;
  Lease(PgPool* pool, std::unique_ptr<pqxx::connection> conn);
  PgPool* pool_;
  std::unique_ptr<pqxx::connection> conn_;
  bool broken_ = false;
};

class PgPool {
 public:
  // Does not connect: connections open on first use. If `registry` is given, the
  // pool exports db_pool_connections{state="in_use|idle"}, db_pool_waiting and
  // db_pool_size gauges to it; the registry must outlive the pool.
  explicit PgPool(PoolOptions options, prometheus::Registry* registry = nullptr);
  ~PgPool();

  // kUnavailable if a new connection cannot be opened, kResourceExhausted if
  // none is free within the acquire timeout, kFailedPrecondition after Close().
  StatusOr<Lease> Acquire();

  PoolStats Stats() const;

  // Closes idle connections and refuses further Acquire() calls. Leased
  // connections close when their lease ends.
  void Close();

  const PoolOptions& options() const { return options_; }

 private:
  friend class Lease;
  void Return(std::unique_ptr<pqxx::connection> conn, bool broken);
  void UpdateGauges();  // REQUIRES: mu_ held

  PoolOptions options_;
  std::string conninfo_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;  // GUARDED_BY(mu_)
  int open_ = 0;                                         // GUARDED_BY(mu_)
  int in_use_ = 0;                                       // GUARDED_BY(mu_)
  int waiting_ = 0;                                      // GUARDED_BY(mu_)
  bool closed_ = false;                                  // GUARDED_BY(mu_)
  struct Gauges;
  std::unique_ptr<Gauges> gauges_;
};

// Least privilege (docs/database-roles.md). With RequireRuntimeRole(true), every
// connection opened afterwards in this process, pooled or not, is refused with
// kFailedPrecondition if its role could switch off the database's own
// guarantees (append-only audit, immutable postings, four eyes): a superuser, a
// role that may create roles or bypass row security, or one that owns (or
// inherits the rights of the owner of) the payments table. gatewayd turns it on
// at start-up; gatewayctl, which migrates, does not.
void RequireRuntimeRole(bool required);
// Empty when the role of `conn` is fit to run gatewayd; otherwise why it is not.
std::string PrivilegedRoleReason(pqxx::connection& conn);

// Opens one connection outside any pool (for tools and health probes).
StatusOr<std::unique_ptr<pqxx::connection>> Connect(const std::string& url,
                                                    int connect_timeout_seconds = 3,
                                                    const std::string& application_name = "gateway");

// Converts the exception in flight (call inside a catch block) to a Status:
// broken connection -> kUnavailable, serialization failure / deadlock -> kAborted,
// unique violation -> kAlreadyExists, check violation -> kFailedPrecondition,
// anything else -> kInternal, with the SQLSTATE in the message.
Status StatusFromCurrentException();

// Runs `body` in one read-write transaction on a pooled connection and commits
// it. Retries the whole transaction (up to 3 attempts) on kAborted (serialization
// failure, deadlock) and on a connection that broke before commit. `body` must
// therefore be idempotent up to its commit, and must not commit itself.
Status InTransaction(PgPool& pool, const std::function<Status(pqxx::dbtransaction&)>& body);

// `value` serialised for a jsonb statement parameter ($1::jsonb), the way batches
// of rows and lists of ids are passed: text that is not valid UTF-8 is replaced
// (U+FFFD) rather than refused, so a bad byte cannot fail a whole batch.
std::string JsonParam(const nlohmann::json& value);

// `values` as a PostgreSQL array literal for a statement parameter ($1::uuid[],
// $1::text[]): every element quoted, so any text is passed as it is.
std::string ArrayParam(const std::vector<std::string>& values);

// Runs `f` and returns its result, or the Status of the database exception it
// threw (see StatusFromCurrentException). For store functions that return
// Status or StatusOr<T>.
template <typename F>
auto Guarded(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return StatusFromCurrentException();
  }
}

// Runs `sql` as a prepared statement of the transaction's connection: parsed and
// planned once per connection (on first use), not on every call. `name` must
// always be given the same `sql`. For the statements every payment runs.
template <class... Args>
pqxx::result ExecPrepared(pqxx::transaction_base& txn, const std::string& name, const std::string& sql, Args&&... args) {
  txn.conn().prepare(name, sql);  // a no-op once registered with this definition
  return txn.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace gw::pg
