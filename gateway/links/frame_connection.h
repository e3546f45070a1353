// File: gateway/links/frame_connection.h
//
// One established TLS connection speaking the link protocol: a read loop that
// decodes frames, a capped write queue that coalesces frames into few TLS
// records, heartbeats when idle, and time-outs on reads (idle), writes and
// orderly close. Used by both the outbound link and the inbound listener.
//
// Threading: all state lives on the connection's strand (the executor of the
// stream, which must be a strand). Send(), Close(), ResumeReading() are
// thread-safe. Handlers are invoked on the strand; the close handler exactly
// once. The object keeps itself alive while I/O is pending.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "gateway/links/frame.h"

namespace gw::links {

struct ConnectionOptions {
  std::size_t max_frame_size = kDefaultMaxFrameSize;
  // A heartbeat is sent when nothing was written for this long.
  std::chrono::milliseconds heartbeat_interval{5'000};
  // The connection is closed when nothing was received for this long (the peer
  // heartbeats, so a live idle peer never trips it).
  std::chrono::milliseconds idle_timeout{15'000};
  // A write (or the final flush of an orderly close) taking longer is fatal.
  std::chrono::milliseconds write_timeout{10'000};
  // Frames queued and not yet written; Send() refuses beyond it.
  std::size_t max_queued_frames = 4'096;
};

class FrameConnection : public std::enable_shared_from_this<FrameConnection> {
 public:
  using Stream = boost::asio::ssl::stream<boost::asio::ip::tcp::socket>;
  // Business frames only (kMessage, kAnswer); heartbeats and kClose are handled here.
  using FrameHandler = std::function<void(Frame)>;
  using CloseHandler = std::function<void(const Status&)>;
  // Asked before each read; returning false pauses reading until ResumeReading().
  using ReadGate = std::function<bool()>;

  // `stream` has completed its TLS handshake; its executor must be a strand.
  // `context` is the SSL context the stream was made from (kept alive here).
  FrameConnection(Stream stream, std::shared_ptr<boost::asio::ssl::context> context,
                  ConnectionOptions options, std::string peer);
  ~FrameConnection();
  FrameConnection(const FrameConnection&) = delete;
  FrameConnection& operator=(const FrameConnection&) = delete;

  // Starts reading and the timers. Call once.
  void Start(FrameHandler on_frame, CloseHandler on_close, ReadGate gate = nullptr);
  // Queues one encoded frame (EncodeFrame & co). False when closed or the queue is full.
  bool Send(std::string frame);
  // Closes now (pending writes dropped). Idempotent.
  void Close(Status reason);
  // Sends a kClose frame with `reason`, then closes (bounded by write_timeout).
  void CloseGracefully(Status reason);
  void ResumeReading();

  std::uint64_t id() const { return id_; }
  const std::string& peer() const { return peer_; }
  bool closed() const { return closed_.load(); }
  std::size_t queued_frames() const { return queued_.load(); }

 private:
  using Clock = std::chrono::steady_clock;

  void DoRead();
  void OnRead(const boost::system::error_code& ec, std::size_t n);
  void DoWrite();
  void OnWrite(const boost::system::error_code& ec);
  void ArmTick();
  void OnTick();
  void CloseOnStrand(Status reason);
  void EnqueueOnStrand(std::string frame);

  std::shared_ptr<boost::asio::ssl::context> context_;
  Stream stream_;
  boost::asio::steady_timer tick_;
  const ConnectionOptions options_;
  const std::string peer_;
  const std::uint64_t id_;
  FrameHandler on_frame_;
  CloseHandler on_close_;
  ReadGate gate_;
  FrameDecoder decoder_;

  // Strand-only state.
  std::string read_buf_;
  std::deque<std::string> queue_;
  std::string write_buf_;
  bool writing_ = false;
  bool reading_ = false;
  bool closing_after_flush_ = false;
  Status close_reason_;
  Clock::time_point last_rx_;
  Clock::time_point last_tx_;
  Clock::time_point write_started_;
  Clock::time_point flush_deadline_;

  std::atomic<bool> closed_{false};
  std::atomic<std::size_t> queued_{0};
};

}  // namespace gw::links
