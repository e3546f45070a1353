// File: tests/links/link_fixture.h
// A listener (counterparty "bank-b" server side) and an outbound link from
// "bank-a" to it, over loopback mTLS with certificates from TestPki.
#pragma once

#include <catch2/catch.hpp>

#include <memory>
#include <optional>

#include "gateway/links/inbound_listener.h"
#include "gateway/links/outbound_link.h"
#include "tests/links/in_memory_outbox.h"
#include "tests/links/test_support.h"

namespace gw::links::testing {

struct LinkFixture {
  // Declared first: the io_context is destroyed last, after every object that
  // has sockets or timers on it.
  IoThreads io{2};
  prometheus::Registry registry;
  TestHandler handler;
  InMemoryOutbox outbox;
  RecordingListener delivery;
  std::shared_ptr<TlsCredentials> server_credentials;  // the listener's
  std::shared_ptr<TlsCredentials> client_credentials;  // the link's
  std::shared_ptr<InboundListener> listener;
  std::shared_ptr<OutboundLink> link;
  std::uint16_t port = 0;

  ~LinkFixture() {
    if (link) link->Stop();
    if (listener) listener->Stop();
    io.Join();  // no handler runs any more
    link.reset();
    listener.reset();
  }

  static InboundListenerConfig FastListenerConfig() {
    InboundListenerConfig c;
    c.name = "test-in";
    c.handshake_timeout = std::chrono::seconds(5);
    c.connection.heartbeat_interval = std::chrono::milliseconds(200);
    c.connection.idle_timeout = std::chrono::seconds(3);
    return c;
  }

  static OutboundLinkConfig FastLinkConfig(std::uint16_t port) {
    OutboundLinkConfig c;
    c.name = "bank-b";
    c.port = port;
    c.server_name = "bank-b";  // the listener's certificate (TestPki: DNS:bank-b only)
    c.window = 16;
    c.answer_timeout = std::chrono::seconds(5);
    c.backoff_initial = std::chrono::milliseconds(20);
    c.backoff_max = std::chrono::milliseconds(200);
    c.outbox_poll_interval = std::chrono::milliseconds(20);
    c.connection.heartbeat_interval = std::chrono::milliseconds(200);
    c.connection.idle_timeout = std::chrono::seconds(3);
    c.breaker.open_cooldown = std::chrono::milliseconds(300);
    return c;
  }

  void StartListener(InboundListenerConfig c = FastListenerConfig(),
                     AllowList allow = AllowNames({"bank-a"}),
                     TlsFiles files = TestPki::Get().Server("bank-b")) {
    c.port = port;
    auto creds = TlsCredentials::Load("server", TlsRole::kServer, files, nullptr);
    REQUIRE(creds.ok());
    server_credentials = *creds;
    auto l = InboundListener::Start(io.io(), c, *creds, std::move(allow), handler, registry);
    REQUIRE(l.ok());
    listener = *l;
    port = listener->port();
  }

  void StartLink(OutboundLinkConfig c, const std::string& client = "bank-a",
                 std::optional<TlsFiles> files = std::nullopt) {
    auto creds = TlsCredentials::Load("client", TlsRole::kClient,
                                      files ? *files : TestPki::Get().Client(client), nullptr);
    REQUIRE(creds.ok());
    client_credentials = *creds;
    auto l = OutboundLink::Create(io.io(), c, *creds, outbox, delivery, registry);
    REQUIRE(l.ok());
    link = *l;
    link->Start();
  }

  // Adds n messages "<prefix>-<i>" for link bank-b; returns their ids.
  std::vector<std::string> AddMessages(int n, const std::string& prefix = "MSG") {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      const std::string id = prefix + "-" + std::to_string(i);
      const std::string uetr = "uetr-" + id;
      outbox.Add("bank-b", id, uetr, TestPacs008(id, uetr));
      ids.push_back(id);
    }
    if (link) link->Notify();
    return ids;
  }

  double Metric(const std::string& name, const std::map<std::string, std::string>& labels) {
    return MetricValue(registry, name, labels);
  }
};

}  // namespace gw::links::testing
