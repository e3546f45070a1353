// File: gateway/links/demo_counterparty.h
//
// A simulated counterparty bank for demonstrations and end-to-end tests: an
// inbound listener speaking the link protocol over mTLS that decodes each
// pacs.008 with gw::codecs and answers with a pacs.002:
//   * the message does not decode or breaks a codec rule -> RJCT with the first
//     issue's reason code (e.g. FF01, AC01);
//   * a creditor IBAN in `rejected_creditor_ibans`        -> RJCT AC01;
//   * an interbank settlement amount over `max_amount`     -> RJCT AM02;
//   * otherwise                                            -> `ack_status` (ACSP).
// Repeats of a message id get the first answer again (bounded memory).
//
// Threading: thread-safe; answers are computed on the listener's I/O threads.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/status.h"
#include "gateway/links/answer_cache.h"
#include "gateway/links/inbound_listener.h"
#include "gateway/links/interfaces.h"
#include "gateway/links/tls.h"

namespace gw::codecs {
class SchemaSet;
}

namespace gw::links {

// Told of each new message the simulated bank decided on (not of repeats), on
// the listener's I/O thread: must not block. The demo bank's statements use it
// (gateway/reconciliation/README.md).
using DemoDecisionObserver = std::function<void(const InboundMessage&, const InboundAnswer&)>;

struct DemoCounterpartyConfig {
  InboundListenerConfig listener;          // listener.name defaults to "demo-counterparty"
  TlsFiles tls;                            // the simulated bank's server certificate (and CRL)
  std::vector<AllowedPeer> allowed;        // clients allowed to connect (the gateway)
  std::filesystem::path schema_dir;        // ISO 20022 XSDs (schemas/iso20022)
  std::string own_bic = "DEMOBEBBXXX";     // AppHdr From of the answers
  std::string ack_status = "ACSP";         // ACCP, ACSP or ACSC
  std::set<std::string> rejected_creditor_ibans;  // -> RJCT AC01
  std::optional<std::string> max_amount;          // decimal text, e.g. "1000000.00" -> RJCT AM02
  std::size_t dedupe_capacity = 100'000;
  DemoDecisionObserver on_decided;                // optional
};

class DemoCounterparty final : public InboundHandler {
 public:
  // Loads schemas and TLS material, then starts listening.
  static StatusOr<std::unique_ptr<DemoCounterparty>> Start(boost::asio::io_context& io,
                                                           DemoCounterpartyConfig config,
                                                           prometheus::Registry& registry);
  ~DemoCounterparty() override;

  std::uint16_t port() const;
  void Stop();
  // Re-reads the TLS files (`tls`, when given, instead of the current ones) and
  // replaces the allow-list (SIGHUP); established sessions no longer accepted
  // are closed (InboundListener::SetAllowList).
  Status Reload(std::vector<AllowedPeer> allowed, std::optional<TlsFiles> tls = std::nullopt);

  // The answer to one message (what OnMessage sends), without I/O.
  InboundAnswer Decide(const InboundMessage& message) const;
  void OnMessage(InboundMessage message, Reply reply) override;

  std::uint64_t accepted() const { return accepted_.load(); }
  std::uint64_t rejected() const { return rejected_.load(); }
  std::uint64_t duplicates() const { return duplicates_.load(); }

 private:
  DemoCounterparty(DemoCounterpartyConfig config, std::shared_ptr<const codecs::SchemaSet> schemas);

  const DemoCounterpartyConfig config_;
  const std::shared_ptr<const codecs::SchemaSet> schemas_;
  std::shared_ptr<TlsCredentials> credentials_;
  std::shared_ptr<InboundListener> listener_;
  AnswerCache answers_;
  std::atomic<std::uint64_t> accepted_{0};
  std::atomic<std::uint64_t> rejected_{0};
  std::atomic<std::uint64_t> duplicates_{0};
};

}  // namespace gw::links
