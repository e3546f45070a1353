// File: gateway/links/link_metrics.cc
#include "gateway/links/link_metrics.h"

namespace gw::links {
namespace {

prometheus::Family<prometheus::Counter>& C(prometheus::Registry& r, const char* name,
                                           const char* help) {
  return prometheus::BuildCounter().Name(name).Help(help).Register(r);
}
prometheus::Family<prometheus::Gauge>& G(prometheus::Registry& r, const char* name,
                                         const char* help) {
  return prometheus::BuildGauge().Name(name).Help(help).Register(r);
}

}  // namespace

LinkMetrics::LinkMetrics(prometheus::Registry& r)
    : connections_active_(G(r, "tls_connections_active", "Open TLS connections per link")),
      connection_errors_(C(r, "tls_connection_errors_total",
                           "Failed TLS connects or handshakes and lost connections per link")),
      acks_(C(r, "tls_acks_received_total", "Positive pacs.002 answers received per link")),
      nacks_(C(r, "tls_nacks_received_total", "Negative (RJCT) pacs.002 answers received per link")),
      answer_latency_(prometheus::BuildHistogram()
                          .Name("tls_answer_latency_seconds")
                          .Help("Time from first send of a message to its answer")
                          .Register(r)),
      outbox_depth_(G(r, "tls_outbox_depth", "Messages waiting to be delivered on the link")),
      in_flight_(G(r, "tls_messages_in_flight", "Messages sent and not yet answered")),
      breaker_state_(G(r, "tls_breaker_state", "Circuit breaker: 0 closed, 1 open, 2 half-open")),
      sent_(C(r, "tls_messages_sent_total", "Business message frames written, resends included")),
      resent_(C(r, "tls_messages_resent_total", "Business messages sent again")),
      undeliverable_(C(r, "tls_messages_undeliverable_total",
                       "Messages given up on and reported as undeliverable")),
      received_(C(r, "tls_messages_received_total", "Inbound business messages received")),
      protocol_errors_(C(r, "tls_protocol_errors_total",
                         "Malformed frames and answers matching no message in flight")),
      refusals_(C(r, "tls_handshake_refusals_total", "Inbound TLS handshakes refused, by reason")),
      cert_expiry_(G(r, "tls_certificate_expiry_seconds",
                     "Seconds until a loaded certificate expires (negative when expired)")),
      crl_next_update_(G(r, "tls_crl_next_update_seconds",
                         "Seconds until the nextUpdate of the loaded CRL (negative when passed)")),
      closed_on_reload_(C(r, "tls_sessions_closed_on_reload_total",
                          "Established sessions closed because a reload no longer accepts the peer")) {}

LinkMetrics::Link LinkMetrics::ForLink(const std::string& link) {
  const prometheus::Labels l{{"link", link}};
  static const prometheus::Histogram::BucketBoundaries kBuckets{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};
  return Link{connections_active_.Add(l),
              connection_errors_.Add(l),
              acks_.Add(l),
              nacks_.Add(l),
              answer_latency_.Add(l, kBuckets),
              outbox_depth_.Add(l),
              in_flight_.Add(l),
              breaker_state_.Add(l),
              sent_.Add(l),
              resent_.Add(l),
              undeliverable_.Add(l),
              received_.Add(l),
              protocol_errors_.Add(l)};
}

prometheus::Counter& LinkMetrics::HandshakeRefusal(const std::string& listener,
                                                   std::string_view reason) {
  return refusals_.Add({{"listener", listener}, {"reason", std::string(reason)}});
}

prometheus::Gauge& LinkMetrics::CertificateExpiry(const std::string& certificate) {
  return cert_expiry_.Add({{"certificate", certificate}});
}

prometheus::Gauge& LinkMetrics::CrlNextUpdate(const std::string& certificate) {
  return crl_next_update_.Add({{"certificate", certificate}});
}

prometheus::Counter& LinkMetrics::SessionClosedOnReload(const std::string& link,
                                                        std::string_view direction,
                                                        std::string_view reason) {
  return closed_on_reload_.Add(
      {{"link", link}, {"direction", std::string(direction)}, {"reason", std::string(reason)}});
}

}  // namespace gw::links
