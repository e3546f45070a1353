// File: gateway/fix/demo_counterparty.h
//
// The counterparty's side of a FIX session with this gateway, for
// demonstrations and manual tries:
//   - BuildInstruction: the one place where an instruction (NewOrderSingle,
//     35=D) is put together, with the tags of fix_mapping.h;
//   - FixInitiator: QuickFIX's SSL initiator (ThreadedSSLSocketInitiator, an
//     RSA client certificate) on one session, which sends instructions and
//     hands every ExecutionReport and reject it receives to a callback;
//   - DemoCounterparty: gatewayd's built-in demo desk ([fix] demo_session),
//     which sends one instruction every interval and logs each report.
// `gatewayctl fix send` uses FixInitiator and BuildInstruction.
//
// Sequence numbers live in QuickFIX's MemoryStore and every Logon asks for a
// reset (ResetSeqNumFlag 141=Y), so a counterparty that restarts, or that
// speaks once, always logs on; what the gateway had sent before a reset is not
// sent again, and nothing sent is kept for a resend request (it gets a gap
// fill), so the memory a long-running demo uses stays bounded.
//
// QuickFIX's SSL initiator checks the gateway's certificate against the CA
// file (chain and validity), not the name it carries.
//
// Thread safety: FixInitiator's callbacks run on QuickFIX's socket thread;
// Send, LoggedOn, WaitLogon and RecentEvents may be called from any thread;
// Start and Stop from one thread, never from a callback.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"

namespace FIX {
class Message;
}

namespace gw::fix {

// What one instruction says (schemas/fix/README.md, "Field mapping").
struct InstructionFields {
  std::string cl_ord_id;               // 11, unique per session: the idempotency key
  std::string amount;                  // 152, decimal text, sent as it is
  std::string currency;                // 15
  std::string debtor_name;             // 20001
  std::string debtor_account;          // 1, IBAN
  std::string debtor_agent_bic;        // 448 with 452=13
  std::string creditor_name;           // 20002
  std::string creditor_account;        // 20003, IBAN
  std::string creditor_agent_bic;      // 448 with 452=30
  std::string remittance_information;  // 20010, optional
};

// A NewOrderSingle (header MsgType only: the session fills the rest).
FIX::Message BuildInstruction(const InstructionFields& fields);

// A value that can go into a FIX field as given: 1-`max` characters, none of
// them a control character (SOH would end the field). The problem in words, or "".
std::string CheckFieldText(const std::string& value, std::size_t max = 140);

// What an ExecutionReport (35=8) says.
struct ExecutionReportInfo {
  std::string cl_ord_id;       // 11
  std::string order_id;        // 37: the gateway's payment id
  std::string exec_id;         // 17
  std::string exec_type;       // 150
  std::string ord_status;      // 39
  std::string payment_status;  // 20020
  std::string reason_code;     // 20021
  std::string rejected_tag;    // 20022
  std::string text;            // 58
  std::string uetr;            // 20011
  // COMPLETED, FAILED, REJECTED or CANCELLED: nothing follows.
  bool IsFinal() const;
  // One line: "ClOrdID=... OrderID=... ExecType=... OrdStatus=... status=... [reason=...] [tag=...] [text="..."]".
  std::string Describe() const;
};

// A session-level Reject (35=3) or a BusinessMessageReject (35=j).
struct RejectInfo {
  std::string msg_type;    // "3" or "j"
  std::string ref_id;      // 379 BusinessRejectRefID (the ClOrdID), "" for a 3
  std::string ref_seq;     // 45 RefSeqNum
  std::string reason;      // 373 SessionRejectReason or 380 BusinessRejectReason
  std::string ref_tag;     // 371 RefTagID, or 20022 RejectedTag
  std::string text;        // 58
  std::string Describe() const;
};

struct InitiatorOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 0;
  std::string begin_string = "FIX.4.4";  // or "FIXT.1.1" (application FIX.5.0SP2)
  std::string sender_comp_id;            // the counterparty's: the session's target_comp_id
  std::string target_comp_id;            // the gateway's: the session's sender_comp_id
  std::filesystem::path dictionary_dir;  // schemas/fix
  std::string cert_file;                 // PEM, RSA (QuickFIX's SSL takes RSA keys only)
  std::string key_file;
  std::string ca_file;                   // the CA the gateway's server certificate chains to
  int heartbeat_seconds = 30;
  int reconnect_seconds = 5;
  std::string start_time = "00:00:00";   // the session's window, UTC
  std::string end_time = "00:00:00";
  std::string start_day, end_day;
};

class FixInitiator {
 public:
  struct Handlers {
    std::function<void(const ExecutionReportInfo&)> on_report;
    std::function<void(const RejectInfo&)> on_reject;
    std::function<void(bool logged_on)> on_logon_change;
  };

  // kInvalidArgument when the options, dictionary, certificate or key are unusable.
  static StatusOr<std::unique_ptr<FixInitiator>> Create(InitiatorOptions options, Handlers handlers);
  ~FixInitiator();

  // Starts connecting (and reconnecting every reconnect_seconds).
  Status Start();
  // Logs out (waiting at most `logout_wait` for the answer) and disconnects.
  void Stop(std::chrono::milliseconds logout_wait = std::chrono::milliseconds(2000));

  bool LoggedOn() const;
  bool WaitLogon(std::chrono::milliseconds timeout);
  // kUnavailable when not logged on or QuickFIX would not send it.
  Status Send(const InstructionFields& fields);
  // The last few session events (connections, logons, logouts with their
  // text), oldest first: what to tell someone whose logon did not happen.
  std::vector<std::string> RecentEvents() const;

  class Impl;

 private:
  explicit FixInitiator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// gatewayd's demo FIX counterparty ([fix] demo_session): logs on to the
// gateway's own FIX port as the session's counterparty and sends one
// instruction every `interval` while logged on, each with a new ClOrdID
// (DEMO-<start time>-<n>) and an amount between 10.00 and 99.00; every
// ExecutionReport is logged at info level (status 20020, reason 20021).
struct DemoCounterpartyOptions {
  std::string session;  // the [[fix.session]] name, for logs
  InitiatorOptions initiator;
  std::chrono::milliseconds interval{5000};
  InstructionFields instruction;  // every field but cl_ord_id and amount
};

class DemoCounterparty {
 public:
  static StatusOr<std::unique_ptr<DemoCounterparty>> Create(DemoCounterpartyOptions options);
  ~DemoCounterparty();

  Status Start();
  void Stop();
  uint64_t sent() const { return sent_; }
  uint64_t reports() const { return reports_; }

 private:
  explicit DemoCounterparty(DemoCounterpartyOptions options) : options_(std::move(options)) {}
  void Loop();

  DemoCounterpartyOptions options_;
  std::unique_ptr<FixInitiator> initiator_;
  std::string prefix_;  // DEMO-<start time>-
  std::atomic<uint64_t> sent_{0}, reports_{0};
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace gw::fix
