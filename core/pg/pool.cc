#include "core/pg/pool.h"

#include <poll.h>

#include <atomic>

#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

namespace gw::pg {

namespace {

bool IsUri(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

std::string UriEncode(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

// True if `conn` is still usable as far as the client can tell without a round
// trip. An idle connection receives nothing unless the server is closing it
// (a FATAL message, then end of file) or sends a notice; whatever is pending is
// read without blocking until the socket is quiet or the connection has failed.
bool StillOpen(pqxx::connection& conn) {
  try {
    for (int reads = 0; reads < 4 && conn.is_open(); ++reads) {
      pollfd pending{conn.sock(), POLLIN, 0};
      int ready = ::poll(&pending, 1, 0);
      if (ready == 0) return true;
      if (ready < 0) return false;
      conn.get_notifs();  // consumes the input; throws pqxx::broken_connection at end of file
    }
    return conn.is_open();
  } catch (...) {
    return false;
  }
}

}  // namespace

std::string WithConnectParameters(const std::string& url, int connect_timeout_seconds,
                                  const std::string& application_name) {
  std::string out = url;
  if (IsUri(url)) {
    char sep = url.find('?') == std::string::npos ? '?' : '&';
    if (url.find("connect_timeout=") == std::string::npos) {
      out += sep;
      out += "connect_timeout=" + std::to_string(connect_timeout_seconds);
      sep = '&';
    }
    if (url.find("application_name=") == std::string::npos) {
      out += sep;
      out += "application_name=" + UriEncode(application_name);
    }
  } else {
    if (url.find("connect_timeout") == std::string::npos)
      out += " connect_timeout=" + std::to_string(connect_timeout_seconds);
    if (url.find("application_name") == std::string::npos)
      out += " application_name='" + application_name + "'";
  }
  return out;
}

std::string RedactUrl(const std::string& url) {
  std::string out = url;
  if (IsUri(url)) {
    // postgresql://user:password@host/...
    const auto scheme_end = url.find("://") + 3;
    const auto at = url.find('@', scheme_end);
    if (at != std::string::npos) {
      const auto colon = url.find(':', scheme_end);
      if (colon != std::string::npos && colon < at) out = url.substr(0, colon + 1) + "***" + url.substr(at);
    }
    const auto pw = out.find("password=");
    if (pw != std::string::npos) {
      const auto end = out.find('&', pw);
      out = out.substr(0, pw + 9) + "***" + (end == std::string::npos ? "" : out.substr(end));
    }
  } else {
    const auto pw = out.find("password=");
    if (pw != std::string::npos) {
      const auto end = out.find(' ', pw);
      out = out.substr(0, pw + 9) + "***" + (end == std::string::npos ? "" : out.substr(end));
    }
  }
  return out;
}

Status StatusFromCurrentException() {
  try {
    throw;
  } catch (const pqxx::broken_connection& e) {
    return Unavailable(std::string("database connection lost: ") + e.what());
  } catch (const pqxx::in_doubt_error& e) {
    return DeadlineExceeded(std::string("commit outcome unknown: ") + e.what());
  } catch (const pqxx::serialization_failure& e) {
    return Aborted(std::string("serialization failure: ") + e.what());
  } catch (const pqxx::deadlock_detected& e) {
    return Aborted(std::string("deadlock: ") + e.what());
  } catch (const pqxx::unique_violation& e) {
    return AlreadyExists(std::string("unique violation: ") + e.what());
  } catch (const pqxx::check_violation& e) {
    return FailedPrecondition(std::string("check violation: ") + e.what());
  } catch (const pqxx::sql_error& e) {
    const std::string state = e.sqlstate();
    // Class 08: connection exception; 57P01-57P03: admin shutdown / cannot connect now.
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0)
      return Unavailable("database unavailable (SQLSTATE " + state + "): " + e.what());
    if (state == "40001" || state == "40P01") return Aborted(e.what());
    if (state == "57014") return DeadlineExceeded(std::string("statement timed out: ") + e.what());
    return Internal("database error (SQLSTATE " + state + "): " + e.what());
  } catch (const std::exception& e) {
    return Internal(e.what());
  }
}

namespace {

std::atomic<bool> runtime_role_required{false};

// Refuses `conn` (kFailedPrecondition) when a runtime role is required and its role is not one.
Status CheckRuntimeRole(pqxx::connection& conn) {
  if (!runtime_role_required.load()) return Status::Ok();
  std::string reason;
  try {
    reason = PrivilegedRoleReason(conn);
  } catch (...) {
    return StatusFromCurrentException();
  }
  if (reason.empty()) return Status::Ok();
  return FailedPrecondition("the database role " + reason +
                            ": gatewayd must connect as a runtime role, a member of gateway_runtime "
                            "(docs/database-roles.md), or set database.allow_privileged_role = true");
}

}  // namespace

void RequireRuntimeRole(bool required) { runtime_role_required = required; }

std::string PrivilegedRoleReason(pqxx::connection& conn) {
  pqxx::nontransaction n(conn);
  auto r = n.exec1(
      "SELECT current_user, r.rolsuper, r.rolcreaterole, r.rolbypassrls, "
      "  coalesce((SELECT pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_class c "
      "            WHERE c.oid = to_regclass('public.payments')), false) "
      "FROM pg_roles r WHERE r.rolname = current_user");
  const std::string role = r[0].as<std::string>();
  if (r[1].as<bool>()) return role + " is a superuser";
  if (r[2].as<bool>()) return role + " may create roles";
  if (r[3].as<bool>()) return role + " bypasses row security";
  if (r[4].as<bool>()) return role + " owns the schema's tables";
  return "";
}

StatusOr<std::unique_ptr<pqxx::connection>> Connect(const std::string& url,
                                                    int connect_timeout_seconds,
                                                    const std::string& application_name) {
  try {
    auto conn = std::make_unique<pqxx::connection>(WithConnectParameters(url, connect_timeout_seconds, application_name));
    GW_RETURN_IF_ERROR(CheckRuntimeRole(*conn));
    return conn;
  } catch (...) {
    Status s = StatusFromCurrentException();
    return Unavailable("cannot connect to the database: " + s.message());
  }
}

struct PgPool::Gauges {
  prometheus::Gauge* in_use;
  prometheus::Gauge* idle;
  prometheus::Gauge* waiting;
  prometheus::Gauge* size;
};

Lease::Lease(PgPool* pool, std::unique_ptr<pqxx::connection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Return(std::move(conn_), broken_);
}

PgPool::PgPool(PoolOptions options, prometheus::Registry* registry)
    : options_(std::move(options)),
      conninfo_(WithConnectParameters(options_.url, options_.connect_timeout_seconds,
                                      options_.application_name)) {
  if (registry != nullptr) {
    auto& conns = prometheus::BuildGauge()
                      .Name("db_pool_connections")
                      .Help("Database pool connections by state")
                      .Register(*registry);
    auto& waiting = prometheus::BuildGauge()
                        .Name("db_pool_waiting")
                        .Help("Threads waiting for a database connection")
                        .Register(*registry);
    auto& size = prometheus::BuildGauge()
                     .Name("db_pool_size")
                     .Help("Configured maximum number of database connections")
                     .Register(*registry);
    gauges_ = std::make_unique<Gauges>(Gauges{&conns.Add({{"state", "in_use"}}),
                                              &conns.Add({{"state", "idle"}}),
                                              &waiting.Add({}), &size.Add({})});
    gauges_->size->Set(options_.size);
  }
}

PgPool::~PgPool() { Close(); }

void PgPool::UpdateGauges() {
  if (!gauges_) return;
  gauges_->in_use->Set(in_use_);
  gauges_->idle->Set(static_cast<double>(idle_.size()));
  gauges_->waiting->Set(waiting_);
}

StatusOr<Lease> PgPool::Acquire() {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + options_.acquire_timeout;
  ++waiting_;
  UpdateGauges();
  while (!closed_ && idle_.empty() && open_ >= options_.size) {
    if (cv_.wait_until(lock, deadline) == std::cv_status::timeout && idle_.empty() &&
        open_ >= options_.size) {
      --waiting_;
      UpdateGauges();
      return ResourceExhausted("no database connection free within " +
                               std::to_string(options_.acquire_timeout.count()) +
                               " ms (pool size " + std::to_string(options_.size) + ")");
    }
  }
  --waiting_;
  if (closed_) {
    UpdateGauges();
    return FailedPrecondition("database pool is closed");
  }
  std::unique_ptr<pqxx::connection> conn;
  if (!idle_.empty()) {
    conn = std::move(idle_.back());
    idle_.pop_back();
  } else {
    ++open_;
  }
  ++in_use_;
  UpdateGauges();
  lock.unlock();
  // An idle connection the server closed (a restart, an administrator's
  // pg_terminate_backend) is replaced here rather than failing the caller's
  // first statement. The check reads whatever the server sent without blocking.
  if (conn != nullptr && StillOpen(*conn)) return Lease(this, std::move(conn));
  conn.reset();
  // Open a new connection outside the lock: it may take up to connect_timeout.
  Status failure;
  try {
    conn = std::make_unique<pqxx::connection>(conninfo_);
    {
      pqxx::nontransaction setup(*conn);
      setup.exec("SET statement_timeout = " + std::to_string(options_.statement_timeout.count()));
    }
    failure = CheckRuntimeRole(*conn);
  } catch (...) {
    failure = StatusFromCurrentException();
  }
  if (!failure.ok()) {
    lock.lock();
    --open_;
    --in_use_;
    UpdateGauges();
    cv_.notify_one();
    return Unavailable("cannot connect to the database: " + failure.message());
  }
  return Lease(this, std::move(conn));
}

void PgPool::Return(std::unique_ptr<pqxx::connection> conn, bool broken) {
  bool usable = !broken;
  try {
    usable = usable && conn->is_open();
  } catch (...) {
    usable = false;
  }
  std::unique_ptr<pqxx::connection> to_close;
  {
    std::lock_guard lock(mu_);
    --in_use_;
    if (usable && !closed_) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
      to_close = std::move(conn);
    }
    UpdateGauges();
  }
  cv_.notify_one();
  // to_close is destroyed here, outside the lock.
}

PoolStats PgPool::Stats() const {
  std::lock_guard lock(mu_);
  return PoolStats{options_.size, open_, in_use_, static_cast<int>(idle_.size()), waiting_};
}

void PgPool::Close() {
  std::vector<std::unique_ptr<pqxx::connection>> to_close;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    open_ -= static_cast<int>(idle_.size());
    to_close.swap(idle_);
    UpdateGauges();
  }
  cv_.notify_all();
}

std::string JsonParam(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string ArrayParam(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

Status InTransaction(PgPool& pool, const std::function<Status(pqxx::dbtransaction&)>& body) {
  Status last;
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto lease = pool.Acquire();
    if (!lease.ok()) return lease.status();
    bool committed_attempted = false;
    try {
      pqxx::work txn(lease->conn());
      Status s = body(txn);
      if (!s.ok()) {
        txn.abort();
        if (s.code() != StatusCode::kAborted) return s;
        last = s;
        continue;
      }
      committed_attempted = true;
      txn.commit();
      return Status::Ok();
    } catch (...) {
      last = StatusFromCurrentException();
      if (last.code() == StatusCode::kUnavailable) lease->MarkBroken();
      // A connection lost during COMMIT leaves the outcome unknown: never retry it
      // blindly (the caller's idempotency keys decide).
      if (committed_attempted && last.code() == StatusCode::kUnavailable)
        return DeadlineExceeded("connection lost during commit; outcome unknown: " + last.message());
      if (last.code() != StatusCode::kAborted && last.code() != StatusCode::kUnavailable) return last;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * (attempt + 1)));
  }
  return last;
}

}  // namespace gw::pg
