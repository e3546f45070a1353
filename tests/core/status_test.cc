#include "core/status.h"

#include <catch2/catch.hpp>

#include "core/clock.h"

namespace {
gw::StatusOr<int> Half(int x) {
  if (x % 2 != 0) return gw::InvalidArgument("odd: " + std::to_string(x));
  return x / 2;
}
gw::StatusOr<int> Quarter(int x) {
  GW_ASSIGN_OR_RETURN(int h, Half(x));
  GW_ASSIGN_OR_RETURN(int q, Half(h));
  return q;
}
gw::Status CheckEven(int x) {
  GW_RETURN_IF_ERROR(Half(x).status());
  return gw::Status::Ok();
}
}  // namespace

TEST_CASE("StatusOr carries a value or the first error through the macros", "[core]") {
  CHECK(*Quarter(8) == 2);
  auto bad = Quarter(6);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == gw::StatusCode::kInvalidArgument);
  CHECK(bad.status().message() == "odd: 3");
  CHECK(CheckEven(4).ok());
  CHECK(CheckEven(5).ToString() == "INVALID_ARGUMENT: odd: 5");
}

TEST_CASE("Status adds context without changing its code", "[core]") {
  auto s = gw::Unavailable("db down").WithContext("posting payment 7");
  CHECK(s.code() == gw::StatusCode::kUnavailable);
  CHECK(s.message() == "posting payment 7: db down");
  CHECK(gw::Status::Ok().WithContext("x").ok());
}

TEST_CASE("StatusOr refuses an OK status without a value", "[core]") {
  gw::StatusOr<int> s{gw::Status::Ok()};
  CHECK_FALSE(s.ok());
  CHECK(s.status().code() == gw::StatusCode::kInternal);
}

TEST_CASE("FormatIso8601Utc prints UTC with milliseconds", "[core]") {
  using namespace std::chrono;
  const auto t = sys_days{year{2025} / 3 / 31} + hours{23} + minutes{59} + seconds{59} + milliseconds{7};
  CHECK(gw::FormatIso8601Utc(t) == "2025-03-31T23:59:59.007Z");
}
