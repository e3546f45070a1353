// File: admin/http.h
//
// The HTTP vocabulary of the admin server, free of Beast types: a request as
// handlers see it, the response they return, and the router that maps
// "METHOD /path/{param}" to a handler.
//
// Thread safety: a Router is filled before the server starts and only read
// afterwards; handlers run on the worker pool, several at once.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gw::admin {

struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // "/api/v1/payments?status=SENT"
  std::string path;    // "/api/v1/payments"
  std::map<std::string, std::string> query;        // decoded
  std::map<std::string, std::string> headers;      // names lower-cased
  std::map<std::string, std::string> path_params;  // from {name} segments
  std::string body;
  std::string remote_address;

  // The header's value, or empty.
  const std::string& Header(const std::string& lower_name) const;
  std::optional<std::string> Query(const std::string& name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static HttpResponse Json(int status, std::string body);
  static HttpResponse Text(int status, std::string body, std::string content_type = "text/plain; charset=utf-8");
  // {"error": {"code": code, "message": message}}
  static HttpResponse Error(int status, const std::string& code, const std::string& message);
};

using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

class Router {
 public:
  // `pattern` like "/api/v1/payments/{id}/approve". The pattern itself is the
  // route label in metrics (bounded cardinality).
  void Add(const std::string& method, const std::string& pattern, HttpHandler handler);

  struct Match {
    const HttpHandler* handler = nullptr;  // null: see status
    std::string route;                     // the pattern, or "unmatched"
    std::map<std::string, std::string> params;
    int status = 200;  // 404 no such path, 405 path exists for other methods
  };
  Match Find(const std::string& method, const std::string& path) const;

  // Every route, as {method, pattern}, in the order added.
  std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  struct Route {
    std::string method;
    std::string pattern;
    std::vector<std::string> segments;
    HttpHandler handler;
  };
  std::vector<Route> routes_;
};

// Percent-decodes a URL component ('+' becomes a space in queries).
std::string UrlDecode(const std::string& s, bool plus_is_space);

// The client a peer address stands for in per-client limits: an IPv4 address
// (also when written as IPv4-mapped IPv6), the /64 prefix of an IPv6 address
// ("2001:db8:1:2::/64": one site usually holds a whole /64), or `address`
// unchanged when it is neither.
std::string ClientKey(const std::string& address);

}  // namespace gw::admin
