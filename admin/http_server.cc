#include "admin/http_server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/version.hpp>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace gw::admin {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

void ParseQuery(const std::string& q, std::map<std::string, std::string>& out) {
  std::size_t i = 0;
  while (i <= q.size() && out.size() < 64) {
    std::size_t amp = q.find('&', i);
    if (amp == std::string::npos) amp = q.size();
    const std::string part = q.substr(i, amp - i);
    if (!part.empty()) {
      const auto eq = part.find('=');
      if (eq == std::string::npos) {
        out[UrlDecode(part, true)] = "";
      } else {
        out[UrlDecode(part.substr(0, eq), true)] = UrlDecode(part.substr(eq + 1), true);
      }
    }
    i = amp + 1;
  }
}

}  // namespace

struct HttpServer::Impl : std::enable_shared_from_this<HttpServer::Impl> {
  Impl(net::io_context& io_in, net::thread_pool& workers_in, const Router& router_in,
       Metrics& metrics_in, HttpServerOptions options_in)
      : io(io_in), workers(workers_in), router(router_in), metrics(metrics_in),
        options(std::move(options_in)), acceptor(net::make_strand(io_in)) {}

  net::io_context& io;
  net::thread_pool& workers;
  const Router& router;
  Metrics& metrics;
  HttpServerOptions options;
  tcp::acceptor acceptor;
  std::atomic<int> connections{0};
  std::atomic<bool> stopping{false};
  std::mutex clients_mu;
  std::unordered_map<std::string, int> clients;  // GUARDED_BY(clients_mu): open connections per ClientKey
  std::mutex mu;
  std::condition_variable idle_cv;
  int in_flight = 0;  // GUARDED_BY(mu)

  void BeginRequest() {
    std::lock_guard lock(mu);
    ++in_flight;
  }
  void EndRequest() {
    std::lock_guard lock(mu);
    if (--in_flight == 0) idle_cv.notify_all();
  }

  // Counts a connection from `client`; false (nothing counted) when it already
  // has the most allowed.
  bool AdmitClient(const std::string& client) {
    std::lock_guard lock(clients_mu);
    int& n = clients[client];
    if (n >= options.max_connections_per_address) {
      if (n == 0) clients.erase(client);
      return false;
    }
    ++n;
    return true;
  }
  void ReleaseClient(const std::string& client) {
    std::lock_guard lock(clients_mu);
    auto it = clients.find(client);
    if (it != clients.end() && --it->second <= 0) clients.erase(it);
  }

  void DoAccept();
};

namespace {

// One connection: plain (beast::tcp_stream) or HTTPS (beast::ssl_stream over it).
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
  using std::enable_shared_from_this<Session<Stream>>::shared_from_this;
  static constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;

 public:
  // `client` has been admitted (AdmitClient) and is released on destruction.
  template <class... TlsContext>
  Session(tcp::socket&& socket, std::shared_ptr<HttpServer::Impl> server, std::string remote, std::string client,
          TlsContext&... tls)
      : stream_(std::move(socket), tls...), server_(std::move(server)), remote_(std::move(remote)), client_(std::move(client)) {}

  ~Session() {
    server_->ReleaseClient(client_);
    --server_->connections;
  }

  void Run() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] {
      if constexpr (kTls) {
        // The handshake has the headers' deadline: a client that stalls in it is cut off.
        beast::get_lowest_layer(self->stream_)
            .expires_after(std::min(self->server_->options.header_timeout, self->server_->options.read_timeout));
        self->stream_.async_handshake(net::ssl::stream_base::server, [self](beast::error_code ec) {
          if (ec) {
            spdlog::debug("https: handshake with {} failed: {}", self->remote_, ec.message());
            return self->Close();
          }
          self->DoRead();
        });
      } else {
        self->DoRead();
      }
    });
  }

 private:
  // Each phase has its own deadline, set once: bytes trickling in do not move it.
  //   idle:    read_timeout until a request's first byte
  //   headers: header_timeout (at most read_timeout) from that byte to the end of
  //            the headers
  //   body:    body_timeout from there to the end of the body
  void DoRead() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_->options.header_limit_bytes));
    parser_->body_limit(server_->options.body_limit_bytes);
    if (buffer_.size() > 0) return ReadHeader();  // the next request has begun already (pipelining)
    beast::get_lowest_layer(stream_).expires_after(server_->options.read_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstRead), [self = shared_from_this()](beast::error_code ec, std::size_t n) {
      if (ec) return self->OnRead(ec, 0);
      self->buffer_.commit(n);
      self->ReadHeader();
    });
  }

  void ReadHeader() {
    beast::get_lowest_layer(stream_).expires_after(std::min(server_->options.header_timeout, server_->options.read_timeout));
    http::async_read_header(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec || self->parser_->is_done()) return self->OnRead(ec, 0);
      beast::get_lowest_layer(self->stream_).expires_after(self->server_->options.body_timeout);
      http::async_read(self->stream_, self->buffer_, *self->parser_,
                       beast::bind_front_handler(&Session::OnRead, self));
    });
  }

  void OnRead(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == net::error::eof || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      return Close();
    }
    if (ec) {
      int status = 400;
      std::string code = "bad_request";
      std::string text = "malformed HTTP request: " + ec.message();
      if (ec == http::error::body_limit) {
        status = 413;
        code = "payload_too_large";
        text = "request body exceeds " + std::to_string(server_->options.body_limit_bytes) + " bytes";
      } else if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        status = 431;
        code = "headers_too_large";
        text = "request headers exceed " + std::to_string(server_->options.header_limit_bytes) + " bytes";
      }
      // Answer once, then close: the rest of the stream cannot be trusted.
      start_ = std::chrono::steady_clock::now();
      server_->BeginRequest();
      counted_ = true;
      method_ = "UNKNOWN";
      route_ = "unmatched";
      keep_alive_ = false;
      return Write(HttpResponse::Error(status, code, text), 11);
    }
    start_ = std::chrono::steady_clock::now();
    auto req = parser_->release();
    keep_alive_ = req.keep_alive() && !server_->stopping;
    const unsigned version = req.version();
    HttpRequest request;
    request.method = std::string(req.method_string());
    request.target = std::string(req.target());
    const auto qpos = request.target.find('?');
    request.path = request.target.substr(0, qpos);
    if (qpos != std::string::npos) ParseQuery(request.target.substr(qpos + 1), request.query);
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      request.headers[name] = std::string(field.value());
    }
    request.body = std::move(req.body());
    request.remote_address = remote_;
    method_ = request.method;
    server_->BeginRequest();
    counted_ = true;

    auto match = server_->router.Find(request.method, request.path);
    route_ = match.route;
    if (match.handler == nullptr) {
      return Write(match.status == 405
                       ? HttpResponse::Error(405, "method_not_allowed", request.method + " is not allowed on " + request.path)
                       : HttpResponse::Error(404, "not_found", "no such endpoint: " + request.path),
                   version);
    }
    request.path_params = std::move(match.params);
    // Run the handler on the worker pool; write the response on this strand.
    net::post(server_->workers, [self = shared_from_this(), handler = match.handler,
                                 request = std::move(request), version]() mutable {
      HttpResponse response;
      try {
        response = (*handler)(request);
      } catch (const std::exception& e) {
        spdlog::error("handler for {} {} failed: {}", request.method, self->route_, e.what());
        response = HttpResponse::Error(500, "internal", "internal error");
      }
      if (request.method == "HEAD") response.body.clear();
      net::post(self->stream_.get_executor(), [self, response = std::move(response), version]() mutable {
        self->Write(std::move(response), version);
      });
    });
  }

  void Write(HttpResponse response, unsigned version) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(response.status), version);
    res->set(http::field::server, "gatewayd");
    res->set(http::field::content_type, response.content_type);
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    if constexpr (kTls) res->set(http::field::strict_transport_security, "max-age=31536000");
    for (const auto& [k, v] : response.headers) res->set(k, v);
    if (server_->stopping) keep_alive_ = false;
    res->keep_alive(keep_alive_);
    res->body() = std::move(response.body);
    res->prepare_payload();
    status_ = response.status;
    beast::get_lowest_layer(stream_).expires_after(server_->options.body_timeout);
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res](beast::error_code ec, std::size_t) { self->OnWrite(ec); });
  }

  void OnWrite(beast::error_code ec) {
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    server_->metrics.ObserveHttpRequest(method_, route_, status_, seconds);
    spdlog::info("http {} {} {} {:.1f}ms {}", method_, route_, status_, seconds * 1000, remote_);
    if (counted_) {
      counted_ = false;
      server_->EndRequest();
    }
    if (ec || !keep_alive_) return Close();
    DoRead();
  }

  void Close() {
    beast::error_code ec;
    auto& socket = beast::get_lowest_layer(stream_).socket();
    socket.shutdown(tcp::socket::shutdown_send, ec);
    socket.close(ec);
  }

  Stream stream_;
  beast::flat_buffer buffer_;  // bounded by the parser's header and body limits
  std::optional<http::request_parser<http::string_body>> parser_;
  static constexpr std::size_t kFirstRead = 4096;

  std::shared_ptr<HttpServer::Impl> server_;
  std::string remote_;
  std::string client_;  // ClientKey(remote_)
  std::string method_;
  std::string route_;
  int status_ = 0;
  bool keep_alive_ = false;
  bool counted_ = false;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace

void HttpServer::Impl::DoAccept() {
  acceptor.async_accept(net::make_strand(io), [self = shared_from_this()](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !self->acceptor.is_open()) return;
      spdlog::warn("accept failed: {}", ec.message());
    } else if (self->stopping) {
      return;
    } else {
      // Over a cap: close at once, before reading a byte.
      beast::error_code ep_ec;
      const auto endpoint = socket.remote_endpoint(ep_ec);
      std::string remote = ep_ec ? std::string() : endpoint.address().to_string();
      std::string client = ClientKey(remote);
      if (ep_ec || self->connections.load() >= self->options.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else if (!self->AdmitClient(client)) {
        spdlog::debug("connection from {} refused: {} open from it already", remote,
                      self->options.max_connections_per_address);
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        ++self->connections;
        if (self->options.tls)
          std::make_shared<Session<beast::ssl_stream<beast::tcp_stream>>>(std::move(socket), self, std::move(remote),
                                                                           std::move(client), *self->options.tls)
              ->Run();
        else
          std::make_shared<Session<beast::tcp_stream>>(std::move(socket), self, std::move(remote), std::move(client))->Run();
      }
    }
    if (self->acceptor.is_open()) self->DoAccept();
  });
}

HttpServer::HttpServer(net::io_context& io, net::thread_pool& workers, const Router& router,
                       Metrics& metrics, HttpServerOptions options)
    : impl_(std::make_shared<Impl>(io, workers, router, metrics, std::move(options))) {}

HttpServer::~HttpServer() { StopAccepting(); }

Status HttpServer::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.bind_address, ec);
  if (ec) return InvalidArgument("server.bind_address: " + ec.message());
  tcp::endpoint endpoint(address, impl_->options.port);
  impl_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) impl_->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl_->acceptor.bind(endpoint, ec);
  if (!ec) impl_->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec)
    return Unavailable("cannot listen on " + impl_->options.bind_address + ":" +
                       std::to_string(impl_->options.port) + ": " + ec.message());
  impl_->DoAccept();
  return Status::Ok();
}

unsigned short HttpServer::port() const {
  beast::error_code ec;
  auto ep = impl_->acceptor.local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void HttpServer::StopAccepting() {
  impl_->stopping = true;
  net::post(impl_->acceptor.get_executor(), [impl = impl_] {
    beast::error_code ec;
    impl->acceptor.close(ec);
  });
}

bool HttpServer::Drain(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(impl_->mu);
  return impl_->idle_cv.wait_until(lock, deadline, [&] { return impl_->in_flight == 0; });
}

int HttpServer::active_connections() const { return impl_->connections.load(); }

StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeHttpsContext(const std::string& cert_file,
                                                                      const std::string& key_file) {
  namespace ssl = boost::asio::ssl;
  auto context = std::make_shared<ssl::context>(ssl::context::tls_server);
  context->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                       ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                       ssl::context::single_dh_use);
  SSL_CTX_set_options(context->native_handle(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  context->use_certificate_chain_file(cert_file, ec);
  if (ec) return InvalidArgument("server.tls_cert_file: cannot use " + cert_file + ": " + ec.message());
  context->use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) return InvalidArgument("server.tls_key_file: cannot use " + key_file + ": " + ec.message());
  if (SSL_CTX_check_private_key(context->native_handle()) != 1)
    return InvalidArgument("server.tls_key_file: " + key_file + " is not the key of " + cert_file);
  return context;
}

}  // namespace gw::admin
