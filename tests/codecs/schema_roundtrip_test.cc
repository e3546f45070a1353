// File: tests/codecs/schema_roundtrip_test.cc
//
// Nothing a supported schema allows is lost: tests/codecs/schema_instances.py writes
// instances that use every element, attribute, choice branch and enumeration value
// of every supported schema; this test decodes each one, writes it back (Encode) and
// through its JSON form (ToJson -> FromJson -> Encode, as `message show` then
// `message write`), checks that both outputs are schema-valid and decode to the
// same model, and has the script compare them with the input leaf by leaf.
#include <catch2/catch.hpp>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "codec_test_support.h"

namespace gw::codecs {
namespace {

namespace fs = std::filesystem;
using testing::Describe;
using testing::Schemas;

void Spit(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
}

// Runs a command; its output goes to the test log. Returns its exit status.
int Run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) output.append(buf, n);
  int status = pclose(pipe);
  std::cout << output;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("Every element, attribute and choice branch of the schemas survives decode, encode and JSON",
          "[codecs][roundtrip]") {
  REQUIRE(Run("python3 --version") == 0);
  const fs::path dir = fs::temp_directory_path() /
                       ("gw-schema-roundtrip-" + std::to_string(std::random_device{}()));
  const std::string script = GW_SOURCE_DIR "/tests/codecs/schema_instances.py";
  REQUIRE(Run("python3 " + script + " generate " GW_SOURCE_DIR "/schemas/iso20022 " +
              dir.string()) == 0);

  DecodeOptions options;
  options.max_bytes = 4 << 20;
  options.max_issues = 20;
  options.check_rules = false;  // generated values are schema-valid, not business-valid
  size_t files = 0;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const fs::path path = entry.path();
    const std::string name = path.filename().string();
    if (!name.ends_with(".xml") || name.find(".encoded") != std::string::npos ||
        name.find(".written") != std::string::npos) {
      continue;
    }
    ++files;
    INFO(name);
    DecodeResult in = Decode(testing::ReadFile(path.string()), *Schemas(), options);
    REQUIRE(in.message.has_value());
    CHECK(Describe(in.issues) == "");

    const std::string encoded = Encode(*in.message);
    Spit(dir / (path.stem().string() + ".encoded.xml"), encoded);
    DecodeResult again = Decode(encoded, *Schemas(), options);
    CHECK(Describe(again.issues) == "");
    CHECK((again.message && *again.message == *in.message));

    // message show -> message write
    const std::string shown = ToJson(*in.message).dump(2);
    auto back = FromJson(nlohmann::json::parse(shown));
    REQUIRE(back.ok());
    CHECK(*back == *in.message);
    const std::string written = Encode(*back);
    Spit(dir / (path.stem().string() + ".written.xml"), written);
    DecodeResult from_json = Decode(written, *Schemas(), options);
    CHECK(Describe(from_json.issues) == "");
  }
  CHECK(files >= 11);
  CHECK(Run("python3 " + script + " compare " + dir.string()) == 0);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace gw::codecs
