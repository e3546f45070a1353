// File: appliance/gatewayctl/message_command.cc
//
// gatewayctl message validate [--schemas DIR] FILE...
//   One line per file: "FILE: OK" or "FILE: INVALID" followed by one indented line
//   per issue. Exit 0 only if every file is valid.
// gatewayctl message show [--schemas DIR] FILE
//   The decoded message (AppHdr + Document) as JSON on stdout; issues on stderr.
// gatewayctl message write FILE.json
//   The XML of a JSON message (as printed by show) on stdout.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "appliance/gatewayctl/commands.h"
#include "codecs/iso20022/codec.h"

#ifndef GW_DATA_DIR
#define GW_DATA_DIR "."
#endif

namespace gw::ctl {
namespace {

constexpr size_t kMaxFileBytes = 16 << 20;  // files larger than the decoder limit are refused anyway

constexpr const char* kUsage =
    "usage: gatewayctl message validate [--schemas DIR] FILE...\n"
    "       gatewayctl message show [--schemas DIR] FILE\n"
    "       gatewayctl message write FILE.json\n";

StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path);
  in.seekg(0, std::ios::end);
  auto size = static_cast<size_t>(in.tellg());
  if (size > kMaxFileBytes) {
    return ResourceExhausted(path + " is " + std::to_string(size) + " bytes, too large");
  }
  in.seekg(0);
  std::string data(size, '\0');
  in.read(data.data(), static_cast<std::streamsize>(size));
  if (!in) return Unavailable("cannot read " + path);
  return data;
}

struct Options {
  std::string schemas = GW_DATA_DIR "/schemas/iso20022";
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
    } else if (args[i].rfind("--", 0) == 0) {
      return false;
    } else {
      options.files.push_back(args[i]);
    }
  }
  return !options.files.empty();
}

StatusOr<std::shared_ptr<const codecs::SchemaSet>> LoadSchemas(const Options& options) {
  return codecs::SchemaSet::Load(options.schemas);
}

int Validate(const Options& options) {
  auto schemas = LoadSchemas(options);
  if (!schemas.ok()) {
    std::cerr << "gatewayctl message: " << schemas.status().ToString() << "\n";
    return 2;
  }
  bool all_ok = true;
  for (const std::string& file : options.files) {
    auto data = ReadFile(file);
    if (!data.ok()) {
      std::cout << file << ": ERROR " << data.status().message() << "\n";
      all_ok = false;
      continue;
    }
    codecs::DecodeResult r = codecs::Decode(*data, **schemas);
    if (r.ok()) {
      std::cout << file << ": OK " << r.message->msg_def_id << "\n";
      continue;
    }
    all_ok = false;
    std::cout << file << ": INVALID (" << r.issues.size() << " issue" << (r.issues.size() == 1 ? "" : "s")
              << ")\n";
    for (const codecs::Issue& issue : r.issues) std::cout << "  " << issue.ToString() << "\n";
  }
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
