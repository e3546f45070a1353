// File: gateway/links/inbound_listener.cc
#include "gateway/links/inbound_listener.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <optional>

namespace gw::links {
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;
using asio::ip::tcp;

std::string_view TlsVerifyErrorReason(int err) {
  switch (err) {
    case X509_V_ERR_CERT_HAS_EXPIRED: return kRefusedExpired;
    case X509_V_ERR_CERT_NOT_YET_VALID: return kRefusedNotYetValid;
    case X509_V_ERR_CERT_REVOKED: return kRefusedRevoked;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
      return kRefusedCrlUnavailable;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
      return kRefusedUnknownCa;
    default:
      return kRefusedBadCertificate;
  }
}

namespace {

std::string Describe(X509* cert) {
  if (cert == nullptr) return "no certificate";
  char cn[256] = {0};
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  std::string fp;
  if (X509_digest(cert, EVP_sha256(), md, &n) == 1) {
    static constexpr char kHex[] = "0123456789abcdef";
    for (unsigned i = 0; i < n; ++i) {
      fp.push_back(kHex[md[i] >> 4]);
      fp.push_back(kHex[md[i] & 0xf]);
    }
  }
  return "CN=" + std::string(cn) + " sha256=" + fp;
}

}  // namespace

struct InboundListener::Session {
  Session(tcp::socket socket, std::shared_ptr<ssl::context> ctx)
      : context(std::move(ctx)), stream(std::move(socket), *context), timer(stream.get_executor()) {}
  std::shared_ptr<ssl::context> context;
  FrameConnection::Stream stream;
  asio::steady_timer timer;
  std::string remote;
  bool timed_out = false;
  std::string refusal_reason;  // set by the verify callback
  std::string refusal_detail;
  std::optional<std::string> counterparty;
  std::shared_ptr<const AllowList> allow;  // the allow-list the handshake was checked with
  PeerChain chain;
};

StatusOr<std::shared_ptr<InboundListener>> InboundListener::Start(
    asio::io_context& io, InboundListenerConfig config, std::shared_ptr<TlsCredentials> credentials,
    AllowList allow_list, InboundHandler& handler, prometheus::Registry& registry) {
  if (!credentials || credentials->role() != TlsRole::kServer) {
    return InvalidArgument("the inbound listener needs server TLS credentials");
  }
  if (config.max_connections == 0 || config.max_unanswered_per_connection == 0) {
    return InvalidArgument("max_connections and max_unanswered_per_connection must be positive");
  }
  std::shared_ptr<InboundListener> l(new InboundListener(io, std::move(config), std::move(credentials),
                                                         std::move(allow_list), handler, registry));
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(l->config_.bind_address, ec);
  if (ec) return InvalidArgument("bad bind address " + l->config_.bind_address);
  const tcp::endpoint ep(address, l->config_.port);
  l->acceptor_.open(ep.protocol(), ec);
  if (!ec) l->acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) l->acceptor_.bind(ep, ec);
  if (!ec) l->acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable("cannot listen on " + l->config_.bind_address + ":" +
                       std::to_string(l->config_.port) + ": " + ec.message());
  }
  l->port_ = l->acceptor_.local_endpoint(ec).port();
  spdlog::info("links: listener {} accepting mTLS on {}:{}", l->config_.name, l->config_.bind_address,
               l->port_);
  asio::post(l->strand_, [l] { l->Accept(); });
  return l;
}

InboundListener::InboundListener(asio::io_context& io, InboundListenerConfig config,
                                 std::shared_ptr<TlsCredentials> credentials, AllowList allow_list,
                                 InboundHandler& handler, prometheus::Registry& registry)
    : io_(io),
      config_(std::move(config)),
      credentials_(std::move(credentials)),
      handler_(handler),
      metrics_(registry),
      strand_(asio::make_strand(io)),
      acceptor_(strand_),
      allow_list_(std::make_shared<const AllowList>(std::move(allow_list))) {}

InboundListener::~InboundListener() = default;

std::shared_ptr<const AllowList> InboundListener::CurrentAllowList() const {
  std::lock_guard lock(mu_);
  return allow_list_;
}

std::size_t InboundListener::SetAllowList(AllowList allow_list) {
  auto next = std::make_shared<const AllowList>(std::move(allow_list));
  const std::size_t n = next->size();
  {
    std::lock_guard lock(mu_);
    allow_list_ = std::move(next);
  }
  spdlog::info("links: listener {} allow-list replaced ({} counterparties)", config_.name, n);
  return Revalidate();
}

std::optional<std::pair<std::string_view, std::string>> InboundListener::Recheck(
    const Established& session, ssl::context& context, const AllowList& allow) {
  const int err = session.chain.Verify(context, TlsRole::kClient);
  if (err != X509_V_OK) {
    return std::make_pair(TlsVerifyErrorReason(err), "certificate no longer verifies: " +
                                                         std::string(X509_verify_cert_error_string(err)) +
                                                         ", " + Describe(session.chain.leaf()));
  }
  auto name = allow.Match(session.chain.leaf());
  if (!name) {
    return std::make_pair(kRefusedNotAllowed,
                          "no longer on the allow-list: " + Describe(session.chain.leaf()));
  }
  if (*name != session.counterparty) {
    return std::make_pair(kRefusedNotAllowed, "now on the allow-list as " + *name + ": " +
                                                  Describe(session.chain.leaf()));
  }
  return std::nullopt;
}

void InboundListener::CloseRevoked(const std::shared_ptr<FrameConnection>& connection,
                                   const Established& session, std::string_view reason,
                                   const std::string& detail) {
  metrics_.SessionClosedOnReload(session.counterparty, "inbound", reason).Increment();
  spdlog::warn("links: listener {} closing the session of counterparty {} from {}: {} ({})",
               config_.name, session.counterparty, session.remote, reason, detail);
  connection->CloseGracefully(
      PermissionDenied("client certificate no longer accepted (" + std::string(reason) + ")"));
}

std::size_t InboundListener::Revalidate() {
  const auto context = credentials_->Context();
  const auto allow = CurrentAllowList();
  struct Revoked {
    std::shared_ptr<FrameConnection> connection;
    Established session;
    std::string_view reason;
    std::string detail;
  };
  std::vector<Revoked> revoked;
  std::size_t checked = 0;
  {
    std::lock_guard lock(mu_);
    for (auto& [connection, session] : connections_) {
      if (session.closing || connection->closed()) continue;
      ++checked;
      if (auto why = Recheck(session, *context, *allow)) {
        session.closing = true;
        revoked.push_back({connection, session, why->first, std::move(why->second)});
      }
    }
  }
  for (const auto& r : revoked) CloseRevoked(r.connection, r.session, r.reason, r.detail);
  spdlog::info("links: listener {} checked {} established session(s) again, closed {}",
               config_.name, checked, revoked.size());
  return revoked.size();
}

void InboundListener::Stop() {
  if (stopped_.exchange(true)) return;
  asio::post(strand_, [self = shared_from_this()] {
    boost::system::error_code ignored;
    self->acceptor_.close(ignored);
  });
  DisconnectAll();
}

void InboundListener::DisconnectAll() {
  std::vector<std::shared_ptr<FrameConnection>> conns;
  {
    std::lock_guard lock(mu_);
    for (const auto& [c, session] : connections_) conns.push_back(c);
  }
  for (auto& c : conns) c->CloseGracefully(Unavailable("listener closing the connection"));
}

void InboundListener::Accept() {
  if (stopped_.load()) return;
  acceptor_.async_accept(asio::make_strand(io_), [self = shared_from_this()](
                                                     const boost::system::error_code& ec,
                                                     tcp::socket socket) {
    if (self->stopped_.load()) return;
    if (!ec) {
      self->OnAccepted(std::move(socket));
    } else if (ec != asio::error::operation_aborted) {
      spdlog::warn("links: listener {} accept failed: {}", self->config_.name, ec.message());
    }
    self->Accept();
  });
}

void InboundListener::Refuse(const std::string& remote, std::string_view reason,
                             const std::string& detail) {
  metrics_.HandshakeRefusal(config_.name, reason).Increment();
  spdlog::warn("links: listener {} refused {} at the TLS handshake: {} ({})", config_.name, remote,
               reason, detail);
}

void InboundListener::OnAccepted(tcp::socket socket) {
  boost::system::error_code ec;
  const auto remote_ep = socket.remote_endpoint(ec);
  const std::string remote =
      ec ? std::string("unknown") : remote_ep.address().to_string() + ":" + std::to_string(remote_ep.port());
  if (sessions_.load() >= config_.max_connections) {
    Refuse(remote, kRefusedTooManyConnections, "limit " + std::to_string(config_.max_connections));
    socket.close(ec);
    return;
  }
  socket.set_option(tcp::no_delay(true), ec);
  sessions_.fetch_add(1);
  auto session = std::make_shared<Session>(std::move(socket), credentials_->Context());
  session->remote = remote;
  auto allow = CurrentAllowList();
  session->allow = allow;
  session->stream.set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
  std::weak_ptr<Session> weak_session = session;
  session->stream.set_verify_callback(
      [weak_session, allow](bool preverified, ssl::verify_context& vctx) {
        auto s = weak_session.lock();
        if (!s) return false;
        X509_STORE_CTX* ctx = vctx.native_handle();
        X509* cert = X509_STORE_CTX_get_current_cert(ctx);
        const int depth = X509_STORE_CTX_get_error_depth(ctx);
        if (!preverified) {
          const int err = X509_STORE_CTX_get_error(ctx);
          if (s->refusal_reason.empty()) {
            s->refusal_reason = std::string(TlsVerifyErrorReason(err));
            s->refusal_detail = std::string(X509_verify_cert_error_string(err)) + " at depth " +
                                std::to_string(depth) + ", " + Describe(cert);
          }
          return false;
        }
        if (depth == 0) {
          auto name = allow->Match(cert);
          if (!name) {
            s->refusal_reason = std::string(kRefusedNotAllowed);
            s->refusal_detail = "not on the allow-list: " + Describe(cert);
            return false;
          }
          s->counterparty = *name;
        }
        return true;
      });
  session->timer.expires_after(config_.handshake_timeout);
  session->timer.async_wait([session](const boost::system::error_code& tec) {
    if (tec) return;
    session->timed_out = true;
    boost::system::error_code ignored;
    session->stream.lowest_layer().close(ignored);
  });
  session->stream.async_handshake(
      ssl::stream_base::server,
      [self = shared_from_this(), session](const boost::system::error_code& hec) {
        session->timer.cancel();
        if (hec || !session->counterparty) {
          std::string_view reason = kRefusedHandshakeFailed;
          std::string detail = hec ? DescribeTlsError(hec) : "no verified client certificate";
          if (!session->refusal_reason.empty()) {
            reason = session->refusal_reason;
            detail = session->refusal_detail;
          } else if (session->timed_out) {
            reason = kRefusedTimeout;
            detail = "no complete handshake within " +
                     std::to_string(self->config_.handshake_timeout.count()) + " ms";
          } else if (hec.category() == asio::error::get_ssl_category() &&
                     ERR_GET_REASON(static_cast<unsigned long>(hec.value())) ==
                         SSL_R_PEER_DID_NOT_RETURN_A_CERTIFICATE) {
            reason = kRefusedNoClientCert;
          } else if (!hec) {
            reason = kRefusedNoClientCert;
          }
          self->Refuse(session->remote, reason, detail);
          boost::system::error_code ignored;
          session->stream.lowest_layer().close(ignored);
          self->sessions_.fetch_sub(1);
          return;
        }
        session->chain = PeerChain::Of(session->stream.native_handle());
        self->OnEstablished(session);
      });
}

void InboundListener::OnEstablished(std::shared_ptr<Session> session) {
  const std::string counterparty = *session->counterparty;
  auto conn = std::make_shared<FrameConnection>(std::move(session->stream), session->context,
                                                config_.connection, counterparty + "@" + session->remote);
  Established established{counterparty, session->remote, session->chain};
  {
    std::lock_guard lock(mu_);
    const auto context = credentials_->Context();  // read under mu_, see Revalidate()
    if (stopped_.load()) {
      conn->Close(Unavailable("listener stopped"));
      sessions_.fetch_sub(1);
      return;
    }
    // The allow-list or the credentials changed during the handshake: the
    // revalidation that followed did not see this session, so check it now.
    if (allow_list_ != session->allow || context != session->context) {
      if (auto why = Recheck(established, *context, *allow_list_)) {
        metrics_.SessionClosedOnReload(counterparty, "inbound", why->first).Increment();
        spdlog::warn("links: listener {} closing the session of counterparty {} from {}: {} ({})",
                     config_.name, counterparty, session->remote, why->first, why->second);
        conn->Close(PermissionDenied("client certificate no longer accepted"));
        sessions_.fetch_sub(1);
        return;
      }
    }
    connections_.emplace(conn, std::move(established));
  }
  active_.fetch_add(1);
  auto link_metrics = metrics_.ForLink(counterparty);
  link_metrics.connections_active.Increment();
  spdlog::info("links: listener {} accepted {} as counterparty {}", config_.name, session->remote,
               counterparty);

  auto unanswered = std::make_shared<std::atomic<std::size_t>>(0);
  const std::size_t cap = config_.max_unanswered_per_connection;
  const std::size_t max_frame = config_.connection.max_frame_size;
  std::weak_ptr<FrameConnection> weak_conn = conn;
  std::weak_ptr<InboundListener> weak_self = shared_from_this();

  auto on_frame = [weak_self, weak_conn, counterparty, unanswered, max_frame,
                   link_metrics](Frame f) {
    auto self = weak_self.lock();
    auto c = weak_conn.lock();
    if (!self || !c || self->stopped_.load()) return;
    if (f.type != FrameType::kMessage) {
      link_metrics.protocol_errors.Increment();
      c->CloseGracefully(InvalidArgument("unexpected " + std::string(FrameTypeName(f.type)) +
                                         " frame from the client"));
      return;
    }
    auto m = DecodeMessage(f.payload);
    if (!m.ok()) {
      link_metrics.protocol_errors.Increment();
      c->CloseGracefully(m.status());
      return;
    }
    link_metrics.received.Increment();
    unanswered->fetch_add(1);
    auto replied = std::make_shared<std::atomic<bool>>(false);
    std::string message_id = m->message_id;
    std::string uetr = m->uetr;
    InboundHandler::Reply reply = [weak_conn, unanswered, replied, message_id, uetr, max_frame,
                                   counterparty](StatusOr<InboundAnswer> answer) {
      if (replied->exchange(true)) return;  // contract: once
      unanswered->fetch_sub(1);
      auto conn2 = weak_conn.lock();
      if (!conn2) return;
      if (!answer.ok()) {
        spdlog::warn("links: no answer sent to {} for message {}: {}", counterparty, message_id,
                     answer.status().ToString());
      } else {
        auto frame = EncodeAnswer({message_id, uetr, std::move(answer->status),
                                   std::move(answer->reason), std::move(answer->body)},
                                  max_frame);
        if (!frame.ok()) {
          spdlog::error("links: answer to {} for message {} not encodable: {}", counterparty,
                        message_id, frame.status().ToString());
        } else if (!conn2->Send(std::move(frame).value())) {
          spdlog::warn("links: answer to {} for message {} dropped: connection closed or congested",
                       counterparty, message_id);
        }
      }
      conn2->ResumeReading();
    };
    self->handler_.OnMessage(InboundMessage{counterparty, std::move(m->message_id),
                                            std::move(m->uetr), std::move(m->body)},
                             std::move(reply));
  };
  auto on_close = [weak_self, weak_conn, counterparty, link_metrics](const Status& reason) {
    link_metrics.connections_active.Decrement();
    auto self = weak_self.lock();
    if (!self) return;
    self->active_.fetch_sub(1);
    self->sessions_.fetch_sub(1);
    spdlog::info("links: listener {} connection from {} closed: {}", self->config_.name,
                 counterparty, reason.ToString());
    if (auto c = weak_conn.lock()) {
      std::lock_guard lock(self->mu_);
      self->connections_.erase(c);
    }
  };
  auto gate = [unanswered, cap] { return unanswered->load() < cap; };
  conn->Start(std::move(on_frame), std::move(on_close), std::move(gate));
}

}  // namespace gw::links
