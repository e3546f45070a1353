// File: codecs/json_input.h
//
// Parsing JSON that a caller sent (API bodies, a message's JSON form) with the
// limits untrusted input needs. nlohmann's parser is iterative, but the values
// it builds are walked recursively later (dump(), comparisons), so a body that
// nests arrays 100,000 deep would parse and then overflow the stack. The depth
// is checked while parsing, by the parser's callback: a deeper value is
// discarded as it is read and the whole text is refused.
//
// Errors never quote the caller's text back: they name the position and the
// problem only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace gw::codecs {

// The depth an API body may reach: the payment body needs 2 (an object of
// party objects); 16 leaves room for every documented shape.
inline constexpr int kMaxApiJsonDepth = 16;
// The JSON form of an ISO 20022 message is deeper (about 12 for pacs.008).
inline constexpr int kMaxMessageJsonDepth = 64;

// Parses `text` as one JSON value whose arrays and objects nest at most
// `max_depth` levels (a top-level object is level 1). kInvalidArgument, with
// "at byte N" for a syntax error, or naming the depth limit.
StatusOr<nlohmann::json> ParseJson(std::string_view text, int max_depth);

// What kind of JSON value `v` is ("a string", "an array", ...), for errors that
// must say what arrived without repeating it.
std::string JsonKind(const nlohmann::json& v);

}  // namespace gw::codecs
