// File: gateway/fix/fix_engine.h
//
// FIX sessions with counterparty and front-office systems (README.md here):
// QuickFIX runs each session (sequence numbers, resend, validation against the
// dictionaries in schemas/fix/, its store in PostgreSQL), while the transport
// is ours: mutual TLS with the links' credentials code (gateway/links/tls.h),
// so that a connection is tied to a session only when its certificate is on
// that session's allow-list, and ECDSA, CRLs and reloads work as for links.
//
// Acceptor sessions (the counterparty calls the gateway):
//   TLS handshake (CA, CRL) -> first message: a Logon whose CompIDs name a
//   configured session -> certificate on that session's allow-list -> this node
//   owns the session (PostgreSQL advisory lock) -> QuickFIX takes it from there.
// Initiator sessions (the gateway calls the counterparty, SessionOptions::
// connect_host): enabled, within its schedule, this node owns the session ->
// TCP connect -> TLS handshake with the gateway's client certificate (server
// certificate checked against the CA) -> server certificate on the session's
// allow-list -> QuickFIX sends the Logon; again every reconnect_interval after
// a failed attempt or a lost connection.
// Anything else is refused before QuickFIX sees or sends a byte, logged, and
// counted in fix_rejects_total{session,reason}. After that both directions are
// one connection class and one session: the same instructions, reports,
// sequence numbers and operations.
//
// Instructions (35=D) become payments with source "fix:<session>" through the
// same validation and intake as the REST API; every status the session is told
// about is queued in fix_status_outbox by the database (a trigger on payments)
// and sent in order while the session is logged on, each marked sent in the
// same transaction that stores it under its sequence number.
//
// Thread safety: Start/Stop from one thread; Describe() from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>
#include <prometheus/registry.h>

#include "core/pg/pool.h"
#include "core/status.h"
#include "gateway/fix/fix_mapping.h"
#include "gateway/links/tls.h"
#include "gateway/payment_intake.h"

namespace gw::fix {

struct SessionOptions {
  SessionPolicy policy;                     // name, accounts, currencies
  std::string begin_string = "FIX.4.4";     // or "FIXT.1.1" (FIX.5.0SP2)
  std::string sender_comp_id;               // ours
  std::string target_comp_id;               // theirs
  std::string start_time = "00:00:00";      // UTC
  std::string end_time = "00:00:00";
  std::string start_day, end_day;           // optional weekly window
  int max_heartbeat_seconds = 30;           // the longest HeartBtInt (108) a Logon may ask for;
                                            // an initiator's own Logon asks for this
  std::shared_ptr<const links::AllowList> allow;  // certificates that may speak for it
  // Initiator sessions: the counterparty's FIX acceptor (port 0: an acceptor
  // session), and the pause after a failed attempt or a lost connection.
  std::string connect_host;
  unsigned short connect_port = 0;
  std::chrono::seconds reconnect_interval{5};
  bool initiator() const { return connect_port != 0; }
};

struct EngineOptions {
  std::string database_url;                 // for the session-owner locks
  int connect_timeout_seconds = 3;
  bool listen = true;                       // false: no acceptor (initiator sessions only)
  std::string listen_address = "127.0.0.1";
  unsigned short port = 0;                  // 0: any free port (see port())
  std::filesystem::path dictionary_dir;     // schemas/fix
  // Acceptor: TLS handshake and first Logon. Initiator: TLS handshake, and
  // again for the answer to the Logon (QuickFIX's LogonTimeout, whole seconds).
  std::chrono::milliseconds handshake_timeout{10000};
  std::chrono::milliseconds connect_timeout{5000};  // initiator: resolving and the TCP connection
  // The gateway's own client certificate for initiator sessions (TlsRole::kClient;
  // null when there are none). The engine's `credentials` are its server side.
  std::shared_ptr<links::TlsCredentials> client_credentials;
  int max_connections = 64;
  std::vector<SessionOptions> sessions;
  // Hooks into the pipeline's metrics (may be empty).
  std::function<void()> count_initiated;
  std::function<void(const std::string& reason_code)> count_rejected;
};

class FixEngine {
 public:
  // `pool`, `intake` and `credentials` must outlive the engine.
  static StatusOr<std::unique_ptr<FixEngine>> Create(EngineOptions options, pg::PgPool& pool,
                                                     gateway::PaymentIntake& intake,
                                                     std::shared_ptr<links::TlsCredentials> credentials,
                                                     prometheus::Registry& registry);
  ~FixEngine();

  // Listens (unless options.listen is false), starts the status sender and
  // the initiator sessions' connection attempts; kUnavailable when the port is
  // taken.
  Status Start();
  // Logs the sessions out, ends connection attempts and closes every connection.
  void Stop();
  unsigned short port() const;

  // One entry per session: name, CompIDs, state, next sequence numbers, last
  // logon, messages in/out, last error.
  nlohmann::json Describe() const;
  // Whether the named session is logged on here.
  bool LoggedOn(const std::string& session) const;
  bool HasSession(const std::string& session) const;
  // False while an admin holds the session out.
  bool Enabled(const std::string& session) const;
  // Whether the session has logged on here since this gatewayd started.
  bool EverLoggedOn(const std::string& session) const;

  // What /health reports of a session.
  struct SessionState {
    bool initiator = false;
    bool logged_on = false;
    bool enabled = true;
    bool ever_logged_on = false;
    // Initiator sessions only:
    bool attempted = false;         // a connection attempt has ended since start-up
    bool owned_elsewhere = false;   // another gatewayd holds the session: this one does not connect
    bool outside_schedule = false;  // outside start_time..end_time: not connecting
    std::string connect_error;      // why the last attempt failed or the last connection ended
  };
  // Null-equivalent (all defaults) for an unknown session.
  SessionState State(const std::string& session) const;

  // An operator's logout (enabled = false) or logon, already recorded in
  // fix_session_controls: applied here now; other nodes read the table every
  // two seconds and on every connection. A disabled session is logged out
  // (Logout with `reason`) and refuses connections until enabled again.
  void ApplyControl(const std::string& session, bool enabled, const std::string& reason);
  // Sets the next sequence numbers out and in, through QuickFIX (and so in its
  // store) when the session is connected here, else in the store while holding
  // the session-owner lock. kFailedPrecondition when another node owns the
  // session.
  Status ApplySequenceReset(const std::string& session, int next_sender_seq, int next_target_seq);

  class Impl;

 private:
  explicit FixEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw::fix
