#include <catch2/catch.hpp>

#include "admin/http.h"

using gw::admin::HttpRequest;
using gw::admin::HttpResponse;
using gw::admin::Router;

TEST_CASE("Router matches patterns with parameters and tells 404 from 405", "[admin]") {
  Router router;
  router.Add("GET", "/api/v1/payments/{id}", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });
  router.Add("POST", "/api/v1/payments/{id}/approve", [](const HttpRequest&) { return HttpResponse::Json(200, "{}"); });

  auto m = router.Find("GET", "/api/v1/payments/p%2D1");
  REQUIRE(m.handler != nullptr);
  CHECK(m.route == "/api/v1/payments/{id}");
  CHECK(m.params.at("id") == "p-1");

  m = router.Find("POST", "/api/v1/payments/42/approve");
  REQUIRE(m.handler != nullptr);
  CHECK(m.params.at("id") == "42");

  m = router.Find("DELETE", "/api/v1/payments/42");
  CHECK(m.handler == nullptr);
  CHECK(m.status == 405);

  m = router.Find("GET", "/api/v1/nothing");
  CHECK(m.status == 404);
  CHECK(m.route == "unmatched");

  CHECK(router.Find("HEAD", "/api/v1/payments/1").handler != nullptr);
}

TEST_CASE("UrlDecode decodes percent escapes and plus in queries", "[admin]") {
  CHECK(gw::admin::UrlDecode("a%20b+c", true) == "a b c");
  CHECK(gw::admin::UrlDecode("a+b", false) == "a+b");
  CHECK(gw::admin::UrlDecode("bad%zz%4", true) == "bad%zz%4");
}

TEST_CASE("HttpResponse::Error is a JSON error object", "[admin]") {
  auto r = HttpResponse::Error(422, "invalid", "amount \"x\" is not a number");
  CHECK(r.status == 422);
  CHECK(r.body == R"({"error":{"code":"invalid","message":"amount \"x\" is not a number"}})");
}
