// The admin HTTP server against real sockets: deadlines a slow client cannot
// stretch, and the per-address connection cap.
#include "admin/http_server.h"

#include <arpa/inet.h>
#include <catch2/catch.hpp>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <memory>
#include <string>
#include <thread>

#include "admin/http.h"
#include "admin/metrics.h"
#include "tests/support/test_env.h"

using namespace gw;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

namespace {

// An HttpServer on 127.0.0.1 (any free port) answering GET /ok, with its own I/O thread.
class TestServer {
 public:
  explicit TestServer(admin::HttpServerOptions options) {
    options.bind_address = "127.0.0.1";
    options.port = 0;
    router_.Add("GET", "/ok", [](const admin::HttpRequest& r) {
      return admin::HttpResponse::Json(200, "{\"from\":\"" + r.remote_address + "\"}");
    });
    router_.Add("POST", "/ok", [](const admin::HttpRequest& r) {
      return admin::HttpResponse::Json(200, "{\"bytes\":" + std::to_string(r.body.size()) + "}");
    });
    server_ = std::make_unique<admin::HttpServer>(io_, workers_, router_, metrics_, options);
    REQUIRE(server_->Start().ok());
    thread_ = std::thread([this] { io_.run(); });
  }
  ~TestServer() {
    server_->StopAccepting();
    io_.stop();
    thread_.join();
    workers_.join();
  }
  unsigned short port() const { return server_->port(); }
  int active_connections() const { return server_->active_connections(); }

 private:
  boost::asio::io_context io_;
  boost::asio::thread_pool workers_{2};
  admin::Router router_;
  admin::Metrics metrics_;
  std::unique_ptr<admin::HttpServer> server_;
  std::thread thread_;
};

// A client socket connected from `source` (any 127.0.0.0/8 address works on lo).
class Client {
 public:
  Client(unsigned short port, const char* source = "127.0.0.1") {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    REQUIRE(inet_pton(AF_INET, source, &local.sin_addr) == 1);
    REQUIRE(bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    REQUIRE(connect(fd_, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0);
  }
  ~Client() { Close(); }
  void Close() {
    if (fd_ >= 0) close(fd_);
    fd_ = -1;
  }

  // False once the server has closed the connection.
  bool Send(const std::string& bytes) {
    return send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size());
  }
  // True if the server has closed the connection (reading what it sent first).
  bool ClosedByServer(milliseconds wait = milliseconds(0)) {
    pollfd p{fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(wait.count())) <= 0) return false;
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      received_.append(buf, static_cast<std::size_t>(n));
      return ClosedByServer(milliseconds(0));
    }
    return true;  // EOF or reset
  }
  // Everything until the server closes the connection or `wait` passes.
  std::string ReadAll(milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    while (Clock::now() < deadline) {
      if (ClosedByServer(milliseconds(50))) break;
    }
    return received_;
  }
  // Reads until `text` arrives (or `wait` passes).
  bool Await(const std::string& text, milliseconds wait) {
    const auto deadline = Clock::now() + wait;
    while (received_.find(text) == std::string::npos && Clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      if (poll(&p, 1, 50) <= 0) continue;
      char buf[4096];
      const ssize_t n = recv(fd_, buf, sizeof buf, 0);
      if (n <= 0) break;
      received_.append(buf, static_cast<std::size_t>(n));
    }
    return received_.find(text) != std::string::npos;
  }
  const std::string& received() const { return received_; }

 private:
  int fd_ = -1;
  std::string received_;
};

double SecondsSince(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

}  // namespace

TEST_CASE("a client trickling header bytes is cut off at the header deadline", "[admin][http][security]") {
  admin::HttpServerOptions o;
  o.read_timeout = milliseconds(5000);
  o.header_timeout = milliseconds(1000);
  TestServer server(o);
  Client slow(server.port());
  const auto first_byte = Clock::now();
  REQUIRE(slow.Send("GET /ok HTTP/1.1\r\n"));
  // A header byte every 100 ms: never idle, never done.
  bool closed = false;
  while (!closed && SecondsSince(first_byte) < 4.5) {
    std::this_thread::sleep_for(milliseconds(100));
    closed = !slow.Send("X") || slow.ClosedByServer();
  }
  const double after = SecondsSince(first_byte);
  CHECK(closed);
  CHECK(after >= 0.9);
  CHECK(after < 2.5);
  CHECK(slow.received().find("HTTP/1.1 200") == std::string::npos);
}

TEST_CASE("the idle, header and body deadlines are separate phases", "[admin][http][security]") {
  admin::HttpServerOptions o;
  o.read_timeout = milliseconds(1000);
  o.header_timeout = milliseconds(3000);  // capped at read_timeout
  o.body_timeout = milliseconds(1000);
  TestServer server(o);

  // Silent after connecting: closed at the idle time-out.
  Client idle(server.port());
  const auto connected = Clock::now();
  CHECK(idle.ClosedByServer(milliseconds(3000)));
  CHECK(SecondsSince(connected) < 2.0);

  // A request that begins within the idle time-out may take its header time
  // from its first byte: it is answered although it ends after the idle time-out.
  Client patient(server.port());
  std::this_thread::sleep_for(milliseconds(600));
  REQUIRE(patient.Send("GET /ok HTTP/1.1\r\nHost: x\r\n"));
  std::this_thread::sleep_for(milliseconds(600));
  REQUIRE(patient.Send("\r\n"));
  CHECK(patient.Await("HTTP/1.1 200", milliseconds(3000)));
  // Kept alive, then idle: closed at the idle time-out again.
  const auto answered = Clock::now();
  CHECK(patient.ClosedByServer(milliseconds(3000)));
  CHECK(SecondsSince(answered) < 2.0);

  // A body trickling in is cut off at the body deadline.
  Client slow_body(server.port());
  REQUIRE(slow_body.Send("POST /ok HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000\r\n\r\n"));
  const auto headers_sent = Clock::now();
  bool closed = false;
  while (!closed && SecondsSince(headers_sent) < 4.0) {
    std::this_thread::sleep_for(milliseconds(100));
    closed = !slow_body.Send("0123456789") || slow_body.ClosedByServer();
  }
  CHECK(closed);
  CHECK(SecondsSince(headers_sent) < 2.5);
  CHECK(slow_body.received().find("HTTP/1.1 200") == std::string::npos);
}

TEST_CASE("connections over the per-address cap are closed at once while other addresses are served",
          "[admin][http][security]") {
  admin::HttpServerOptions o;
  o.max_connections_per_address = 3;
  o.read_timeout = milliseconds(10000);
  TestServer server(o);
  std::vector<std::unique_ptr<Client>> held;
  for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<Client>(server.port()));
  REQUIRE(test::WaitUntil([&] { return server.active_connections() == 3; }, milliseconds(3000)));

  Client extra(server.port());
  extra.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n");
  CHECK(extra.ReadAll(milliseconds(3000)).find("HTTP/1.1") == std::string::npos);
  CHECK(extra.ClosedByServer());

  Client other(server.port(), "127.0.0.2");
  REQUIRE(other.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(other.Await("\"from\":\"127.0.0.2\"", milliseconds(3000)));

  // A connection closed makes room again.
  held[0]->Close();
  REQUIRE(test::WaitUntil([&] { return server.active_connections() == 3; }, milliseconds(3000)));
  Client again(server.port());
  REQUIRE(again.Send("GET /ok HTTP/1.1\r\nHost: x\r\n\r\n"));
  CHECK(again.Await("HTTP/1.1 200", milliseconds(3000)));
}
