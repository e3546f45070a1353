// File: gateway/links/link_metrics.h
//
// The link layer's Prometheus metrics (names from the operations runbook). Every
// link-level series carries label link="<counterparty>"; listener series carry
// listener="<name>"; certificate series carry certificate="<role>".
//
//   tls_connections_active{link}              gauge    open TLS connections
//   tls_connection_errors_total{link}         counter  failed connects/handshakes, lost connections
//   tls_acks_received_total{link}             counter  answers with an accepting status
//   tls_nacks_received_total{link}            counter  answers with RJCT (or any non-accepting status)
//   tls_answer_latency_seconds{link}          histogram first send -> answer
//   tls_outbox_depth{link}                    gauge    messages waiting for this link (outbox + held)
//   tls_messages_in_flight{link}              gauge    sent, not yet answered
//   tls_breaker_state{link}                   gauge    0 closed, 1 open, 2 half-open
//   tls_messages_sent_total{link}             counter  business frames written (resends included)
//   tls_messages_resent_total{link}           counter  resends after an answer time-out or reconnect
//   tls_messages_undeliverable_total{link}    counter  reported to DeliveryListener::OnUndeliverable
//   tls_messages_received_total{link}         counter  inbound business messages (link = counterparty)
//   tls_protocol_errors_total{link}           counter  bad frames, unmatched answers
//   tls_handshake_refusals_total{listener,reason} counter  no_client_cert, unknown_ca, expired,
//                                             not_allowed, bad_certificate, handshake_failed, timeout
//   tls_certificate_expiry_seconds{certificate} gauge  seconds until notAfter (negative: expired)
//   tls_crl_next_update_seconds{certificate}  gauge    seconds until the loaded CRL's nextUpdate
//   tls_sessions_closed_on_reload_total{link,direction,reason} counter  established sessions
//                                             closed because a reload (allow-list, CA, CRL) no
//                                             longer accepts the peer's certificate
//
// Thread-safe: prometheus-cpp metrics are atomic and Family::Add is locked.
// Several LinkMetrics may share one Registry (it merges families by name; the
// registry must use the default InsertBehavior::Merge).
#pragma once

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <string>
#include <string_view>

namespace gw::links {

class LinkMetrics {
 public:
  struct Link {
    prometheus::Gauge& connections_active;
    prometheus::Counter& connection_errors;
    prometheus::Counter& acks;
    prometheus::Counter& nacks;
    prometheus::Histogram& answer_latency;
    prometheus::Gauge& outbox_depth;
    prometheus::Gauge& in_flight;
    prometheus::Gauge& breaker_state;
    prometheus::Counter& sent;
    prometheus::Counter& resent;
    prometheus::Counter& undeliverable;
    prometheus::Counter& received;
    prometheus::Counter& protocol_errors;
  };

  explicit LinkMetrics(prometheus::Registry& registry);

  // The series for one link; references stay valid for the registry's lifetime.
  Link ForLink(const std::string& link);
  prometheus::Counter& HandshakeRefusal(const std::string& listener, std::string_view reason);
  prometheus::Gauge& CertificateExpiry(const std::string& certificate);
  prometheus::Gauge& CrlNextUpdate(const std::string& certificate);
  // `direction`: "inbound" or "outbound"; `reason` as in tls_handshake_refusals_total.
  prometheus::Counter& SessionClosedOnReload(const std::string& link, std::string_view direction,
                                             std::string_view reason);

 private:
  prometheus::Family<prometheus::Gauge>& connections_active_;
  prometheus::Family<prometheus::Counter>& connection_errors_;
  prometheus::Family<prometheus::Counter>& acks_;
  prometheus::Family<prometheus::Counter>& nacks_;
  prometheus::Family<prometheus::Histogram>& answer_latency_;
  prometheus::Family<prometheus::Gauge>& outbox_depth_;
  prometheus::Family<prometheus::Gauge>& in_flight_;
  prometheus::Family<prometheus::Gauge>& breaker_state_;
  prometheus::Family<prometheus::Counter>& sent_;
  prometheus::Family<prometheus::Counter>& resent_;
  prometheus::Family<prometheus::Counter>& undeliverable_;
  prometheus::Family<prometheus::Counter>& received_;
  prometheus::Family<prometheus::Counter>& protocol_errors_;
  prometheus::Family<prometheus::Counter>& refusals_;
  prometheus::Family<prometheus::Gauge>& cert_expiry_;
  prometheus::Family<prometheus::Gauge>& crl_next_update_;
  prometheus::Family<prometheus::Counter>& closed_on_reload_;
};

}  // namespace gw::links
