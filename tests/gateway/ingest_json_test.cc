// The REST API's JSON payment body: hostile shapes are refused at parse time
// with an explanation, and never echoed back.
#include <catch2/catch.hpp>

#include <string>

#include "codecs/json_input.h"
#include "gateway/ingest.h"

using namespace gw;

namespace {

std::string Nested(int depth) { return std::string(depth, '[') + std::string(depth, ']'); }

}  // namespace

TEST_CASE("IngestJson refuses a field nested 100,000 deep without recursing into it", "[gateway][ingest]") {
  // About 200 KB: an array 100,000 deep where a string belongs.
  const std::string body = R"({"end_to_end_id":)" + Nested(100000) + R"(,"amount":"1.00","currency":"EUR"})";
  auto r = gateway::IngestJson(body, "api", "maker1", "");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.issues.size() == 1);
  CHECK(r.issues[0].rule_id == "JSON-001");
  CHECK(r.issues[0].path == "/");
  CHECK(r.issues[0].message.find("deeper than 16 levels") != std::string::npos);
  CHECK(r.issues[0].value.empty());
  REQUIRE(r.instructions.size() == 1);  // kept, as a rejected payment
}

TEST_CASE("ParseJson takes the documented depth and refuses one more", "[gateway][ingest]") {
  CHECK(codecs::ParseJson(Nested(codecs::kMaxApiJsonDepth), codecs::kMaxApiJsonDepth).ok());
  auto deeper = codecs::ParseJson(Nested(codecs::kMaxApiJsonDepth + 1), codecs::kMaxApiJsonDepth);
  REQUIRE_FALSE(deeper.ok());
  CHECK(deeper.status().message().find("deeper than 16") != std::string::npos);
  auto broken = codecs::ParseJson(R"({"end_to_end_id": "secret-looking-value)", 16);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.status().message().find("at byte") != std::string::npos);
  CHECK(broken.status().message().find("secret-looking-value") == std::string::npos);
}

TEST_CASE("IngestJson names the kind of a wrong value instead of repeating it", "[gateway][ingest]") {
  const std::string big(50000, 'x');
  const std::string body = R"({"end_to_end_id":{"a":")" + big + R"("},"amount":12.5,"currency":"EUR",)"
                           R"("ultimate_debtor":[")" + big + R"("],")" + big + R"(":1})";
  auto r = gateway::IngestJson(body, "api", "maker1", "");
  REQUIRE_FALSE(r.ok());
  bool saw_object = false, saw_number = false, saw_array = false, saw_unknown = false;
  for (const auto& issue : r.issues) {
    INFO(issue.ToString().substr(0, 300));
    CHECK(issue.message.size() < 300);
    CHECK(issue.value.find(big.substr(0, 100)) == std::string::npos);
    saw_object |= issue.path == "/end_to_end_id" && issue.message.find("not an object") != std::string::npos;
    saw_number |= issue.path == "/amount" && issue.message.find("decimal string") != std::string::npos;
    saw_array |= issue.path == "/ultimate_debtor" && issue.message.find("not an array") != std::string::npos;
    saw_unknown |= issue.rule_id == "JSON-002";
  }
  CHECK(saw_object);
  CHECK(saw_number);
  CHECK(saw_array);
  CHECK(saw_unknown);
}
