// File: core/clock.h
// The time seam: production code asks a Clock for "now"; tests inject a FakeClock.
#pragma once

#include <chrono>
#include <string>

namespace gw {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::chrono::system_clock::time_point Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  std::chrono::system_clock::time_point Now() const override {
    return std::chrono::system_clock::now();
  }
  // The process-wide instance.
  static const Clock& Get();
};

// ISO 8601 UTC with milliseconds, e.g. 2026-11-29T06:34:01.123Z.
std::string FormatIso8601Utc(std::chrono::system_clock::time_point t);

// ISO 8601 UTC to the second, e.g. 2026-11-29T06:34:01Z: the creation time the
// messages the gateway writes carry.
std::string FormatIso8601UtcSeconds(std::chrono::system_clock::time_point t);

}  // namespace gw
