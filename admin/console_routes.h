// File: admin/console_routes.h
//
// The operators' web console at "/" and the rendered API reference at
// "/api-docs", served from the files the build writes (console/ sources, bundled
// into <build>/console/www: index.html, api-docs.html, assets/*). Nothing is
// fetched from elsewhere at run time.
//
// Files are read once at start-up. Every response carries a strict
// Content-Security-Policy (scripts and styles from this origin only, no inline
// script, no framing), X-Content-Type-Options, Referrer-Policy and
// Cross-Origin-Opener-Policy. Assets have content-hashed names and are cached
// for a year ("immutable"); the HTML pages are revalidated (ETag). A client that
// accepts br or gzip gets the precompressed variant the build made.
//
// The console keeps its bearer token in memory only and sends it in the
// Authorization header; no cookie is ever set, so a forged cross-site request
// carries no credentials (CSRF-safe by construction).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "admin/http.h"

namespace gw::admin {

struct ConsoleOptions {
  std::filesystem::path dir;  // the build's console output ([console] dir)
};

// Adds GET /, GET /assets/{file} and GET /api-docs. When `dir` holds no
// index.html, "/" answers 503 naming the missing build (logged once).
void AddConsoleRoutes(Router& router, const ConsoleOptions& options);

// The differences between the routes of `router` under /api/v1 and the paths
// and operations of the OpenAPI document `openapi_json`, one line each, e.g.
// "GET /api/v1/foo is served but not described"; empty when they agree.
std::vector<std::string> UndocumentedRoutes(const Router& router, const std::string& openapi_json);

// Logs UndocumentedRoutes (a warning per line, or one line saying they agree).
void CheckApiDocs(const Router& router, const std::string& openapi_json);

// The Content-Security-Policy of console pages (and, with `inline_styles`, of
// /api-docs, whose renderer sets style attributes).
std::string ConsoleCsp(bool inline_styles);

}  // namespace gw::admin
