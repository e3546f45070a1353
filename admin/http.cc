#include "admin/http.h"

#include <arpa/inet.h>

#include <cstring>
#include <nlohmann/json.hpp>

namespace gw::admin {

namespace {

std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    std::size_t j = path.find('/', i);
    if (j == std::string::npos) j = path.size();
    if (j > i) out.push_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

}  // namespace

const std::string& HttpRequest::Header(const std::string& lower_name) const {
  static const std::string kEmpty;
  auto it = headers.find(lower_name);
  return it == headers.end() ? kEmpty : it->second;
}

std::optional<std::string> HttpRequest::Query(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

HttpResponse HttpResponse::Json(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

HttpResponse HttpResponse::Text(int status, std::string body, std::string content_type) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  return r;
}

HttpResponse HttpResponse::Error(int status, const std::string& code, const std::string& message) {
  nlohmann::json j = {{"error", {{"code", code}, {"message", message}}}};
  return Json(status, j.dump());
}

void Router::Add(const std::string& method, const std::string& pattern, HttpHandler handler) {
  routes_.push_back(Route{method, pattern, SplitPath(pattern), std::move(handler)});
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  const auto segments = SplitPath(path);
  Match result;
  result.route = "unmatched";
  result.status = 404;
  for (const auto& route : routes_) {
    if (route.segments.size() != segments.size()) continue;
    std::map<std::string, std::string> params;
    bool ok = true;
    for (std::size_t i = 0; i < segments.size() && ok; ++i) {
      const auto& want = route.segments[i];
      if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
        params[want.substr(1, want.size() - 2)] = UrlDecode(segments[i], false);
      } else if (want != segments[i]) {
        ok = false;
      }
    }
    if (!ok) continue;
    if (route.method != method && !(method == "HEAD" && route.method == "GET")) {
      result.status = 405;
      result.route = route.pattern;
      continue;
    }
    result.handler = &route.handler;
    result.route = route.pattern;
    result.params = std::move(params);
    result.status = 200;
    return result;
  }
  return result;
}

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  out.reserve(routes_.size());
  for (const auto& route : routes_) out.emplace_back(route.method, route.pattern);
  return out;
}

std::string UrlDecode(const std::string& s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string ClientKey(const std::string& address) {
  in_addr v4{};
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) return address;
  in6_addr v6{};
  if (inet_pton(AF_INET6, address.c_str(), &v6) != 1) return address;
  char text[INET6_ADDRSTRLEN] = {};
  static const unsigned char kMapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
  if (std::memcmp(v6.s6_addr, kMapped, sizeof kMapped) == 0) {
    std::memcpy(&v4, v6.s6_addr + 12, 4);
    inet_ntop(AF_INET, &v4, text, sizeof text);
    return text;
  }
  std::memset(v6.s6_addr + 8, 0, 8);
  inet_ntop(AF_INET6, &v6, text, sizeof text);
  return std::string(text) + "/64";
}

}  // namespace gw::admin
