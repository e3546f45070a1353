// File: admin/http_server.h
//
// The admin HTTP/1.1 server (Boost.Beast). Connections are served on the I/O
// threads, one strand per connection; handlers run on a separate worker pool
// (they may block on the database) and their responses are written back on the
// connection's strand.
//
// Hostile input is refused cheaply: a cap on open connections and a smaller one
// per client address (ClientKey: an IPv4 address or an IPv6 /64), extra ones
// closed at once; a header size limit (431) and a body size limit (413); and
// deadlines a client cannot stretch by trickling bytes: `read_timeout` for the
// first byte of a request (idle, on new and kept-alive connections), then
// `header_timeout` (or `read_timeout` if shorter) from that byte for the whole
// header, then `body_timeout` for the whole body and again for the response to
// be taken. A connection past a deadline is closed.
//
// Shutdown: StopAccepting() closes the listening socket; Drain() waits until no
// request is in flight (or the deadline passes); responses written meanwhile
// carry "Connection: close".
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "admin/http.h"
#include "admin/metrics.h"
#include "core/status.h"

namespace boost::asio {
class io_context;
class thread_pool;
namespace ssl {
class context;
}
}  // namespace boost::asio

namespace gw::admin {

struct HttpServerOptions {
  std::string bind_address = "127.0.0.1";
  unsigned short port = 3000;  // 0: any free port (see port())
  int max_connections = 512;
  int max_connections_per_address = 64;
  std::size_t header_limit_bytes = 16 * 1024;
  std::size_t body_limit_bytes = 1024 * 1024;
  std::chrono::milliseconds read_timeout{15000};    // idle, before a request's first byte
  std::chrono::milliseconds header_timeout{10000};  // first byte to end of headers (<= read_timeout)
  std::chrono::milliseconds body_timeout{30000};    // the body; also the response write
  // HTTPS when set (MakeHttpsContext): every connection starts with a TLS
  // handshake, which must finish within header_timeout; plain HTTP is refused.
  std::shared_ptr<boost::asio::ssl::context> tls;
};

// A server-side TLS context for the console and the API from PEM files: TLS 1.2
// and 1.3 only, the certificate chain and its private key (checked to match).
// kInvalidArgument naming the file that cannot be used (never the key's content).
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeHttpsContext(const std::string& cert_file,
                                                                      const std::string& key_file);

class HttpServer {
 public:
  // `router`, `metrics`, `io` and `workers` must outlive the server.
  HttpServer(boost::asio::io_context& io, boost::asio::thread_pool& workers, const Router& router,
             Metrics& metrics, HttpServerOptions options);
  ~HttpServer();

  // Binds and starts accepting. kUnavailable if the address cannot be bound.
  Status Start();
  unsigned short port() const;

  void StopAccepting();
  // Blocks until no request is being handled or written, or `deadline`. Returns
  // true when drained.
  bool Drain(std::chrono::steady_clock::time_point deadline);

  int active_connections() const;

  struct Impl;  // opaque; defined in http_server.cc

 private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace gw::admin
