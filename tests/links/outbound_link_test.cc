// File: tests/links/outbound_link_test.cc
// The outbound link against the inbound listener over loopback mTLS.
#include <catch2/catch.hpp>

#include "tests/links/link_fixture.h"

namespace gw::links::testing {
namespace {

TEST_CASE("link: send/answer round trip with ACK and NACK", "[links]") {
  LinkFixture f;
  f.StartListener();
  f.StartLink(LinkFixture::FastLinkConfig(f.port));
  f.AddMessages(3, "MSG");
  f.AddMessages(2, "REJ");
  REQUIRE(f.delivery.WaitForOutcomes(5));
  auto answered = f.delivery.answered();
  REQUIRE(answered.size() == 5);
  for (const auto& [id, answers] : answered) {
    REQUIRE(answers.size() == 1);
    const DeliveryAnswer& a = answers.front();
    CHECK(a.sends == 1);
    if (id.rfind("REJ", 0) == 0) {
      CHECK(a.status == "RJCT");
      CHECK(a.reason == "AM02");
      CHECK_FALSE(a.accepted());
    } else {
      CHECK(a.status == "ACSP");
      CHECK(a.accepted());
    }
    CHECK(a.body.find("<OrgnlMsgId>" + id + "</OrgnlMsgId>") != std::string::npos);
    CHECK(a.body.find("<OrgnlUETR>uetr-" + id + "</OrgnlUETR>") != std::string::npos);
  }
  CHECK(f.delivery.undeliverable().empty());
  CHECK(f.handler.counterparties() == std::set<std::string>{"bank-a"});
  CHECK(f.Metric("tls_acks_received_total", {{"link", "bank-b"}}) == 3);
  CHECK(f.Metric("tls_nacks_received_total", {{"link", "bank-b"}}) == 2);
  CHECK(f.Metric("tls_answer_latency_seconds", {{"link", "bank-b"}}) == 5);
  CHECK(f.Metric("tls_connections_active", {{"link", "bank-b"}}) == 1);
  CHECK(f.Metric("tls_messages_received_total", {{"link", "bank-a"}}) == 5);
  auto st = f.link->GetStatus();
  CHECK(st.answered == 5);
  CHECK(st.in_flight == 0);
  CHECK(st.breaker == BreakerState::kClosed);
}

TEST_CASE("link: a server certificate issued for another counterparty is refused (server_name)", "[links]") {
  // bank-a's server certificate on 127.0.0.1, where the link to bank-b goes:
  // same CA, valid, but not bank-b's.
  LinkFixture f;
  f.StartListener(LinkFixture::FastListenerConfig(), AllowNames({"bank-a"}), TestPki::Get().Server("bank-a"));
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  REQUIRE(cfg.server_name == "bank-b");
  f.StartLink(cfg);
  f.AddMessages(1, "WRONG-PEER");
  REQUIRE(WaitUntil([&] { return f.Metric("tls_connection_errors_total", {{"link", "bank-b"}}) >= 2; }));
  const auto st = f.link->GetStatus();
  INFO(st.last_error);
  CHECK(st.connects == 0);
  CHECK(st.last_error.find("does not name bank-b") != std::string::npos);
  CHECK(f.handler.total_receipts() == 0);
  f.link->Stop();

  // The same listener is reached by a link that expects bank-a's name.
  LinkFixture g;
  g.port = f.port;
  auto right = LinkFixture::FastLinkConfig(f.port);
  right.server_name = "bank-a";
  g.StartLink(right);
  g.AddMessages(1, "RIGHT-PEER");
  REQUIRE(g.delivery.WaitForOutcomes(1));
  CHECK(g.delivery.answered().count("RIGHT-PEER-0") == 1);
}

TEST_CASE("link: a server_name is required", "[links]") {
  IoThreads io(1);
  prometheus::Registry registry;
  InMemoryOutbox outbox;
  RecordingListener delivery;
  auto creds = TlsCredentials::Load("client", TlsRole::kClient, TestPki::Get().Client("bank-a"), nullptr);
  REQUIRE(creds.ok());
  auto cfg = LinkFixture::FastLinkConfig(7444);
  cfg.server_name.clear();
  auto link = OutboundLink::Create(io.io(), cfg, *creds, outbox, delivery, registry);
  REQUIRE_FALSE(link.ok());
  CHECK(link.status().message().find("server_name") != std::string::npos);
}

TEST_CASE("link: a revoked server certificate is refused, and its open connection closed on reload", "[links]") {
  const auto& pki = TestPki::Get();
  const auto crl = pki.NewCrlPath();
  pki.WriteCrl(crl, {});
  LinkFixture f;
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.pool_size = 2;
  f.StartLink(cfg, "bank-a", pki.Client("bank-a", crl));
  f.AddMessages(2, "BEFORE");
  REQUIRE(f.delivery.WaitForOutcomes(2));
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().connections_up == 2; }));
  CHECK(f.link->Revalidate() == 0);

  pki.WriteCrl(crl, {pki.layout.ServerCert("bank-b")});
  REQUIRE(f.client_credentials->Reload().ok());
  CHECK(f.link->Revalidate() == 2);
  CHECK(f.Metric("tls_sessions_closed_on_reload_total",
                 {{"link", "bank-b"}, {"direction", "outbound"}, {"reason", "revoked"}}) == 2);
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().connections_up == 0; }));
  // Reconnecting fails on the revoked certificate: the next message waits.
  f.AddMessages(1, "AFTER");
  REQUIRE(WaitUntil([&] {
    return f.link->GetStatus().last_error.find("certificate revoked") != std::string::npos;
  }));
  CHECK(f.link->GetStatus().connections_up == 0);
  CHECK(f.handler.receipts("AFTER-0") == 0);
}

TEST_CASE("link: pipelining keeps exactly the window in flight", "[links]") {
  LinkFixture f;
  f.handler.set_mode(TestHandler::Mode::kHold);
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.window = 8;
  cfg.pool_size = 2;
  f.StartLink(cfg);
  f.AddMessages(30);
  // The receiver holds its answers: the sender must stop at the window.
  REQUIRE(f.handler.WaitForHeld(8));
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().in_flight == 8; }));
  CHECK(f.handler.held() == 8);
  CHECK(f.delivery.outcomes() == 0);
  // Release in rounds; each round lets the next window through.
  f.handler.set_mode(TestHandler::Mode::kAnswer);
  f.handler.ReleaseHeld();
  REQUIRE(f.delivery.WaitForOutcomes(30));
  CHECK(f.handler.max_held() == 8);
  CHECK(f.delivery.answered_count() == 30);
  CHECK(f.handler.processed() == 30);
}

TEST_CASE("link: peer down opens the breaker, messages wait, all delivered once when back",
          "[links]") {
  LinkFixture f;
  // Reserve a port, then free it: nothing listens there for now.
  f.StartListener();
  const std::uint16_t port = f.port;
  f.listener->Stop();
  f.listener.reset();
  REQUIRE(WaitUntil([&] {
    // The acceptor closes asynchronously; wait until connecting is refused.
    boost::asio::io_context probe;
    boost::asio::ip::tcp::socket s(probe);
    boost::system::error_code ec;
    s.connect({boost::asio::ip::make_address("127.0.0.1"), port}, ec);
    return static_cast<bool>(ec);
  }));

  auto ids = f.AddMessages(40);
  auto cfg = LinkFixture::FastLinkConfig(port);
  cfg.claim_batch = 8;  // holds window + batch = 24; the rest stays in the outbox
  cfg.breaker.failure_threshold = 3;
  cfg.breaker.open_cooldown = std::chrono::milliseconds(200);
  f.StartLink(cfg);
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().breaker != BreakerState::kClosed; }));
  CHECK(f.Metric("tls_connection_errors_total", {{"link", "bank-b"}}) >= 3);
  // Nothing is given up on while the peer is down: messages wait (mostly in the outbox).
  CHECK(f.delivery.outcomes() == 0);
  CHECK(f.outbox.Unclaimed("bank-b") == 16);
  CHECK(f.Metric("tls_outbox_depth", {{"link", "bank-b"}}) == 40);
  CHECK(f.link->GetStatus().waiting == 24);

  f.port = port;
  f.StartListener();
  REQUIRE(f.delivery.WaitForOutcomes(40));
  auto answered = f.delivery.answered();
  CHECK(answered.size() == 40);
  for (const auto& id : ids) {
    REQUIRE(answered.count(id) == 1);
    CHECK(answered[id].size() == 1);
  }
  CHECK(f.delivery.undeliverable().empty());
  CHECK(f.handler.processed() == 40);
  CHECK(f.handler.total_receipts() == 40);  // each sent exactly once
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().breaker == BreakerState::kClosed; }));
  CHECK(f.Metric("tls_breaker_state", {{"link", "bank-b"}}) == 0);
}

TEST_CASE("link: a dropped connection resends unanswered messages with the same ids", "[links]") {
  LinkFixture f;
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.window = 10;
  f.StartLink(cfg);
  // The first receipt of MSG-3 kills the connection before any answer for it.
  std::atomic<bool> dropped{false};
  f.handler.set_before_answer([&](const InboundMessage& m) {
    if (m.message_id == "MSG-3" && !dropped.exchange(true)) {
      f.listener->DisconnectAll();
      return false;
    }
    return true;
  });
  auto ids = f.AddMessages(10);
  REQUIRE(f.delivery.WaitForOutcomes(10));
  auto answered = f.delivery.answered();
  CHECK(answered.size() == 10);
  for (const auto& id : ids) CHECK(answered[id].size() == 1);
  CHECK(f.handler.receipts("MSG-3") >= 2);
  CHECK(answered["MSG-3"].front().sends >= 2);
  // Receiver-side dedupe: each message id processed once, repeats answered from the cache.
  CHECK(f.handler.processed() == 10);
  CHECK(f.handler.total_receipts() == 10 + f.handler.duplicates() + 1);
  CHECK(f.link->GetStatus().connects >= 2);
  CHECK(f.Metric("tls_messages_resent_total", {{"link", "bank-b"}}) >= 1);
}

TEST_CASE("link: no answer in time -> resend up to the limit, then undeliverable", "[links]") {
  LinkFixture f;
  f.handler.set_mode(TestHandler::Mode::kNeverAnswer);
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.answer_timeout = std::chrono::milliseconds(150);
  cfg.max_resends = 2;
  cfg.breaker.failure_threshold = 100;  // keep the breaker out of this test
  cfg.breaker.error_rate_threshold = 2;
  f.StartLink(cfg);
  f.AddMessages(1, "LOST");
  REQUIRE(f.delivery.WaitForOutcomes(1));
  auto und = f.delivery.undeliverable();
  REQUIRE(und.size() == 1);
  REQUIRE(und["LOST-0"].size() == 1);
  CHECK(und["LOST-0"].front().code() == StatusCode::kDeadlineExceeded);
  CHECK(f.handler.receipts("LOST-0") == 3);  // 1 send + 2 resends, same id
  CHECK(f.delivery.answered().empty());
  CHECK(f.Metric("tls_messages_undeliverable_total", {{"link", "bank-b"}}) == 1);
  CHECK(f.Metric("tls_messages_resent_total", {{"link", "bank-b"}}) == 2);
  // Reported once: nothing more arrives later.
  CHECK_FALSE(f.delivery.WaitForOutcomes(2, std::chrono::milliseconds(400)));
}

TEST_CASE("link: answer time-outs open the breaker, Reset closes it", "[links]") {
  LinkFixture f;
  f.handler.set_mode(TestHandler::Mode::kNeverAnswer);
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.answer_timeout = std::chrono::milliseconds(100);
  cfg.max_resends = 50;
  cfg.breaker.failure_threshold = 3;
  cfg.breaker.open_cooldown = std::chrono::seconds(60);
  f.StartLink(cfg);
  f.AddMessages(3);
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().breaker == BreakerState::kOpen; }));
  CHECK(f.Metric("tls_breaker_state", {{"link", "bank-b"}}) == 1);
  const std::size_t receipts = f.handler.total_receipts();
  f.handler.set_mode(TestHandler::Mode::kAnswer);
  f.link->ResetBreaker();
  CHECK(f.link->GetStatus().breaker == BreakerState::kClosed);
  REQUIRE(f.delivery.WaitForOutcomes(3));
  CHECK(f.delivery.answered_count() == 3);
  CHECK(f.handler.total_receipts() > receipts);
}

TEST_CASE("link: heartbeats keep an idle link up", "[links]") {
  LinkFixture f;
  auto lc = LinkFixture::FastListenerConfig();
  lc.connection.heartbeat_interval = std::chrono::milliseconds(50);
  lc.connection.idle_timeout = std::chrono::milliseconds(300);
  f.StartListener(lc);
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.connection.heartbeat_interval = std::chrono::milliseconds(50);
  cfg.connection.idle_timeout = std::chrono::milliseconds(300);
  f.StartLink(cfg);
  REQUIRE(WaitUntil([&] { return f.link->GetStatus().connections_up == 1; }));
  // Several idle time-outs long with no business traffic.
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  auto st = f.link->GetStatus();
  CHECK(st.connections_up == 1);
  CHECK(st.connects == 1);
  CHECK(f.Metric("tls_connection_errors_total", {{"link", "bank-b"}}) == 0);
  f.AddMessages(1);
  REQUIRE(f.delivery.WaitForOutcomes(1));
  CHECK(f.delivery.answered_count() == 1);
}

TEST_CASE("link: oversized outbound message is reported undeliverable, not sent", "[links]") {
  LinkFixture f;
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.connection.max_frame_size = 4096;
  f.StartLink(cfg);
  f.outbox.Add("bank-b", "BIG-1", "u", std::string(5000, 'x'));
  f.outbox.Add("bank-b", "SMALL-1", "u2", "<Document/>");
  f.link->Notify();
  REQUIRE(f.delivery.WaitForOutcomes(2));
  auto und = f.delivery.undeliverable();
  REQUIRE(und.count("BIG-1") == 1);
  CHECK(und["BIG-1"].front().code() == StatusCode::kResourceExhausted);
  CHECK(f.delivery.answered().count("SMALL-1") == 1);
  CHECK(f.handler.receipts("BIG-1") == 0);
}

TEST_CASE("link: Stop hands unanswered messages back to the outbox", "[links]") {
  LinkFixture f;
  f.handler.set_mode(TestHandler::Mode::kHold);
  f.StartListener();
  auto cfg = LinkFixture::FastLinkConfig(f.port);
  cfg.window = 4;
  f.StartLink(cfg);
  f.AddMessages(10);
  REQUIRE(f.handler.WaitForHeld(4));
  f.link->Stop();
  CHECK(f.outbox.Unclaimed("bank-b") == 10);
  CHECK(f.delivery.outcomes() == 0);
  f.handler.ReleaseHeld();  // late answers go nowhere
  CHECK(f.delivery.outcomes() == 0);
}

}  // namespace
}  // namespace gw::links::testing
