// File: tests/links/inbound_listener_test.cc
// The inbound listener's handshake policy and framing, driven by a raw TLS client.
#include <catch2/catch.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <fstream>

#include "gateway/links/frame.h"
#include "tests/links/link_fixture.h"

namespace gw::links::testing {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

// A synchronous TLS client on its own io_context (the test thread).
class RawClient {
 public:
  RawClient(std::uint16_t port, std::shared_ptr<ssl::context> ctx) : ctx_(std::move(ctx)), stream_(io_, *ctx_) {
    boost::system::error_code ec;
    stream_.lowest_layer().connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    REQUIRE_FALSE(ec);
    // Bound every blocking read of the test.
    timeval tv{10, 0};
    ::setsockopt(stream_.lowest_layer().native_handle(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    stream_.set_verify_mode(ssl::verify_peer);
    stream_.set_verify_callback(ssl::host_name_verification("bank-b"));  // the listener's certificate
  }
  boost::system::error_code Handshake() {
    boost::system::error_code ec;
    stream_.handshake(ssl::stream_base::client, ec);
    return ec;
  }
  boost::system::error_code Write(const std::string& bytes) {
    boost::system::error_code ec;
    asio::write(stream_, asio::buffer(bytes), ec);
    return ec;
  }
  // Reads frames until one of `type` arrives; nullopt on error/EOF.
  std::optional<Frame> ReadFrame(FrameType type) {
    FrameDecoder d;
    char buf[16384];
    for (;;) {
      while (d.HasFrame()) {
        Frame f = d.PopFrame();
        if (f.type == type) return f;
      }
      boost::system::error_code ec;
      const std::size_t n = stream_.read_some(asio::buffer(buf), ec);
      if (ec) return std::nullopt;
      if (!d.Feed(std::string_view(buf, n)).ok()) return std::nullopt;
    }
  }
  // Reads until the server ends the connection; true if it did (not a local time-out).
  bool ReadUntilClosed() {
    char buf[16384];
    for (;;) {
      boost::system::error_code ec;
      stream_.read_some(asio::buffer(buf), ec);
      if (ec) return ec != asio::error::would_block && ec != asio::error::try_again;
    }
  }
  void CloseTcp() {
    boost::system::error_code ec;
    stream_.lowest_layer().close(ec);
  }

 private:
  asio::io_context io_;
  std::shared_ptr<ssl::context> ctx_;
  ssl::stream<tcp::socket> stream_;
};

std::shared_ptr<ssl::context> ClientContext(const std::filesystem::path& ca,
                                            const std::filesystem::path& cert,
                                            const std::filesystem::path& key) {
  std::string ca_pem = ReadPemPair(ca, ca).value().certificate_pem;
  std::string cert_pem, key_pem;
  if (!cert.empty()) {
    auto p = ReadPemPair(cert, key);
    REQUIRE(p.ok());
    cert_pem = p->certificate_pem;
    key_pem = p->private_key_pem;
  }
  auto ctx = MakeTlsContext(TlsRole::kClient, ca_pem, cert_pem, key_pem);
  REQUIRE(ctx.ok());
  return *ctx;
}

std::string Message(const std::string& id) {
  return EncodeMessage({id, "uetr-" + id, TestPacs008(id, "uetr-" + id)}).value();
}

// Runs one refused connection attempt and checks it was refused at the
// handshake for `reason`, with no message handed to the handler.
void ExpectRefused(LinkFixture& f, std::shared_ptr<ssl::context> ctx, std::string_view reason) {
  RawClient c(f.port, std::move(ctx));
  auto ec = c.Handshake();  // with TLS 1.3 the client may finish before the server refuses
  if (!ec) {
    c.Write(Message("SHOULD-NOT-ARRIVE"));
    CHECK_FALSE(c.ReadFrame(FrameType::kAnswer).has_value());
  }
  REQUIRE(WaitUntil([&] {
    return f.Metric("tls_handshake_refusals_total", {{"listener", "test-in"}, {"reason", std::string(reason)}}) == 1;
  }));
  CHECK(f.handler.total_receipts() == 0);
  CHECK(f.listener->active_connections() == 0);
}

TEST_CASE("listener: an allowed client certificate is accepted and answered", "[links]") {
  LinkFixture f;
  f.StartListener();
  const auto& pki = TestPki::Get();
  RawClient c(f.port, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-a"),
                                    pki.layout.ClientKey("bank-a")));
  REQUIRE_FALSE(c.Handshake());
  REQUIRE_FALSE(c.Write(Message("M1")));
  auto frame = c.ReadFrame(FrameType::kAnswer);
  REQUIRE(frame.has_value());
  auto a = DecodeAnswer(frame->payload);
  REQUIRE(a.ok());
  CHECK(a->original_message_id == "M1");
  CHECK(a->original_uetr == "uetr-M1");
  CHECK(a->status == "ACSP");
  CHECK(f.handler.counterparties() == std::set<std::string>{"bank-a"});
  // A heartbeat is acknowledged.
  REQUIRE_FALSE(c.Write(EncodeFrame(FrameType::kHeartbeat, "ping").value()));
  auto ack = c.ReadFrame(FrameType::kHeartbeatAck);
  REQUIRE(ack.has_value());
  CHECK(ack->payload == "ping");
}

TEST_CASE("listener: a client without a certificate is refused at the handshake", "[links]") {
  LinkFixture f;
  f.StartListener();
  ExpectRefused(f, ClientContext(TestPki::Get().layout.CaCert(), {}, {}), kRefusedNoClientCert);
}

TEST_CASE("listener: a certificate from another CA is refused at the handshake", "[links]") {
  LinkFixture f;
  f.StartListener();
  const auto& pki = TestPki::Get();
  ExpectRefused(f, ClientContext(pki.layout.CaCert(), pki.rogue_client_cert, pki.rogue_client_key),
                kRefusedUnknownCa);
}

TEST_CASE("listener: an expired certificate is refused at the handshake", "[links]") {
  LinkFixture f;
  f.StartListener();
  const auto& pki = TestPki::Get();
  ExpectRefused(f, ClientContext(pki.layout.CaCert(), pki.expired_client_cert, pki.expired_client_key),
                kRefusedExpired);
}

TEST_CASE("listener: a valid certificate not on the allow-list is refused at the handshake",
          "[links]") {
  LinkFixture f;
  f.StartListener();
  const auto& pki = TestPki::Get();
  ExpectRefused(f, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-c"),
                                 pki.layout.ClientKey("bank-c")),
                kRefusedNotAllowed);
}

TEST_CASE("listener: allow-list by SHA-256 fingerprint", "[links]") {
  LinkFixture f;
  const auto& pki = TestPki::Get();
  auto pem = ReadPemPair(pki.layout.ClientCert("bank-c"), pki.layout.ClientKey("bank-c"));
  auto fp = CertificateSha256Fingerprint(pem->certificate_pem);
  REQUIRE(fp.ok());
  std::string colons;
  for (std::size_t i = 0; i < fp->size(); i += 2) {
    colons += (i ? ":" : "") + fp->substr(i, 2);
  }
  for (auto& ch : colons) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  f.StartListener(LinkFixture::FastListenerConfig(), AllowList({AllowedPeer{"partner-c", {}, {colons}}}));
  RawClient c(f.port, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-c"),
                                    pki.layout.ClientKey("bank-c")));
  REQUIRE_FALSE(c.Handshake());
  REQUIRE_FALSE(c.Write(Message("FP-1")));
  REQUIRE(c.ReadFrame(FrameType::kAnswer).has_value());
  CHECK(f.handler.counterparties() == std::set<std::string>{"partner-c"});
}

TEST_CASE("listener: allow-list reload without restart", "[links]") {
  LinkFixture f;
  f.StartListener(LinkFixture::FastListenerConfig(), AllowNames({"bank-a"}));
  const auto& pki = TestPki::Get();
  auto ctx = ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-c"),
                           pki.layout.ClientKey("bank-c"));
  ExpectRefused(f, ctx, kRefusedNotAllowed);

  f.listener->SetAllowList(AllowNames({"bank-a", "bank-c"}));
  RawClient c(f.port, ctx);
  REQUIRE_FALSE(c.Handshake());
  REQUIRE_FALSE(c.Write(Message("AFTER-RELOAD")));
  REQUIRE(c.ReadFrame(FrameType::kAnswer).has_value());
  CHECK(f.handler.counterparties() == std::set<std::string>{"bank-c"});

  // And removal applies to the next handshake.
  f.listener->SetAllowList(AllowNames({"bank-a"}));
  RawClient c2(f.port, ctx);
  if (!c2.Handshake()) {
    c2.Write(Message("REMOVED"));
    CHECK_FALSE(c2.ReadFrame(FrameType::kAnswer).has_value());
  }
  REQUIRE(WaitUntil([&] {
    return f.Metric("tls_handshake_refusals_total", {{"listener", "test-in"}, {"reason", "not_allowed"}}) == 2;
  }));
  CHECK(f.handler.receipts("REMOVED") == 0);
}

double ClosedOnReload(LinkFixture& f, const std::string& counterparty, const std::string& reason) {
  return f.Metric("tls_sessions_closed_on_reload_total",
                  {{"link", counterparty}, {"direction", "inbound"}, {"reason", reason}});
}

// An established session of `client` (its certificate and key files) that has
// had one message answered.
std::unique_ptr<RawClient> Established(LinkFixture& f, const std::string& client, const std::string& id) {
  const auto& pki = TestPki::Get();
  auto c = std::make_unique<RawClient>(
      f.port, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert(client), pki.layout.ClientKey(client)));
  REQUIRE_FALSE(c->Handshake());
  REQUIRE_FALSE(c->Write(Message(id)));
  REQUIRE(c->ReadFrame(FrameType::kAnswer).has_value());
  return c;
}

TEST_CASE("listener: removing a counterparty from the allow-list closes its established sessions",
          "[links]") {
  LinkFixture f;
  f.StartListener(LinkFixture::FastListenerConfig(), AllowNames({"bank-a", "bank-c"}));
  auto a = Established(f, "bank-a", "A-1");
  auto c = Established(f, "bank-c", "C-1");
  REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 2; }));

  CHECK(f.listener->SetAllowList(AllowNames({"bank-a"})) == 1);
  // bank-c is told why, then disconnected; nothing it sends is processed any more.
  auto close = c->ReadFrame(FrameType::kClose);
  REQUIRE(close.has_value());
  CHECK(close->payload.find("not_allowed") != std::string::npos);
  CHECK(c->ReadUntilClosed());
  CHECK(ClosedOnReload(f, "bank-c", "not_allowed") == 1);
  REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 1; }));
  CHECK(f.handler.receipts("C-1") == 1);

  // bank-a, still allowed, keeps its session.
  REQUIRE_FALSE(a->Write(Message("A-2")));
  REQUIRE(a->ReadFrame(FrameType::kAnswer).has_value());
  CHECK(ClosedOnReload(f, "bank-a", "not_allowed") == 0);

  // An entry that now names bank-c's certificate as another counterparty closes
  // its sessions too: messages are never attributed to the wrong counterparty.
  auto a2 = Established(f, "bank-a", "A-3");
  CHECK(f.listener->SetAllowList(AllowList({AllowedPeer{"partner-x", {"bank-a"}, {}}})) == 2);
  CHECK(a->ReadFrame(FrameType::kClose).has_value());
  CHECK(a2->ReadFrame(FrameType::kClose).has_value());
  CHECK(ClosedOnReload(f, "bank-a", "not_allowed") == 2);
  REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 0; }));
}

TEST_CASE("listener: a client certificate revoked by the CRL is refused at the handshake", "[links]") {
  const auto& pki = TestPki::Get();
  const auto crl = pki.NewCrlPath();
  pki.WriteCrl(crl, {pki.layout.ClientCert("bank-c")});
  LinkFixture f;
  f.StartListener(LinkFixture::FastListenerConfig(), AllowNames({"bank-a", "bank-c"}), pki.Server("bank-b", crl));
  ExpectRefused(f, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-c"), pki.layout.ClientKey("bank-c")),
                kRefusedRevoked);
  // A certificate the CRL does not list is accepted.
  Established(f, "bank-a", "NOT-REVOKED");
  CHECK(f.handler.counterparties() == std::set<std::string>{"bank-a"});
}

TEST_CASE("listener: a CRL that does not cover the client's CA refuses it", "[links]") {
  const auto& pki = TestPki::Get();
  // A CRL of another CA, and the CA of the rogue certificate trusted too: its
  // chain has no CRL, so it is refused (crl_unavailable); ours is accepted.
  const auto dir = pki.dir / ("two-ca-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  auto ours = ReadPemPair(pki.layout.CaCert(), pki.layout.CaKey());
  auto other = ReadPemPair(pki.other_ca_cert, pki.other_ca_key);
  REQUIRE(ours.ok());
  REQUIRE(other.ok());
  { std::ofstream(dir / "cas.crt") << ours->certificate_pem << other->certificate_pem; }
  { std::ofstream(dir / "ours.crl") << IssueCrl(*ours, {}, std::chrono::hours(1)).value(); }
  LinkFixture f;
  f.StartListener(LinkFixture::FastListenerConfig(), AllowNames({"bank-a"}),
                  TlsFiles{dir / "cas.crt", pki.layout.ServerCert("bank-b"), pki.layout.ServerKey("bank-b"),
                           dir / "ours.crl"});
  ExpectRefused(f, ClientContext(pki.layout.CaCert(), pki.rogue_client_cert, pki.rogue_client_key),
                kRefusedCrlUnavailable);
  Established(f, "bank-a", "COVERED");
}

TEST_CASE("listener: an established session whose certificate is revoked is closed on reload", "[links]") {
  const auto& pki = TestPki::Get();
  const auto crl = pki.NewCrlPath();
  pki.WriteCrl(crl, {});
  LinkFixture f;
  f.StartListener(LinkFixture::FastListenerConfig(), AllowNames({"bank-a", "bank-c"}), pki.Server("bank-b", crl));
  auto a = Established(f, "bank-a", "A-1");
  auto c = Established(f, "bank-c", "C-1");
  // Nothing changed: a revalidation closes nothing.
  CHECK(f.listener->Revalidate() == 0);

  pki.WriteCrl(crl, {pki.layout.ClientCert("bank-c")});
  REQUIRE(f.server_credentials->Reload().ok());
  CHECK(f.listener->Revalidate() == 1);
  auto close = c->ReadFrame(FrameType::kClose);
  REQUIRE(close.has_value());
  CHECK(close->payload.find("revoked") != std::string::npos);
  CHECK(c->ReadUntilClosed());
  CHECK(ClosedOnReload(f, "bank-c", "revoked") == 1);
  REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 1; }));
  // A second revalidation does not count it again; bank-a is untouched.
  CHECK(f.listener->Revalidate() == 0);
  CHECK(ClosedOnReload(f, "bank-c", "revoked") == 1);
  REQUIRE_FALSE(a->Write(Message("A-2")));
  REQUIRE(a->ReadFrame(FrameType::kAnswer).has_value());
  // And bank-c cannot come back.
  RawClient again(f.port, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-c"),
                                        pki.layout.ClientKey("bank-c")));
  if (!again.Handshake()) {
    again.Write(Message("C-2"));
    CHECK_FALSE(again.ReadFrame(FrameType::kAnswer).has_value());
  }
  REQUIRE(WaitUntil([&] {
    return f.Metric("tls_handshake_refusals_total", {{"listener", "test-in"}, {"reason", "revoked"}}) == 1;
  }));
  CHECK(f.handler.receipts("C-2") == 0);
}

TEST_CASE("listener: framing errors over TLS close the connection", "[links]") {
  LinkFixture f;
  auto cfg = LinkFixture::FastListenerConfig();
  cfg.connection.max_frame_size = 64 * 1024;
  f.StartListener(cfg);
  const auto& pki = TestPki::Get();
  auto ctx = ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-a"), pki.layout.ClientKey("bank-a"));

  SECTION("an oversized frame is refused from its header; the peer says why") {
    RawClient c(f.port, ctx);
    REQUIRE_FALSE(c.Handshake());
    std::string header = {0x00, 0x02, 0x00, 0x00, 0x01};  // 128 KiB announced
    REQUIRE_FALSE(c.Write(header + std::string(1000, 'x')));
    auto close = c.ReadFrame(FrameType::kClose);
    REQUIRE(close.has_value());
    CHECK(close->payload.find("exceeds the maximum") != std::string::npos);
    CHECK(c.ReadUntilClosed());
  }
  SECTION("garbage (not frames) is refused") {
    RawClient c(f.port, ctx);
    REQUIRE_FALSE(c.Handshake());
    REQUIRE_FALSE(c.Write("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    REQUIRE(c.ReadFrame(FrameType::kClose).has_value());
    CHECK(c.ReadUntilClosed());
  }
  SECTION("a truncated frame is never delivered") {
    RawClient c(f.port, ctx);
    REQUIRE_FALSE(c.Handshake());
    const std::string m = Message("TRUNC");
    REQUIRE_FALSE(c.Write(m.substr(0, m.size() / 2)));
    REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 1; }));
    c.CloseTcp();
    REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 0; }));
  }
  SECTION("an answer frame from the client is a protocol error") {
    RawClient c(f.port, ctx);
    REQUIRE_FALSE(c.Handshake());
    REQUIRE_FALSE(c.Write(EncodeAnswer({"X", "", "ACSP", "", ""}).value()));
    REQUIRE(c.ReadFrame(FrameType::kClose).has_value());
  }
  CHECK(f.handler.total_receipts() == 0);
}

TEST_CASE("listener: a silent client is dropped by the idle time-out", "[links]") {
  LinkFixture f;
  auto cfg = LinkFixture::FastListenerConfig();
  cfg.connection.heartbeat_interval = std::chrono::milliseconds(100);
  cfg.connection.idle_timeout = std::chrono::milliseconds(300);
  f.StartListener(cfg);
  const auto& pki = TestPki::Get();
  RawClient c(f.port, ClientContext(pki.layout.CaCert(), pki.layout.ClientCert("bank-a"),
                                    pki.layout.ClientKey("bank-a")));
  REQUIRE_FALSE(c.Handshake());
  const auto start = std::chrono::steady_clock::now();
  // Never answers the server's heartbeats and sends nothing: the server closes.
  CHECK(c.ReadUntilClosed());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
  REQUIRE(WaitUntil([&] { return f.listener->active_connections() == 0; }));
}

TEST_CASE("listener: a client that never completes the handshake is timed out", "[links]") {
  LinkFixture f;
  auto cfg = LinkFixture::FastListenerConfig();
  cfg.handshake_timeout = std::chrono::milliseconds(200);
  f.StartListener(cfg);
  asio::io_context io;
  tcp::socket s(io);
  s.connect({asio::ip::make_address("127.0.0.1"), f.port});
  REQUIRE(WaitUntil([&] {
    return f.Metric("tls_handshake_refusals_total", {{"listener", "test-in"}, {"reason", "timeout"}}) == 1;
  }));
}

TEST_CASE("link: a dead peer is detected by the idle time-out and the link reconnects", "[links]") {
  // A TLS server that completes handshakes and then never says anything again.
  const auto& pki = TestPki::Get();
  auto server_pem = ReadPemPair(pki.layout.ServerCert("bank-b"), pki.layout.ServerKey("bank-b"));
  auto sctx = MakeTlsContext(TlsRole::kServer, pki.ReadCa(), server_pem->certificate_pem,
                             server_pem->private_key_pem);
  REQUIRE(sctx.ok());
  asio::io_context sio;
  tcp::acceptor acceptor(sio, {asio::ip::make_address("127.0.0.1"), 0});
  const std::uint16_t port = acceptor.local_endpoint().port();
  std::vector<std::unique_ptr<ssl::stream<tcp::socket>>> accepted;
  std::thread server([&] {
    for (int i = 0; i < 2; ++i) {
      auto s = std::make_unique<ssl::stream<tcp::socket>>(sio, **sctx);
      boost::system::error_code ec;
      acceptor.accept(s->lowest_layer(), ec);
      if (ec) return;
      s->handshake(ssl::stream_base::server, ec);
      accepted.push_back(std::move(s));
    }
  });

  LinkFixture f;
  auto cfg = LinkFixture::FastLinkConfig(port);
  cfg.connection.heartbeat_interval = std::chrono::milliseconds(50);
  cfg.connection.idle_timeout = std::chrono::milliseconds(300);
  f.StartLink(cfg);
  const bool reconnected = WaitUntil([&] { return f.link->GetStatus().connects >= 2; });
  f.link->Stop();
  if (!reconnected) {  // unblock the server thread's accept before failing
    tcp::socket unblock(sio);
    boost::system::error_code ec;
    unblock.connect({asio::ip::make_address("127.0.0.1"), port}, ec);
    unblock.close(ec);
  }
  server.join();
  REQUIRE(reconnected);
  CHECK(f.Metric("tls_connection_errors_total", {{"link", "bank-b"}}) >= 1);
}

}  // namespace
}  // namespace gw::links::testing
