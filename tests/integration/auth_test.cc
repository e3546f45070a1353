// Operators signing in to gatewayd: tokens and roles, failed-login throttling
// per user name and address, password changes, seed files' password hashes, and
// the [server] limits on connections and slow clients.
#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <future>
#include <thread>
#include <nlohmann/json.hpp>
#include <vector>

#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

namespace {

// One HTTP/1.1 request with "Connection: close" from `source` (any address of
// 127.0.0.0/8, which Linux routes to lo) to 127.0.0.1:`port`; the raw response,
// or empty if the server closed the connection without one.
std::string RawRequest(const std::string& source, unsigned short port, const std::string& request,
                       std::chrono::milliseconds wait = std::chrono::seconds(15)) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in local{};
  local.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &local.sin_addr);
  REQUIRE(bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
  sockaddr_in remote{};
  remote.sin_family = AF_INET;
  remote.sin_port = htons(port);
  inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
  REQUIRE(connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0);
  send(fd, request.data(), request.size(), MSG_NOSIGNAL);
  std::string out;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buf[4096];
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
  }
  close(fd);
  return out;
}

std::string LoginRequest(const std::string& username, const std::string& password) {
  const std::string body = json{{"username", username}, {"password", password}}.dump();
  return "POST /api/v1/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

int StatusOf(const std::string& raw) { return raw.size() > 12 ? std::stoi(raw.substr(9, 3)) : 0; }

HttpResult Login(GatewayFixture& f, const std::string& username, const std::string& password) {
  // Each password check takes a scrypt computation, and only a few run at once.
  return Http(f.gatewayd().port(), "POST", "/api/v1/auth/login",
              json{{"username", username}, {"password", password}}.dump(), {{"Content-Type", "application/json"}},
              std::chrono::seconds(60));
}

}  // namespace

TEST_CASE("the API needs a token and the right role, bad passwords are refused, audited and throttled",
          "[integration][auth]") {
  GatewayFixture f;
  CHECK(f.Call("GET", "/api/v1/payments", "").status == 401);
  CHECK(f.Call("GET", "/api/v1/payments", "gw_not-a-real-token").status == 401);
  CHECK(f.Call("POST", "/api/v1/payments", f.Token("auditor1"), f.PaymentJson("E2E-X", "1.00", f.alice_iban).dump()).status == 403);
  CHECK(f.Call("POST", "/api/v1/payments/00000000-0000-4000-8000-000000000000/retrigger", f.Token("maker1")).status == 403);

  auto bad = Login(f, "maker1", "wrong password!!");
  CHECK(bad.status == 401);
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'auth.login_failed' AND actor = 'maker1' "
                      "AND source_address = '127.0.0.1'") == "1");
  // An unknown user name gets the same answer.
  auto unknown = Login(f, "nobody", "wrong password!!");
  CHECK(unknown.status == 401);
  CHECK(json::parse(unknown.body)["error"] == json::parse(bad.body)["error"]);

  // Five failures (max_failed_logins) for maker1 from 127.0.0.1; then even the
  // right password is refused from there, with a Retry-After, and nothing more
  // is audited per attempt.
  for (int i = 0; i < 4; ++i) CHECK(Login(f, "maker1", "wrong password!!").status == 401);
  auto throttled = Login(f, "maker1", GatewayFixture::kPassword);
  CHECK(throttled.status == 429);
  CHECK(std::stoi(throttled.headers["retry-after"]) >= 1);
  for (int i = 0; i < 3; ++i) CHECK(Login(f, "maker1", "wrong password!!").status == 429);
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'auth.login_failed' AND actor = 'maker1'") == "5");
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'auth.login_throttled' AND actor = 'maker1'") == "1");

  // Guessing from 127.0.0.1 does not keep maker1 out from another address.
  const std::string elsewhere = RawRequest("127.0.0.2", f.gatewayd().port(), LoginRequest("maker1", GatewayFixture::kPassword));
  CHECK(StatusOf(elsewhere) == 200);
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'auth.login' AND actor = 'maker1' "
                      "AND source_address = '127.0.0.2'") == "1");

  // Logout revokes the token at once.
  const std::string token = f.Token("checker1");
  CHECK(f.Call("GET", "/api/v1/payments", token).status == 200);
  CHECK(f.Call("POST", "/api/v1/auth/logout", token).status == 200);
  CHECK(f.Call("GET", "/api/v1/payments", token).status == 401);
  // No password or token in the log.
  auto log = f.gatewayd().process().Output();
  CHECK(log.find(GatewayFixture::kPassword) == std::string::npos);
  CHECK(log.find("wrong password!!") == std::string::npos);
  CHECK(log.find(token) == std::string::npos);
}

TEST_CASE("concurrent wrong-password logins over HTTP get no more password checks than the limit",
          "[integration][auth]") {
  GatewayFixture f;
  constexpr int kAttempts = 12;
  std::vector<std::future<int>> results;
  for (int i = 0; i < kAttempts; ++i)
    results.push_back(std::async(std::launch::async, [&] { return Login(f, "admin1", "wrong password!!").status; }));
  int refused = 0, wrong = 0;
  for (auto& r : results) {
    const int status = r.get();
    if (status == 401) ++wrong;
    if (status == 429) ++refused;
  }
  CHECK(wrong == 5);  // max_failed_logins
  CHECK(refused == kAttempts - 5);
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'auth.login_failed'") == "5");
  CHECK(f.db().Scalar("SELECT failures FROM login_throttle WHERE username = 'admin1' AND address = '127.0.0.1'") == "5");
}

TEST_CASE("an operator changes the password with the current one, and the other tokens are revoked",
          "[integration][auth]") {
  GatewayFixture f;
  const std::string current = f.Token("checker1");
  const auto second = Login(f, "checker1", GatewayFixture::kPassword);
  REQUIRE(second.status == 200);
  const std::string other = json::parse(second.body)["token"];
  CHECK(f.Call("GET", "/api/v1/payments", other).status == 200);

  const std::string next = "a new checker password";
  auto change = [&](const std::string& token, const std::string& from, const std::string& to) {
    return f.Call("POST", "/api/v1/auth/password", token, json{{"current_password", from}, {"new_password", to}}.dump());
  };
  CHECK(change("", GatewayFixture::kPassword, next).status == 401);
  CHECK(change(current, "not my password", next).status == 403);
  CHECK(change(current, GatewayFixture::kPassword, "short").status == 400);
  CHECK(f.Call("POST", "/api/v1/auth/password", current, R"({"new_password":"a new checker password"})").status == 400);
  auto ok = change(current, GatewayFixture::kPassword, next);
  INFO(ok.body);
  REQUIRE(ok.status == 200);

  CHECK(f.Call("GET", "/api/v1/payments", current).status == 200);
  CHECK(f.Call("GET", "/api/v1/payments", other).status == 401);
  CHECK(Login(f, "checker1", GatewayFixture::kPassword).status == 401);
  CHECK(Login(f, "checker1", next).status == 200);
  CHECK(f.db().Scalar("SELECT details->>'revoked_tokens' FROM audit_logs WHERE action = 'auth.password_change' "
                      "AND actor = 'checker1'") == "1");
  CHECK(f.db().Scalar("SELECT count(*) FROM audit_logs WHERE action = 'auth.password_change_failed'") == "1");
  CHECK(f.gatewayd().process().Output().find(next) == std::string::npos);
}

TEST_CASE("seed refuses password hashes weaker than the required scrypt cost", "[integration][auth][operators]") {
  TestDatabase db;
  TempDir dir;
  const std::string file = dir.path() + "/operators.toml";
  // N=2^15: what earlier versions of `operator hash-password` wrote.
  std::ofstream(file) << "[[operator]]\nusername = \"carol\"\nrole = \"maker\"\npassword_hash = "
                         "\"scrypt$32768$8$1$AAECAwQFBgcICQoLDA0ODw==$SzWcNvKa/U8JgQz+FHKhLK+ujomipIOI9bOBQaKVJTo=\"\n";
  auto r = Ctl(db.url(), {"seed", "--file", file}, "", false);
  INFO(r.output);
  CHECK(r.exit_code == 2);
  CHECK(r.output.find("operators.toml:1: operator carol: password_hash uses scrypt N=32768, r=8, p=1") !=
        std::string::npos);
  CHECK(r.output.find("weaker than the required N=131072, r=8, p=1") != std::string::npos);
  CHECK(r.output.find("gatewayctl operator hash-password") != std::string::npos);
  CHECK(db.Scalar("SELECT count(*) FROM operators") == "0");
}

TEST_CASE("gatewayd applies the [server] per-address connection cap and header deadline",
          "[integration][http][security]") {
  TestDatabase db;
  TempDir dir;
  const std::string config = dir.path() + "/gateway.toml";
  std::ofstream(config) << "[server]\nmax_connections_per_address = 2\nheader_timeout_ms = 1000\nread_timeout_ms = 5000\n";
  Gatewayd gw(db.url(), {}, {"--config", config});
  REQUIRE(gw.WaitReady());
  // Two connections from 127.0.0.3 that send half a header and wait; a third
  // from there is refused, one from 127.0.0.4 is served; the two are cut off at
  // the header deadline, well before the idle time-out.
  auto trickle = [&] {
    return std::async(std::launch::async, [&] {
      const auto start = std::chrono::steady_clock::now();
      RawRequest("127.0.0.3", gw.port(), "GET /health HTTP/1.1\r\nX-Slow: ", std::chrono::seconds(8));
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    });
  };
  auto first = trickle();
  auto second = trickle();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const std::string get = "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  CHECK(RawRequest("127.0.0.3", gw.port(), get, std::chrono::seconds(3)).empty());
  CHECK(StatusOf(RawRequest("127.0.0.4", gw.port(), get, std::chrono::seconds(5))) == 200);
  CHECK(first.get() < 3.0);
  CHECK(second.get() < 3.0);
  CHECK(StatusOf(RawRequest("127.0.0.3", gw.port(), get, std::chrono::seconds(5))) == 200);
}
