// File: tests/bench/link_bench.cc
//
// The link layer alone over loopback mTLS (certificates from the product's PKI
// code in a temporary directory):
//   BM_LinkPipelined   one outbound link (1 connection, window W) -> inbound
//                      listener whose handler answers each ~5.5 KB pacs.008 with a
//                      ~1.4 KB pacs.002; the sender matches every answer. Reports
//                      messages/s (items_per_second).
//   BM_RawTlsRoundTrip the TLS ceiling: synchronous 4 KB request / 4 KB response
//                      round trips over one mTLS connection (blocking sockets, an
//                      echo thread), no framing or link logic.
// Run: build-links/tests/bench/link_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>
#include <spdlog/spdlog.h>

#include <boost/asio/read.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/write.hpp>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "gateway/links/inbound_listener.h"
#include "gateway/links/outbound_link.h"
#include "tests/links/in_memory_outbox.h"
#include "tests/links/test_support.h"

namespace gw::links {
namespace {

namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;
using testing::TestPki;

// Answers every message at once with a pacs.002-sized ACK.
class AckHandler final : public InboundHandler {
 public:
  void OnMessage(InboundMessage m, Reply reply) override {
    reply(InboundAnswer{"ACSP", "", testing::TestPacs002(m.message_id, m.uetr, "ACSP", "")});
  }
};

class CountingListener final : public DeliveryListener {
 public:
  explicit CountingListener(testing::InMemoryOutbox& outbox) : outbox_(outbox) {}
  void OnAnswered(const OutboundMessage& m, const DeliveryAnswer& a) override {
    outbox_.Complete("bank-b", m.id);  // as the pipeline marks the row done
    std::lock_guard lock(mu_);
    ++done_;
    if (!a.accepted()) ++bad_;
    if (done_ >= target_) cv_.notify_all();
  }
  void OnUndeliverable(const OutboundMessage& m, const Status&) override {
    outbox_.Complete("bank-b", m.id);
    std::lock_guard lock(mu_);
    ++done_;
    ++bad_;
    if (done_ >= target_) cv_.notify_all();
  }
  void Expect(std::uint64_t n) {
    std::lock_guard lock(mu_);
    target_ = done_ + n;
  }
  bool Wait() {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, std::chrono::seconds(120), [&] { return done_ >= target_; });
  }
  std::uint64_t bad() {
    std::lock_guard lock(mu_);
    return bad_;
  }

 private:
  testing::InMemoryOutbox& outbox_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::uint64_t done_ = 0, target_ = 0, bad_ = 0;
};

void BM_LinkPipelined(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  const auto window = static_cast<std::size_t>(state.range(0));
  const int io_threads = static_cast<int>(state.range(1));
  constexpr int kBatch = 5000;
  const auto& pki = TestPki::Get();
  prometheus::Registry registry;
  AckHandler handler;
  testing::InMemoryOutbox outbox;
  CountingListener delivery(outbox);
  std::shared_ptr<InboundListener> listener;
  std::shared_ptr<OutboundLink> link;
  {
    testing::IoThreads io(io_threads);
    auto screds = TlsCredentials::Load("server", TlsRole::kServer, pki.Server("bank-b"), nullptr);
    auto ccreds = TlsCredentials::Load("client", TlsRole::kClient, pki.Client("bank-a"), nullptr);
    if (!screds.ok() || !ccreds.ok()) {
      state.SkipWithError("TLS credentials");
      return;
    }
    auto l = InboundListener::Start(io.io(), {}, *screds, testing::AllowNames({"bank-a"}), handler, registry);
    if (!l.ok()) {
      state.SkipWithError("listener");
      return;
    }
    listener = *l;
    OutboundLinkConfig cfg;
    cfg.name = "bank-b";
    cfg.port = listener->port();
    cfg.server_name = "bank-b";
    cfg.window = window;
    cfg.claim_batch = window;
    auto k = OutboundLink::Create(io.io(), cfg, *ccreds, outbox, delivery, registry);
    link = *k;
    link->Start();

    // Payloads prepared outside the timed region; each message has its own ids.
    std::vector<std::string> bodies;
    std::uint64_t seq = 0;
    for (auto _ : state) {
      state.PauseTiming();
      delivery.Expect(kBatch);
      for (int i = 0; i < kBatch; ++i) {
        const std::string id = "B" + std::to_string(seq++);
        const std::string uetr = "8a562c67-ca16-48ba-b074-65581be6f0" + std::to_string(10 + i % 90);
        outbox.Add("bank-b", id, uetr, testing::TestPacs008(id, uetr, 5500));
      }
      state.ResumeTiming();
      link->Notify();
      if (!delivery.Wait()) {
        state.SkipWithError("timed out waiting for answers");
        break;
      }
    }
    state.SetItemsProcessed(state.iterations() * kBatch);
    state.counters["undelivered_or_nack"] = static_cast<double>(delivery.bad());
    link->Stop();
    listener->Stop();
    io.Join();
    link.reset();
    listener.reset();
  }
}
BENCHMARK(BM_LinkPipelined)
    ->ArgNames({"window", "io_threads"})
    ->Args({64, 1})
    ->Args({256, 1})
    ->Args({256, 2})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MinTime(2.0);

void BM_RawTlsRoundTrip(benchmark::State& state) {
  const auto& pki = TestPki::Get();
  const std::string ca = pki.ReadCa();
  auto s = ReadPemPair(pki.layout.ServerCert("bank-b"), pki.layout.ServerKey("bank-b"));
  auto c = ReadPemPair(pki.layout.ClientCert("bank-a"), pki.layout.ClientKey("bank-a"));
  auto sctx = MakeTlsContext(TlsRole::kServer, ca, s->certificate_pem, s->private_key_pem);
  auto cctx = MakeTlsContext(TlsRole::kClient, ca, c->certificate_pem, c->private_key_pem);
  if (!sctx.ok() || !cctx.ok()) {
    state.SkipWithError("TLS contexts");
    return;
  }
  constexpr std::size_t kSize = 4096;
  asio::io_context sio, cio;
  tcp::acceptor acceptor(sio, {asio::ip::make_address("127.0.0.1"), 0});
  std::thread server([&] {
    ssl::stream<tcp::socket> st(sio, **sctx);
    boost::system::error_code ec;
    acceptor.accept(st.lowest_layer(), ec);
    st.lowest_layer().set_option(tcp::no_delay(true), ec);
    st.handshake(ssl::stream_base::server, ec);
    std::string buf(kSize, '\0');
    while (!ec) {
      asio::read(st, asio::buffer(buf), ec);
      if (!ec) asio::write(st, asio::buffer(buf), ec);
    }
  });
  ssl::stream<tcp::socket> client(cio, **cctx);
  boost::system::error_code ec;
  client.lowest_layer().connect(acceptor.local_endpoint(), ec);
  client.lowest_layer().set_option(tcp::no_delay(true), ec);
  client.set_verify_mode(ssl::verify_peer);
  client.handshake(ssl::stream_base::client, ec);
  if (ec) {
    state.SkipWithError("handshake failed");
  } else {
    std::string out(kSize, 'x'), in(kSize, '\0');
    for (auto _ : state) {
      asio::write(client, asio::buffer(out), ec);
      asio::read(client, asio::buffer(in), ec);
      if (ec) {
        state.SkipWithError("round trip failed");
        break;
      }
    }
    state.SetItemsProcessed(state.iterations());
  }
  client.lowest_layer().shutdown(tcp::socket::shutdown_both, ec);
  client.lowest_layer().close(ec);
  server.join();
}
BENCHMARK(BM_RawTlsRoundTrip)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace gw::links

BENCHMARK_MAIN();
