// File: gateway/links/inbound_listener.h
//
// The inbound side: a TLS server that accepts counterparties' connections only
// with a client certificate that chains to the configured CA, is valid now, and
// matches the allow-list. Anything else is refused during the handshake
// (counted in tls_handshake_refusals_total{reason} and logged); no frame is read
// from a refused connection. The same checks apply to established sessions
// whenever the allow-list or the credentials change (SetAllowList(),
// Revalidate()): a session they no longer admit is closed. Each business message is handed to the
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
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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
inline constexpr std::string_view kRefusedRevoked = "revoked";
// No current CRL for a CA of the chain (missing from the CRL file, or expired).
inline constexpr std::string_view kRefusedCrlUnavailable = "crl_unavailable";
inline constexpr std::string_view kRefusedNotAllowed = "not_allowed";
inline constexpr std::string_view kRefusedBadCertificate = "bad_certificate";
inline constexpr std::string_view kRefusedHandshakeFailed = "handshake_failed";
inline constexpr std::string_view kRefusedTimeout = "timeout";
inline constexpr std::string_view kRefusedTooManyConnections = "too_many_connections";

// The reason above for an X509_V_ERR_* certificate verification error
// (kRefusedBadCertificate for any other).
std::string_view TlsVerifyErrorReason(int x509_error);

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
  // Replaces the allow-list for handshakes that start afterwards, then
  // Revalidate()s the established sessions. Returns the number of sessions closed.
  std::size_t SetAllowList(AllowList allow_list);
  // Checks every established session again with the current allow-list and the
  // current credentials' CA, CRLs and validity (call it after
  // TlsCredentials::Reload()): a session whose client certificate no longer
  // verifies, or no longer matches the allow-list as the same counterparty, is
  // closed with a CLOSE frame giving the reason, logged, and counted in
  // tls_sessions_closed_on_reload_total{link,direction="inbound",reason}. A
  // handshake in progress meanwhile is checked again when it completes.
  // Returns the number of sessions closed.
  std::size_t Revalidate();
  // Stops accepting and closes every connection. Replies arriving later are
  // dropped. Handler calls already queued on the io_context may still run: keep
  // the handler (and the metrics registry) alive until the io_context is stopped.
  void Stop();
  void DisconnectAll();
  std::size_t active_connections() const { return active_.load(); }

 private:
  struct Session;
  // An established session, as Revalidate() needs it.
  struct Established {
    std::string counterparty;
    std::string remote;
    PeerChain chain;
    bool closing = false;  // closed by a revalidation; not counted twice
  };
  // Why `session` is no longer admitted by `context` and `allow` (reason, detail), or nullopt.
  static std::optional<std::pair<std::string_view, std::string>> Recheck(
      const Established& session, boost::asio::ssl::context& context, const AllowList& allow);
  void CloseRevoked(const std::shared_ptr<FrameConnection>& connection, const Established& session,
                    std::string_view reason, const std::string& detail);

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
  std::map<std::shared_ptr<FrameConnection>, Established> connections_;  // guarded by mu_
};

}  // namespace gw::links
