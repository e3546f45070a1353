// File: gateway/links/frame_connection.cc
#include "gateway/links/frame_connection.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/write.hpp>

#include "gateway/links/tls.h"

namespace gw::links {
namespace asio = boost::asio;

namespace {
std::atomic<std::uint64_t> g_next_connection_id{1};
constexpr std::size_t kReadChunk = 64 * 1024;
constexpr std::size_t kMaxCoalesce = 256 * 1024;
}  // namespace

FrameConnection::FrameConnection(Stream stream, std::shared_ptr<asio::ssl::context> context,
                                 ConnectionOptions options, std::string peer)
    : context_(std::move(context)),
      stream_(std::move(stream)),
      tick_(stream_.get_executor()),
      options_(options),
      peer_(std::move(peer)),
      id_(g_next_connection_id.fetch_add(1)),
      decoder_(options.max_frame_size) {}

FrameConnection::~FrameConnection() = default;

void FrameConnection::Start(FrameHandler on_frame, CloseHandler on_close, ReadGate gate) {
  on_frame_ = std::move(on_frame);
  on_close_ = std::move(on_close);
  gate_ = std::move(gate);
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    self->last_rx_ = self->last_tx_ = Clock::now();
    self->read_buf_.resize(kReadChunk);
    self->ArmTick();
    self->DoRead();
  });
}

bool FrameConnection::Send(std::string frame) {
  if (closed_.load()) return false;
  if (queued_.fetch_add(1) >= options_.max_queued_frames) {
    queued_.fetch_sub(1);
    return false;
  }
  asio::post(stream_.get_executor(),
             [self = shared_from_this(), f = std::move(frame)]() mutable {
               self->EnqueueOnStrand(std::move(f));
             });
  return true;
}

void FrameConnection::EnqueueOnStrand(std::string frame) {
  if (closed_.load() || closing_after_flush_) {
    queued_.fetch_sub(1);
    return;
  }
  queue_.push_back(std::move(frame));
  if (!writing_) DoWrite();
}

void FrameConnection::Close(Status reason) {
  asio::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(reason)]() mutable {
    self->CloseOnStrand(std::move(r));
  });
}

void FrameConnection::CloseGracefully(Status reason) {
  asio::post(stream_.get_executor(), [self = shared_from_this(), r = std::move(reason)]() mutable {
    if (self->closed_.load() || self->closing_after_flush_) return;
    std::string text = r.message().substr(0, 512);
    auto frame = EncodeFrame(FrameType::kClose, text, self->options_.max_frame_size);
    self->queued_.fetch_add(1);
    self->queue_.push_back(frame.ok() ? std::move(frame).value() : std::string());
    self->closing_after_flush_ = true;
    self->close_reason_ = std::move(r);
    self->flush_deadline_ = Clock::now() + self->options_.write_timeout;
    if (!self->writing_) self->DoWrite();
  });
}

void FrameConnection::ResumeReading() {
  asio::post(stream_.get_executor(), [self = shared_from_this()] {
    if (!self->reading_ && !self->closed_.load() && !self->closing_after_flush_) {
      self->last_rx_ = Clock::now();  // time paused for our own back-pressure is not idleness
      self->DoRead();
    }
  });
}

void FrameConnection::CloseOnStrand(Status reason) {
  if (closed_.exchange(true)) return;
  boost::system::error_code ignored;
  tick_.cancel();
  stream_.lowest_layer().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  stream_.lowest_layer().close(ignored);
  queued_.fetch_sub(std::min(queued_.load(), queue_.size()));
  queue_.clear();
  if (on_close_) {
    auto cb = std::move(on_close_);
    on_close_ = nullptr;
    cb(reason);
  }
  on_frame_ = nullptr;
  gate_ = nullptr;
}

void FrameConnection::DoRead() {
  if (closed_.load() || reading_) return;
  if (gate_ && !gate_()) return;  // paused; ResumeReading() restarts
  reading_ = true;
  stream_.async_read_some(asio::buffer(read_buf_),
                          [self = shared_from_this()](const boost::system::error_code& ec,
                                                      std::size_t n) { self->OnRead(ec, n); });
}

void FrameConnection::OnRead(const boost::system::error_code& ec, std::size_t n) {
  reading_ = false;
  if (closed_.load()) return;
  if (ec) {
    if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated) {
      CloseOnStrand(decoder_.buffered() > 0
                        ? Unavailable("peer closed the connection in the middle of a frame")
                        : Unavailable("peer closed the connection"));
    } else {
      CloseOnStrand(Unavailable("read failed: " + DescribeTlsError(ec)));
    }
    return;
  }
  last_rx_ = Clock::now();
  Status st = decoder_.Feed(std::string_view(read_buf_.data(), n));
  while (decoder_.HasFrame() && !closed_.load()) {
    Frame f = decoder_.PopFrame();
    switch (f.type) {
      case FrameType::kHeartbeat: {
        auto ack = EncodeFrame(FrameType::kHeartbeatAck, f.payload.substr(0, 64));
        if (ack.ok() && queued_.load() < options_.max_queued_frames) {
          queued_.fetch_add(1);
          EnqueueOnStrand(std::move(ack).value());
        }
        break;
      }
      case FrameType::kHeartbeatAck:
        break;
      case FrameType::kClose:
        CloseOnStrand(Unavailable("peer closed the link: " + f.payload.substr(0, 512)));
        return;
      case FrameType::kMessage:
      case FrameType::kAnswer:
        if (on_frame_) on_frame_(std::move(f));
        break;
    }
  }
  if (closed_.load()) return;
  if (!st.ok()) {
    spdlog::warn("links: protocol error from {}: {}", peer_, st.ToString());
    CloseGracefully(st);
    return;
  }
  DoRead();
}

void FrameConnection::DoWrite() {
  if (closed_.load() || queue_.empty()) return;
  write_buf_.clear();
  std::size_t frames = 0;
  while (!queue_.empty() && (write_buf_.empty() || write_buf_.size() + queue_.front().size() <= kMaxCoalesce)) {
    write_buf_.append(queue_.front());
    queue_.pop_front();
    ++frames;
  }
  queued_.fetch_sub(frames);
  writing_ = true;
  write_started_ = Clock::now();
  asio::async_write(stream_, asio::buffer(write_buf_),
                    [self = shared_from_this()](const boost::system::error_code& ec, std::size_t) {
                      self->OnWrite(ec);
                    });
}

void FrameConnection::OnWrite(const boost::system::error_code& ec) {
  writing_ = false;
  if (closed_.load()) return;
  if (ec) {
    CloseOnStrand(Unavailable("write failed: " + DescribeTlsError(ec)));
    return;
  }
  last_tx_ = Clock::now();
  if (!queue_.empty()) {
    DoWrite();
  } else if (closing_after_flush_) {
    CloseOnStrand(close_reason_);
  }
}

void FrameConnection::ArmTick() {
  auto period = std::min(options_.heartbeat_interval, options_.idle_timeout) / 4;
  period = std::clamp(period, std::chrono::milliseconds(5), std::chrono::milliseconds(1'000));
  tick_.expires_after(period);
  tick_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->OnTick();
  });
}

void FrameConnection::OnTick() {
  if (closed_.load()) return;
  const auto now = Clock::now();
  if (writing_ && now - write_started_ > options_.write_timeout) {
    CloseOnStrand(DeadlineExceeded("write timed out"));
    return;
  }
  if (closing_after_flush_ && now > flush_deadline_) {
    CloseOnStrand(close_reason_);
    return;
  }
  const bool paused = !reading_ && gate_ && !gate_();
  if (!paused && now - last_rx_ > options_.idle_timeout) {
    CloseOnStrand(DeadlineExceeded("idle timeout: nothing received for " +
                                   std::to_string(options_.idle_timeout.count()) + " ms"));
    return;
  }
  if (!writing_ && queue_.empty() && !closing_after_flush_ &&
      now - last_tx_ >= options_.heartbeat_interval) {
    auto hb = EncodeFrame(FrameType::kHeartbeat, {});
    if (hb.ok()) {
      queued_.fetch_add(1);
      EnqueueOnStrand(std::move(hb).value());
    }
  }
  ArmTick();
}

}  // namespace gw::links
