// File: codecs/iso20022/internal/prescan.h
//
// A cheap single pass over the raw bytes before any XML parsing: size limit,
// nesting depth, DOCTYPE / DTD declarations, and UTF-8 only. Linear time, no
// allocation unless it reports an issue.
#pragma once

#include <cstddef>
#include <string_view>

#include "codecs/issue.h"

namespace gw::codecs::internal {

// Appends SEC-00x issues to `out`; returns false when the document must not be parsed.
bool Prescan(std::string_view xml, size_t max_bytes, int max_depth, Issues& out);

}  // namespace gw::codecs::internal
