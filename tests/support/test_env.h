// File: tests/support/test_env.h
// What tests share: a private database per test, child processes (gatewayd,
// gatewayctl), a small HTTP client, and a private PostgreSQL cluster for tests
// that stop and start the server.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace gw::test {

// Paths of the build: GW_SOURCE_DIR/..., GW_BINARY_DIR/bin/gatewayd.
std::string SourcePath(const std::string& relative);
std::string BinaryPath(const std::string& name);  // e.g. "gatewayd"

// A fresh temporary directory, removed by the destructor.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// The admin URL of the test server (GW_TEST_DATABASE_URL). Fails the test if unset.
std::string AdminDatabaseUrl();
// `url` with its database name replaced by `dbname`.
std::string UrlWithDatabase(const std::string& url, const std::string& dbname);

// The user name of a postgresql:// URL ("" if it names none).
std::string UrlUser(const std::string& url);
// `url` (an administrator's, who owns the test databases) with the credentials
// of the tests' runtime role, gwtest_app: a member of gateway_runtime, as
// gatewayd connects in a deployment (docs/database-roles.md).
std::string RuntimeUrl(const std::string& url);

// A database created for one test (gwtest_<random>) and dropped afterwards.
// With migrate = true, every migration in schemas/migrations is applied and the
// cluster has the runtime login role gwtest_app (see RuntimeUrl).
class TestDatabase {
 public:
  explicit TestDatabase(bool migrate = true, const std::string& admin_url = "");
  ~TestDatabase();
  // The owner's URL: migrations, gatewayctl, and tests' own queries.
  const std::string& url() const { return url_; }
  // The runtime role's URL for this database.
  std::string runtime_url() const { return RuntimeUrl(url_); }
  const std::string& name() const { return name_; }
  // Runs one SQL statement and returns the first column of the first row ("" if none).
  std::string Scalar(const std::string& sql) const;

 private:
  std::string admin_url_;
  std::string name_;
  std::string url_;
};

struct ProcessResult {
  int exit_code = -1;  // or 128 + signal
  std::string output;  // stdout and stderr, interleaved
};

// A child process with its output in a file. Killed (SIGKILL) on destruction if
// still running.
class Subprocess {
 public:
  Subprocess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
             const std::string& stdin_text = "");
  ~Subprocess();
  int pid() const { return pid_; }
  void Signal(int signo) const;
  // The exit code, or nullopt if still running after `timeout`.
  std::optional<int> Wait(std::chrono::milliseconds timeout);
  std::string Output() const;

 private:
  int pid_ = -1;
  std::optional<int> exit_code_;
  std::string log_path_;
};

// Runs a command to completion (at most `timeout`).
ProcessResult Run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env = {},
                  const std::string& stdin_text = "", std::chrono::milliseconds timeout = std::chrono::seconds(120));

struct HttpResult {
  int status = 0;  // 0: no response (connection failed or closed)
  std::string body;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string error;
};

HttpResult Http(unsigned short port, const std::string& method, const std::string& target,
                const std::string& body = "", const std::map<std::string, std::string>& headers = {},
                std::chrono::milliseconds timeout = std::chrono::seconds(10));

// A free TCP port on 127.0.0.1 (bound then released).
unsigned short FreePort();

// Polls `predicate` every 100 ms until true or `timeout`; returns its last value.
bool WaitUntil(const std::function<bool()>& predicate, std::chrono::milliseconds timeout);

// gatewayd as a child process on a free port, against `database_url`. A URL
// with an administrator's credentials (the test cluster's, or "gateway", the
// embedded clusters' superuser) is replaced by RuntimeUrl(database_url): every
// gatewayd of the tests runs as the runtime role, as in a deployment.
class Gatewayd {
 public:
  Gatewayd(const std::string& database_url, std::map<std::string, std::string> extra_env = {},
           std::vector<std::string> extra_args = {});
  unsigned short port() const { return port_; }
  Subprocess& process() { return *process_; }
  const std::string& log_dir() const { return logs_.path(); }
  // Waits for /health to answer (any status); false after `timeout`.
  bool WaitReady(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  HttpResult Get(const std::string& target) { return Http(port_, "GET", target); }

 private:
  TempDir logs_;
  unsigned short port_;
  std::unique_ptr<Subprocess> process_;
};

// A private PostgreSQL cluster in a temporary directory, via
// appliance/scripts/embedded-pg.sh; for tests that stop and restart the server.
class PrivateCluster {
 public:
  PrivateCluster();
  ~PrivateCluster();
  const std::string& admin_url() const { return url_; }
  void Stop();
  void Start();

 private:
  TempDir dir_;
  std::string url_;
};

}  // namespace gw::test
