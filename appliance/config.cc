#include "appliance/config.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <set>
#include <toml++/toml.h>

#include "codecs/iso20022/guidelines/usage_guideline.h"

namespace gw::appliance {

namespace {

// One configuration key: where it lives, how to read it from TOML and from an
// environment string. Keeping all keys in one table makes "unknown key" checks
// and the documentation follow from the same list.
struct Key {
  std::string path;  // "server.port"
  std::function<Status(const toml::node&, GatewayConfig&)> from_toml;
  std::function<Status(const std::string&, GatewayConfig&)> from_string;
};

Status Problem(const std::string& key, const std::string& what) { return InvalidArgument(key + ": " + what); }

template <typename Int>
Key IntKey(std::string path, long long min, long long max, std::function<Int&(GatewayConfig&)> field) {
  auto check = [path, min, max](long long v) -> Status {
    if (v < min || v > max)
      return Problem(path, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                               " (got " + std::to_string(v) + ")");
    return Status::Ok();
  };
  Key k;
  k.path = path;
  k.from_toml = [path, check, field](const toml::node& n, GatewayConfig& c) -> Status {
    auto v = n.value_exact<int64_t>();
    if (!v) return Problem(path, "must be an integer");
    GW_RETURN_IF_ERROR(check(*v));
    field(c) = static_cast<Int>(*v);
    return Status::Ok();
  };
  k.from_string = [path, check, field](const std::string& s, GatewayConfig& c) -> Status {
    char* end = nullptr;
    errno = 0;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0' || errno != 0) return Problem(path, "must be an integer (got \"" + s + "\")");
    GW_RETURN_IF_ERROR(check(v));
    field(c) = static_cast<Int>(v);
    return Status::Ok();
  };
  return k;
}

Key MillisKey(std::string path, long long min, long long max,
              std::function<std::chrono::milliseconds&(GatewayConfig&)> field) {
  Key k;
  long long tmp = 0;
  (void)tmp;
  k.path = path;
  auto check = [path, min, max](long long v) -> Status {
    if (v < min || v > max)
      return Problem(path, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                               " milliseconds (got " + std::to_string(v) + ")");
    return Status::Ok();
  };
  k.from_toml = [path, check, field](const toml::node& n, GatewayConfig& c) -> Status {
    auto v = n.value_exact<int64_t>();
    if (!v) return Problem(path, "must be an integer number of milliseconds");
    GW_RETURN_IF_ERROR(check(*v));
    field(c) = std::chrono::milliseconds(*v);
    return Status::Ok();
  };
  k.from_string = [path, check, field](const std::string& s, GatewayConfig& c) -> Status {
    char* end = nullptr;
    long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end != '\0') return Problem(path, "must be an integer (got \"" + s + "\")");
    GW_RETURN_IF_ERROR(check(v));
    field(c) = std::chrono::milliseconds(v);
    return Status::Ok();
  };
  return k;
}

Key StringKey(std::string path, std::function<Status(const std::string&)> validate,
              std::function<std::string&(GatewayConfig&)> field) {
  Key k;
  k.path = path;
  k.from_string = [path, validate, field](const std::string& s, GatewayConfig& c) -> Status {
    if (validate) {
      Status st = validate(s);
      if (!st.ok()) return Problem(path, st.message());
    }
    field(c) = s;
    return Status::Ok();
  };
  k.from_toml = [path, from = k.from_string](const toml::node& n, GatewayConfig& c) -> Status {
    auto v = n.value_exact<std::string>();
    if (!v) return Problem(path, "must be a string");
    return from(*v, c);
  };
  return k;
}

Status ValidLevel(const std::string& s) {
  static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error", "critical", "off"};
  if (!kLevels.count(s)) return InvalidArgument("must be one of trace, debug, info, warn, error, critical, off (got \"" + s + "\")");
  return Status::Ok();
}

Status ValidAddress(const std::string& s) {
  if (s.empty() || s.size() > 64) return InvalidArgument("must be an IP address (got \"" + s + "\")");
  for (char ch : s)
    if (!(std::isxdigit(static_cast<unsigned char>(ch)) || ch == '.' || ch == ':'))
      return InvalidArgument("must be an IP address (got \"" + s + "\")");
  return Status::Ok();
}

Status NotEmpty(const std::string& s) {
  if (s.empty()) return InvalidArgument("must not be empty");
  return Status::Ok();
}

Key ThresholdsKey() {
  Key k;
  k.path = "approval.thresholds";
  k.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    const auto* t = n.as_table();
    if (!t) return Problem("approval.thresholds", "must be a table of currency = \"amount\", e.g. { EUR = \"10000.00\" }");
    std::map<std::string, std::string> out;
    for (const auto& [ccy, v] : *t) {
      const std::string code(ccy.str());
      auto amount = v.value_exact<std::string>();
      bool ok = code.size() == 3 && std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
      if (!ok) return Problem("approval.thresholds." + code, "must be an ISO 4217 currency code");
      if (!amount || amount->empty() || amount->find_first_not_of("0123456789.") != std::string::npos ||
          std::count(amount->begin(), amount->end(), '.') > 1)
        return Problem("approval.thresholds." + code, "must be a decimal amount in a string, e.g. \"10000.00\"");
      out[code] = *amount;
    }
    c.pipeline.approval_thresholds = std::move(out);
    return Status::Ok();
  };
  k.from_string = [](const std::string&, GatewayConfig&) -> Status {
    return Problem("approval.thresholds", "cannot be set from the environment");
  };
  return k;
}

Key StringListKey(std::string path, std::function<std::vector<std::string>&(GatewayConfig&)> field) {
  Key k;
  k.path = path;
  k.from_toml = [path, field](const toml::node& n, GatewayConfig& c) -> Status {
    const auto* a = n.as_array();
    if (!a) return Problem(path, "must be an array of strings");
    std::vector<std::string> out;
    for (const auto& item : *a) {
      auto v = item.value_exact<std::string>();
      if (!v) return Problem(path, "must be an array of strings");
      out.push_back(*v);
    }
    field(c) = std::move(out);
    return Status::Ok();
  };
  k.from_string = [path, field](const std::string& s, GatewayConfig& c) -> Status {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i <= s.size()) {
      auto j = s.find(',', i);
      if (j == std::string::npos) j = s.size();
      if (j > i) out.push_back(s.substr(i, j - i));
      i = j + 1;
    }
    field(c) = std::move(out);
    return Status::Ok();
  };
  return k;
}

Status ValidBic(const std::string& s) {
  const bool ok = (s.size() == 8 || s.size() == 11) &&
                  std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
  if (!ok) return InvalidArgument("must be a BIC of 8 or 11 capital letters and digits (got \"" + s + "\")");
  return Status::Ok();
}

Status ValidLinkName(const std::string& s) {
  const bool ok = !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
  });
  if (!ok) return InvalidArgument("must be 1-64 letters, digits, '.', '_' or '-' (got \"" + s + "\")");
  return Status::Ok();
}

Status ValidUnlistedCurrencies(const std::string& s) {
  if (s != "checker" && s != "auto") return InvalidArgument("must be \"checker\" or \"auto\" (got \"" + s + "\")");
  return Status::Ok();
}

Status ValidAmount(const std::string& s) {
  const bool ok = !s.empty() && s.find_first_not_of("0123456789.") == std::string::npos &&
                  std::count(s.begin(), s.end(), '.') <= 1 && s.front() != '.' && s.back() != '.';
  if (!ok) return InvalidArgument("must be a decimal amount in a string, e.g. \"50000.00\" (got \"" + s + "\")");
  return Status::Ok();
}

// One value of an array-of-tables entry ([[links.peer]], [[fix.session]]) and
// the ways to read it, each failing with the value's full path.
struct EntryValue {
  const toml::node& v;
  std::string path;

  Status Text(std::string& out, const std::function<Status(const std::string&)>& valid = nullptr) const {
    auto x = v.value_exact<std::string>();
    if (!x) return Problem(path, "must be a string");
    if (valid) {
      Status st = valid(*x);
      if (!st.ok()) return Problem(path, st.message());
    }
    out = *x;
    return Status::Ok();
  }
  Status Integer(int& out, long long min, long long max) const {
    auto x = v.value_exact<int64_t>();
    if (!x || *x < min || *x > max)
      return Problem(path, "must be an integer between " + std::to_string(min) + " and " + std::to_string(max));
    out = static_cast<int>(*x);
    return Status::Ok();
  }
  Status Millis(std::chrono::milliseconds& out, long long min, long long max) const {
    int x = 0;
    GW_RETURN_IF_ERROR(Integer(x, min, max));
    out = std::chrono::milliseconds(x);
    return Status::Ok();
  }
  Status List(std::vector<std::string>& out) const {
    const auto* a = v.as_array();
    if (!a) return Problem(path, "must be an array of strings");
    out.clear();
    for (const auto& e : *a) {
      auto x = e.value_exact<std::string>();
      if (!x || x->empty()) return Problem(path, "must be an array of non-empty strings");
      out.push_back(*x);
    }
    return Status::Ok();
  }
};

// [[links.peer]]: an array of tables, one per counterparty.
Key LinkPeersKey() {
  Key k;
  k.path = "links.peer";
  k.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    const auto* array = n.as_array();
    if (!array) return Problem("links.peer", "must be an array of tables ([[links.peer]])");
    std::vector<LinkPeerConfig> peers;
    std::set<std::string> names;
    for (const auto& item : *array) {
      const auto* t = item.as_table();
      if (!t) return Problem("links.peer", "must be an array of tables ([[links.peer]])");
      LinkPeerConfig peer;
      const std::string at = "links.peer[" + std::to_string(peers.size()) + "]";
      for (const auto& [key_name, v] : *t) {
        const std::string key(key_name.str());
        const std::string path = at + "." + key;
        const EntryValue value{v, path};
        Status st;
        if (key == "name") {
          st = value.Text(peer.name);
          if (st.ok()) {
            Status valid = ValidLinkName(peer.name);
            if (!valid.ok()) st = Problem(path, valid.message());
          }
        } else if (key == "host") {
          st = value.Text(peer.host);
          if (st.ok() && peer.host.empty()) st = Problem(path, "must not be empty");
        } else if (key == "port") {
          st = value.Integer(peer.port, 1, 65535);
        } else if (key == "server_name") {
          st = value.Text(peer.server_name);
          if (st.ok() && peer.server_name.empty()) st = Problem(path, "must not be empty");
        } else if (key == "pool_size") {
          st = value.Integer(peer.pool_size, 1, 64);
        } else if (key == "window") {
          st = value.Integer(peer.window, 1, 65536);
        } else if (key == "allow_names") {
          st = value.List(peer.allow_names);
        } else if (key == "allow_fingerprints") {
          st = value.List(peer.allow_fingerprints);
        } else if (key == "settlement_account") {
          st = value.Text(peer.settlement_account);
        } else if (key == "answer_timeout_ms") {
          st = value.Millis(peer.answer_timeout, 100, 600000);
        } else if (key == "max_resends") {
          st = value.Integer(peer.max_resends, 0, 100);
        } else if (key == "breaker_failures") {
          st = value.Integer(peer.breaker_failures, 1, 1000);
        } else if (key == "breaker_cooldown_ms") {
          st = value.Millis(peer.breaker_cooldown, 10, 3600000);
        } else if (key == "backoff_max_ms") {
          st = value.Millis(peer.backoff_max, 10, 3600000);
        } else if (key == "usage_guideline") {
          st = value.Text(peer.usage_guideline);
          if (st.ok() && codecs::FindUsageGuideline(peer.usage_guideline) == nullptr)
            st = Problem(path, "unknown usage guideline \"" + peer.usage_guideline + "\" (known: " +
                                   codecs::UsageGuidelineList() + ")");
        } else {
          st = Problem(path, "unknown key");
        }
        GW_RETURN_IF_ERROR(st);
      }
      if (peer.name.empty()) return Problem(at + ".name", "is required");
      if (!names.insert(peer.name).second) return Problem(at + ".name", "\"" + peer.name + "\" is configured twice");
      if (peer.port == 0 && peer.allow_names.empty() && peer.allow_fingerprints.empty())
        return Problem(at, "needs a port (outbound) or allow_names / allow_fingerprints (inbound)");
      if (peer.port > 0 && peer.server_name.empty())
        return Problem(at + ".server_name",
                       "is required with a port: the name the counterparty's server certificate carries (e.g. \"" +
                           peer.name + "\")");
      peers.push_back(std::move(peer));
    }
    c.links.peers = std::move(peers);
    return Status::Ok();
  };
  k.from_string = [](const std::string&, GatewayConfig&) -> Status {
    return Problem("links.peer", "cannot be set from the environment");
  };
  return k;
}

bool IsCurrencyCode(const std::string& code);

// [[fix.session]]: an array of tables, one per FIX counterparty session.
Status ValidCompId(const std::string& s) {
  const bool ok = !s.empty() && s.size() <= 64 && std::all_of(s.begin(), s.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
  });
  if (!ok) return InvalidArgument("must be 1-64 letters, digits, '.', '_' or '-' (got \"" + s + "\")");
  return Status::Ok();
}

Status ValidTimeOfDay(const std::string& s) {
  const bool ok = s.size() == 8 && s[2] == ':' && s[5] == ':' &&
                  std::all_of(s.begin(), s.end(), [](char ch) { return ch == ':' || std::isdigit(static_cast<unsigned char>(ch)); }) &&
                  std::stoi(s.substr(0, 2)) < 24 && std::stoi(s.substr(3, 2)) < 60 && std::stoi(s.substr(6, 2)) < 60;
  if (!ok) return InvalidArgument("must be a time of day \"HH:MM:SS\" in UTC (got \"" + s + "\")");
  return Status::Ok();
}

Status ValidWeekDay(const std::string& s) {
  static const std::set<std::string> kDays = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  if (!kDays.count(s)) return InvalidArgument("must be a day of the week in English, e.g. \"monday\" (got \"" + s + "\")");
  return Status::Ok();
}

// The host an initiator session connects to: an IPv4 or IPv6 address, or a DNS
// name (letters, digits and '-' in dot-separated labels of 1-63 characters).
Status ValidConnectHost(const std::string& s) {
  const std::string problem = "must be a host name or an IP address (got \"" + s + "\")";
  if (s.empty() || s.size() > 253) return InvalidArgument(problem);
  unsigned char buf[sizeof(struct in6_addr)];
  if (inet_pton(AF_INET, s.c_str(), buf) == 1 || inet_pton(AF_INET6, s.c_str(), buf) == 1) return Status::Ok();
  // Digits and dots only, or ':' : meant as an address, and not one.
  if (s.find_first_not_of("0123456789.") == std::string::npos || s.find(':') != std::string::npos)
    return InvalidArgument(problem);
  std::size_t start = 0;
  while (start <= s.size()) {
    const std::size_t end = std::min(s.find('.', start), s.size());
    const std::string label = s.substr(start, end - start);
    const bool ok = !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
                    std::all_of(label.begin(), label.end(), [](char ch) {
                      return std::isalnum(static_cast<unsigned char>(ch)) || ch == '-';
                    });
    if (!ok) return InvalidArgument(problem);
    start = end + 1;
  }
  return Status::Ok();
}

Key FixSessionsKey() {
  Key k;
  k.path = "fix.session";
  k.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    const auto* array = n.as_array();
    if (!array) return Problem("fix.session", "must be an array of tables ([[fix.session]])");
    std::vector<FixSessionConfig> sessions;
    std::set<std::string> names, comp_ids;
    for (const auto& item : *array) {
      const auto* t = item.as_table();
      if (!t) return Problem("fix.session", "must be an array of tables ([[fix.session]])");
      FixSessionConfig s;
      const std::string at = "fix.session[" + std::to_string(sessions.size()) + "]";
      std::string reconnect_at;  // where reconnect_interval was given
      for (const auto& [key_name, v] : *t) {
        const std::string key(key_name.str());
        const std::string path = at + "." + key;
        const EntryValue value{v, path};
        Status st;
        if (key == "name") {
          st = value.Text(s.name, ValidLinkName);
        } else if (key == "begin_string") {
          st = value.Text(s.begin_string, [](const std::string& x) {
            return x == "FIX.4.4" || x == "FIXT.1.1"
                       ? Status::Ok()
                       : InvalidArgument("must be \"FIX.4.4\" or \"FIXT.1.1\" (got \"" + x + "\")");
          });
        } else if (key == "sender_comp_id") {
          st = value.Text(s.sender_comp_id, ValidCompId);
        } else if (key == "target_comp_id") {
          st = value.Text(s.target_comp_id, ValidCompId);
        } else if (key == "heartbeat_s") {
          st = value.Integer(s.heartbeat_seconds, 1, 300);
        } else if (key == "start_time") {
          st = value.Text(s.start_time, ValidTimeOfDay);
        } else if (key == "end_time") {
          st = value.Text(s.end_time, ValidTimeOfDay);
        } else if (key == "start_day") {
          st = value.Text(s.start_day, ValidWeekDay);
        } else if (key == "end_day") {
          st = value.Text(s.end_day, ValidWeekDay);
        } else if (key == "time_zone") {
          std::string tz;
          st = value.Text(tz, [](const std::string& x) {
            return x == "UTC" ? Status::Ok()
                              : InvalidArgument("only \"UTC\" is supported: give start_time and end_time in UTC (got \"" + x + "\")");
          });
        } else if (key == "allow_names") {
          st = value.List(s.allow_names);
        } else if (key == "allow_fingerprints") {
          st = value.List(s.allow_fingerprints);
        } else if (key == "debtor_accounts") {
          st = value.List(s.debtor_accounts);
        } else if (key == "connect_host") {
          st = value.Text(s.connect_host, ValidConnectHost);
        } else if (key == "connect_port") {
          st = value.Integer(s.connect_port, 1, 65535);
        } else if (key == "reconnect_interval") {
          st = value.Integer(s.reconnect_interval_seconds, 1, 3600);
          if (st.ok()) reconnect_at = path;
        } else if (key == "currencies") {
          st = value.List(s.currencies);
          for (const auto& ccy : s.currencies)
            if (st.ok() && !IsCurrencyCode(ccy)) st = Problem(path, "\"" + ccy + "\" is not an ISO 4217 currency code");
        } else {
          st = Problem(path, "unknown key");
        }
        GW_RETURN_IF_ERROR(st);
      }
      if (s.name.empty()) return Problem(at + ".name", "is required");
      if (!names.insert(s.name).second) return Problem(at + ".name", "\"" + s.name + "\" is configured twice");
      if (s.sender_comp_id.empty()) return Problem(at + ".sender_comp_id", "is required (our CompID on this session)");
      if (s.target_comp_id.empty()) return Problem(at + ".target_comp_id", "is required (the counterparty's CompID)");
      if (!comp_ids.insert(s.sender_comp_id + "->" + s.target_comp_id).second)
        return Problem(at + ".target_comp_id", "another session already uses " + s.sender_comp_id + " -> " + s.target_comp_id);
      if (s.allow_names.empty() && s.allow_fingerprints.empty())
        return Problem(at + ".allow_names", "or allow_fingerprints is required: the certificates that may speak for the session");
      if (s.debtor_accounts.empty()) return Problem(at + ".debtor_accounts", "is required: the accounts the session may debit");
      if (s.currencies.empty()) return Problem(at + ".currencies", "is required: the currencies the session may instruct");
      if (!s.connect_host.empty() && s.connect_port == 0)
        return Problem(at + ".connect_port", "is required with connect_host: the port of the counterparty's FIX acceptor");
      if (s.connect_host.empty() && s.connect_port > 0)
        return Problem(at + ".connect_host", "is required with connect_port: the counterparty's host name or IP address");
      if (!reconnect_at.empty() && !s.initiator())
        return Problem(reconnect_at, "applies only to an initiator session (with connect_host and connect_port)");
      if ((s.start_day.empty()) != (s.end_day.empty()))
        return Problem(at + (s.start_day.empty() ? ".start_day" : ".end_day"), "is required with the other day of the weekly window");
      sessions.push_back(std::move(s));
    }
    c.fix.sessions = std::move(sessions);
    return Status::Ok();
  };
  k.from_string = [](const std::string&, GatewayConfig&) -> Status {
    return Problem("fix.session", "cannot be set from the environment");
  };
  return k;
}

// An IBAN (ISO 13616): country, check digits, 11-30 letters or digits, mod 97 = 1.
Status ValidIban(const std::string& s) {
  const bool form = s.size() >= 15 && s.size() <= 34 && std::isupper(static_cast<unsigned char>(s[0])) &&
                    std::isupper(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[2])) &&
                    std::isdigit(static_cast<unsigned char>(s[3])) &&
                    std::all_of(s.begin(), s.end(), [](char ch) { return (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9'); });
  if (!form) return InvalidArgument("must be an IBAN in capital letters and digits, no spaces (got \"" + s + "\")");
  int mod = 0;
  const std::string rearranged = s.substr(4) + s.substr(0, 4);
  for (char ch : rearranged) {
    const int v = ch >= 'A' ? ch - 'A' + 10 : ch - '0';
    mod = (v >= 10 ? mod * 100 + v : mod * 10 + v) % 97;
  }
  if (mod != 1) return InvalidArgument("\"" + s + "\" fails the IBAN check digit test (mod 97)");
  return Status::Ok();
}

Status ValidOptionalSessionName(const std::string& s) { return s.empty() ? Status::Ok() : ValidLinkName(s); }

Status ValidateFix(const FixConfig& f, const LinksConfig& links) {
  if (f.listen_port == 0 && !f.has_initiators()) return Status::Ok();
  if (f.sessions.empty()) return Problem("fix.session", "at least one [[fix.session]] is required with fix.listen_port");
  if (f.ca_file.empty())
    return Problem("fix.ca_file", f.listen_port > 0 ? "is required with fix.listen_port"
                                                    : "is required with an initiator [[fix.session]] (connect_host): "
                                                      "the CA the counterparty's server certificate must chain to");
  if (f.listen_port > 0 && (f.cert_file.empty() || f.key_file.empty()))
    return Problem("fix.cert_file", "and fix.key_file are required with fix.listen_port");
  for (std::size_t i = 0; i < f.sessions.size(); ++i) {
    const FixSessionConfig& s = f.sessions[i];
    const std::string at = "fix.session[" + std::to_string(i) + "]";
    if (s.initiator() && (links.client_cert_file.empty() || links.client_key_file.empty()))
      return Problem("links.client_cert_file", "and links.client_key_file are required with an initiator [[fix.session]] (" +
                                                   at + ".connect_host): the gateway's client certificate");
    if (!s.initiator() && f.listen_port == 0)
      return Problem("fix.listen_port", "is required: " + at + " (\"" + s.name +
                                            "\") has no connect_host, so its counterparty connects to the gateway");
  }
  if (f.demo_session.empty()) return Status::Ok();
  const FixSessionConfig* session = f.FindSession(f.demo_session);
  if (session == nullptr) {
    std::string names;
    for (const auto& s : f.sessions) names += (names.empty() ? "" : ", ") + s.name;
    return Problem("fix.demo_session", "\"" + f.demo_session + "\" is not a configured [[fix.session]] (configured: " + names + ")");
  }
  if (session->initiator())
    return Problem("fix.demo_session", "\"" + f.demo_session +
                                           "\" is an initiator session (connect_host): the demo counterparty logs on to "
                                           "fix.listen_port, so it needs a session the gateway accepts");
  if (f.demo_cert_file.empty() || f.demo_key_file.empty())
    return Problem("fix.demo_cert_file", "and fix.demo_key_file are required with fix.demo_session: the demo counterparty's RSA client certificate and key");
  if (f.demo_debtor_account.empty()) return Problem("fix.demo_debtor_account", "is required with fix.demo_session");
  if (std::find(session->debtor_accounts.begin(), session->debtor_accounts.end(), f.demo_debtor_account) ==
      session->debtor_accounts.end())
    return Problem("fix.demo_debtor_account", "\"" + f.demo_debtor_account + "\" is not one of the debtor_accounts of session \"" +
                                                  session->name + "\"");
  if (f.demo_creditor_bic.empty()) return Problem("fix.demo_creditor_bic", "is required with fix.demo_session");
  if (f.demo_creditor_account.empty()) return Problem("fix.demo_creditor_account", "is required with fix.demo_session");
  return Status::Ok();
}

// Cross-key checks of [links], once everything is read.
Status ValidateLinks(const LinksConfig& l) {
  if (!l.enabled()) return Status::Ok();
  if (l.ca_file.empty()) return Problem("links.ca_file", "is required when links are configured");
  bool outbound = false;
  for (const auto& p : l.peers) outbound = outbound || p.port > 0;
  if (outbound && (l.client_cert_file.empty() || l.client_key_file.empty()))
    return Problem("links.client_cert_file", "and links.client_key_file are required for outbound links");
  if (l.listen_port > 0 && (l.server_cert_file.empty() || l.server_key_file.empty()))
    return Problem("links.server_cert_file", "and links.server_key_file are required with links.listen_port");
  if (l.demo_counterparty_port > 0 && (l.demo_counterparty_cert_file.empty() || l.demo_counterparty_key_file.empty() ||
                                       l.client_cert_file.empty()))
    return Problem("links.demo_counterparty_cert_file",
                   "links.demo_counterparty_key_file and links.client_cert_file are required with links.demo_counterparty_port");
  return Status::Ok();
}

Key BoolKey(std::string path, std::function<bool&(GatewayConfig&)> field) {
  Key k;
  k.path = path;
  k.from_toml = [path, field](const toml::node& n, GatewayConfig& c) -> Status {
    auto v = n.value_exact<bool>();
    if (!v) return Problem(path, "must be true or false");
    field(c) = *v;
    return Status::Ok();
  };
  k.from_string = [path, field](const std::string& s, GatewayConfig& c) -> Status {
    if (s != "true" && s != "false") return Problem(path, "must be true or false (got \"" + s + "\")");
    field(c) = s == "true";
    return Status::Ok();
  };
  return k;
}

Status ValidScore(const std::string& path, double v) {
  if (!(v > 0.0 && v <= 1.0)) return Problem(path, "must be a number in (0, 1] (got " + std::to_string(v) + ")");
  return Status::Ok();
}

bool IsCurrencyCode(const std::string& code) {
  return code.size() == 3 && std::all_of(code.begin(), code.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
}

bool IsDecimalAmount(const std::string& amount) {
  return !amount.empty() && amount.find_first_not_of("0123456789.") == std::string::npos &&
         std::count(amount.begin(), amount.end(), '.') <= 1 && amount.front() != '.' && amount.back() != '.';
}

// compliance.threshold, compliance.list_thresholds, compliance.limits: TOML only.
std::vector<Key> ComplianceTableKeys() {
  Key threshold;
  threshold.path = "compliance.threshold";
  threshold.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    auto v = n.value<double>();
    if (!v) return Problem("compliance.threshold", "must be a number in (0, 1]");
    GW_RETURN_IF_ERROR(ValidScore("compliance.threshold", *v));
    c.compliance.threshold = *v;
    return Status::Ok();
  };
  threshold.from_string = [](const std::string& s, GatewayConfig& c) -> Status {
    char* end = nullptr;
    double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') return Problem("compliance.threshold", "must be a number (got \"" + s + "\")");
    GW_RETURN_IF_ERROR(ValidScore("compliance.threshold", v));
    c.compliance.threshold = v;
    return Status::Ok();
  };
  Key per_list;
  per_list.path = "compliance.list_thresholds";
  per_list.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    const auto* t = n.as_table();
    if (!t) return Problem("compliance.list_thresholds", "must be a table of list name = score, e.g. { \"OFAC-SDN\" = 0.88 }");
    for (const auto& [name, v] : *t) {
      const std::string path = "compliance.list_thresholds." + std::string(name.str());
      auto score = v.value<double>();
      if (!score) return Problem(path, "must be a number in (0, 1]");
      GW_RETURN_IF_ERROR(ValidScore(path, *score));
      c.compliance.list_thresholds[std::string(name.str())] = *score;
    }
    return Status::Ok();
  };
  per_list.from_string = [](const std::string&, GatewayConfig&) -> Status {
    return Problem("compliance.list_thresholds", "cannot be set from the environment");
  };
  Key limits;
  limits.path = "compliance.limits";
  limits.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    static const std::set<std::string> kNames = {"per_transaction_max", "daily_per_debtor_account",
                                                 "daily_per_counterparty_bic"};
    const auto* t = n.as_table();
    if (!t) return Problem("compliance.limits", "must be tables per currency, e.g. [compliance.limits.EUR]");
    for (const auto& [ccy, v] : *t) {
      const std::string code(ccy.str());
      if (!IsCurrencyCode(code)) return Problem("compliance.limits." + code, "must be an ISO 4217 currency code");
      const auto* per = v.as_table();
      if (!per) return Problem("compliance.limits." + code, "must be a table of limit = \"amount\"");
      for (const auto& [name, amount_node] : *per) {
        const std::string key(name.str());
        const std::string path = "compliance.limits." + code + "." + key;
        if (!kNames.count(key))
          return Problem(path, "unknown limit (expected per_transaction_max, daily_per_debtor_account, daily_per_counterparty_bic)");
        auto amount = amount_node.value_exact<std::string>();
        if (!amount || !IsDecimalAmount(*amount)) return Problem(path, "must be a decimal amount in a string, e.g. \"50000.00\"");
        c.compliance.limits[code][key] = *amount;
      }
    }
    return Status::Ok();
  };
  limits.from_string = [](const std::string&, GatewayConfig&) -> Status {
    return Problem("compliance.limits", "cannot be set from the environment");
  };
  return {threshold, per_list, limits};
}

// [reconciliation]: the scheduled run's cut-offs and the tolerance policy.
Status ValidCutoff(const std::string& s) {
  const bool ok = s.size() == 5 && s[2] == ':' && std::isdigit(static_cast<unsigned char>(s[0])) &&
                  std::isdigit(static_cast<unsigned char>(s[1])) && std::isdigit(static_cast<unsigned char>(s[3])) &&
                  std::isdigit(static_cast<unsigned char>(s[4])) && std::stoi(s.substr(0, 2)) < 24 &&
                  std::stoi(s.substr(3, 2)) < 60;
  if (!ok) return InvalidArgument("must be a time of day \"HH:MM\" in UTC, e.g. \"18:00\" (got \"" + s + "\")");
  return Status::Ok();
}

std::vector<Key> ReconciliationKeys() {
  Key cutoffs;
  cutoffs.path = "reconciliation.cutoffs";
  cutoffs.from_toml = [](const toml::node& n, GatewayConfig& c) -> Status {
    const auto* t = n.as_table();
    if (!t) return Problem("reconciliation.cutoffs", "must be a table of link = \"HH:MM\", e.g. { \"bank-b\" = \"17:30\" }");
    for (const auto& [link, v] : *t) {
      const std::string path = "reconciliation.cutoffs." + std::string(link.str());
      auto hhmm = v.value_exact<std::string>();
      if (!hhmm) return Problem(path, "must be a time of day \"HH:MM\" in UTC");
      if (Status st = ValidLinkName(std::string(link.str())); !st.ok()) return Problem(path, st.message());
      if (Status st = ValidCutoff(*hhmm); !st.ok()) return Problem(path, st.message());
      c.reconciliation.cutoffs[std::string(link.str())] = *hhmm;
    }
    return Status::Ok();
  };
  cutoffs.from_string = [](const std::string&, GatewayConfig&) -> Status {
    return Problem("reconciliation.cutoffs", "cannot be set from the environment");
  };
  return {
      BoolKey("reconciliation.enabled", [](GatewayConfig& c) -> bool& { return c.reconciliation.enabled; }),
      StringKey("reconciliation.default_cutoff", ValidCutoff, [](GatewayConfig& c) -> std::string& { return c.reconciliation.default_cutoff; }),
      cutoffs,
      IntKey<int>("reconciliation.delay_after_cutoff_s", 0, 86400, [](GatewayConfig& c) -> int& { return c.reconciliation.delay_after_cutoff_seconds; }),
      MillisKey("reconciliation.interval_ms", 100, 3600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.reconciliation.interval; }),
      IntKey<int64_t>("reconciliation.amount_tolerance_minor", 0, 1000000, [](GatewayConfig& c) -> int64_t& { return c.reconciliation.amount_tolerance_minor; }),
      IntKey<int>("reconciliation.value_date_tolerance_days", 0, 31, [](GatewayConfig& c) -> int& { return c.reconciliation.value_date_tolerance_days; }),
      IntKey<int>("reconciliation.demo_page_entries", 1, 100000, [](GatewayConfig& c) -> int& { return c.reconciliation.demo_page_entries; }),
  };
}

const std::vector<Key>& Keys() {
  static const std::vector<Key> keys = {
      StringKey("server.bind_address", ValidAddress, [](GatewayConfig& c) -> std::string& { return c.server.bind_address; }),
      IntKey<int>("server.port", 0, 65535, [](GatewayConfig& c) -> int& { return c.server.port; }),
      IntKey<int>("server.io_threads", 1, 64, [](GatewayConfig& c) -> int& { return c.server.io_threads; }),
      IntKey<int>("server.handler_threads", 1, 256, [](GatewayConfig& c) -> int& { return c.server.handler_threads; }),
      IntKey<int>("server.max_connections", 1, 100000, [](GatewayConfig& c) -> int& { return c.server.max_connections; }),
      IntKey<int>("server.max_connections_per_address", 1, 100000, [](GatewayConfig& c) -> int& { return c.server.max_connections_per_address; }),
      IntKey<std::size_t>("server.header_limit_bytes", 1024, 1 << 20, [](GatewayConfig& c) -> std::size_t& { return c.server.header_limit_bytes; }),
      IntKey<std::size_t>("server.body_limit_bytes", 1024, 64 << 20, [](GatewayConfig& c) -> std::size_t& { return c.server.body_limit_bytes; }),
      MillisKey("server.read_timeout_ms", 100, 600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.server.read_timeout; }),
      MillisKey("server.header_timeout_ms", 100, 600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.server.header_timeout; }),
      MillisKey("server.body_timeout_ms", 100, 3600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.server.body_timeout; }),
      MillisKey("server.shutdown_grace_ms", 0, 60000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.server.shutdown_grace; }),
      StringKey("server.tls_cert_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.server.tls_cert_file; }),
      StringKey("server.tls_key_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.server.tls_key_file; }),
      StringKey("database.url", nullptr, [](GatewayConfig& c) -> std::string& { return c.database.url; }),
      IntKey<int>("database.pool_size", 1, 500, [](GatewayConfig& c) -> int& { return c.database.pool_size; }),
      MillisKey("database.acquire_timeout_ms", 1, 600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.database.acquire_timeout; }),
      IntKey<int>("database.connect_timeout_s", 1, 120, [](GatewayConfig& c) -> int& { return c.database.connect_timeout_seconds; }),
      MillisKey("database.statement_timeout_ms", 100, 3600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.database.statement_timeout; }),
      BoolKey("database.allow_privileged_role", [](GatewayConfig& c) -> bool& { return c.database.allow_privileged_role; }),
      MillisKey("database.health_interval_ms", 100, 60000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.database.health_interval; }),
      StringKey("logging.dir", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.logging.dir; }),
      StringKey("logging.level", ValidLevel, [](GatewayConfig& c) -> std::string& { return c.logging.level; }),
      IntKey<int>("logging.retention_days", 1, 3650, [](GatewayConfig& c) -> int& { return c.logging.retention_days; }),
      StringKey("pipeline.our_bic", ValidBic, [](GatewayConfig& c) -> std::string& { return c.pipeline.our_bic; }),
      IntKey<int>("pipeline.workers", 1, 32, [](GatewayConfig& c) -> int& { return c.pipeline.workers; }),
      IntKey<int>("pipeline.batch_size", 1, 1000, [](GatewayConfig& c) -> int& { return c.pipeline.batch_size; }),
      IntKey<int>("pipeline.stuck_after_s", 10, 86400, [](GatewayConfig& c) -> int& { return c.pipeline.stuck_after_seconds; }),
      ThresholdsKey(),
      StringKey("approval.unlisted_currencies", ValidUnlistedCurrencies, [](GatewayConfig& c) -> std::string& { return c.pipeline.unlisted_currencies; }),
      StringListKey("approval.straight_through_sources", [](GatewayConfig& c) -> std::vector<std::string>& { return c.pipeline.straight_through_sources; }),
      IntKey<int>("auth.token_ttl_s", 60, 86400, [](GatewayConfig& c) -> int& { return c.auth.token_ttl_seconds; }),
      IntKey<int>("auth.max_failed_logins", 1, 100, [](GatewayConfig& c) -> int& { return c.auth.max_failed_logins; }),
      IntKey<int>("auth.failed_login_window_s", 10, 86400, [](GatewayConfig& c) -> int& { return c.auth.failed_login_window_seconds; }),
      IntKey<int>("auth.max_failed_logins_per_address", 1, 100000, [](GatewayConfig& c) -> int& { return c.auth.max_failed_logins_per_address; }),
      IntKey<int>("auth.login_backoff_base_s", 1, 3600, [](GatewayConfig& c) -> int& { return c.auth.login_backoff_base_seconds; }),
      IntKey<int>("auth.login_backoff_max_s", 1, 86400, [](GatewayConfig& c) -> int& { return c.auth.login_backoff_max_seconds; }),
      StringKey("paths.data_dir", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.paths.data_dir; }),
      StringKey("console.dir", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.console.dir; }),
      StringListKey("compliance.embargoed_countries", [](GatewayConfig& c) -> std::vector<std::string>& { return c.compliance.embargoed_countries; }),
      BoolKey("compliance.screen_remittance", [](GatewayConfig& c) -> bool& { return c.compliance.screen_remittance; }),
      BoolKey("compliance.require_lists", [](GatewayConfig& c) -> bool& { return c.compliance.require_lists; }),
      BoolKey("compliance.refuse_unconfigured_currency", [](GatewayConfig& c) -> bool& { return c.compliance.refuse_unconfigured_currency; }),
      MillisKey("compliance.refresh_interval_ms", 100, 600000, [](GatewayConfig& c) -> std::chrono::milliseconds& { return c.compliance.refresh_interval; }),
      StringKey("links.node_name", ValidLinkName, [](GatewayConfig& c) -> std::string& { return c.links.node_name; }),
      StringKey("links.ca_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.ca_file; }),
      StringKey("links.client_cert_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.client_cert_file; }),
      StringKey("links.client_key_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.client_key_file; }),
      StringKey("links.server_cert_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.server_cert_file; }),
      StringKey("links.server_key_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.server_key_file; }),
      StringKey("links.crl_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.crl_file; }),
      StringKey("links.listen_address", ValidAddress, [](GatewayConfig& c) -> std::string& { return c.links.listen_address; }),
      IntKey<int>("links.listen_port", 0, 65535, [](GatewayConfig& c) -> int& { return c.links.listen_port; }),
      IntKey<int>("links.threads", 1, 16, [](GatewayConfig& c) -> int& { return c.links.threads; }),
      LinkPeersKey(),
      IntKey<int>("links.demo_counterparty_port", 0, 65535, [](GatewayConfig& c) -> int& { return c.links.demo_counterparty_port; }),
      StringKey("links.demo_counterparty_cert_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.demo_counterparty_cert_file; }),
      StringKey("links.demo_counterparty_key_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.links.demo_counterparty_key_file; }),
      StringListKey("links.demo_counterparty_reject_ibans", [](GatewayConfig& c) -> std::vector<std::string>& { return c.links.demo_counterparty_reject_ibans; }),
      StringKey("links.demo_counterparty_max_amount", ValidAmount, [](GatewayConfig& c) -> std::string& { return c.links.demo_counterparty_max_amount; }),
      StringKey("fix.listen_address", ValidAddress, [](GatewayConfig& c) -> std::string& { return c.fix.listen_address; }),
      IntKey<int>("fix.listen_port", 0, 65535, [](GatewayConfig& c) -> int& { return c.fix.listen_port; }),
      StringKey("fix.ca_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.fix.ca_file; }),
      StringKey("fix.cert_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.fix.cert_file; }),
      StringKey("fix.key_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.fix.key_file; }),
      StringKey("fix.crl_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.fix.crl_file; }),
      IntKey<int>("fix.handshake_timeout_ms", 100, 120000, [](GatewayConfig& c) -> int& { return c.fix.handshake_timeout_ms; }),
      IntKey<int>("fix.connect_timeout_ms", 100, 120000, [](GatewayConfig& c) -> int& { return c.fix.connect_timeout_ms; }),
      StringKey("fix.demo_session", ValidOptionalSessionName, [](GatewayConfig& c) -> std::string& { return c.fix.demo_session; }),
      StringKey("fix.demo_cert_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.fix.demo_cert_file; }),
      StringKey("fix.demo_key_file", NotEmpty, [](GatewayConfig& c) -> std::string& { return c.fix.demo_key_file; }),
      IntKey<int>("fix.demo_interval_ms", 100, 3600000, [](GatewayConfig& c) -> int& { return c.fix.demo_interval_ms; }),
      StringKey("fix.demo_debtor_account", ValidIban, [](GatewayConfig& c) -> std::string& { return c.fix.demo_debtor_account; }),
      StringKey("fix.demo_creditor_bic", ValidBic, [](GatewayConfig& c) -> std::string& { return c.fix.demo_creditor_bic; }),
      StringKey("fix.demo_creditor_account", ValidIban, [](GatewayConfig& c) -> std::string& { return c.fix.demo_creditor_account; }),
      FixSessionsKey(),
  };
  return keys;
}

const std::map<std::string, std::string>& EnvOverrides() {
  static const std::map<std::string, std::string> env = {
      {"DATABASE_URL", "database.url"},   {"PORT", "server.port"},
      {"BIND_ADDRESS", "server.bind_address"}, {"LOG_DIR", "logging.dir"},
      {"LOG_LEVEL", "logging.level"},      {"DB_POOL_SIZE", "database.pool_size"},
      {"GATEWAY_DATA_DIR", "paths.data_dir"},
      {"CONSOLE_DIR", "console.dir"},
      {"GATEWAY_BIC", "pipeline.our_bic"},
      {"SCREENING_THRESHOLD", "compliance.threshold"},
      {"COMPLIANCE_REQUIRE_LISTS", "compliance.require_lists"},
      {"DATABASE_ALLOW_PRIVILEGED_ROLE", "database.allow_privileged_role"},
      {"STRAIGHT_THROUGH_SOURCES", "approval.straight_through_sources"},
      {"LINKS_LISTEN_PORT", "links.listen_port"},
      {"RECONCILIATION_ENABLED", "reconciliation.enabled"},
      {"RECONCILIATION_DEFAULT_CUTOFF", "reconciliation.default_cutoff"},
      {"RECONCILIATION_DELAY_S", "reconciliation.delay_after_cutoff_s"},
      {"RECONCILIATION_INTERVAL_MS", "reconciliation.interval_ms"},
      {"FIX_LISTEN_PORT", "fix.listen_port"},
      {"TLS_CERT_FILE", "server.tls_cert_file"},
      {"TLS_KEY_FILE", "server.tls_key_file"},
  };
  return env;
}

const Key* FindKey(const std::string& path) {
  static const std::vector<Key> compliance_tables = ComplianceTableKeys();
  for (const auto& k : compliance_tables)
    if (k.path == path) return &k;
  static const std::vector<Key> reconciliation_keys = ReconciliationKeys();
  for (const auto& k : reconciliation_keys)
    if (k.path == path) return &k;
  for (const auto& k : Keys())
    if (k.path == path) return &k;
  return nullptr;
}

std::string Where(const std::string& file, const toml::source_region& src) {
  return file + ":" + std::to_string(src.begin.line);
}

}  // namespace

StatusOr<GatewayConfig> LoadConfig(const std::optional<std::filesystem::path>& file, const GetEnv& getenv_fn) {
  GatewayConfig config;
  config.paths.data_dir = GW_DATA_DIR;
  if (file) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*file, ec))
      return InvalidArgument(file->string() + ": configuration file not found");
    toml::table root;
    try {
      root = toml::parse_file(file->string());
    } catch (const toml::parse_error& e) {
      return InvalidArgument(Where(file->string(), e.source()) + ": " + std::string(e.description()));
    }
    for (const auto& [section_key, section] : root) {
      const std::string section_name(section_key.str());
      const auto* table = section.as_table();
      if (!table)
        return InvalidArgument(Where(file->string(), section.source()) + ": " + section_name +
                               ": unknown key (expected a section such as [server], [database], [logging], [pipeline], [approval], [auth], [compliance], [links], [fix], [reconciliation], [paths], [console])");
      for (const auto& [key, node] : *table) {
        const std::string path = section_name + "." + std::string(key.str());
        const Key* k = FindKey(path);
        if (!k) return InvalidArgument(Where(file->string(), node.source()) + ": " + path + ": unknown key");
        Status s = k->from_toml(node, config);
        if (!s.ok()) return InvalidArgument(Where(file->string(), node.source()) + ": " + s.message());
      }
    }
  }
  GetEnv env = getenv_fn ? getenv_fn : [](const std::string& name) -> std::optional<std::string> {
    const char* v = std::getenv(name.c_str());
    if (!v) return std::nullopt;
    return std::string(v);
  };
  for (const auto& [var, path] : EnvOverrides()) {
    auto v = env(var);
    if (!v) continue;
    Status s = FindKey(path)->from_string(*v, config);
    if (!s.ok()) return InvalidArgument(var + " (" + s.message() + ")");
  }
  GW_RETURN_IF_ERROR(ValidateLinks(config.links));
  GW_RETURN_IF_ERROR(ValidateFix(config.fix, config.links));
  if (config.server.tls_cert_file.empty() != config.server.tls_key_file.empty())
    return Problem(config.server.tls_cert_file.empty() ? "server.tls_cert_file" : "server.tls_key_file",
                   "is required with the other one: HTTPS needs the certificate and its key");
  return config;
}

}  // namespace gw::appliance
