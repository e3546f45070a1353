// File: gateway/links/outbound_link.cc
#include "gateway/links/outbound_link.h"

#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>

#include "gateway/links/inbound_listener.h"

namespace gw::links {
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

bool DeliveryAnswer::accepted() const { return IsAcceptedStatus(status); }

StatusOr<std::shared_ptr<OutboundLink>> OutboundLink::Create(
    asio::io_context& io, OutboundLinkConfig config, std::shared_ptr<TlsCredentials> credentials,
    OutboxSource& source, DeliveryListener& listener, prometheus::Registry& registry) {
  if (config.name.empty() || config.name.size() > 64) return InvalidArgument("link name must be 1..64 characters");
  if (config.port == 0) return InvalidArgument("link " + config.name + ": port is required");
  if (config.server_name.empty()) {
    return InvalidArgument("link " + config.name +
                           ": server_name (the name its server certificate carries) is required");
  }
  if (config.pool_size < 1 || config.pool_size > 64) return InvalidArgument("pool_size must be 1..64");
  if (config.window < 1 || config.window > 65536) return InvalidArgument("window must be 1..65536");
  if (config.claim_batch < 1) config.claim_batch = 1;
  if (config.max_resends < 0 || config.max_resends > 100) return InvalidArgument("max_resends must be 0..100");
  if (config.answer_timeout.count() <= 0 || config.connect_timeout.count() <= 0 ||
      config.handshake_timeout.count() <= 0) {
    return InvalidArgument("time-outs must be positive");
  }
  if (config.backoff_initial.count() <= 0 || config.backoff_max < config.backoff_initial) {
    return InvalidArgument("backoff_initial must be positive and <= backoff_max");
  }
  if (!credentials || credentials->role() != TlsRole::kClient) {
    return InvalidArgument("outbound links need client TLS credentials");
  }
  return std::shared_ptr<OutboundLink>(new OutboundLink(io, std::move(config), std::move(credentials),
                                                        source, listener, registry));
}

OutboundLink::OutboundLink(asio::io_context& io, OutboundLinkConfig config,
                           std::shared_ptr<TlsCredentials> credentials, OutboxSource& source,
                           DeliveryListener& listener, prometheus::Registry& registry)
    : io_(io),
      config_(std::move(config)),
      credentials_(std::move(credentials)),
      source_(source),
      listener_(listener),
      metrics_family_(registry),
      metrics_(metrics_family_.ForLink(config_.name)),
      breaker_(config_.breaker, nullptr,
               [this](BreakerState from, BreakerState to) {
                 metrics_.breaker_state.Set(static_cast<double>(to));
                 spdlog::warn("links: link {} circuit breaker {} -> {}", config_.name,
                              BreakerStateName(from), BreakerStateName(to));
               }),
      strand_(asio::make_strand(io)),
      tick_(strand_),
      rng_(std::random_device{}()) {
  slots_.resize(config_.pool_size);
  metrics_.breaker_state.Set(0);
}

OutboundLink::~OutboundLink() = default;

void OutboundLink::Start() {
  {
    std::lock_guard lock(mu_);
    if (started_ || stopped_) return;
    started_ = true;
  }
  spdlog::info("links: link {} starting: {}:{} pool {} window {}", config_.name, config_.host,
               config_.port, config_.pool_size, config_.window);
  for (std::size_t i = 0; i < config_.pool_size; ++i) Dial(i);
  asio::post(strand_, [self = shared_from_this()] { self->OnTick(); });
}

void OutboundLink::Stop() {
  std::vector<std::shared_ptr<FrameConnection>> connections;
  std::vector<std::uint64_t> release;
  {
    std::unique_lock lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    for (auto& s : slots_) {
      if (s.connection) connections.push_back(s.connection);
      s.connection.reset();
      if (s.retry_timer) s.retry_timer->cancel();
    }
    for (auto& [seq, h] : held_) release.push_back(h.message.id);
    held_.clear();
    waiting_.clear();
    by_message_id_.clear();
    in_flight_per_connection_.clear();
    in_flight_ = 0;
    UpdateGaugesLocked();
    // Wait for running callbacks (other than a claim that is still outstanding:
    // its result is handed back in OnClaimed).
    idle_cv_.wait(lock, [this] { return callbacks_running_ == 0; });
  }
  asio::post(strand_, [self = shared_from_this()] { self->tick_.cancel(); });
  for (auto& c : connections) c->CloseGracefully(Unavailable("link stopping"));
  if (!release.empty()) source_.Release(config_.name, release);
  spdlog::info("links: link {} stopped ({} messages handed back)", config_.name, release.size());
}

void OutboundLink::Notify() {
  {
    std::lock_guard lock(mu_);
    next_claim_at_ = {};
  }
  asio::post(strand_, [self = shared_from_this()] {
    Effects fx;
    {
      std::lock_guard lock(self->mu_);
      self->PumpLocked(fx);
    }
    self->Run(std::move(fx));
  });
}

void OutboundLink::ResetBreaker() {
  breaker_.Reset();
  std::vector<std::size_t> redial;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      auto& s = slots_[i];
      s.failures = 0;
      if (!s.connection && !s.dialing) {
        if (s.retry_timer) s.retry_timer->cancel();
        redial.push_back(i);
      }
    }
  }
  for (auto i : redial) Dial(i);
  Notify();
}

std::size_t OutboundLink::Revalidate() {
  const auto context = credentials_->Context();
  std::vector<std::pair<std::shared_ptr<FrameConnection>, int>> revoked;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return 0;
    for (auto& s : slots_) {
      if (!s.connection || s.revoked || s.connection->closed()) continue;
      const int err = s.chain.Verify(*context, TlsRole::kServer);
      if (err == X509_V_OK) continue;
      s.revoked = true;
      revoked.emplace_back(s.connection, err);
    }
  }
  for (const auto& [connection, err] : revoked) {
    const std::string_view reason = TlsVerifyErrorReason(err);
    metrics_family_.SessionClosedOnReload(config_.name, "outbound", reason).Increment();
    spdlog::warn("links: link {} closing connection {}: server certificate no longer accepted: {} ({})",
                 config_.name, connection->peer(), reason, X509_verify_cert_error_string(err));
    connection->CloseGracefully(PermissionDenied("server certificate no longer accepted (" +
                                                 std::string(reason) + ")"));
  }
  return revoked.size();
}

OutboundLinkStatus OutboundLink::GetStatus() {
  OutboundLinkStatus st;
  st.name = config_.name;
  st.breaker = breaker_.State();
  std::lock_guard lock(mu_);
  for (const auto& s : slots_) st.connections_up += s.connection ? 1 : 0;
  st.pool_size = slots_.size();
  st.in_flight = in_flight_;
  st.waiting = waiting_.size();
  st.answered = answered_;
  st.undeliverable = undeliverable_;
  st.connects = connects_;
  st.last_error = last_error_;
  return st;
}

// ---- connections -------------------------------------------------------------

void OutboundLink::Dial(std::size_t slot) {
  {
    std::lock_guard lock(mu_);
    if (stopped_ || slots_[slot].dialing || slots_[slot].connection) return;
    slots_[slot].dialing = true;
  }
  struct Attempt {
    Attempt(asio::strand<asio::io_context::executor_type> ex, std::shared_ptr<ssl::context> c)
        : context(std::move(c)), stream(ex, *context), resolver(ex), timer(ex) {}
    std::shared_ptr<ssl::context> context;
    FrameConnection::Stream stream;
    tcp::resolver resolver;
    asio::steady_timer timer;
    bool timed_out = false;
    std::string verify_error;  // why the server certificate was refused
  };
  auto a = std::make_shared<Attempt>(asio::make_strand(io_), credentials_->Context());
  auto self = shared_from_this();
  auto arm = [a](std::chrono::milliseconds d) {
    a->timer.expires_after(d);
    a->timer.async_wait([a](const boost::system::error_code& ec) {
      if (ec) return;
      a->timed_out = true;
      boost::system::error_code ignored;
      a->resolver.cancel();
      a->stream.lowest_layer().close(ignored);
    });
  };
  auto fail = [self, slot, a](const std::string& phase, const boost::system::error_code& ec) {
    a->timer.cancel();
    std::string why = DescribeTlsError(ec);
    if (!a->verify_error.empty()) why = "server certificate refused: " + a->verify_error;
    self->OnDialFailed(slot, a->timed_out ? DeadlineExceeded(phase + " timed out")
                                          : Unavailable(phase + " failed: " + why));
  };
  arm(config_.connect_timeout);
  a->resolver.async_resolve(
      config_.host, std::to_string(config_.port),
      [self, slot, a, arm, fail](const boost::system::error_code& ec,
                                 const tcp::resolver::results_type& results) {
        if (ec) return fail("resolve", ec);
        asio::async_connect(
            a->stream.lowest_layer(), results,
            [self, slot, a, arm, fail](const boost::system::error_code& ec2, const tcp::endpoint&) {
              if (ec2) return fail("connect", ec2);
              boost::system::error_code ignored;
              a->stream.lowest_layer().set_option(tcp::no_delay(true), ignored);
              const std::string& sni = self->config_.server_name;
              boost::system::error_code addr_ec;
              asio::ip::make_address(sni, addr_ec);
              if (addr_ec) SSL_set_tlsext_host_name(a->stream.native_handle(), sni.c_str());
              a->stream.set_verify_mode(ssl::verify_peer);
              std::weak_ptr<Attempt> weak_attempt = a;
              a->stream.set_verify_callback(
                  [weak_attempt, check = ssl::host_name_verification(sni), sni](
                      bool preverified, ssl::verify_context& vctx) {
                    const bool ok = check(preverified, vctx);
                    auto attempt = weak_attempt.lock();
                    if (!ok && attempt && attempt->verify_error.empty()) {
                      X509_STORE_CTX* store = vctx.native_handle();
                      const int err = X509_STORE_CTX_get_error(store);
                      attempt->verify_error =
                          preverified ? "it does not name " + sni
                                      : std::string(X509_verify_cert_error_string(err)) +
                                            " at depth " +
                                            std::to_string(X509_STORE_CTX_get_error_depth(store));
                    }
                    return ok;
                  });
              arm(self->config_.handshake_timeout);
              a->stream.async_handshake(
                  ssl::stream_base::client, [self, slot, a, fail](const boost::system::error_code& ec3) {
                    if (ec3) return fail("TLS handshake", ec3);
                    a->timer.cancel();
                    PeerChain chain = PeerChain::Of(a->stream.native_handle());
                    auto conn = std::make_shared<FrameConnection>(
                        std::move(a->stream), a->context, self->config_.connection,
                        self->config_.name + "@" + self->config_.host + ":" +
                            std::to_string(self->config_.port));
                    self->OnConnected(slot, std::move(conn), std::move(chain), a->context);
                  });
            });
      });
}

void OutboundLink::OnDialFailed(std::size_t slot, const Status& reason) {
  metrics_.connection_errors.Increment();
  breaker_.RecordFailure();
  int failures;
  {
    std::lock_guard lock(mu_);
    slots_[slot].dialing = false;
    failures = ++slots_[slot].failures;
    last_error_ = "connect: " + reason.message();
    if (stopped_) return;
  }
  if (failures <= 3 || failures % 20 == 0) {
    spdlog::warn("links: link {} connection {} attempt {} failed: {}", config_.name, slot, failures,
                 reason.ToString());
  }
  ScheduleDial(slot, true);
}

void OutboundLink::ScheduleDial(std::size_t slot, bool failed) {
  std::chrono::milliseconds delay;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    auto& s = slots_[slot];
    const int exp = std::min(failed ? s.failures - 1 : 0, 20);
    const auto base = std::min<std::int64_t>(config_.backoff_max.count(),
                                             config_.backoff_initial.count() << exp);
    // "Equal jitter": half fixed, half random, so a pool never reconnects in lockstep.
    std::uniform_int_distribution<std::int64_t> jitter(0, std::max<std::int64_t>(1, base / 2));
    delay = std::chrono::milliseconds(base / 2 + jitter(rng_));
    if (!s.retry_timer) s.retry_timer = std::make_unique<asio::steady_timer>(strand_);
    s.retry_timer->expires_after(delay);
    s.retry_timer->async_wait([self = shared_from_this(), slot](const boost::system::error_code& ec) {
      if (!ec) self->Dial(slot);
    });
  }
}

void OutboundLink::OnConnected(std::size_t slot, std::shared_ptr<FrameConnection> connection,
                               PeerChain chain, std::shared_ptr<ssl::context> context) {
  int refused = X509_V_OK;
  {
    std::lock_guard lock(mu_);
    if (stopped_) {
      slots_[slot].dialing = false;
      connection->Close(Unavailable("link stopped"));
      return;
    }
    // The credentials were reloaded during the handshake: Revalidate() did not
    // see this connection, so check it now (under mu_, as Revalidate() does).
    const auto current = credentials_->Context();
    if (current != context) refused = chain.Verify(*current, TlsRole::kServer);
    if (refused == X509_V_OK) {
      slots_[slot].dialing = false;
      slots_[slot].failures = 0;
      slots_[slot].connection = connection;
      slots_[slot].chain = std::move(chain);
      slots_[slot].revoked = false;
      ++connects_;
    }
  }
  if (refused != X509_V_OK) {
    connection->Close(PermissionDenied("server certificate no longer accepted"));
    // OnDialFailed() ends the dialing and schedules the next attempt.
    OnDialFailed(slot, PermissionDenied("server certificate refused after a reload: " +
                                        std::string(X509_verify_cert_error_string(refused))));
    return;
  }
  metrics_.connections_active.Increment();
  spdlog::info("links: link {} connection {} up (TLS to {}:{})", config_.name, slot, config_.host,
               config_.port);
  const std::uint64_t id = connection->id();
  std::weak_ptr<OutboundLink> weak = shared_from_this();
  connection->Start(
      [weak](Frame f) {
        if (auto self = weak.lock()) self->OnFrame(std::move(f));
      },
      [weak, slot, id](const Status& reason) {
        if (auto self = weak.lock()) self->OnConnectionClosed(slot, id, reason);
      });
  Notify();
}

void OutboundLink::OnConnectionClosed(std::size_t slot, std::uint64_t connection_id,
                                      const Status& reason) {
  metrics_.connections_active.Decrement();
  Effects fx;
  {
    std::lock_guard lock(mu_);
    if (slots_[slot].connection && slots_[slot].connection->id() == connection_id) {
      slots_[slot].connection.reset();
      slots_[slot].chain = PeerChain();
      slots_[slot].revoked = false;
    }
    if (stopped_) return;
    if (!reason.ok()) last_error_ = "connection lost: " + reason.message();
    // Everything in flight on that connection goes back to the front of the queue.
    std::size_t requeued = 0;
    for (auto& [seq, h] : held_) {
      if (h.connection_id == connection_id) {
        h.connection_id = 0;
        waiting_.insert(seq);
        --in_flight_;
        ++requeued;
      }
    }
    in_flight_per_connection_.erase(connection_id);
    spdlog::warn("links: link {} connection {} lost ({}); {} unanswered messages will be resent",
                 config_.name, slot, reason.ToString(), requeued);
    UpdateGaugesLocked();
  }
  metrics_.connection_errors.Increment();
  breaker_.RecordFailure();
  ScheduleDial(slot, false);
}

// ---- messages ----------------------------------------------------------------

void OutboundLink::OnFrame(Frame frame) {
  if (frame.type != FrameType::kAnswer) {
    metrics_.protocol_errors.Increment();
    spdlog::warn("links: link {} ignored unexpected {} frame", config_.name, FrameTypeName(frame.type));
    return;
  }
  auto answer = DecodeAnswer(frame.payload);
  if (!answer.ok()) {
    metrics_.protocol_errors.Increment();
    spdlog::warn("links: link {} malformed answer: {}", config_.name, answer.status().ToString());
    return;
  }
  Effects fx;
  bool matched = false;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    auto it = by_message_id_.find(answer->original_message_id);
    if (it != by_message_id_.end()) {
      auto hit = held_.find(it->second);
      Held& h = hit->second;
      if (!answer->original_uetr.empty() && !h.message.uetr.empty() &&
          answer->original_uetr != h.message.uetr) {
        spdlog::warn("links: link {} answer for {} carries UETR {} instead of {}; ignored",
                     config_.name, h.message.message_id, answer->original_uetr, h.message.uetr);
      } else {
        matched = true;
        if (h.connection_id != 0) {
          --in_flight_;
          auto pc = in_flight_per_connection_.find(h.connection_id);
          if (pc != in_flight_per_connection_.end() && pc->second > 0) --pc->second;
        }
        waiting_.erase(hit->first);
        DeliveryAnswer da;
        da.status = std::move(answer->status);
        da.reason = std::move(answer->reason);
        da.body = std::move(answer->body);
        da.sends = h.sends;
        da.latency = Clock::now() - h.first_sent;
        metrics_.answer_latency.Observe(std::chrono::duration<double>(da.latency).count());
        (da.accepted() ? metrics_.acks : metrics_.nacks).Increment();
        fx.answered.emplace_back(std::move(h.message), std::move(da));
        by_message_id_.erase(it);
        held_.erase(hit);
        ++answered_;
      }
    }
    if (matched) PumpLocked(fx);
    UpdateGaugesLocked();
  }
  if (matched) {
    breaker_.RecordSuccess();
  } else {
    // Typically the answer to a send we already gave up waiting for and resent.
    metrics_.protocol_errors.Increment();
    spdlog::debug("links: link {} answer for unknown message {}", config_.name,
                  answer->original_message_id);
  }
  Run(std::move(fx));
}

void OutboundLink::OnClaimed(StatusOr<OutboxBatch> batch) {
  Effects fx;
  std::vector<std::uint64_t> give_back;
  {
    std::lock_guard lock(mu_);
    claim_pending_ = false;
    if (stopped_) {
      if (batch.ok()) {
        for (const auto& m : batch->messages) give_back.push_back(m.id);
      }
    } else if (!batch.ok()) {
      spdlog::warn("links: link {} outbox claim failed: {}", config_.name, batch.status().ToString());
      next_claim_at_ = Clock::now() + config_.outbox_poll_interval;
    } else {
      if (batch->remaining) outbox_remaining_ = *batch->remaining;
      if (batch->messages.empty()) next_claim_at_ = Clock::now() + config_.outbox_poll_interval;
      for (auto& m : batch->messages) {
        if (by_message_id_.count(m.message_id) != 0) {
          fx.undeliverable.emplace_back(std::move(m), AlreadyExists("message id already in flight on this link"));
          continue;
        }
        auto frame = EncodeMessage({m.message_id, m.uetr, m.payload}, config_.connection.max_frame_size);
        if (!frame.ok()) {
          fx.undeliverable.emplace_back(std::move(m), frame.status());
          continue;
        }
        const std::uint64_t seq = next_seq_++;
        by_message_id_.emplace(m.message_id, seq);
        Held h;
        h.message = std::move(m);
        h.frame = std::move(frame).value();
        held_.emplace(seq, std::move(h));
        waiting_.insert(seq);
      }
      undeliverable_ += fx.undeliverable.size();
      metrics_.undeliverable.Increment(static_cast<double>(fx.undeliverable.size()));
      PumpLocked(fx);
    }
    UpdateGaugesLocked();
  }
  if (!give_back.empty()) source_.Release(config_.name, give_back);
  Run(std::move(fx));
}

// Sends what the window, the breaker and the connections allow; asks for more.
void OutboundLink::PumpLocked(Effects& fx) {
  if (stopped_ || !started_) return;
  const BreakerState bs = breaker_.State();
  const std::size_t limit = bs == BreakerState::kClosed ? config_.window
                            : bs == BreakerState::kHalfOpen ? 1 : 0;
  const auto now = Clock::now();
  std::vector<std::size_t> up;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i].connection && !slots_[i].connection->closed()) up.push_back(i);
  }
  while (!up.empty() && in_flight_ < limit && !waiting_.empty()) {
    // Least loaded connection, round-robin among equals.
    std::size_t best = up[next_slot_++ % up.size()];
    std::size_t best_load = in_flight_per_connection_[slots_[best].connection->id()];
    for (auto i : up) {
      const std::size_t load = in_flight_per_connection_[slots_[i].connection->id()];
      if (load < best_load) {
        best = i;
        best_load = load;
      }
    }
    auto& conn = slots_[best].connection;
    const std::uint64_t seq = *waiting_.begin();
    Held& h = held_.at(seq);
    if (!conn->Send(h.frame)) break;  // queue full or closing; the tick retries
    waiting_.erase(waiting_.begin());
    if (h.sends == 0) h.first_sent = now;
    if (h.sends > 0) metrics_.resent.Increment();
    ++h.sends;
    h.deadline = now + config_.answer_timeout;
    h.connection_id = conn->id();
    ++in_flight_per_connection_[conn->id()];
    ++in_flight_;
    metrics_.sent.Increment();
  }
  // Keep about one window of messages waiting beyond what is in flight; the rest
  // stays in the outbox (so an open breaker leaves messages there).
  const std::size_t held = held_.size();
  const std::size_t target = config_.window + config_.claim_batch;
  // Claim whole batches (fewer outbox round trips): only once a batch fits.
  if (!claim_pending_ && held + config_.claim_batch <= target && now >= next_claim_at_ &&
      bs != BreakerState::kOpen) {
    claim_pending_ = true;
    fx.claim = true;
    fx.claim_max = std::min(config_.claim_batch, target - held);
  }
}

void OutboundLink::FailLocked(std::uint64_t seq, Status reason, Effects& fx) {
  auto it = held_.find(seq);
  if (it == held_.end()) return;
  waiting_.erase(seq);
  by_message_id_.erase(it->second.message.message_id);
  fx.undeliverable.emplace_back(std::move(it->second.message), std::move(reason));
  held_.erase(it);
  ++undeliverable_;
  metrics_.undeliverable.Increment();
}

void OutboundLink::ExpireLocked(Clock::time_point now, Effects& fx) {
  std::vector<std::uint64_t> expired;
  for (auto& [seq, h] : held_) {
    if (h.connection_id != 0 && now >= h.deadline) expired.push_back(seq);
  }
  for (auto seq : expired) {
    Held& h = held_.at(seq);
    auto pc = in_flight_per_connection_.find(h.connection_id);
    if (pc != in_flight_per_connection_.end() && pc->second > 0) --pc->second;
    h.connection_id = 0;
    --in_flight_;
    breaker_.RecordFailure();
    if (h.sends > config_.max_resends) {
      spdlog::error("links: link {} message {} (UETR {}) undeliverable: no answer after {} sends",
                    config_.name, h.message.message_id, h.message.uetr, h.sends);
      FailLocked(seq,
                 DeadlineExceeded("no answer after " + std::to_string(h.sends) + " sends of " +
                                  std::to_string(config_.answer_timeout.count()) + " ms each"),
                 fx);
    } else {
      spdlog::warn("links: link {} no answer for message {} within {} ms; resending", config_.name,
                   h.message.message_id, config_.answer_timeout.count());
      waiting_.insert(seq);
    }
  }
}

void OutboundLink::ArmTick() {
  auto period = std::clamp(config_.answer_timeout / 10, std::chrono::milliseconds(5),
                           std::chrono::milliseconds(100));
  period = std::min(period, std::max(std::chrono::milliseconds(5), config_.outbox_poll_interval / 2));
  tick_.expires_after(period);
  tick_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->OnTick();
  });
}

void OutboundLink::OnTick() {
  Effects fx;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    ExpireLocked(Clock::now(), fx);
    PumpLocked(fx);
    UpdateGaugesLocked();
  }
  Run(std::move(fx));
  ArmTick();
}

void OutboundLink::UpdateGaugesLocked() {
  metrics_.in_flight.Set(static_cast<double>(in_flight_));
  metrics_.outbox_depth.Set(static_cast<double>(held_.size() + outbox_remaining_));
}

void OutboundLink::Run(Effects fx) {
  if (fx.answered.empty() && fx.undeliverable.empty() && !fx.claim) return;
  {
    std::lock_guard lock(mu_);
    if (stopped_) {
      if (fx.claim) claim_pending_ = false;
      return;
    }
    ++callbacks_running_;
  }
  for (const auto& [m, a] : fx.answered) listener_.OnAnswered(m, a);
  for (const auto& [m, s] : fx.undeliverable) listener_.OnUndeliverable(m, s);
  if (fx.claim) {
    std::weak_ptr<OutboundLink> weak = shared_from_this();
    source_.Claim(config_.name, fx.claim_max, [weak, this_source = &source_,
                                               name = config_.name](StatusOr<OutboxBatch> b) {
      if (auto self = weak.lock()) {
        self->OnClaimed(std::move(b));
      } else if (b.ok() && !b->messages.empty()) {
        std::vector<std::uint64_t> ids;
        for (const auto& m : b->messages) ids.push_back(m.id);
        this_source->Release(name, ids);
      }
    });
  }
  {
    std::lock_guard lock(mu_);
    --callbacks_running_;
  }
  idle_cv_.notify_all();
}

}  // namespace gw::links
