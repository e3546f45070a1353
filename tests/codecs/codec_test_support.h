// File: tests/codecs/codec_test_support.h
// Shared helpers for the codecs tests: the project's schemas and test messages.
#pragma once

#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "codecs/iso20022/codec.h"

namespace gw::codecs::testing {

inline std::shared_ptr<const SchemaSet> Schemas() {
  static std::shared_ptr<const SchemaSet> schemas = [] {
    auto loaded = SchemaSet::Load(GW_SOURCE_DIR "/schemas/iso20022");
    if (!loaded.ok()) throw std::runtime_error(loaded.status().ToString());
    return *loaded;
  }();
  return schemas;
}

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline std::string ReadData(const std::string& name) {
  std::ifstream in(std::string(GW_SOURCE_DIR "/tests/codecs/data/") + name, std::ios::binary);
  if (!in) throw std::runtime_error("missing test data " + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Replaces the first occurrence of `from` (which must exist) by `to`.
inline std::string Replace(std::string s, const std::string& from, const std::string& to) {
  size_t pos = s.find(from);
  if (pos == std::string::npos) throw std::runtime_error("test text not found: " + from);
  s.replace(pos, from.size(), to);
  return s;
}

inline bool HasIssue(const Issues& issues, const std::string& rule, const std::string& path = "") {
  for (const auto& i : issues) {
    if (i.rule_id == rule && (path.empty() || i.path == path)) return true;
  }
  return false;
}

inline const Issue* FindIssue(const Issues& issues, const std::string& rule) {
  for (const auto& i : issues) {
    if (i.rule_id == rule) return &i;
  }
  return nullptr;
}

inline std::string Describe(const Issues& issues) {
  std::string s;
  for (const auto& i : issues) s += i.ToString() + "\n";
  return s;
}

}  // namespace gw::codecs::testing
