#include "appliance/logging.h"

#include <spdlog/sinks/daily_file_sink.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <filesystem>

namespace gw::appliance {

Status SetupLogging(const std::string& dir, const std::string& level, int retention_days, bool to_file) {
  std::vector<spdlog::sink_ptr> sinks;
  sinks.push_back(std::make_shared<spdlog::sinks::stdout_sink_mt>());
  if (to_file) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) return InvalidArgument("logging.dir: cannot create " + dir + ": " + ec.message());
    try {
      sinks.push_back(std::make_shared<spdlog::sinks::daily_file_format_sink_mt>(
          (std::filesystem::path(dir) / "application-%Y-%m-%d.log").string(), 0, 0, false,
          static_cast<uint16_t>(retention_days)));
    } catch (const spdlog::spdlog_ex& e) {
      return InvalidArgument(std::string("logging.dir: ") + e.what());
    }
  }
  auto logger = std::make_shared<spdlog::logger>("gateway", sinks.begin(), sinks.end());
  logger->set_level(spdlog::level::from_str(level));
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ [%n] %v");
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
  return Status::Ok();
}

}  // namespace gw::appliance
