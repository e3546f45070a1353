// File: gateway/links/frame.cc
#include "gateway/links/frame.h"

#include <utility>

namespace gw::links {
namespace {

void PutU32(std::string& out, std::uint32_t v) {
  out.push_back(static_cast<char>((v >> 24) & 0xff));
  out.push_back(static_cast<char>((v >> 16) & 0xff));
  out.push_back(static_cast<char>((v >> 8) & 0xff));
  out.push_back(static_cast<char>(v & 0xff));
}

std::uint32_t GetU32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (std::uint32_t{u[0]} << 24) | (std::uint32_t{u[1]} << 16) | (std::uint32_t{u[2]} << 8) |
         std::uint32_t{u[3]};
}

bool KnownType(std::uint8_t t) { return t >= 0x01 && t <= 0x05; }

Status PutField(std::string& out, std::string_view field, std::string_view name) {
  if (field.size() > kMaxEnvelopeField) {
    return InvalidArgument(std::string(name) + " longer than 255 bytes");
  }
  out.push_back(static_cast<char>(field.size()));
  out.append(field);
  return Status::Ok();
}

// Reads one 1-byte-length-prefixed field from `in` at `pos`.
bool GetField(std::string_view in, std::size_t& pos, std::string& out) {
  if (pos >= in.size()) return false;
  const std::size_t n = static_cast<unsigned char>(in[pos]);
  if (in.size() - pos - 1 < n) return false;
  out.assign(in.substr(pos + 1, n));
  pos += 1 + n;
  return true;
}

StatusOr<std::string> Finish(FrameType type, std::string payload_with_gap,
                             std::size_t max_frame_size) {
  // payload_with_gap starts with kFrameHeaderSize reserved header bytes.
  const std::size_t payload_size = payload_with_gap.size() - kFrameHeaderSize;
  if (payload_size > max_frame_size || payload_size > 0xffffffffu) {
    return ResourceExhausted("frame payload of " + std::to_string(payload_size) +
                             " bytes exceeds the maximum of " + std::to_string(max_frame_size));
  }
  std::string header;
  PutU32(header, static_cast<std::uint32_t>(payload_size));
  header.push_back(static_cast<char>(type));
  payload_with_gap.replace(0, kFrameHeaderSize, header);
  return payload_with_gap;
}

}  // namespace

std::string_view FrameTypeName(FrameType type) {
  switch (type) {
    case FrameType::kMessage: return "MESSAGE";
    case FrameType::kAnswer: return "ANSWER";
    case FrameType::kHeartbeat: return "HEARTBEAT";
    case FrameType::kHeartbeatAck: return "HEARTBEAT_ACK";
    case FrameType::kClose: return "CLOSE";
  }
  return "UNKNOWN";
}

bool IsAcceptedStatus(std::string_view status) {
  return status == "ACCP" || status == "ACSP" || status == "ACSC" || status == "ACWC" ||
         status == "ACCC";
}

StatusOr<std::string> EncodeFrame(FrameType type, std::string_view payload,
                                  std::size_t max_frame_size) {
  std::string out(kFrameHeaderSize, '\0');
  out.append(payload);
  return Finish(type, std::move(out), max_frame_size);
}

StatusOr<std::string> EncodeMessage(const MessageEnvelope& message, std::size_t max_frame_size) {
  if (message.message_id.empty()) return InvalidArgument("empty message id");
  std::string out(kFrameHeaderSize, '\0');
  out.reserve(kFrameHeaderSize + 2 + message.message_id.size() + message.uetr.size() +
              message.body.size());
  GW_RETURN_IF_ERROR(PutField(out, message.message_id, "message id"));
  GW_RETURN_IF_ERROR(PutField(out, message.uetr, "UETR"));
  out.append(message.body);
  return Finish(FrameType::kMessage, std::move(out), max_frame_size);
}

StatusOr<std::string> EncodeAnswer(const AnswerEnvelope& answer, std::size_t max_frame_size) {
  if (answer.original_message_id.empty()) return InvalidArgument("empty original message id");
  if (answer.status.empty()) return InvalidArgument("empty transaction status");
  std::string out(kFrameHeaderSize, '\0');
  out.reserve(kFrameHeaderSize + 4 + answer.original_message_id.size() +
              answer.original_uetr.size() + answer.status.size() + answer.reason.size() +
              answer.body.size());
  GW_RETURN_IF_ERROR(PutField(out, answer.original_message_id, "original message id"));
  GW_RETURN_IF_ERROR(PutField(out, answer.original_uetr, "original UETR"));
  GW_RETURN_IF_ERROR(PutField(out, answer.status, "status"));
  GW_RETURN_IF_ERROR(PutField(out, answer.reason, "reason"));
  out.append(answer.body);
  return Finish(FrameType::kAnswer, std::move(out), max_frame_size);
}

StatusOr<MessageEnvelope> DecodeMessage(std::string_view payload) {
  MessageEnvelope m;
  std::size_t pos = 0;
  if (!GetField(payload, pos, m.message_id) || !GetField(payload, pos, m.uetr)) {
    return InvalidArgument("truncated message envelope");
  }
  if (m.message_id.empty()) return InvalidArgument("empty message id");
  m.body.assign(payload.substr(pos));
  return m;
}

StatusOr<AnswerEnvelope> DecodeAnswer(std::string_view payload) {
  AnswerEnvelope a;
  std::size_t pos = 0;
  if (!GetField(payload, pos, a.original_message_id) || !GetField(payload, pos, a.original_uetr) ||
      !GetField(payload, pos, a.status) || !GetField(payload, pos, a.reason)) {
    return InvalidArgument("truncated answer envelope");
  }
  if (a.original_message_id.empty()) return InvalidArgument("empty original message id");
  if (a.status.empty()) return InvalidArgument("empty transaction status");
  a.body.assign(payload.substr(pos));
  return a;
}

Status FrameDecoder::Feed(std::string_view bytes) {
  if (!status_.ok()) return status_;
  if (offset_ > 0 && offset_ == buffer_.size()) {
    buffer_.clear();
    offset_ = 0;
  }
  buffer_.append(bytes);
  while (buffer_.size() - offset_ >= kFrameHeaderSize) {
    const char* p = buffer_.data() + offset_;
    const std::uint32_t length = GetU32(p);
    const auto type = static_cast<std::uint8_t>(p[4]);
    if (!KnownType(type)) {
      status_ = InvalidArgument("unknown frame type " + std::to_string(type));
      return status_;
    }
    if (length > max_frame_size_) {
      status_ = ResourceExhausted("frame of " + std::to_string(length) +
                                  " bytes exceeds the maximum of " +
                                  std::to_string(max_frame_size_));
      return status_;
    }
    if (buffer_.size() - offset_ - kFrameHeaderSize < length) break;
    frames_.push_back(Frame{static_cast<FrameType>(type),
                            std::string(p + kFrameHeaderSize, length)});
    offset_ += kFrameHeaderSize + length;
  }
  // Compact once the consumed prefix dominates, so the buffer stays bounded by
  // roughly one maximum frame plus one read.
  if (offset_ > 0 && offset_ * 2 >= buffer_.size()) {
    buffer_.erase(0, offset_);
    offset_ = 0;
  }
  return Status::Ok();
}

Frame FrameDecoder::PopFrame() {
  Frame f = std::move(frames_.front());
  frames_.pop_front();
  return f;
}

}  // namespace gw::links
