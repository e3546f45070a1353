#include "core/clock.h"

#include <ctime>

namespace gw {

const Clock& SystemClock::Get() {
  static const SystemClock clock;
  return clock;
}

std::string FormatIso8601Utc(std::chrono::system_clock::time_point t) {
  const auto secs = std::chrono::time_point_cast<std::chrono::seconds>(t);
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(t - secs).count();
  const std::time_t tt = std::chrono::system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return buf;
}

std::string FormatIso8601UtcSeconds(std::chrono::system_clock::time_point t) {
  return FormatIso8601Utc(t).substr(0, 19) + "Z";
}

}  // namespace gw
