// The service skeleton, from outside: gatewayd and gatewayctl as an operator
// runs them, against a real PostgreSQL.
#include <signal.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "tests/support/fixtures.h"

using namespace gw::test;
using nlohmann::json;

TEST_CASE("gatewayd reports a healthy database on /health", "[integration][health]") {
  TestDatabase db;
  Gatewayd gw(db.url());
  REQUIRE(gw.WaitReady());
  HttpResult r;
  REQUIRE(WaitUntil([&] { r = gw.Get("/health"); return r.status == 200; }, std::chrono::seconds(10)));
  auto body = json::parse(r.body);
  CHECK(body["status"] == "ok");
  CHECK(body["components"]["database"]["status"] == "up");
  CHECK(body["components"]["database"]["pool"]["size"] == 8);
  CHECK(r.headers["content-type"] == "application/json");
}

TEST_CASE("gatewayd serves the runbook's metrics in Prometheus format", "[integration][metrics]") {
  TestDatabase db;
  Gatewayd gw(db.url());
  REQUIRE(gw.WaitReady());
  gw.Get("/health");
  gw.Get("/no-such-thing");
  // A request is observed once its response is written, so the client may ask
  // for /metrics a moment before the 404 is counted: wait for it.
  HttpResult r;
  WaitUntil([&] {
    r = gw.Get("/metrics");
    return r.body.find("route=\"unmatched\",status_code=\"404\"") != std::string::npos;
  }, std::chrono::seconds(5));
  REQUIRE(r.status == 200);
  CHECK(r.headers["content-type"].find("text/plain") == 0);
  for (const char* name :
       {"# TYPE http_request_duration_seconds histogram", "process_cpu_user_seconds_total ",
        "process_resident_memory_bytes ", "process_open_fds ", "process_start_time_seconds ",
        "db_pool_connections{state=\"in_use\"}", "db_pool_connections{state=\"idle\"}", "db_pool_waiting ",
        "http_request_duration_seconds_count{method=\"GET\",route=\"/health\",status_code=\"200\"}",
        "http_request_duration_seconds_count{method=\"GET\",route=\"unmatched\",status_code=\"404\"}"}) {
    INFO(name);
    CHECK(r.body.find(name) != std::string::npos);
  }
}

TEST_CASE("health turns 503 when the database stops and 200 when it returns, without a restart",
          "[integration][health][fault]") {
  PrivateCluster cluster;
  TestDatabase db(true, cluster.admin_url());
  Gatewayd gw(db.url(), {{"GATEWAY_CONFIG", ""}});
  REQUIRE(gw.WaitReady());
  REQUIRE(WaitUntil([&] { return gw.Get("/health").status == 200; }, std::chrono::seconds(10)));

  cluster.Stop();
  const auto stopped_at = std::chrono::steady_clock::now();
  HttpResult r;
  REQUIRE(WaitUntil([&] { r = gw.Get("/health"); return r.status == 503; }, std::chrono::seconds(10)));
  CHECK(std::chrono::steady_clock::now() - stopped_at < std::chrono::seconds(10));
  auto body = json::parse(r.body);
  CHECK(body["status"] == "down");
  CHECK(body["components"]["database"]["status"] == "down");
  CHECK_FALSE(body["components"]["database"]["error"].get<std::string>().empty());

  cluster.Start();
  REQUIRE(WaitUntil([&] { r = gw.Get("/health"); return r.status == 200; }, std::chrono::seconds(20)));
  CHECK(json::parse(r.body)["components"]["database"]["status"] == "up");
  CHECK_FALSE(gw.process().Wait(std::chrono::milliseconds(0)).has_value());  // still the same process
}

TEST_CASE("gatewayd starts and reports 503 when the database is unreachable from the start",
          "[integration][health][fault]") {
  Gatewayd gw("postgresql://nobody:secret-password@127.0.0.1:" + std::to_string(FreePort()) + "/none");
  REQUIRE(gw.WaitReady());
  HttpResult r;
  REQUIRE(WaitUntil([&] { r = gw.Get("/health"); return r.status == 503; }, std::chrono::seconds(10)));
  gw.process().Signal(SIGTERM);
  REQUIRE(gw.process().Wait(std::chrono::seconds(10)) == 0);
  CHECK(gw.process().Output().find("secret-password") == std::string::npos);
}

TEST_CASE("SIGTERM under load drains requests and exits 0 within 10 s", "[integration][shutdown]") {
  TestDatabase db;
  Gatewayd gw(db.url());
  REQUIRE(gw.WaitReady());
  std::atomic<bool> stop{false};
  std::atomic<int> ok{0}, refused{0}, bad{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      while (!stop) {
        auto r = Http(gw.port(), "GET", "/metrics", "", {}, std::chrono::seconds(5));
        if (r.status == 200 && r.body.find("process_cpu_user_seconds_total") != std::string::npos) ++ok;
        else if (r.status == 0) ++refused;
        else ++bad;
      }
    });
  }
  REQUIRE(WaitUntil([&] { return ok.load() > 50; }, std::chrono::seconds(10)));
  const auto t0 = std::chrono::steady_clock::now();
  gw.process().Signal(SIGTERM);
  auto code = gw.process().Wait(std::chrono::seconds(10));
  stop = true;
  for (auto& t : clients) t.join();
  REQUIRE(code.has_value());
  CHECK(*code == 0);
  CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::seconds(10));
  CHECK(bad.load() == 0);  // every answer was whole and 200, or there was none
  CHECK(gw.process().Output().find("gatewayd stopped") != std::string::npos);
}

TEST_CASE("SIGTERM while a client is mid-request still exits 0 within 10 s", "[integration][shutdown]") {
  TestDatabase db;
  Gatewayd gw(db.url());
  REQUIRE(gw.WaitReady());
  // A client that sent half a request and went quiet.
  auto sock = Run({"/bin/bash", "-c",
                   "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(gw.port()) +
                       "; printf 'GET /health HTTP/1.1\\r\\nHost: x\\r\\n' >&3; sleep 0.5"});
  gw.process().Signal(SIGTERM);
  auto code = gw.process().Wait(std::chrono::seconds(10));
  REQUIRE(code.has_value());
  CHECK(*code == 0);
}

TEST_CASE("gatewayd refuses hostile HTTP cheaply", "[integration][http][security]") {
  TestDatabase db;
  Gatewayd gw(db.url(), {}, {});
  REQUIRE(gw.WaitReady());
  SECTION("headers over the limit get 431") {
    auto r = Http(gw.port(), "GET", "/health", "", {{"X-Big", std::string(20000, 'a')}});
    CHECK(r.status == 431);
  }
  SECTION("a body over the limit gets 413 as soon as its length is known, without reading it") {
    // Headers announcing 2 MB, then nothing: the answer must come before any body byte.
    auto r = Run({"/bin/bash", "-c",
                  "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(gw.port()) +
                      "; printf 'POST /api/v1/payments HTTP/1.1\\r\\nHost: x\\r\\nContent-Type: application/json\\r\\n"
                      "Content-Length: 2097152\\r\\n\\r\\n' >&3; timeout 5 head -c 12 <&3; echo; echo exit=$?"},
                 {}, "", std::chrono::seconds(10));
    INFO(r.output);
    CHECK(r.output.find("HTTP/1.1 413") != std::string::npos);
  }
  SECTION("an unknown method on a known path gets 405, an unknown path 404") {
    CHECK(Http(gw.port(), "DELETE", "/health").status == 405);
    CHECK(Http(gw.port(), "GET", "/../../etc/passwd").status == 404);
  }
}

TEST_CASE("a client that stops sending is cut off after the read time-out", "[integration][http][security]") {
  TestDatabase db;
  TempDir dir;
  const std::string config = dir.path() + "/gateway.toml";
  std::ofstream(config) << "[server]\nread_timeout_ms = 500\nheader_timeout_ms = 500\nmax_connections = 4\n";
  Gatewayd gw(db.url(), {}, {"--config", config});
  REQUIRE(gw.WaitReady());
  // Half a request, then silence: the server closes the connection (read returns EOF).
  auto r = Run({"/bin/bash", "-c",
                "exec 3<>/dev/tcp/127.0.0.1/" + std::to_string(gw.port()) +
                    "; printf 'GET /health HTTP/1.1\\r\\n' >&3; timeout 5 cat <&3; echo exit=$?"},
               {}, "", std::chrono::seconds(10));
  CHECK(r.output.find("exit=0") != std::string::npos);  // cat saw EOF well before its 5 s
}

TEST_CASE("connections over the cap are closed at once", "[integration][http][security]") {
  TestDatabase db;
  TempDir dir;
  const std::string config = dir.path() + "/gateway.toml";
  std::ofstream(config) << "[server]\nmax_connections = 2\nread_timeout_ms = 5000\n";
  Gatewayd gw(db.url(), {}, {"--config", config});
  REQUIRE(gw.WaitReady());
  // Hold two idle connections open, then a third is closed without an answer.
  auto r = Run({"/bin/bash", "-c",
                "trap '' PIPE; p=" + std::to_string(gw.port()) +
                    "; exec 3<>/dev/tcp/127.0.0.1/$p; exec 4<>/dev/tcp/127.0.0.1/$p; sleep 0.3;"
                    " exec 5<>/dev/tcp/127.0.0.1/$p; printf 'GET /health HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n' >&5 2>/dev/null;"
                    " timeout 3 cat <&5 | head -c 100; echo; echo done"},
               {}, "", std::chrono::seconds(10));
  CHECK(r.output.find("HTTP/1.1") == std::string::npos);
  CHECK(r.output.find("done") != std::string::npos);
}

TEST_CASE("gatewayd writes daily application logs without secrets", "[integration][logging]") {
  TestDatabase db;
  const std::string password = "correct horse battery staple 42";
  const std::string wrong = "wrong-password-that-must-not-be-logged";
  Ctl(db.url(), {"operator", "add", "--username", "auditor9", "--role", "auditor", "--password-stdin"}, password + "\n");
  Gatewayd gw(db.url());
  REQUIRE(gw.WaitReady());
  gw.Get("/health");
  // A failed login, a login, an authenticated request, a logout: none of their secrets may be logged.
  CHECK(Http(gw.port(), "POST", "/api/v1/auth/login", json{{"username", "auditor9"}, {"password", wrong}}.dump(),
             {{"Content-Type", "application/json"}}).status == 401);
  auto login = Http(gw.port(), "POST", "/api/v1/auth/login", json{{"username", "auditor9"}, {"password", password}}.dump(),
                    {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  const std::string token = json::parse(login.body)["token"];
  CHECK(Http(gw.port(), "GET", "/api/v1/audit?limit=1", "", {{"Authorization", "Bearer " + token}}).status == 200);
  CHECK(Http(gw.port(), "POST", "/api/v1/auth/logout", "", {{"Authorization", "Bearer " + token}}).status < 300);
  gw.process().Signal(SIGTERM);
  REQUIRE(gw.process().Wait(std::chrono::seconds(10)) == 0);
  std::string name;
  for (const auto& e : std::filesystem::directory_iterator(gw.log_dir())) name = e.path().filename().string();
  REQUIRE(std::regex_match(name, std::regex(R"(application-\d{4}-\d{2}-\d{2}\.log)")));
  std::ifstream in(gw.log_dir() + "/" + name);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  CHECK(text.find("http GET /health 200") != std::string::npos);
  CHECK(text.find("/api/v1/auth/login") != std::string::npos);  // the requests were logged, their secrets not
  CHECK(text.find(password) == std::string::npos);
  CHECK(text.find(wrong) == std::string::npos);
  CHECK(text.find(token) == std::string::npos);
  CHECK(text.find(token.substr(3, 16)) == std::string::npos);
  // Nor the database passwords (the owner's and the runtime role's).
  for (const std::string& url : {db.url(), db.runtime_url()}) {
    const auto at = url.find('@');
    const auto colon = url.rfind(':', at);
    const std::string db_password = url.substr(colon + 1, at - colon - 1);
    REQUIRE(db_password.size() > 8);
    CHECK(text.find(db_password) == std::string::npos);
  }
}

TEST_CASE("with server.tls_cert_file gatewayd serves the console and the API over HTTPS only",
          "[integration][http][tls]") {
  TestDatabase db;
  TempDir dir;
  Ctl(db.url(), {"pki", "init", "--dir", dir.path() + "/pki", "--names", "console"});
  const std::string cert = dir.path() + "/pki/console-server.crt", key = dir.path() + "/pki/console-server.key";
  Gatewayd gw(db.url(), {{"TLS_CERT_FILE", cert}, {"TLS_KEY_FILE", key}});
  const std::string port = std::to_string(gw.port());
  auto curl = [&](const std::string& url) {
    return Run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--cacert",
                dir.path() + "/pki/ca.crt", "--resolve", "console:" + port + ":127.0.0.1", url});
  };
  const bool up = WaitUntil([&] { return curl("https://console:" + port + "/health").output == "200"; },
                            std::chrono::seconds(30));
  INFO(gw.process().Output());
  REQUIRE(up);
  CHECK(curl("https://console:" + port + "/").output == "200");                 // the console
  CHECK(curl("https://console:" + port + "/api/v1/payments").output == "401");  // the API, still asking for a token
  // Plain HTTP on the same port gets no answer, and a client that does not trust the
  // certificate's CA gets no connection.
  CHECK(gw.Get("/health").status == 0);
  CHECK(Run({"/usr/bin/curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--max-time", "5", "--resolve",
             "console:" + port + ":127.0.0.1", "https://console:" + port + "/health"})
            .output == "000");
  const std::string log = gw.process().Output();
  CHECK(log.find("https://") != std::string::npos);
  CHECK(log.find("PRIVATE KEY") == std::string::npos);

  // Half a configuration, or a key that is not the certificate's, stops gatewayd with exit 2.
  auto refused = Run({BinaryPath("gatewayd")}, {{"DATABASE_URL", db.runtime_url()}, {"TLS_CERT_FILE", cert},
                                                {"DATABASE_ALLOW_PRIVILEGED_ROLE", "false"}});
  CHECK(refused.exit_code == 2);
  CHECK(refused.output.find("server.tls_key_file") != std::string::npos);
  Ctl(db.url(), {"pki", "init", "--dir", dir.path() + "/other", "--names", "console"});
  auto mismatched = Run({BinaryPath("gatewayd")}, {{"DATABASE_URL", db.runtime_url()}, {"TLS_CERT_FILE", cert},
                                                   {"TLS_KEY_FILE", dir.path() + "/other/console-server.key"},
                                                   {"PORT", std::to_string(FreePort())}});
  CHECK(mismatched.exit_code == 2);
  CHECK(mismatched.output.find("server.tls_key_file") != std::string::npos);
  CHECK(mismatched.output.find("PRIVATE KEY") == std::string::npos);
}
