// File: appliance/gatewayctl/fix_command.cc
//
//   gatewayctl fix send --session NAME --cert FILE --key FILE [--ca FILE] --amount AMOUNT ...
//
// A manual try of a FIX session: logs on to gatewayd's FIX port as the
// session's counterparty (QuickFIX's SSL initiator, gateway/fix/demo_counterparty.h),
// sends one instruction and prints every ExecutionReport about it until a
// final status or the time-out. The session (CompIDs, BeginString, port) comes
// from the same configuration file gatewayd reads.
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <ctime>
#include <deque>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include "appliance/config.h"
#include "appliance/gatewayctl/args.h"
#include "gateway/fix/demo_counterparty.h"

namespace gw::ctl {

namespace {

constexpr const char* kUsage =
    "usage: gatewayctl fix send --session NAME --cert FILE --key FILE [--ca FILE]\n"
    "                           --amount AMOUNT [--currency CCY] [--debtor-account IBAN] --debtor-name NAME\n"
    "                           --creditor-name NAME --creditor-account IBAN --creditor-bic BIC\n"
    "                           [--remittance TEXT] [--cl-ord-id ID] [--host HOST] [--timeout SECONDS]\n"
    "  Logs on to gatewayd's FIX port (fix.listen_port) as the counterparty of the [[fix.session]] NAME\n"
    "  of the configuration (--config FILE or GATEWAY_CONFIG), with the RSA client certificate --cert/--key\n"
    "  (one the session's allow-list names) and the CA --ca (default fix.ca_file) for the gateway's\n"
    "  certificate; sends one instruction (NewOrderSingle) and prints every ExecutionReport about it\n"
    "  until a final status (COMPLETED, FAILED, REJECTED, CANCELLED) or --timeout (30 s).\n"
    "  Defaults: --currency the session's first currency, --debtor-account its only debtor account,\n"
    "  --cl-ord-id a new one (CTL-<time>-<random>), --host fix.listen_address.\n"
    "  Exit 0 when the payment is COMPLETED, 1 otherwise, 2 for a usage or configuration error.\n";

const std::set<std::string> kFlags = {"--session",       "--cert",          "--key",          "--ca",
                                      "--amount",        "--currency",      "--debtor-account", "--debtor-name",
                                      "--creditor-name", "--creditor-account", "--creditor-bic", "--remittance",
                                      "--cl-ord-id",     "--host",          "--timeout"};

int Usage(const std::string& problem) {
  std::cerr << "gatewayctl fix: " << problem << "\n" << kUsage;
  return 2;
}

std::string NewClOrdId() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d%H%M%S", &tm);
  std::random_device rd;
  char suffix[8];
  std::snprintf(suffix, sizeof suffix, "%04x", static_cast<unsigned>(rd() & 0xffff));
  return std::string("CTL-") + stamp + "-" + suffix;
}

// What the initiator's callbacks hand to the main thread.
struct Inbox {
  static constexpr std::size_t kMax = 1000;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<fix::ExecutionReportInfo> reports;  // GUARDED_BY(mu)
  std::deque<fix::RejectInfo> rejects;           // GUARDED_BY(mu)
  std::size_t dropped = 0;                       // GUARDED_BY(mu)
};

int Send(const Args& args, const appliance::GatewayConfig& config) {
  std::map<std::string, std::string> flags;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!kFlags.count(a)) return Usage("unknown option '" + a + "'");
    if (i + 1 >= args.size()) return Usage(a + " needs a value");
    if (flags.count(a)) return Usage(a + " is given twice");
    flags[a] = args[++i];
  }
  auto flag = [&](const std::string& name) { return flags.count(name) ? flags[name] : std::string(); };

  const std::string name = flag("--session");
  if (name.empty()) return Usage("--session is required");
  const appliance::FixConfig& f = config.fix;
  if (f.listen_port == 0) return Usage("fix.listen_port is not set in the configuration: gatewayd takes no FIX sessions");
  const appliance::FixSessionConfig* session = f.FindSession(name);
  if (session == nullptr) {
    std::string names;
    for (const auto& s : f.sessions) names += (names.empty() ? "" : ", ") + s.name;
    return Usage("no [[fix.session]] named \"" + name + "\" in the configuration (configured: " +
                 (names.empty() ? "none" : names) + ")");
  }
  if (session->initiator())
    return Usage("session \"" + name + "\" is an initiator session: gatewayd calls its counterparty at " +
                 session->connect_host + ":" + std::to_string(session->connect_port) +
                 ", and accepts no logon for it on fix.listen_port");
  for (const char* required : {"--cert", "--key", "--amount", "--debtor-name", "--creditor-name", "--creditor-account",
                               "--creditor-bic"})
    if (flag(required).empty()) return Usage(std::string(required) + " is required");

  fix::InstructionFields in;
  in.cl_ord_id = flags.count("--cl-ord-id") ? flag("--cl-ord-id") : NewClOrdId();
  in.amount = flag("--amount");
  in.currency = flags.count("--currency") ? flag("--currency") : session->currencies.front();
  if (flags.count("--debtor-account")) {
    in.debtor_account = flag("--debtor-account");
  } else if (session->debtor_accounts.size() == 1) {
    in.debtor_account = session->debtor_accounts.front();
  } else {
    return Usage("--debtor-account is required: session " + name + " may debit several accounts");
  }
  in.debtor_name = flag("--debtor-name");
  in.debtor_agent_bic = config.pipeline.our_bic;
  in.creditor_name = flag("--creditor-name");
  in.creditor_account = flag("--creditor-account");
  in.creditor_agent_bic = flag("--creditor-bic");
  in.remittance_information = flag("--remittance");
  const std::pair<const char*, const std::string*> values[] = {
      {"--cl-ord-id", &in.cl_ord_id},           {"--amount", &in.amount},
      {"--currency", &in.currency},             {"--debtor-account", &in.debtor_account},
      {"--debtor-name", &in.debtor_name},       {"--creditor-name", &in.creditor_name},
      {"--creditor-account", &in.creditor_account}, {"--creditor-bic", &in.creditor_agent_bic}};
  for (const auto& [option, value] : values)
    if (std::string problem = fix::CheckFieldText(*value); !problem.empty()) return Usage(std::string(option) + " " + problem);
  if (!in.remittance_information.empty())
    if (std::string problem = fix::CheckFieldText(in.remittance_information); !problem.empty())
      return Usage("--remittance " + problem);

  int timeout_seconds = 30;
  if (flags.count("--timeout")) {
    const std::string t = flag("--timeout");
    if (t.empty() || t.size() > 3 || t.find_first_not_of("0123456789") != std::string::npos || std::stoi(t) < 1 ||
        std::stoi(t) > 600)
      return Usage("--timeout must be a number of seconds between 1 and 600");
    timeout_seconds = std::stoi(t);
  }

  fix::InitiatorOptions o;
  o.host = flags.count("--host") ? flag("--host") : f.listen_address;
  if (o.host == "0.0.0.0") o.host = "127.0.0.1";
  if (o.host == "::") o.host = "::1";
  if (std::string problem = fix::CheckFieldText(o.host, 253); !problem.empty()) return Usage("--host " + problem);
  o.port = static_cast<unsigned short>(f.listen_port);
  o.begin_string = session->begin_string;
  o.sender_comp_id = session->target_comp_id;  // we are the session's counterparty
  o.target_comp_id = session->sender_comp_id;
  o.dictionary_dir = std::filesystem::path(config.paths.data_dir) / "schemas/fix";
  o.cert_file = flag("--cert");
  o.key_file = flag("--key");
  o.ca_file = flags.count("--ca") ? flag("--ca") : f.ca_file;
  if (o.ca_file.empty()) return Usage("--ca is required (fix.ca_file is not set)");
  o.heartbeat_seconds = session->heartbeat_seconds;
  o.reconnect_seconds = 2;
  o.start_time = session->start_time;
  o.end_time = session->end_time;
  o.start_day = session->start_day;
  o.end_day = session->end_day;

  Inbox inbox;
  fix::FixInitiator::Handlers handlers;
  handlers.on_report = [&inbox](const fix::ExecutionReportInfo& r) {
    {
      std::lock_guard<std::mutex> l(inbox.mu);
      if (inbox.reports.size() >= Inbox::kMax) ++inbox.dropped;
      else inbox.reports.push_back(r);
    }
    inbox.cv.notify_all();
  };
  handlers.on_reject = [&inbox](const fix::RejectInfo& r) {
    {
      std::lock_guard<std::mutex> l(inbox.mu);
      if (inbox.rejects.size() >= Inbox::kMax) ++inbox.dropped;
      else inbox.rejects.push_back(r);
    }
    inbox.cv.notify_all();
  };
  auto initiator = fix::FixInitiator::Create(o, handlers);
  if (!initiator.ok()) return Fail(initiator.status());
  if (Status s = (*initiator)->Start(); !s.ok()) return Fail(s);

  const std::string where = o.host + ":" + std::to_string(o.port);
  const auto logon_wait = std::chrono::seconds(std::min(timeout_seconds, 10));
  if (!(*initiator)->WaitLogon(logon_wait)) {
    std::cerr << "gatewayctl fix: no logon to session " << name << " (" << o.sender_comp_id << " -> "
              << o.target_comp_id << ") at " << where << " within " << logon_wait.count() << " s\n";
    const auto events = (*initiator)->RecentEvents();
    const std::size_t from = events.size() > 5 ? events.size() - 5 : 0;
    for (std::size_t i = from; i < events.size(); ++i) std::cerr << "  " << events[i] << "\n";
    std::cerr << "  (is gatewayd running with this configuration? Is the certificate on the session's allow-list?";
    if (name == f.demo_session)
      std::cerr << " gatewayd's demo counterparty (fix.demo_session) holds session " << name
                << " while it runs: try another session";
    std::cerr << ")\n";
    (*initiator)->Stop(std::chrono::milliseconds(0));
    return 1;
  }
  std::cout << "logged on to session " << name << " (" << o.sender_comp_id << " -> " << o.target_comp_id << " at "
            << where << ")\n";
  if (Status s = (*initiator)->Send(in); !s.ok()) {
    std::cerr << "gatewayctl fix: " << s.message() << "\n";
    (*initiator)->Stop();
    return s.code() == StatusCode::kInvalidArgument ? 2 : 1;
  }
  std::cout << "sent NewOrderSingle ClOrdID=" << in.cl_ord_id << ": " << in.amount << " " << in.currency << " from "
            << in.debtor_account << " to " << in.creditor_account << " at " << in.creditor_agent_bic << std::endl;

  // Every report until a final one, a reject of the instruction, or the time-out.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  std::string last_status;
  bool done = false, rejected = false;
  std::unique_lock<std::mutex> l(inbox.mu);
  while (!done) {
    if (!inbox.cv.wait_until(l, deadline, [&] { return !inbox.reports.empty() || !inbox.rejects.empty(); })) break;
    while (!inbox.reports.empty()) {
      const fix::ExecutionReportInfo r = inbox.reports.front();
      inbox.reports.pop_front();
      if (r.cl_ord_id != in.cl_ord_id) {
        // Left over from an earlier instruction on this session: sent now that it is logged on.
        std::cout << "ExecutionReport (an earlier instruction) " << r.Describe() << "\n";
        continue;
      }
      std::cout << "ExecutionReport " << r.Describe() << "\n";
      last_status = r.payment_status;
      if (r.IsFinal()) done = true;
    }
    while (!inbox.rejects.empty()) {
      const fix::RejectInfo r = inbox.rejects.front();
      inbox.rejects.pop_front();
      std::cout << r.Describe() << "\n";
      // A session-level Reject can only be about the one message sent; a
      // BusinessMessageReject names the ClOrdID it refuses.
      if (r.msg_type == "3" || r.ref_id.empty() || r.ref_id == in.cl_ord_id) done = rejected = true;
    }
    std::cout << std::flush;
  }
  const std::size_t dropped = inbox.dropped;
  l.unlock();
  (*initiator)->Stop();
  if (dropped > 0) std::cerr << "gatewayctl fix: " << dropped << " messages were not shown (too many)\n";
  if (!done) {
    std::cerr << "gatewayctl fix: no final status for " << in.cl_ord_id << " within " << timeout_seconds << " s (last: "
              << (last_status.empty() ? "none" : last_status) << ")\n";
    return 1;
  }
  if (rejected) {
    std::cout << "final: the instruction was refused\n";
    return 1;
  }
  std::cout << "final status: " << last_status << "\n";
  return last_status == "COMPLETED" ? 0 : 1;
}

}  // namespace

int RunFixCommand(const Args& args, const appliance::GatewayConfig& config) {
  if (!args.empty() && args[0] == "send") return Send(args, config);
  if (!args.empty() && (args[0] == "--help" || args[0] == "help")) {
    std::cout << kUsage;
    return 0;
  }
  std::cerr << kUsage;
  return 2;
}

}  // namespace gw::ctl
