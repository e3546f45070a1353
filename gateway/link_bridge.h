// File: gateway/link_bridge.h
//
// The payment pipeline's side of the mTLS links, in PostgreSQL:
//   - OutboxSource: claims a link's outbox rows in creation order (FOR UPDATE
//     SKIP LOCKED), marks them SENT and their payments SENT; Release() puts them
//     back. Rows are claimed under this node's name, and Start() hands back what
//     a previous run of the same node left SENT, so a restart resends them (same
//     identifiers; the receiver deduplicates).
//   - DeliveryListener: an ACK completes the payment (COMPLETED); a NACK fails
//     it (FAILED, with the reason) and reverses its postings in the same
//     transaction; the pacs.002 is stored as one of the payment's messages. No
//     answer after the resends: the payment goes to EXCEPTION.
//   - InboundHandler: a pacs.008 from a counterparty is validated, deduplicated
//     by (counterparty, message id), credited (debit the counterparty's
//     settlement account, credit the beneficiary; a sanctions hit instead holds
//     the amount on suspense for a compliance officer) and answered with a pacs.002:
//     ACSP, or RJCT with the codecs' or the ledger's reason (AC01 unknown account).
//
// All database work runs on the bridge's own worker threads (the link layer's
// I/O threads never wait on the database). Answers and inbound messages are
// recorded in batches of up to 128 per transaction (one commit for many, each in
// its own savepoint); an inbound message is answered only after its commit.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "core/pg/pool.h"
#include "codecs/iso20022/guidelines/usage_guideline.h"
#include "gateway/links/interfaces.h"

namespace prometheus {
class Registry;
}
namespace gw::codecs {
class SchemaSet;
}

namespace gw::gateway {

class ComplianceService;

struct LinkBridgeOptions {
  std::string node_name;  // this gatewayd, e.g. "gw1" (claims are made in its name)
  std::string our_bic = "GWAYDEFFXXX";
  int threads = 2;
  // Screens inbound payments (null: none). A hit is answered ACSP (the money
  // has arrived) but not credited: see gateway/inbound_hold.h.
  ComplianceService* compliance = nullptr;
  // Counterparty -> the usage guideline its messages must follow (CBPR+, ...):
  // a pacs.008 that breaks it is refused (RJCT) with the rule's reason code.
  std::map<std::string, const codecs::UsageGuideline*> guidelines;
};

class LinkBridge : public links::OutboxSource, public links::DeliveryListener, public links::InboundHandler {
 public:
  // `pool`, `schemas` and `registry` must outlive the bridge. Registers
  // payments_completed_total, payments_failed_total and
  // payment_processing_duration_seconds (initiation to a terminal state).
  LinkBridge(pg::PgPool& pool, const codecs::SchemaSet& schemas, prometheus::Registry& registry,
             LinkBridgeOptions options);
  ~LinkBridge() override;

  // Returns rows this node left SENT (a crash or restart) to PENDING.
  Status Start();
  // Waits for database work in flight.
  void Stop();

  // OutboxSource
  void Claim(const std::string& link, std::size_t max, ClaimCallback done) override;
  void Release(const std::string& link, const std::vector<std::uint64_t>& ids) override;
  // DeliveryListener
  void OnAnswered(const links::OutboundMessage& message, const links::DeliveryAnswer& answer) override;
  void OnUndeliverable(const links::OutboundMessage& message, const Status& reason) override;
  // InboundHandler
  void OnMessage(links::InboundMessage message, Reply reply) override;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw::gateway
