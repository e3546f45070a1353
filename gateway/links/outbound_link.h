// File: gateway/links/outbound_link.h
//
// The outbound side of one counterparty link: a pool of mTLS connections to the
// counterparty, fed from an OutboxSource in creation order, with a window of
// unanswered messages in flight spread over the pool, answers matched by
// original message id (+ UETR), resends on answer time-out or connection loss
// (same identifiers), reconnection with exponential backoff and jitter, and a
// circuit breaker gating sends.
//
// Delivery contract: every claimed message is reported exactly once to the
// DeliveryListener (answered, or undeliverable after 1 + max_resends sends that
// each timed out), unless Stop() hands it back to the OutboxSource. A message
// whose connection drops is sent again on reconnection without using up a send.
//
// Threading: the link runs on the given io_context (any number of threads).
// Public methods are thread-safe. Listener and source callbacks run on I/O
// threads and never under the link's lock. Create with Create(); the object is
// shared with its pending I/O and lives until both the caller and the I/O drop it.
// Shutdown order: Stop(), stop the io_context's threads, drop the link, then
// destroy the io_context (the link owns timers and sockets on it).
#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "gateway/links/circuit_breaker.h"
#include "gateway/links/frame_connection.h"
#include "gateway/links/interfaces.h"
#include "gateway/links/link_metrics.h"
#include "gateway/links/tls.h"

namespace gw::links {

struct OutboundLinkConfig {
  std::string name;                    // counterparty name; the metrics' link label
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;
  // Required: the DNS name (or IP address) the counterparty's server certificate
  // must carry, whatever `host` is; also sent as SNI when it is a DNS name.
  std::string server_name;
  std::size_t pool_size = 1;            // connections, 1..64
  std::size_t window = 64;              // unanswered messages in flight over the pool, 1..65536
  std::size_t claim_batch = 64;         // messages claimed per OutboxSource::Claim
  std::chrono::milliseconds connect_timeout{5'000};
  std::chrono::milliseconds handshake_timeout{5'000};
  std::chrono::milliseconds answer_timeout{10'000};
  int max_resends = 3;                  // after 1 + max_resends timed-out sends: undeliverable
  std::chrono::milliseconds backoff_initial{200};
  std::chrono::milliseconds backoff_max{30'000};
  std::chrono::milliseconds outbox_poll_interval{250};  // when the outbox was empty or failed
  ConnectionOptions connection;
  BreakerConfig breaker;
};

// For a REST listing / health page.
struct OutboundLinkStatus {
  std::string name;
  BreakerState breaker = BreakerState::kClosed;
  std::size_t connections_up = 0;
  std::size_t pool_size = 0;
  std::size_t in_flight = 0;
  std::size_t waiting = 0;  // claimed, not in flight (to send or resend)
  std::uint64_t answered = 0;
  std::uint64_t undeliverable = 0;
  std::uint64_t connects = 0;  // successful handshakes since start
  std::string last_error;      // the latest failed connect or lost connection ("" if none)
};

class OutboundLink : public std::enable_shared_from_this<OutboundLink> {
 public:
  // Validates the configuration. `credentials` must have TlsRole::kClient.
  // `source` and `listener` must outlive the link's activity (until Stop() returns).
  static StatusOr<std::shared_ptr<OutboundLink>> Create(boost::asio::io_context& io,
                                                        OutboundLinkConfig config,
                                                        std::shared_ptr<TlsCredentials> credentials,
                                                        OutboxSource& source,
                                                        DeliveryListener& listener,
                                                        prometheus::Registry& registry);
  ~OutboundLink();

  // Starts connecting and delivering. Call once.
  void Start();
  // Stops: closes connections, hands held messages back to the source, and
  // waits until no listener/source callback of this link is running. Afterwards
  // no callback is made. Must not be called from one of those callbacks.
  void Stop();
  // Wakes the link to claim from the outbox now (the pipeline calls it after
  // inserting a message for this link) instead of at the next poll.
  void Notify();
  // Admin: closes the breaker (CLOSED) and retries connecting immediately.
  void ResetBreaker();
  // Checks the server certificate of every open connection again with the
  // current credentials' CA, CRLs and validity (call it after
  // TlsCredentials::Reload()): a connection whose certificate no longer
  // verifies is closed (its messages are resent on the next connection, which
  // must pass the handshake), logged, and counted in
  // tls_sessions_closed_on_reload_total{link,direction="outbound",reason}.
  // Returns the number of connections closed.
  std::size_t Revalidate();

  OutboundLinkStatus GetStatus();
  const std::string& name() const { return config_.name; }

 private:
  using Clock = std::chrono::steady_clock;
  struct Held {
    OutboundMessage message;
    std::string frame;  // encoded once; resends reuse it byte for byte
    int sends = 0;
    Clock::time_point first_sent{};
    Clock::time_point deadline{};
    std::uint64_t connection_id = 0;  // 0: not in flight
  };
  struct Slot {
    std::shared_ptr<FrameConnection> connection;
    PeerChain chain;  // the server certificate chain of `connection`
    bool revoked = false;  // `connection` is being closed by Revalidate()
    bool dialing = false;
    int failures = 0;
    std::unique_ptr<boost::asio::steady_timer> retry_timer;
  };
  // Work done after releasing mu_.
  struct Effects {
    std::vector<std::pair<OutboundMessage, DeliveryAnswer>> answered;
    std::vector<std::pair<OutboundMessage, Status>> undeliverable;
    bool claim = false;
    std::size_t claim_max = 0;
  };

  OutboundLink(boost::asio::io_context& io, OutboundLinkConfig config,
               std::shared_ptr<TlsCredentials> credentials, OutboxSource& source,
               DeliveryListener& listener, prometheus::Registry& registry);

  void Dial(std::size_t slot);
  void ScheduleDial(std::size_t slot, bool failed);
  void OnConnected(std::size_t slot, std::shared_ptr<FrameConnection> connection, PeerChain chain,
                   std::shared_ptr<boost::asio::ssl::context> context);
  void OnDialFailed(std::size_t slot, const Status& reason);
  void OnConnectionClosed(std::size_t slot, std::uint64_t connection_id, const Status& reason);
  void OnFrame(Frame frame);
  void OnClaimed(StatusOr<OutboxBatch> batch);
  void ArmTick();
  void OnTick();

  void PumpLocked(Effects& fx);
  void ExpireLocked(Clock::time_point now, Effects& fx);
  void FailLocked(std::uint64_t seq, Status reason, Effects& fx);
  void Run(Effects fx);
  void UpdateGaugesLocked();

  boost::asio::io_context& io_;
  const OutboundLinkConfig config_;
  const std::shared_ptr<TlsCredentials> credentials_;
  OutboxSource& source_;
  DeliveryListener& listener_;
  LinkMetrics metrics_family_;
  const LinkMetrics::Link metrics_;
  CircuitBreaker breaker_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::steady_timer tick_;

  std::mutex mu_;
  std::condition_variable idle_cv_;
  bool started_ = false;
  bool stopped_ = false;
  int callbacks_running_ = 0;               // listener/source calls in progress
  std::vector<Slot> slots_;
  std::size_t next_slot_ = 0;
  std::map<std::uint64_t, Held> held_;      // by claim sequence (creation order)
  std::set<std::uint64_t> waiting_;         // sequences to (re)send, oldest first
  std::unordered_map<std::string, std::uint64_t> by_message_id_;
  std::unordered_map<std::uint64_t, std::size_t> in_flight_per_connection_;
  std::size_t in_flight_ = 0;
  std::uint64_t next_seq_ = 1;
  bool claim_pending_ = false;
  Clock::time_point next_claim_at_{};       // back-off after an empty or failed claim
  std::size_t outbox_remaining_ = 0;
  std::uint64_t answered_ = 0;
  std::uint64_t undeliverable_ = 0;
  std::uint64_t connects_ = 0;
  std::string last_error_;
  std::mt19937_64 rng_;
};

}  // namespace gw::links
