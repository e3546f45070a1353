// File: admin/console_routes.cc
#include "admin/console_routes.h"

#include <spdlog/spdlog.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

namespace gw::admin {

namespace fs = std::filesystem;

namespace {

struct StaticFile {
  std::string content_type;
  std::string body;
  std::string gzip;    // precompressed variants, empty when the build made none
  std::string brotli;
  std::string etag;
};

using FileMap = std::map<std::string, StaticFile>;  // by path relative to the console folder

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string ContentTypeFor(const std::string& name) {
  static const std::map<std::string, std::string> kTypes = {
      {".html", "text/html; charset=utf-8"},       {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},         {".json", "application/json"},
      {".map", "application/json"},                {".svg", "image/svg+xml"},
      {".png", "image/png"},                       {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},                    {".txt", "text/plain; charset=utf-8"},
  };
  const auto ext = fs::path(name).extension().string();
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// FNV-1a: a validator for If-None-Match, not a security property.
std::string Etag(const std::string& body) {
  uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof buf, "\"%016llx\"", static_cast<unsigned long long>(h));
  return buf;
}

FileMap LoadFolder(const fs::path& dir) {
  FileMap files;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string rel = fs::relative(it->path(), dir, ec).generic_string();
    if (rel.ends_with(".gz") || rel.ends_with(".br")) continue;
    StaticFile f;
    f.content_type = ContentTypeFor(rel);
    f.body = ReadFile(it->path());
    f.etag = Etag(f.body);
    if (fs::is_regular_file(it->path().string() + ".gz", ec)) f.gzip = ReadFile(it->path().string() + ".gz");
    if (fs::is_regular_file(it->path().string() + ".br", ec)) f.brotli = ReadFile(it->path().string() + ".br");
    files.emplace(std::move(rel), std::move(f));
  }
  return files;
}

// Whether the Accept-Encoding header lists `coding` with a non-zero q.
bool Accepts(const std::string& header, const std::string& coding) {
  std::size_t i = 0;
  while (i < header.size()) {
    std::size_t comma = header.find(',', i);
    if (comma == std::string::npos) comma = header.size();
    std::string part = header.substr(i, comma - i);
    i = comma + 1;
    const auto semi = part.find(';');
    std::string name = part.substr(0, semi);
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
    if (name != coding) continue;
    if (semi == std::string::npos) return true;
    static const std::regex kZero(R"(q\s*=\s*0(\.0*)?\s*$)");
    return !std::regex_search(part.substr(semi + 1), kZero);
  }
  return false;
}

void AddSecurityHeaders(HttpResponse& r, bool inline_styles) {
  r.headers.emplace_back("Content-Security-Policy", ConsoleCsp(inline_styles));
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  r.headers.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  r.headers.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  r.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
}

HttpResponse Serve(const StaticFile& f, const HttpRequest& req, bool immutable, bool inline_styles) {
  HttpResponse r;
  r.content_type = f.content_type;
  AddSecurityHeaders(r, inline_styles);
  r.headers.emplace_back("Cache-Control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("ETag", f.etag);
  r.headers.emplace_back("Vary", "Accept-Encoding");
  if (req.Header("if-none-match") == f.etag) {
    r.status = 304;
    return r;
  }
  const std::string& accept = req.Header("accept-encoding");
  if (!f.brotli.empty() && Accepts(accept, "br")) {
    r.headers.emplace_back("Content-Encoding", "br");
    r.body = f.brotli;
  } else if (!f.gzip.empty() && Accepts(accept, "gzip")) {
    r.headers.emplace_back("Content-Encoding", "gzip");
    r.body = f.gzip;
  } else {
    r.body = f.body;
  }
  return r;
}

HttpResponse NotBuilt(const fs::path& dir, bool inline_styles) {
  auto r = HttpResponse::Text(503, "The console is not built: no index.html in " + dir.string() +
                                       " (build the `console` target, or set [console] dir).\n");
  AddSecurityHeaders(r, inline_styles);
  return r;
}

std::string NormalizePattern(const std::string& pattern) {
  static const std::regex kParam(R"(\{[^}/]*\})");
  return std::regex_replace(pattern, kParam, "{}");
}

}  // namespace

std::string ConsoleCsp(bool inline_styles) {
  return std::string("default-src 'self'; script-src 'self'; style-src 'self'") +
         (inline_styles ? " 'unsafe-inline'" : "") +
         "; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self' blob:; "
         "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

void AddConsoleRoutes(Router& router, const ConsoleOptions& options) {
  auto files = std::make_shared<const FileMap>(LoadFolder(options.dir));
  const fs::path dir = options.dir;
  if (!files->count("index.html"))
    spdlog::warn("console: no index.html in {}: / answers 503 until the console is built ([console] dir)", dir.string());
  else
    spdlog::info("console: {} files from {}", files->size(), dir.string());

  auto page = [files, dir](const std::string& name, bool inline_styles) {
    return [files, dir, name, inline_styles](const HttpRequest& req) {
      auto it = files->find(name);
      if (it == files->end()) return NotBuilt(dir, inline_styles);
      return Serve(it->second, req, false, inline_styles);
    };
  };
  router.Add("GET", "/", page("index.html", false));
  router.Add("GET", "/api-docs", page("api-docs.html", true));
  router.Add("GET", "/assets/{file}", [files](const HttpRequest& req) {
    // A lookup in the files read at start-up: no path is ever opened from a request.
    auto it = files->find("assets/" + req.path_params.at("file"));
    if (it == files->end()) {
      auto r = HttpResponse::Error(404, "not_found", "no such asset");
      AddSecurityHeaders(r, false);
      return r;
    }
    // Stylesheets of the API reference and the console share the folder; the
    // policy of the page that loads them is what applies to their content.
    return Serve(it->second, req, true, false);
  });
}

std::vector<std::string> UndocumentedRoutes(const Router& router, const std::string& openapi_json) {
  std::vector<std::string> out;
  nlohmann::json doc = nlohmann::json::parse(openapi_json, nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("paths") || !doc["paths"].is_object()) {
    out.push_back("the OpenAPI document has no \"paths\" object");
    return out;
  }
  static const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch", "head", "options"};
  std::map<std::string, std::string> documented;  // normalized "METHOD path" -> as written
  for (const auto& [path, item] : doc["paths"].items()) {
    if (!path.starts_with("/api/v1/") || !item.is_object()) continue;
    for (const auto& [method, op] : item.items()) {
      if (!kMethods.count(method)) continue;
      std::string m = method;
      for (auto& c : m) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.emplace(m + " " + NormalizePattern(path), m + " " + path);
    }
  }
  std::set<std::string> served;
  for (const auto& [method, pattern] : router.Routes()) {
    if (!pattern.starts_with("/api/v1/")) continue;
    const std::string key = method + " " + NormalizePattern(pattern);
    served.insert(key);
    if (!documented.count(key)) out.push_back(method + " " + pattern + " is served but not described in the OpenAPI document");
  }
  for (const auto& [key, written] : documented)
    if (!served.count(key)) out.push_back(written + " is described in the OpenAPI document but not served");
  return out;
}

void CheckApiDocs(const Router& router, const std::string& openapi_json) {
  const auto problems = UndocumentedRoutes(router, openapi_json);
  for (const auto& p : problems) spdlog::warn("api-docs: {}", p);
  if (problems.empty()) spdlog::info("api-docs: every /api/v1 route is described in the OpenAPI document");
}

}  // namespace gw::admin
