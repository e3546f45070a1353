// File: appliance/gatewayctl/message_command.cc
//
// gatewayctl message validate [--schemas DIR] [--guideline NAME] FILE...
//   One line per file: "FILE: OK" or "FILE: INVALID" followed by one indented line
//   per issue. Exit 0 only if every file is valid. --guideline adds the rules of a
//   usage guideline (cbpr+) to ISO's.
// gatewayctl message show [--schemas DIR] [--guideline NAME] FILE
//   The decoded message (AppHdr + Document) as JSON on stdout; issues on stderr.
// gatewayctl message write FILE.json
//   The XML of a JSON message (as printed by show) on stdout.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "appliance/gatewayctl/commands.h"
#include "codecs/iso20022/codec.h"
#include "codecs/iso20022/guidelines/usage_guideline.h"

#ifndef GW_DATA_DIR
#define GW_DATA_DIR "."
#endif

namespace gw::ctl {
namespace {

constexpr size_t kMaxFileBytes = 16 << 20;  // files larger than the decoder limit are refused anyway

constexpr const char* kUsage =
    "usage: gatewayctl message validate [--schemas DIR] [--guideline cbpr+] FILE...\n"
    "       gatewayctl message show [--schemas DIR] [--guideline cbpr+] FILE\n"
    "       gatewayctl message write FILE.json\n";

StatusOr<std::string> ReadFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NotFound("cannot open " + path);
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Unavailable("cannot read " + path);
  }
  auto size = static_cast<size_t>(st.st_size);
  if (size > kMaxFileBytes) {
    ::close(fd);
    return ResourceExhausted(path + " is " + std::to_string(size) + " bytes, too large");
  }
  std::string data(size, '\0');
  size_t done = 0;
  while (done < size) {
    ssize_t n = ::read(fd, data.data() + done, size - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  ::close(fd);
  if (done != size) return Unavailable("cannot read " + path);
  return data;
}

struct Options {
  std::string schemas = GW_DATA_DIR "/schemas/iso20022";
  const codecs::UsageGuideline* guideline = nullptr;
  std::vector<std::string> files;
};

// Parses [--schemas DIR] and the file arguments after the sub-command.
bool ParseOptions(const Args& args, Options& options) {
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--schemas") {
      if (i + 1 >= args.size()) return false;
      options.schemas = args[++i];
    } else if (args[i].rfind("--schemas=", 0) == 0) {
      options.schemas = args[i].substr(10);
    } else if (args[i] == "--guideline" || args[i].rfind("--guideline=", 0) == 0) {
      std::string name;
      if (args[i] == "--guideline") {
        if (i + 1 >= args.size()) return false;
        name = args[++i];
      } else {
        name = args[i].substr(12);
      }
      options.guideline = codecs::FindUsageGuideline(name);
      if (options.guideline == nullptr) {
        std::cerr << "gatewayctl message: unknown usage guideline '" << name
                  << "' (known: " << codecs::UsageGuidelineList() << ")\n";
        return false;
      }
    } else if (args[i].rfind("--", 0) == 0) {
      return false;
    } else {
      options.files.push_back(args[i]);
    }
  }
  return !options.files.empty();
}

StatusOr<std::shared_ptr<const codecs::SchemaSet>> LoadSchemas(const Options& options) {
  auto schemas = codecs::SchemaSet::Load(options.schemas);
  if (schemas.ok()) {
    for (const std::string& why : (*schemas)->reference_only()) {
      std::cerr << "gatewayctl message: note: schema validated by Xerces-C (slower): " << why << "\n";
    }
  }
  return schemas;
}

// Validates one file; appends its report lines to `report`. True when valid.
bool ValidateOne(const std::string& file, const codecs::SchemaSet& schemas,
                 const codecs::UsageGuideline* guideline, std::string& report) {
  auto data = ReadFile(file);
  if (!data.ok()) {
    report += file + ": ERROR " + data.status().message() + "\n";
    return false;
  }
  codecs::DecodeResult r = codecs::Decode(*data, schemas);
  if (r.message && guideline != nullptr) codecs::CheckUsageGuideline(*r.message, *guideline, r.issues);
  if (r.ok()) {
    report += file;
    report += ": OK ";
    report += r.message->msg_def_id;
    report += '\n';
    return true;
  }
  report += file + ": INVALID (" + std::to_string(r.issues.size()) + " issue" +
            (r.issues.size() == 1 ? "" : "s") + ")\n";
  for (const codecs::Issue& issue : r.issues) report += "  " + issue.ToString() + "\n";
  return false;
}

int Validate(const Options& options) {
  auto schemas = LoadSchemas(options);
  if (!schemas.ok()) {
    std::cerr << "gatewayctl message: " << schemas.status().ToString() << "\n";
    return 2;
  }
  // Files are validated by one worker per core (a SchemaSet serves any number of
  // threads), a batch at a time; the report keeps the order of the arguments and is
  // written in large blocks, not a write per line.
  const size_t n = options.files.size();
  const size_t workers = std::max<size_t>(1, std::min<size_t>(std::thread::hardware_concurrency(), (n + 15) / 16));
  constexpr size_t kBatch = 1024;
  std::vector<std::string> reports(std::min(n, kBatch));
  std::vector<char> valid(reports.size());
  bool all_ok = true;
  std::string out;
  for (size_t begin = 0; begin < n; begin += kBatch) {
    const size_t end = std::min(n, begin + kBatch);
    std::atomic<size_t> next{begin};
    auto work = [&] {
      for (size_t i = next++; i < end; i = next++) {
        std::string& report = reports[i - begin];
        report.clear();
        valid[i - begin] = ValidateOne(options.files[i], **schemas, options.guideline, report);
      }
    };
    std::vector<std::thread> threads;
    for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
    work();
    for (std::thread& t : threads) t.join();
    out.clear();
    for (size_t i = begin; i < end; ++i) {
      out += reports[i - begin];
      all_ok = all_ok && valid[i - begin];
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
  }
  std::fflush(stdout);
  return all_ok ? 0 : 1;
}

int Show(const Options& options) {
  if (options.files.size() != 1) {
    std::cerr << kUsage;
    return 2;
  }
  auto schemas = LoadSchemas(options);
  if (!schemas.ok()) {
    std::cerr << "gatewayctl message: " << schemas.status().ToString() << "\n";
    return 2;
  }
  auto data = ReadFile(options.files[0]);
  if (!data.ok()) {
    std::cerr << "gatewayctl message: " << data.status().ToString() << "\n";
    return 1;
  }
  codecs::DecodeResult r = codecs::Decode(*data, **schemas);
  if (r.message && options.guideline != nullptr) {
    codecs::CheckUsageGuideline(*r.message, *options.guideline, r.issues);
  }
  for (const codecs::Issue& issue : r.issues) std::cerr << options.files[0] << ": " << issue.ToString() << "\n";
  if (!r.message) return 1;
  std::cout << codecs::ToJson(*r.message).dump(2) << "\n";
  return r.ok() ? 0 : 1;
}

int Write(const Args& args) {
  if (args.size() != 2) {
    std::cerr << kUsage;
    return 2;
  }
  auto data = ReadFile(args[1]);
  if (!data.ok()) {
    std::cerr << "gatewayctl message: " << data.status().ToString() << "\n";
    return 1;
  }
  nlohmann::json json = nlohmann::json::parse(*data, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    std::cerr << "gatewayctl message: " << args[1] << " is not valid JSON\n";
    return 1;
  }
  auto message = codecs::FromJson(json);
  if (!message.ok()) {
    std::cerr << "gatewayctl message: " << args[1] << ": " << message.status().ToString() << "\n";
    return 1;
  }
  codecs::Issues issues = codecs::Validate(*message);
  for (const codecs::Issue& issue : issues) std::cerr << args[1] << ": " << issue.ToString() << "\n";
  std::cout << codecs::Encode(*message);
  return issues.empty() ? 0 : 1;
}

}  // namespace

int RunMessageCommand(const Args& args) {
  if (args.empty()) {
    std::cerr << kUsage;
    return 2;
  }
  const std::string& sub = args[0];
  if (sub == "write") return Write(args);
  Options options;
  if ((sub != "validate" && sub != "show") || !ParseOptions(args, options)) {
    std::cerr << kUsage;
    return 2;
  }
  return sub == "validate" ? Validate(options) : Show(options);
}

}  // namespace gw::ctl
