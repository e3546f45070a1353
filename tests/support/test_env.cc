#include "tests/support/test_env.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <random>
#include <sstream>
#include <thread>

namespace gw::test {

namespace fs = std::filesystem;

std::string SourcePath(const std::string& relative) { return std::string(GW_SOURCE_DIR) + "/" + relative; }
std::string BinaryPath(const std::string& name) { return std::string(GW_BINARY_DIR) + "/bin/" + name; }

namespace {
std::string RandomSuffix() {
  static thread_local std::mt19937_64 rng(std::random_device{}() ^
                                          static_cast<uint64_t>(getpid()) << 16);
  static const char kChars[] = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string s;
  for (int i = 0; i < 10; ++i) s += kChars[rng() % (sizeof kChars - 1)];
  return s;
}
}  // namespace

TempDir::TempDir() {
  std::string tmpl = (fs::temp_directory_path() / "gwtest-XXXXXX").string();
  char* p = mkdtemp(tmpl.data());
  REQUIRE(p != nullptr);
  path_ = p;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string AdminDatabaseUrl() {
  const char* url = std::getenv("GW_TEST_DATABASE_URL");
  if (url == nullptr || *url == '\0')
    FAIL("GW_TEST_DATABASE_URL is not set: run the tests through appliance/test.sh");
  return url;
}

std::string UrlWithDatabase(const std::string& url, const std::string& dbname) {
  // postgresql://user:pw@host:port/dbname?params
  const auto scheme = url.find("://");
  const auto slash = url.find('/', scheme + 3);
  const auto q = url.find('?', scheme + 3);
  std::string base = slash == std::string::npos ? url.substr(0, q) : url.substr(0, slash);
  std::string params = q == std::string::npos ? "" : url.substr(q);
  return base + "/" + dbname + params;
}

namespace {
constexpr const char* kRuntimeUser = "gwtest_app";
constexpr const char* kRuntimePassword = "gwtest-runtime-role";
}  // namespace

std::string UrlUser(const std::string& url) {
  const auto scheme = url.find("://");
  if (scheme == std::string::npos) return "";
  const auto start = scheme + 3;
  const auto at = url.find('@', start);
  if (at == std::string::npos) return "";
  const auto colon = url.find(':', start);
  return url.substr(start, (colon != std::string::npos && colon < at ? colon : at) - start);
}

std::string RuntimeUrl(const std::string& url) {
  const auto scheme = url.find("://");
  const auto at = url.find('@', scheme + 3);
  return url.substr(0, scheme + 3) + kRuntimeUser + ":" + kRuntimePassword + url.substr(at);
}

TestDatabase::TestDatabase(bool migrate, const std::string& admin_url)
    : admin_url_(admin_url.empty() ? AdminDatabaseUrl() : admin_url), name_("gwtest_" + RandomSuffix()) {
  {
    pqxx::connection c(admin_url_);
    pqxx::nontransaction n(c);
    n.exec("CREATE DATABASE " + name_);
  }
  url_ = UrlWithDatabase(admin_url_, name_);
  if (migrate) {
    auto r = Run({BinaryPath("gatewayctl"), "migrate"}, {{"DATABASE_URL", url_}});
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    // The runtime login role (cluster-wide; tests create it concurrently).
    pqxx::connection c(admin_url_);
    pqxx::nontransaction n(c);
    n.exec(std::string("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '") + kRuntimeUser +
           "') THEN BEGIN CREATE ROLE " + kRuntimeUser + " LOGIN PASSWORD '" + kRuntimePassword +
           "' IN ROLE gateway_runtime; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; "
           "END IF; END $$");
  }
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection c(admin_url_);
    pqxx::nontransaction n(c);
    n.exec("DROP DATABASE IF EXISTS " + name_ + " WITH (FORCE)");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "could not drop test database %s: %s\n", name_.c_str(), e.what());
  }
}

std::string TestDatabase::Scalar(const std::string& sql) const {
  pqxx::connection c(url_);
  pqxx::nontransaction n(c);
  auto r = n.exec(sql);
  if (r.empty() || r[0][0].is_null()) return "";
  return r[0][0].c_str();
}

Subprocess::Subprocess(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                       const std::string& stdin_text) {
  char tmpl[] = "/tmp/gwproc-XXXXXX";
  int fd = mkstemp(tmpl);
  REQUIRE(fd >= 0);
  log_path_ = tmpl;
  int in_pipe[2];
  REQUIRE(pipe(in_pipe) == 0);
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    setpgid(0, 0);
    dup2(in_pipe[0], 0);
    close(in_pipe[1]);
    dup2(fd, 1);
    dup2(fd, 2);
    for (const auto& [k, v] : env) setenv(k.c_str(), v.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    std::perror("execv");
    _exit(127);
  }
  close(fd);
  close(in_pipe[0]);
  if (!stdin_text.empty()) {
    ssize_t w = write(in_pipe[1], stdin_text.data(), stdin_text.size());
    (void)w;
  }
  close(in_pipe[1]);
}

Subprocess::~Subprocess() {
  if (!exit_code_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
  }
  unlink(log_path_.c_str());
}

void Subprocess::Signal(int signo) const { kill(pid_, signo); }

std::optional<int> Subprocess::Wait(std::chrono::milliseconds timeout) {
  if (exit_code_) return exit_code_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    int status = 0;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string Subprocess::Output() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

ProcessResult Run(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env,
                  const std::string& stdin_text, std::chrono::milliseconds timeout) {
  Subprocess p(argv, env, stdin_text);
  auto code = p.Wait(timeout);
  ProcessResult r;
  r.exit_code = code ? *code : -1;
  r.output = p.Output();
  return r;
}

HttpResult Http(unsigned short port, const std::string& method, const std::string& target,
                const std::string& body, const std::map<std::string, std::string>& headers,
                std::chrono::milliseconds timeout) {
  namespace beast = boost::beast;
  namespace http = beast::http;
  HttpResult result;
  try {
    boost::asio::io_context io;
    beast::tcp_stream stream(io);
    stream.expires_after(timeout);
    stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
    http::request<http::string_body> req(http::string_to_verb(method), target, 11);
    req.set(http::field::host, "127.0.0.1");
    for (const auto& [k, v] : headers) req.set(k, v);
    req.body() = body;
    req.prepare_payload();
    http::write(stream, req);
    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    http::read(stream, buffer, parser);
    auto res = parser.release();
    result.status = res.result_int();
    result.body = res.body();
    for (const auto& f : res) {
      std::string name(f.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      result.headers[name] = std::string(f.value());
    }
  } catch (const std::exception& e) {
    result.status = 0;
    result.error = e.what();
  }
  return result;
}

unsigned short FreePort() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor a(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  return a.local_endpoint().port();
}

bool WaitUntil(const std::function<bool()>& predicate, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    if (predicate()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Gatewayd::Gatewayd(const std::string& database_url, std::map<std::string, std::string> extra_env,
                   std::vector<std::string> extra_args)
    : port_(FreePort()) {
  const std::string user = UrlUser(database_url);
  const bool administrator = !user.empty() && (user == "gateway" || user == UrlUser(AdminDatabaseUrl()));
  std::map<std::string, std::string> env = {{"DATABASE_URL", administrator ? RuntimeUrl(database_url) : database_url},
                                            {"PORT", std::to_string(port_)},
                                            {"LOG_DIR", logs_.path()}};
  for (auto& [k, v] : extra_env) env[k] = v;
  if (env.count("PORT")) port_ = static_cast<unsigned short>(std::stoi(env["PORT"]));
  std::vector<std::string> argv = {BinaryPath("gatewayd")};
  argv.insert(argv.end(), extra_args.begin(), extra_args.end());
  process_ = std::make_unique<Subprocess>(argv, env);
}

bool Gatewayd::WaitReady(std::chrono::milliseconds timeout) {
  return WaitUntil([&] { return Http(port_, "GET", "/health", "", {}, std::chrono::seconds(2)).status != 0; },
                   timeout);
}

PrivateCluster::PrivateCluster() { Start(); }

PrivateCluster::~PrivateCluster() {
  Stop();
  std::error_code ec;
  const auto data = fs::path(dir_.path()) / "data";
  if (fs::is_symlink(data, ec)) fs::remove_all(fs::read_symlink(data, ec), ec);
}

void PrivateCluster::Start() {
  auto r = Run({"/bin/bash", SourcePath("appliance/scripts/embedded-pg.sh"), "start", dir_.path()});
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::string out = r.output;
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  url_ = out.substr(out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1);
}

void PrivateCluster::Stop() {
  auto r = Run({"/bin/bash", SourcePath("appliance/scripts/embedded-pg.sh"), "stop", dir_.path()});
  INFO(r.output);
  CHECK(r.exit_code == 0);
}

}  // namespace gw::test
