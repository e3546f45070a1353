// File: codecs/issue.cc
#include "codecs/issue.h"

namespace gw::codecs {

namespace {
constexpr size_t kMaxValueBytes = 256;
}  // namespace

std::string Issue::ToString() const {
  std::string s;
  s.reserve(path.size() + message.size() + value.size() + 48);
  if (!path.empty()) s += path;
  if (line > 0) {
    s += s.empty() ? "(" : " (";
    s += std::to_string(line);
    s += ':';
    s += std::to_string(column);
    s += ')';
  }
  if (!s.empty()) s += ": ";
  s += '[';
  s += rule_id;
  if (!reason_code.empty()) {
    s += '/';
    s += reason_code;
  }
  s += "] ";
  s += message;
  if (!value.empty()) {
    s += " (value: '";
    s += value;
    s += "')";
  }
  return s;
}

void AddIssue(Issues& out, std::string_view rule_id, std::string_view reason_code,
              std::string path, std::string_view value, std::string message) {
  Issue issue;
  issue.rule_id = rule_id;
  issue.reason_code = reason_code;
  issue.path = std::move(path);
  issue.value = value.substr(0, kMaxValueBytes);
  issue.message = std::move(message);
  out.push_back(std::move(issue));
}

}  // namespace gw::codecs
