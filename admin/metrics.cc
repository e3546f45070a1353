#include "admin/metrics.h"

#include <prometheus/collectable.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/resource.h>

namespace gw::admin {

namespace {

prometheus::MetricFamily Family(const std::string& name, const std::string& help,
                                prometheus::MetricType type, double value) {
  prometheus::MetricFamily f;
  f.name = name;
  f.help = help;
  f.type = type;
  prometheus::ClientMetric m;
  if (type == prometheus::MetricType::Counter) {
    m.counter.value = value;
  } else {
    m.gauge.value = value;
  }
  f.metric.push_back(m);
  return f;
}

// Reads /proc/self/stat and friends on every scrape.
class ProcessCollector : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    using prometheus::MetricType;
    std::vector<prometheus::MetricFamily> out;
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    std::ifstream stat("/proc/self/stat");
    std::string line;
    std::getline(stat, line);
    // Fields after the command name (which is in parentheses and may hold spaces).
    const auto close = line.rfind(')');
    if (close != std::string::npos) {
      std::istringstream rest(line.substr(close + 2));
      std::vector<std::string> f;
      std::string tok;
      while (rest >> tok) f.push_back(tok);
      // f[0] is field 3 (state); utime=14, stime=15, num_threads=20, starttime=22, vsize=23, rss=24
      auto field = [&](int n) { return std::stod(f.at(static_cast<std::size_t>(n - 3))); };
      if (f.size() >= 22) {
        const double utime = field(14) / ticks;
        const double stime = field(15) / ticks;
        out.push_back(Family("process_cpu_user_seconds_total", "Total user CPU time spent in seconds.", MetricType::Counter, utime));
        out.push_back(Family("process_cpu_system_seconds_total", "Total system CPU time spent in seconds.", MetricType::Counter, stime));
        out.push_back(Family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", MetricType::Counter, utime + stime));
        out.push_back(Family("process_threads", "Number of OS threads in the process.", MetricType::Gauge, field(20)));
        out.push_back(Family("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge, field(23)));
        out.push_back(Family("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge, field(24) * page));
        std::ifstream uptime_file("/proc/stat");
        std::string key;
        double btime = 0;
        while (uptime_file >> key) {
          if (key == "btime") {
            uptime_file >> btime;
            break;
          }
        }
        out.push_back(Family("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", MetricType::Gauge, btime + field(22) / ticks));
      }
    }
    std::error_code ec;
    double fds = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec))
      ++fds;
    out.push_back(Family("process_open_fds", "Number of open file descriptors.", MetricType::Gauge, fds));
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0)
      out.push_back(Family("process_max_fds", "Maximum number of open file descriptors.", MetricType::Gauge, static_cast<double>(rl.rlim_cur)));
    return out;
  }
};

}  // namespace

struct Metrics::Http {
  prometheus::Family<prometheus::Histogram>* duration;
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      process_(std::make_shared<ProcessCollector>()),
      http_(std::make_unique<Http>()) {
  http_->duration = &prometheus::BuildHistogram()
                         .Name("http_request_duration_seconds")
                         .Help("HTTP request latency by method, route and status code")
                         .Register(*registry_);
}

Metrics::~Metrics() = default;

void Metrics::ObserveHttpRequest(const std::string& method, const std::string& route, int status,
                                 double seconds) {
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  http_->duration
      ->Add({{"method", method}, {"route", route}, {"status_code", std::to_string(status)}}, kBuckets)
      .Observe(seconds);
}

std::string Metrics::Scrape() const {
  auto families = registry_->Collect();
  auto process = process_->Collect();
  families.insert(families.end(), process.begin(), process.end());
  prometheus::TextSerializer serializer;
  std::ostringstream out;
  serializer.Serialize(out, families);
  return out.str();
}

}  // namespace gw::admin
