// File: gateway/links/inbound_listener.h
//
// The inbound side: a TLS server that accepts counterparties' connections only
// with a client certificate that chains to the configured CA, is valid now, and
// matches the allow-list. Anything else is refused during the handshake
// (counted in tls_handshake_refusals_total{reason} and logged); no frame is read
// from a refused connection. Each business message is handed to the
// InboundHandler with the authenticated counterparty name; its answer goes back
// as a kAnswer frame carrying the original message id and UETR.
//
// Back-pressure: at most `max_unanswered_per_connection` messages per connection
// wait for the handler; reading pauses beyond that. At most `max_connections`
// sessions (handshaking or established); more are closed on accept.
//
// Threading: public methods are thread-safe; the handler is called on the
// connection's strand and may reply from any thread. Shutdown order: Stop(),
// stop the io_context's threads, drop the listener, then destroy the io_context.
#pragma once

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "core/status.h"
#include "gateway/links/frame_connection.h"
#include "gateway/links/interfaces.h"
#include "gateway/links/link_metrics.h"
#include "gateway/links/tls.h"

namespace gw::links {

struct InboundListenerConfig {
  std::string name = "inbound";          // the listener label in metrics and logs
  std::string bind_address = "127.0.0.1";
  std::uint16_t port = 0;                // 0: any free port (see port())
  std::chrono::milliseconds handshake_timeout{5'000};
  std::size_t max_connections = 256;
  std::size_t max_unanswered_per_connection = 1'024;
  ConnectionOptions connection;
};

// Reasons in tls_handshake_refusals_total.
inline constexpr std::string_view kRefusedNoClientCert = "no_client_cert";
inline constexpr std::string_view kRefusedUnknownCa = "unknown_ca";
inline constexpr std::string_view kRefusedExpired = "expired";
inline constexpr std::string_view kRefusedNotYetValid = "not_yet_valid";
inline constexpr std::string_view kRefusedNotAllowed = "not_allowed";
inline constexpr std::string_view kRefusedBadCertificate = "bad_certificate";
inline constexpr std::string_view kRefusedHandshakeFailed = "handshake_failed";
inline constexpr std::string_view kRefusedTimeout = "timeout";
inline constexpr std::string_view kRefusedTooManyConnections = "too_many_connections";

class InboundListener : public std::enable_shared_from_this<InboundListener> {
 public:
  // Binds and starts accepting. `credentials` must have TlsRole::kServer.
  static StatusOr<std::shared_ptr<InboundListener>> Start(
      boost::asio::io_context& io, InboundListenerConfig config,
      std::shared_ptr<TlsCredentials> credentials, AllowList allow_list, InboundHandler& handler,
      prometheus::Registry& registry);
  ~InboundListener();

  // The bound port (useful with port 0).
  std::uint16_t port() const { return port_; }
  // Replaces the allow-list for handshakes that start afterwards; established
  // connections are kept (close them with DisconnectAll() if needed).
  void SetAllowList(AllowList allow_list);
  // Stops accepting and closes every connection. Replies arriving later are
  // dropped. Handler calls already queued on the io_context may still run: keep
  // the handler (and the metrics registry) alive until the io_context is stopped.
  void Stop();
  void DisconnectAll();
  std::size_t active_connections() const { return active_.load(); }

 private:
  struct Session;

  InboundListener(boost::asio::io_context& io, InboundListenerConfig config,
                  std::shared_ptr<TlsCredentials> credentials, AllowList allow_list,
                  InboundHandler& handler, prometheus::Registry& registry);
  void Accept();
  void OnAccepted(boost::asio::ip::tcp::socket socket);
  void Refuse(const std::string& remote, std::string_view reason, const std::string& detail);
  void OnEstablished(std::shared_ptr<Session> session);
  std::shared_ptr<const AllowList> CurrentAllowList() const;

  boost::asio::io_context& io_;
  const InboundListenerConfig config_;
  const std::shared_ptr<TlsCredentials> credentials_;
  InboundHandler& handler_;
  LinkMetrics metrics_;
  boost::asio::strand<boost::asio::io_context::executor_type> strand_;
  boost::asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  std::atomic<std::size_t> sessions_{0};  // handshaking or established
  std::atomic<std::size_t> active_{0};    // established
  std::atomic<bool> stopped_{false};

  mutable std::mutex mu_;
  std::shared_ptr<const AllowList> allow_list_;                 // guarded by mu_
  std::set<std::shared_ptr<FrameConnection>> connections_;      // guarded by mu_
};

}  // namespace gw::links
