#include "codecs/json_input.h"

namespace gw::codecs {

StatusOr<nlohmann::json> ParseJson(std::string_view text, int max_depth) {
  using Event = nlohmann::json::parse_event_t;
  bool too_deep = false;
  // `depth` counts enclosing containers: 0 for the top-level value.
  auto callback = [&](int depth, Event event, nlohmann::json&) {
    if ((event == Event::object_start || event == Event::array_start) && depth >= max_depth) too_deep = true;
    return !too_deep;  // once too deep, keep nothing more
  };
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text, callback, /*allow_exceptions=*/true);
  } catch (const nlohmann::json::parse_error& e) {
    if (too_deep) return InvalidArgument("JSON nested deeper than " + std::to_string(max_depth) + " levels");
    return InvalidArgument("not valid JSON: syntax error at byte " + std::to_string(e.byte));
  } catch (const nlohmann::json::exception&) {
    return InvalidArgument("not valid JSON");
  }
  if (too_deep) return InvalidArgument("JSON nested deeper than " + std::to_string(max_depth) + " levels");
  if (j.is_discarded()) return InvalidArgument("not valid JSON");
  return j;
}

std::string JsonKind(const nlohmann::json& v) {
  switch (v.type()) {
    case nlohmann::json::value_t::null: return "null";
    case nlohmann::json::value_t::object: return "an object";
    case nlohmann::json::value_t::array: return "an array";
    case nlohmann::json::value_t::string: return "a string";
    case nlohmann::json::value_t::boolean: return "a boolean";
    case nlohmann::json::value_t::number_integer:
    case nlohmann::json::value_t::number_unsigned:
    case nlohmann::json::value_t::number_float: return "a number";
    default: return "a value of another kind";
  }
}

}  // namespace gw::codecs
