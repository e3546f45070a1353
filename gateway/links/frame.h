// File: gateway/links/frame.h
//
// The link wire format (see gateway/links/PROTOCOL.md): every frame is
//   uint32 big-endian LENGTH | uint8 TYPE | LENGTH bytes of payload
// Business messages and answers carry an envelope of length-prefixed fields
// (message id, UETR, and for answers the transaction status and reason code)
// followed by the ISO 20022 XML (AppHdr + Document) up to the end of the frame.
//
// Pure functions and a push decoder; no I/O, no threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "core/status.h"

namespace gw::links {

inline constexpr std::size_t kFrameHeaderSize = 5;
inline constexpr std::size_t kDefaultMaxFrameSize = 1 << 20;  // 1 MiB of payload
inline constexpr std::size_t kMaxEnvelopeField = 255;          // message id, UETR, status, reason

enum class FrameType : std::uint8_t {
  kMessage = 0x01,       // business message (client -> server)
  kAnswer = 0x02,        // pacs.002 answer to a business message (server -> client)
  kHeartbeat = 0x03,     // either direction; the peer answers kHeartbeatAck
  kHeartbeatAck = 0x04,  // either direction
  kClose = 0x05,         // orderly close with a UTF-8 reason; the sender then closes
};

std::string_view FrameTypeName(FrameType type);

struct Frame {
  FrameType type = FrameType::kHeartbeat;
  std::string payload;
};

// The envelope of a kMessage frame.
struct MessageEnvelope {
  std::string message_id;  // BAH BizMsgIdr / GrpHdr MsgId, 1..255 bytes
  std::string uetr;        // UETR of the (first) transaction, 0..255 bytes
  std::string body;        // AppHdr + Document XML
};

// The envelope of a kAnswer frame. `status` is the ISO 20022 transaction status
// (ACCP, ACSP, ACSC, RJCT...), `reason` the ISO reason code for RJCT (e.g. AC01).
struct AnswerEnvelope {
  std::string original_message_id;
  std::string original_uetr;
  std::string status;
  std::string reason;
  std::string body;  // pacs.002 XML
};

// True for the statuses the protocol treats as positive acknowledgements.
bool IsAcceptedStatus(std::string_view status);

// Encoders return the complete frame (header included). They fail with
// kInvalidArgument when a field is too long and kResourceExhausted when the
// payload would exceed `max_frame_size`.
StatusOr<std::string> EncodeFrame(FrameType type, std::string_view payload,
                                  std::size_t max_frame_size = kDefaultMaxFrameSize);
StatusOr<std::string> EncodeMessage(const MessageEnvelope& message,
                                    std::size_t max_frame_size = kDefaultMaxFrameSize);
StatusOr<std::string> EncodeAnswer(const AnswerEnvelope& answer,
                                   std::size_t max_frame_size = kDefaultMaxFrameSize);

// Parse the payload of a kMessage / kAnswer frame. kInvalidArgument on a
// malformed envelope.
StatusOr<MessageEnvelope> DecodeMessage(std::string_view payload);
StatusOr<AnswerEnvelope> DecodeAnswer(std::string_view payload);

// Incremental decoder for a byte stream. Feed bytes as they arrive; complete
// frames queue up in order. After the first error the decoder stays failed (the
// connection must be closed): an unknown type, or a length over the maximum
// (refused from the header alone, before the payload is buffered).
// Not thread-safe: one decoder per connection, used on that connection's strand.
class FrameDecoder {
 public:
  explicit FrameDecoder(std::size_t max_frame_size = kDefaultMaxFrameSize)
      : max_frame_size_(max_frame_size) {}

  // Appends bytes and extracts every complete frame. Returns the sticky error.
  Status Feed(std::string_view bytes);

  bool HasFrame() const { return !frames_.empty(); }
  // Precondition: HasFrame().
  Frame PopFrame();

  // Bytes of an incomplete frame held (0 at a frame boundary). A stream that
  // ends while this is non-zero was truncated.
  std::size_t buffered() const { return buffer_.size() - offset_; }
  const Status& status() const { return status_; }

 private:
  std::size_t max_frame_size_;
  std::string buffer_;
  std::size_t offset_ = 0;
  std::deque<Frame> frames_;
  Status status_;
};

}  // namespace gw::links
