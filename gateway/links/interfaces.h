// File: gateway/links/interfaces.h
//
// The seams between the link layer and the payment pipeline. The pipeline
// implements OutboxSource + DeliveryListener (outbound) and InboundHandler
// (inbound); the link layer calls them from its I/O threads, so every method
// must return quickly (hand slow work such as database calls to another thread
// and complete through the callback).
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace gw::links {

// One business message to deliver. `message_id` and `uetr` go into the frame
// envelope and must equal those inside `payload` (AppHdr/BizMsgIdr, the pacs.008
// UETR); they are never changed on a resend, so the receiver can deduplicate.
struct OutboundMessage {
  std::uint64_t id = 0;      // the outbox row id (opaque to the link)
  std::string message_id;    // 1..255 bytes, unique per link
  std::string uetr;          // 0..255 bytes
  std::string payload;       // AppHdr + Document XML
};

struct OutboxBatch {
  std::vector<OutboundMessage> messages;  // oldest first (creation order)
  // Messages still waiting in the outbox for this link after this claim, when
  // the source knows it cheaply (feeds the tls_outbox_depth gauge).
  std::optional<std::size_t> remaining;
};

// Where an outbound link takes its messages from.
class OutboxSource {
 public:
  using ClaimCallback = std::function<void(StatusOr<OutboxBatch>)>;
  virtual ~OutboxSource() = default;

  // Claims up to `max` (>= 1) messages for `link` that are not claimed yet, in
  // creation order, and calls `done` exactly once (from any thread, possibly
  // before returning). A claimed message belongs to the link until the link
  // reports it through DeliveryListener or hands it back with Release(). An
  // error (e.g. kUnavailable) makes the link retry after its poll interval.
  virtual void Claim(const std::string& link, std::size_t max, ClaimCallback done) = 0;

  // Gives claimed, unfinished messages back (the link is stopping). They must
  // become claimable again, keeping their creation order.
  virtual void Release(const std::string& link, const std::vector<std::uint64_t>& ids) = 0;
};

// The receiver's answer (a pacs.002) as seen by the sender.
struct DeliveryAnswer {
  std::string status;   // ACCP, ACSP, ACSC, ... or RJCT
  std::string reason;   // ISO reason code for RJCT (AC01, AM02...), else empty
  std::string body;     // the pacs.002 XML
  int sends = 1;        // how many times the message was written before this answer
  std::chrono::nanoseconds latency{0};  // first send -> answer
  bool accepted() const;
};

// Told the outcome of every claimed message, exactly once per message (unless
// it was handed back with OutboxSource::Release on Stop()).
class DeliveryListener {
 public:
  virtual ~DeliveryListener() = default;
  virtual void OnAnswered(const OutboundMessage& message, const DeliveryAnswer& answer) = 0;
  // The link gave up: no answer after all resends (kDeadlineExceeded) or the
  // message cannot be sent at all (kInvalidArgument, kResourceExhausted for an
  // oversized message, kAlreadyExists for a message id already in flight).
  // This is an exception for the operators, never a silent drop.
  virtual void OnUndeliverable(const OutboundMessage& message, const Status& reason) = 0;
};

// A business message received on the inbound listener from an authenticated
// counterparty (its name from the allow-list, not from the message).
struct InboundMessage {
  std::string counterparty;
  std::string message_id;
  std::string uetr;
  std::string body;  // AppHdr + Document XML
};

// What to send back: a pacs.002 with the transaction status (ACCP/ACSP/ACSC, or
// RJCT with an ISO reason code). The link adds the original message id and UETR
// to the frame envelope.
struct InboundAnswer {
  std::string status;
  std::string reason;
  std::string body;
};

class InboundHandler {
 public:
  // Call exactly once, from any thread. A non-OK status sends no answer (the
  // sender resends after its answer time-out, so use it for transient failures
  // only; business rejections are RJCT answers).
  using Reply = std::function<void(StatusOr<InboundAnswer>)>;
  virtual ~InboundHandler() = default;
  // Receivers must deduplicate by message_id: a sender resends with the same ids
  // after a reconnect or an answer time-out, and expects the same answer.
  virtual void OnMessage(InboundMessage message, Reply reply) = 0;
};

}  // namespace gw::links
