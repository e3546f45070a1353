#include "gateway/fix/fix_engine.h"

#include <spdlog/spdlog.h>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <optional>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <pqxx/pqxx>

#include "codecs/currency.h"
#include "core/pg/audit.h"
#include "codecs/decimal.h"
#include "gateway/fix/pg_message_store.h"
#include "gateway/fix/quickfix.h"
#include "gateway/payment_store.h"

namespace gw::fix {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// Printable, bounded text of something a peer sent, for logs.
std::string Printable(std::string_view s, std::size_t max = 64) {
  std::string out;
  for (char ch : s.substr(0, max)) out += (ch >= 0x20 && ch < 0x7f) ? ch : '?';
  if (s.size() > max) out += "...";
  return out;
}

// The value of `tag` in a raw FIX message ("" when absent).
std::string RawField(const std::string& raw, const std::string& tag) {
  const std::string key = tag + "=";
  std::size_t pos = raw.compare(0, key.size(), key) == 0 ? 0 : raw.find("\x01" + key);
  if (pos == std::string::npos) return "";
  if (pos > 0 || raw.compare(0, key.size(), key) != 0) pos += 1;
  pos += key.size();
  const std::size_t end = raw.find('\x01', pos);
  return raw.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
}

std::string SessionKey(const std::string& name) { return "fix:" + name; }

constexpr std::size_t kIntakeBatch = 500;             // instructions per transaction
constexpr std::size_t kMaxQueuedInstructions = 5000;  // read but not yet recorded, all sessions
constexpr std::size_t kReportBatch = 500;             // status reports per store transaction

}  // namespace

class Connection;

// Per configured session: its options and what Describe() reports.
struct SessionEntry {
  SessionOptions options;
  FIX::SessionID id;
  FIX::Session* session = nullptr;  // owned by QuickFIX's session registry via the factory
  std::atomic<bool> logged_on{false};
  std::atomic<bool> enabled{true};
  std::atomic<bool> ever_logged_on{false};  // an operator's logout clears it (fix_session_controls)
  mutable std::mutex mu;
  std::string last_logon;   // GUARDED_BY(mu)
  std::string last_error;   // GUARDED_BY(mu)
  std::string peer;         // GUARDED_BY(mu): certificate subject of the connection
  std::weak_ptr<Connection> connection;  // GUARDED_BY(mu): the one it is connected through here
  std::atomic<uint64_t> messages_in{0}, messages_out{0};
  std::atomic<uint64_t> logons{0};  // logons here since start-up

  // Initiator sessions (DialLoop).
  std::atomic<bool> dialing{false};           // an attempt or a connection is under way
  std::chrono::steady_clock::time_point next_attempt;  // GUARDED_BY(Impl::dial_mu_)
  std::atomic<bool> attempted{false};         // an attempt has ended since start-up
  std::atomic<bool> owned_elsewhere{false};
  std::atomic<bool> outside_schedule{false};
  std::string connect_error;  // GUARDED_BY(mu): why the last attempt failed or connection ended
  std::string logout_text;    // GUARDED_BY(mu): the counterparty's last Logout text on this connection
};

class FixEngine::Impl : public FIX::Application {
 public:
  Impl(EngineOptions options, pg::PgPool& pool, gateway::PaymentIntake& intake,
       std::shared_ptr<links::TlsCredentials> credentials, prometheus::Registry& registry)
      : options_(std::move(options)),
        pool_(pool),
        intake_(intake),
        credentials_(std::move(credentials)),
        store_duration_(prometheus::BuildHistogram()
                            .Name("fix_store_duration_seconds")
                            .Help("Round trips of the FIX sessions' message store to PostgreSQL")
                            .Register(registry)
                            .Add({}, prometheus::Histogram::BucketBoundaries{0.0005, 0.001, 0.002, 0.005, 0.01, 0.025,
                                                                             0.05, 0.1, 0.25, 1})),
        store_factory_(pool, [this](double seconds) { store_duration_.Observe(seconds); }),
        messages_family_(prometheus::BuildCounter()
                             .Name("fix_messages_total")
                             .Help("FIX messages by session, direction (in/out) and MsgType")
                             .Register(registry)),
        rejects_family_(prometheus::BuildCounter()
                            .Name("fix_rejects_total")
                            .Help("FIX connections, messages and instructions refused, by session and reason")
                            .Register(registry)),
        logged_on_(prometheus::BuildGauge()
                       .Name("fix_sessions_logged_on")
                       .Help("FIX sessions logged on at this node")
                       .Register(registry)
                       .Add({})),
        acceptor_(io_) {}

  Status Init();
  Status Start();
  void Stop();

  // FIX::Application
  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID& id) override;
  void onLogout(const FIX::SessionID& id) override;
  void toAdmin(FIX::Message& m, const FIX::SessionID& id) override { Count(id, "out", m); }
  void toApp(FIX::Message& m, const FIX::SessionID& id) override { Count(id, "out", m); }
  void fromAdmin(const FIX::Message& m, const FIX::SessionID& id) override;
  void fromApp(const FIX::Message& m, const FIX::SessionID& id) override;

  // Transport side.
  SessionEntry* FindByName(const std::string& name);
  SessionEntry* FindById(const FIX::SessionID& id);
  void Refuse(const std::string& session, const std::string& reason) {
    rejects_family_.Add({{"session", session}, {"reason", reason}}).Increment();
  }
  void WakeSender() {
    {
      std::lock_guard<std::mutex> l(sender_mu_);
      sender_wake_ = true;
    }
    sender_cv_.notify_one();
  }

  nlohmann::json Describe() const;

  // Initiator sessions: the end of a connection attempt or of a connection
  // (`why`, for Describe and /health); the next attempt follows after the
  // session's reconnect_interval.
  void DialEnded(SessionEntry& s, std::string why, bool was_logged_on);
  // Records why an initiator could not connect; true when the reason changed
  // (worth a warning rather than a debug line).
  bool SetConnectError(SessionEntry& s, const std::string& why);

  EngineOptions options_;
  pg::PgPool& pool_;
  gateway::PaymentIntake& intake_;
  std::shared_ptr<links::TlsCredentials> credentials_;
  prometheus::Histogram& store_duration_;
  PgMessageStoreFactory store_factory_;
  std::unique_ptr<FIX::SessionFactory> session_factory_;
  std::vector<std::unique_ptr<SessionEntry>> sessions_;

  prometheus::Family<prometheus::Counter>& messages_family_;
  prometheus::Family<prometheus::Counter>& rejects_family_;
  prometheus::Gauge& logged_on_;

  std::atomic<int> connections_{0};
  std::atomic<bool> stopping_{false};
  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> io_work_;
  tcp::acceptor acceptor_;
  std::vector<std::thread> io_threads_;

  // Instructions read by the sessions, waiting to be recorded (IntakeLoop).
  struct PendingInstruction {
    SessionEntry* session;
    int seq;                 // its MsgSeqNum
    Instruction instruction;
    std::string raw;
  };
  std::mutex intake_mu_;
  std::condition_variable intake_cv_;
  std::deque<PendingInstruction> intake_queue_;  // GUARDED_BY(intake_mu_)
  int intake_in_flight_ = 0;                     // GUARDED_BY(intake_mu_)

  std::thread timer_thread_;
  std::thread dial_thread_;
  std::mutex dial_mu_;
  std::condition_variable dial_cv_;
  bool dial_wake_ = false;  // GUARDED_BY(dial_mu_)
  std::thread intake_thread_;
  std::thread sender_thread_;
  std::mutex sender_mu_;
  std::condition_variable sender_cv_;
  std::condition_variable timer_cv_;
  bool sender_wake_ = false;  // GUARDED_BY(sender_mu_)

 private:
  void Count(const FIX::SessionID& id, const char* direction, const FIX::Message& m);
  void HandleInstruction(const FIX::Message& m, SessionEntry& s);
  void HandleCancel(const FIX::Message& m, SessionEntry& s);
  void SendBusinessReject(SessionEntry& s, const FIX::Message& ref, int reason, const std::string& text,
                          const std::string& reason_code = "", int tag = 0);
  void TimerLoop();
  void DialLoop();
  void TryConnect(SessionEntry& s);
  void WakeDialer(SessionEntry* s = nullptr);
  void IntakeLoop();
  bool RecordInstructions(std::vector<PendingInstruction>& batch);
  void WaitIntakeIdle(SessionEntry& s);
  void ReadControls();
  void SenderLoop();

 public:
  void ApplyControl(SessionEntry& s, bool enabled, const std::string& reason);
  Status ApplySequenceReset(SessionEntry& s, int next_sender, int next_target);

 private:
  bool SendPending(SessionEntry& s);
  void Accept();
};

// One TLS connection, in either direction. Accepted (Start): until its first
// message names a session it may speak for, nothing reaches QuickFIX. Dialled
// for an initiator session (Dial): until the server's certificate is on the
// session's allow-list, QuickFIX sends nothing. After that (Attach) it is the
// session's Responder, the same for both.
class Connection : public FIX::Responder, public std::enable_shared_from_this<Connection> {
 public:
  Connection(FixEngine::Impl& engine, tcp::socket socket, std::shared_ptr<asio::ssl::context> context)
      : engine_(engine),
        context_(std::move(context)),
        strand_(asio::make_strand(engine.io_)),
        stream_(std::move(socket), *context_),
        resolver_(strand_),
        deadline_(engine.io_),
        ticker_(engine.io_) {
    boost::system::error_code ec;
    auto ep = stream_.lowest_layer().remote_endpoint(ec);
    remote_ = ec ? "?" : ep.address().to_string() + ":" + std::to_string(ep.port());
  }
  // A connection of its own for an initiator session.
  Connection(FixEngine::Impl& engine, std::shared_ptr<asio::ssl::context> context)
      : Connection(engine, tcp::socket(engine.io_), std::move(context)) {}
  ~Connection() override { engine_.connections_--; }

  // Acceptor: the TLS handshake, then the first message (Admit).
  void Start() {
    auto self = shared_from_this();
    deadline_.expires_after(engine_.options_.handshake_timeout);
    deadline_.async_wait(asio::bind_executor(strand_, [self](const boost::system::error_code& ec) {
      if (ec || self->session_ != nullptr || self->closed_) return;
      spdlog::warn("fix: connection from {} refused: no TLS handshake and Logon within {} ms", self->remote_,
                   self->engine_.options_.handshake_timeout.count());
      self->engine_.Refuse("unknown", "timeout");
      self->Close();
    }));
    stream_.async_handshake(asio::ssl::stream_base::server,
                            asio::bind_executor(strand_, [self](const boost::system::error_code& ec) {
                              if (ec) {
                                spdlog::warn("fix: TLS handshake with {} failed: {}", self->remote_,
                                             links::DescribeTlsError(ec));
                                self->engine_.Refuse("unknown", "tls_handshake");
                                self->Close();
                                return;
                              }
                              self->chain_ = links::PeerChain::Of(self->stream_.native_handle());
                              self->Read();
                            }));
  }

  // Initiator: connects to `entry`'s counterparty while `owner_lock` holds
  // the session-owner lock (released when the connection closes). Resolving
  // and connecting must end within connect_timeout, the TLS handshake within
  // handshake_timeout. The server's certificate must chain to the CA (checked
  // in the handshake) and be on the session's allow-list; then the session is
  // attached and QuickFIX sends the Logon.
  void Dial(SessionEntry& entry, std::unique_ptr<pqxx::connection> owner_lock) {
    dialed_ = &entry;
    name_ = entry.options.policy.name;
    owner_lock_ = std::move(owner_lock);
    remote_ = entry.options.connect_host + ":" + std::to_string(entry.options.connect_port);
    auto self = shared_from_this();
    asio::post(strand_, [self] { self->Resolve(); });
  }

  // Keeps everything sent from now on off the wire until Release: true sends
  // it (its messages are stored), false drops it and disconnects (they are
  // not, and the session must re-read its numbers before it sends again).
  void Hold() {
    auto self = shared_from_this();
    asio::post(strand_, [self] { self->holding_ = true; });
  }
  void Release(bool deliver) {
    auto self = shared_from_this();
    asio::post(strand_, [self, deliver] {
      self->holding_ = false;
      std::deque<std::string> held;
      held.swap(self->held_);
      if (!deliver) {
        self->Close();
        return;
      }
      for (auto& data : held) self->Queue(std::move(data));
    });
  }

  // FIX::Responder: called by QuickFIX under its session lock; never blocks.
  bool send(const std::string& data) override {
    if (closed_) return false;
    auto self = shared_from_this();
    asio::post(strand_, [self, data] {
      if (self->closed_) return;
      if (self->holding_) {
        self->held_.push_back(data);
        return;
      }
      self->Queue(data);
    });
    return true;
  }
  void Queue(std::string data) {
    if (closed_) return;
    out_bytes_ += data.size();
    if (out_bytes_ > kMaxQueuedBytes) {
      spdlog::warn("fix: session {} reads too slowly ({} bytes waiting): disconnecting", name_, out_bytes_);
      Close();
      return;
    }
    out_.push_back(std::move(data));
    if (!writing_) Write();
  }
  void disconnect() override {
    auto self = shared_from_this();
    asio::post(strand_, [self] { self->Close(); });
  }

 private:
  static constexpr std::size_t kMaxQueuedBytes = 16 << 20;
  static constexpr std::size_t kMaxUnframedBytes = 64 << 10;
  static constexpr std::chrono::milliseconds kTick{500};

  // Initiator: the steps of Dial, each on the strand under the deadline.
  void Arm(std::chrono::milliseconds limit, std::string phase) {
    auto self = shared_from_this();
    deadline_.expires_after(limit);
    deadline_.async_wait(asio::bind_executor(strand_, [self, limit, phase](const boost::system::error_code& ec) {
      if (ec || self->session_ != nullptr || self->closed_) return;
      self->timed_out_ = phase + " timed out after " + std::to_string(limit.count()) + " ms";
      boost::system::error_code ignored;
      self->resolver_.cancel();
      self->stream_.lowest_layer().close(ignored);
    }));
  }
  void Resolve() {
    if (closed_) return;
    const auto& o = dialed_->options;
    Arm(engine_.options_.connect_timeout, "connecting to " + remote_);
    auto self = shared_from_this();
    resolver_.async_resolve(
        o.connect_host, std::to_string(o.connect_port),
        asio::bind_executor(strand_, [self](const boost::system::error_code& ec, const tcp::resolver::results_type& r) {
          if (self->closed_) return;
          if (ec) return self->Fail(self->timed_out_.empty() ? "cannot resolve " + self->dialed_->options.connect_host +
                                                                   ": " + ec.message()
                                                             : self->timed_out_);
          self->Connect(r);
        }));
  }
  void Connect(const tcp::resolver::results_type& endpoints) {
    auto self = shared_from_this();
    asio::async_connect(
        stream_.lowest_layer(), endpoints,
        asio::bind_executor(strand_, [self](const boost::system::error_code& ec, const tcp::endpoint& ep) {
          if (self->closed_) return;
          if (ec) return self->Fail(self->timed_out_.empty() ? "cannot connect to " + self->remote_ + ": " + ec.message()
                                                             : self->timed_out_);
          self->remote_ = self->dialed_->options.connect_host + " (" + ep.address().to_string() + ":" +
                          std::to_string(ep.port()) + ")";
          self->Handshake();
        }));
  }
  void Handshake() {
    boost::system::error_code ignored;
    stream_.lowest_layer().set_option(tcp::no_delay(true), ignored);
    const std::string& host = dialed_->options.connect_host;
    boost::system::error_code not_address;
    asio::ip::make_address(host, not_address);
    if (not_address) SSL_set_tlsext_host_name(stream_.native_handle(), host.c_str());
    // The chain is checked against the CA (and CRLs) by OpenSSL; the identity
    // by the allow-list afterwards, not by the host name.
    std::weak_ptr<Connection> weak = weak_from_this();
    stream_.set_verify_callback([weak](bool preverified, asio::ssl::verify_context& vctx) {
      auto self = weak.lock();
      if (!preverified && self && self->verify_error_.empty()) {
        X509_STORE_CTX* store = vctx.native_handle();
        self->verify_error_ = std::string(X509_verify_cert_error_string(X509_STORE_CTX_get_error(store))) +
                              " at depth " + std::to_string(X509_STORE_CTX_get_error_depth(store));
      }
      return preverified;
    });
    Arm(engine_.options_.handshake_timeout, "the TLS handshake with " + remote_);
    auto self = shared_from_this();
    stream_.async_handshake(asio::ssl::stream_base::client,
                            asio::bind_executor(strand_, [self](const boost::system::error_code& ec) {
                              if (self->closed_) return;
                              if (ec) {
                                const bool timeout = !self->timed_out_.empty();
                                self->engine_.Refuse(self->name_, timeout ? "timeout" : "tls_handshake");
                                return self->Fail(timeout ? self->timed_out_
                                                  : !self->verify_error_.empty()
                                                      ? "the server certificate of " + self->remote_ +
                                                            " was refused: " + self->verify_error_
                                                      : "the TLS handshake with " + self->remote_ +
                                                            " failed: " + links::DescribeTlsError(ec));
                              }
                              self->OnClientHandshake();
                            }));
  }
  void OnClientHandshake() {
    deadline_.cancel();
    chain_ = links::PeerChain::Of(stream_.native_handle());
    SessionEntry& entry = *dialed_;
    auto who = chain_.empty() ? std::nullopt : entry.options.allow->Match(chain_.leaf());
    if (!who) {
      std::string subject = "?";
      if (!chain_.empty()) {
        char buf[256];
        X509_NAME_oneline(X509_get_subject_name(chain_.leaf()), buf, sizeof buf);
        subject = Printable(buf, 200);
      }
      spdlog::warn("fix: session {}: {} refused: its certificate ({}) is not on the session's allow-list; no Logon sent",
                   name_, remote_, subject);
      engine_.Refuse(name_, "certificate_not_allowed");
      return Fail("the server certificate of " + remote_ + " (" + subject + ") is not on the session's allow-list");
    }
    if (engine_.stopping_ || !entry.enabled) return Fail("the session was stopped or logged out meanwhile");
    if (!Attach(entry, *who)) return Close();
    spdlog::info("fix: session {}: connected to {} (certificate of {}): logging on", name_, remote_, *who);
    try {
      session_->next();  // the Logon
    } catch (const std::exception& e) {
      spdlog::warn("fix: session {}: {}", name_, Printable(e.what(), 200));
    }
    Tick();
    if (!closed_) Read();
  }
  void Fail(const std::string& why) {
    error_ = why;
    Close();
  }
  // Initiator: QuickFIX's clock for a dialled session (Logon answer timeout,
  // heartbeats, test requests), on the strand, so that it never runs once the
  // connection let the session go. Acceptor sessions get theirs from TimerLoop.
  void Tick() {
    auto self = shared_from_this();
    ticker_.expires_after(kTick);
    ticker_.async_wait(asio::bind_executor(strand_, [self](const boost::system::error_code& ec) {
      if (ec || self->closed_ || self->session_ == nullptr) return;
      try {
        self->session_->next();
      } catch (const std::exception& e) {
        spdlog::warn("fix: session {}: {}", self->name_, Printable(e.what(), 200));
      }
      if (!self->closed_) self->Tick();
    }));
  }

  void Read() {
    auto self = shared_from_this();
    stream_.async_read_some(asio::buffer(buffer_),
                            asio::bind_executor(strand_, [self](const boost::system::error_code& ec, std::size_t n) {
                              if (ec) {
                                self->Close();
                                return;
                              }
                              self->OnBytes(n);
                            }));
  }

  void OnBytes(std::size_t n) {
    parser_.addToStream(buffer_.data(), n);
    unframed_ += n;
    std::string message;
    try {
      while (!closed_ && parser_.readFixMessage(message)) {
        unframed_ = 0;
        if (!OnMessage(message)) return;
      }
    } catch (const std::exception& e) {
      spdlog::warn("fix: {} from {}: garbled input ({}): disconnecting", name_.empty() ? "connection" : name_, remote_,
                   Printable(e.what(), 120));
      engine_.Refuse(name_.empty() ? "unknown" : name_, "garbled");
      Fail("garbled input from " + remote_);
      return;
    }
    if (unframed_ > kMaxUnframedBytes) {
      spdlog::warn("fix: {} from {}: {} bytes without a complete message: disconnecting",
                   name_.empty() ? "connection" : name_, remote_, unframed_);
      engine_.Refuse(name_.empty() ? "unknown" : name_, "garbled");
      Fail("garbled input from " + remote_);
      return;
    }
    if (!closed_) Read();
  }

  // False when the connection was closed.
  bool OnMessage(const std::string& raw) {
    if (session_ == nullptr && (dialed_ != nullptr || !Admit(raw))) {
      Close();
      return false;
    }
    try {
      session_->next(raw, FIX::UtcTimeStamp());
    } catch (const std::exception& e) {
      spdlog::warn("fix: session {}: {}", name_, Printable(e.what(), 200));
    }
    return !closed_;
  }

  // The first message: a Logon naming a session this certificate may speak for.
  bool Admit(const std::string& raw) {
    const std::string their = RawField(raw, "49"), ours = RawField(raw, "56"), type = RawField(raw, "35");
    const std::string begin = RawField(raw, "8");
    SessionEntry* entry = nullptr;
    for (auto& s : engine_.sessions_)
      if (s->options.target_comp_id == their && s->options.sender_comp_id == ours &&
          s->options.begin_string == begin)
        entry = s.get();
    if (entry == nullptr) {
      spdlog::warn("fix: connection from {} refused: no session {} {} -> {}", remote_, Printable(begin),
                   Printable(their), Printable(ours));
      engine_.Refuse("unknown", "unknown_comp_id");
      return false;
    }
    name_ = entry->options.policy.name;
    if (entry->options.initiator()) {
      spdlog::warn("fix: session {}: connection from {} refused: the gateway calls this counterparty ({}:{}) and "
                   "accepts no connection for it",
                   name_, remote_, entry->options.connect_host, entry->options.connect_port);
      engine_.Refuse(name_, "initiator_session");
      return false;
    }
    if (type != "A") {
      spdlog::warn("fix: session {}: connection from {} refused: the first message is {} , not a Logon", name_,
                   remote_, Printable(type, 8));
      engine_.Refuse(name_, "no_logon");
      return false;
    }
    const int heartbeat = std::atoi(RawField(raw, "108").c_str());
    if (heartbeat < 1 || heartbeat > entry->options.max_heartbeat_seconds) {
      spdlog::warn("fix: session {}: connection from {} refused: HeartBtInt {} is not between 1 and {} s", name_,
                   remote_, Printable(RawField(raw, "108"), 12), entry->options.max_heartbeat_seconds);
      engine_.Refuse(name_, "heartbeat");
      return false;
    }
    auto who = chain_.empty() ? std::nullopt : entry->options.allow->Match(chain_.leaf());
    if (!who) {
      spdlog::warn("fix: session {}: connection from {} refused: its certificate is not on the session's allow-list",
                   name_, remote_);
      engine_.Refuse(name_, "certificate_not_allowed");
      std::lock_guard<std::mutex> l(entry->mu);
      entry->last_error = "a certificate not on the allow-list was refused";
      return false;
    }
    if (FIX::Session::isSessionRegistered(entry->id)) {
      spdlog::warn("fix: session {}: connection from {} refused: the session is already connected", name_, remote_);
      engine_.Refuse(name_, "already_connected");
      return false;
    }
    if (!entry->enabled) {
      spdlog::warn("fix: session {}: connection from {} refused: an operator logged the session out", name_, remote_);
      engine_.Refuse(name_, "disabled");
      return false;
    }
    // One owner per session among the nodes sharing the database.
    auto conn = pg::Connect(engine_.options_.database_url, engine_.options_.connect_timeout_seconds,
                            "gatewayd-fix-owner");
    if (!conn.ok()) {
      spdlog::warn("fix: session {}: connection from {} refused: database unavailable ({})", name_, remote_,
                   conn.status().message());
      engine_.Refuse(name_, "database_unavailable");
      return false;
    }
    try {
      pqxx::nontransaction tx(**conn);
      const bool locked =
          tx.exec_params1("SELECT pg_try_advisory_lock(hashtext($1))", SessionKey(name_))[0].as<bool>();
      if (!locked) {
        spdlog::warn("fix: session {}: connection from {} refused: another gatewayd owns the session", name_, remote_);
        engine_.Refuse(name_, "owned_elsewhere");
        return false;
      }
    } catch (const std::exception& e) {
      engine_.Refuse(name_, "database_unavailable");
      return false;
    }
    owner_lock_ = std::move(*conn);
    if (!Attach(*entry, *who)) return false;
    spdlog::info("fix: session {}: connection from {} admitted (certificate of {})", name_, remote_, *who);
    return true;
  }

  // Both directions: ties the connection to the session, which this node owns
  // (owner_lock_), with the sequence numbers the store holds now. False when
  // refused (counted and logged); the caller closes.
  bool Attach(SessionEntry& entry, const std::string& who) {
    FIX::Session* session = FIX::Session::registerSession(entry.id);
    if (session == nullptr) {
      spdlog::warn("fix: session {}: {} refused: the session is already connected", name_, remote_);
      engine_.Refuse(name_, "already_connected");
      error_ = "the session is already connected";
      return false;
    }
    // Another node may have moved the sequence numbers on since we last looked.
    try {
      session->refresh();
    } catch (const std::exception& e) {
      spdlog::warn("fix: session {}: store refresh failed: {}", name_, Printable(e.what(), 200));
      FIX::Session::unregisterSession(entry.id);
      engine_.Refuse(name_, "database_unavailable");
      error_ = "the session's store could not be read";
      return false;
    }
    session_ = session;
    entry_ = &entry;
    logons_at_attach_ = entry.logons.load();
    session_->setResponder(this);
    deadline_.cancel();
    {
      std::lock_guard<std::mutex> l(entry.mu);
      entry.peer = who;
      entry.connection = weak_from_this();
      entry.logout_text.clear();
    }
    return true;
  }

  void Write() {
    writing_ = true;
    auto self = shared_from_this();
    asio::async_write(stream_, asio::buffer(out_.front()),
                      asio::bind_executor(strand_, [self](const boost::system::error_code& ec, std::size_t) {
                        if (ec) {
                          self->Close();
                          return;
                        }
                        self->out_bytes_ -= self->out_.front().size();
                        self->out_.pop_front();
                        if (!self->out_.empty()) self->Write();
                        else self->writing_ = false;
                      }));
  }

  void Close() {
    if (closed_) return;
    closed_ = true;
    deadline_.cancel();
    ticker_.cancel();
    boost::system::error_code ec;
    resolver_.cancel();
    bool was_logged_on = false;
    if (session_ != nullptr) {
      FIX::Session* s = session_;
      session_ = nullptr;
      // Detach first so that QuickFIX never calls back into a closed connection.
      s->setResponder(nullptr);
      try {
        s->disconnect();
      } catch (const std::exception&) {
      }
      FIX::Session::unregisterSession(entry_->id);
      was_logged_on = entry_->logons.load() != logons_at_attach_;
      spdlog::info("fix: session {}: connection {} {} closed", name_, dialed_ != nullptr ? "to" : "from", remote_);
    }
    owner_lock_.reset();  // releases the session-owner lock
    stream_.lowest_layer().shutdown(tcp::socket::shutdown_both, ec);
    stream_.lowest_layer().close(ec);
    if (dialed_ != nullptr) {
      std::string why = error_;
      if (why.empty())
        why = was_logged_on ? "the connection to " + remote_ + " ended"
              : entry_ != nullptr ? "no Logon answer from " + remote_
                                  : "the connection to " + remote_ + " ended before the Logon";
      engine_.DialEnded(*dialed_, why, was_logged_on);
    }
  }

  FixEngine::Impl& engine_;
  std::shared_ptr<asio::ssl::context> context_;
  asio::strand<asio::io_context::executor_type> strand_;
  asio::ssl::stream<tcp::socket> stream_;
  tcp::resolver resolver_;
  asio::steady_timer deadline_;
  asio::steady_timer ticker_;
  std::array<char, 16384> buffer_{};
  FIX::Parser parser_;
  std::size_t unframed_ = 0;
  std::deque<std::string> out_;
  std::size_t out_bytes_ = 0;
  bool writing_ = false;
  bool holding_ = false;
  std::deque<std::string> held_;
  std::atomic<bool> closed_{false};
  links::PeerChain chain_;
  std::string remote_;
  std::string name_;
  FIX::Session* session_ = nullptr;
  SessionEntry* entry_ = nullptr;    // the session attached, both directions
  SessionEntry* dialed_ = nullptr;   // initiator: the session this connection was dialled for
  uint64_t logons_at_attach_ = 0;
  std::string error_;                // why it ended, when known
  std::string timed_out_;            // initiator: the step that overran its deadline
  std::string verify_error_;         // initiator: why OpenSSL refused the server's chain
  std::unique_ptr<pqxx::connection> owner_lock_;
};

Status FixEngine::Impl::Init() {
  session_factory_ = std::make_unique<FIX::SessionFactory>(*this, store_factory_, nullptr);
  for (const auto& o : options_.sessions) {
    auto entry = std::make_unique<SessionEntry>();
    entry->options = o;
    entry->id = FIX::SessionID(o.begin_string, o.sender_comp_id, o.target_comp_id);
    FIX::Dictionary d;
    if (o.initiator()) {
      if (!options_.client_credentials)
        return InvalidArgument("fix.session " + o.policy.name + ": an initiator session needs the gateway's client certificate");
      // QuickFIX's initiator session: it sends the Logon (HeartBtInt from the
      // configuration) and waits for the answer; connecting is ours (DialLoop).
      d.setString("ConnectionType", "initiator");
      d.setInt("HeartBtInt", o.max_heartbeat_seconds);
      d.setInt("LogonTimeout", std::max<int>(1, static_cast<int>((options_.handshake_timeout.count() + 999) / 1000)));
    } else {
      d.setString("ConnectionType", "acceptor");
    }
    d.setString("StartTime", o.start_time);
    d.setString("EndTime", o.end_time);
    if (!o.start_day.empty()) {
      d.setString("StartDay", o.start_day);
      d.setString("EndDay", o.end_day);
    }
    d.setString("UseDataDictionary", "Y");
    if (o.begin_string == "FIXT.1.1") {
      d.setString("TransportDataDictionary", (options_.dictionary_dir / "FIXT11.xml").string());
      d.setString("AppDataDictionary", (options_.dictionary_dir / "FIX50SP2.xml").string());
      d.setString("DefaultApplVerID", "FIX.5.0SP2");
    } else {
      d.setString("DataDictionary", (options_.dictionary_dir / "FIX44.xml").string());
    }
    d.setString("ValidateFieldsOutOfOrder", "Y");
    d.setString("ValidateFieldsHaveValues", "Y");
    d.setString("ValidateUserDefinedFields", "Y");
    d.setString("AllowUnknownMsgFields", "N");
    d.setString("CheckLatency", "Y");
    d.setString("MaxLatency", "120");
    d.setString("ResetOnLogon", "N");
    d.setString("ResetOnLogout", "N");
    d.setString("ResetOnDisconnect", "N");
    d.setString("RefreshOnLogon", "Y");
    d.setString("PersistMessages", "Y");
    d.setString("TimeStampPrecision", "3");
    try {
      entry->session = session_factory_->create(entry->id, d);
    } catch (const std::exception& e) {
      return InvalidArgument("fix.session " + o.policy.name + ": " + e.what());
    }
    sessions_.push_back(std::move(entry));
  }
  return Status::Ok();
}

SessionEntry* FixEngine::Impl::FindByName(const std::string& name) {
  for (auto& s : sessions_)
    if (s->options.policy.name == name) return s.get();
  return nullptr;
}

SessionEntry* FixEngine::Impl::FindById(const FIX::SessionID& id) {
  for (auto& s : sessions_)
    if (s->id == id) return s.get();
  return nullptr;
}

void FixEngine::Impl::Count(const FIX::SessionID& id, const char* direction, const FIX::Message& m) {
  SessionEntry* s = FindById(id);
  if (s == nullptr) return;
  std::string type;
  try {
    type = m.getHeader().getField(35);
  } catch (const std::exception&) {
    type = "?";
  }
  messages_family_.Add({{"session", s->options.policy.name}, {"direction", direction}, {"msg_type", type}}).Increment();
  (direction[0] == 'i' ? s->messages_in : s->messages_out)++;
}

void FixEngine::Impl::onLogon(const FIX::SessionID& id) {
  SessionEntry* s = FindById(id);
  if (s == nullptr) return;
  s->logged_on = true;
  s->ever_logged_on = true;
  s->logons++;
  logged_on_.Increment();
  {
    std::lock_guard<std::mutex> l(s->mu);
    s->last_logon = FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3);
  }
  spdlog::info("fix: session {} logged on", s->options.policy.name);
  WakeSender();
}

void FixEngine::Impl::fromAdmin(const FIX::Message& m, const FIX::SessionID& id) {
  Count(id, "in", m);
  // An initiator whose Logon is refused hears why in a Logout: kept for
  // Describe() and /health. Nothing may leave this function but the FIX
  // exceptions QuickFIX declares for it.
  try {
    SessionEntry* s = FindById(id);
    if (s == nullptr || m.getHeader().getField(35) != "5") return;
    std::lock_guard<std::mutex> l(s->mu);
    s->logout_text = m.isSetField(58) ? Printable(m.getField(58), 200) : "no reason given";
  } catch (const std::exception&) {
  }
}

void FixEngine::Impl::onLogout(const FIX::SessionID& id) {
  SessionEntry* s = FindById(id);
  if (s == nullptr) return;
  if (s->logged_on.exchange(false)) logged_on_.Decrement();
  spdlog::info("fix: session {} logged out", s->options.policy.name);
}

void FixEngine::Impl::fromApp(const FIX::Message& m, const FIX::SessionID& id) {
  Count(id, "in", m);
  SessionEntry* s = FindById(id);
  if (s == nullptr) return;
  const std::string type = m.getHeader().getField(35);
  if (type != "D" && type != "F") throw FIX::UnsupportedMessageType();
  if (type == "D") CheckParties(m);  // FIX::IncorrectTagValue: a session-level Reject
  // QuickFIX's library enforces this function's exception specification at
  // run time: nothing but the FIX exceptions it names may leave it.
  try {
    if (type == "D") HandleInstruction(m, *s);
    else HandleCancel(m, *s);
  } catch (const FIX::FieldNotFound&) {
    throw;
  } catch (const FIX::IncorrectDataFormat&) {
    throw;
  } catch (const FIX::IncorrectTagValue&) {
    throw;
  } catch (const std::exception& e) {
    spdlog::error("fix: session {}: message {} not handled: {}", s->options.policy.name, type, Printable(e.what(), 200));
    try {
      SendBusinessReject(*s, m, 4, "the gateway could not handle the message: send it again");
    } catch (const std::exception&) {
    }
  }
}

// Read and checked on the session's thread, recorded by IntakeLoop with others
// in one transaction; the session moves on meanwhile (pipelining). The first
// status goes out only once the payment committed (the outbox is filled by the
// database in that transaction).
void FixEngine::Impl::HandleInstruction(const FIX::Message& m, SessionEntry& s) {
  PendingInstruction p{&s, std::stoi(m.getHeader().getField(34)), ReadInstruction(m, s.options.policy), m.toString()};
  {
    std::unique_lock<std::mutex> l(intake_mu_);
    // Bounded: a counterparty faster than the database waits here (and so
    // reads no further from its socket).
    intake_cv_.wait(l, [&] { return intake_queue_.size() < kMaxQueuedInstructions || stopping_.load(); });
    intake_queue_.push_back(std::move(p));
  }
  intake_cv_.notify_all();
}

// Waits until every instruction the session sent so far is recorded (a cancel
// must see the instruction it cancels).
void FixEngine::Impl::WaitIntakeIdle(SessionEntry& s) {
  std::unique_lock<std::mutex> l(intake_mu_);
  intake_cv_.wait_for(l, std::chrono::seconds(10), [&] {
    if (intake_in_flight_ > 0) return false;
    for (const auto& p : intake_queue_)
      if (p.session == &s) return false;
    return true;
  });
}

void FixEngine::Impl::IntakeLoop() {
  while (true) {
    std::vector<PendingInstruction> batch;
    {
      std::unique_lock<std::mutex> l(intake_mu_);
      intake_cv_.wait(l, [&] { return !intake_queue_.empty() || stopping_.load(); });
      if (intake_queue_.empty()) return;  // stopping, nothing left
      while (!intake_queue_.empty() && batch.size() < kIntakeBatch) {
        batch.push_back(std::move(intake_queue_.front()));
        intake_queue_.pop_front();
      }
      intake_in_flight_ = static_cast<int>(batch.size());
    }
    intake_cv_.notify_all();
    bool recorded = false;
    for (int attempt = 0; attempt < 3 && !recorded; ++attempt) {
      if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
      recorded = RecordInstructions(batch);
    }
    if (!recorded) {
      // Not recorded, and their sequence numbers not stored: the sessions are
      // disconnected, and ask for them again (ResendRequest) at their next logon.
      std::set<SessionEntry*> sessions;
      for (const auto& p : batch) sessions.insert(p.session);
      for (SessionEntry* s : sessions) {
        Refuse(s->options.policy.name, "application_unavailable");
        std::lock_guard<std::mutex> l(s->mu);
        s->last_error = "instructions not recorded (database unavailable): the session was disconnected";
        if (auto c = s->connection.lock()) c->disconnect();
      }
    }
    {
      std::lock_guard<std::mutex> l(intake_mu_);
      intake_in_flight_ = 0;
    }
    intake_cv_.notify_all();
  }
}

bool FixEngine::Impl::RecordInstructions(std::vector<PendingInstruction>& batch) {
  std::vector<gateway::NewPayment> items;
  items.reserve(batch.size());
  for (const auto& p : batch) {
    const auto& in = p.instruction;
    const bool valid = in.ingest.ok();
    items.push_back(gateway::NewPayment{in.ingest.instructions.front(), valid ? "" : in.ingest.issues.front().reason_code,
                                        valid ? "" : in.text,
                                        gateway::ArrivedMessage{"fix:D", in.cl_ord_id, p.raw}});
  }
  std::vector<gateway::CreateResult> results;
  Status st = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(results, gateway::CreatePayments(txn, items));
    std::map<SessionEntry*, int> next_target;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      int& next = next_target[batch[i].session];
      next = std::max(next, batch[i].seq + 1);
      const auto& r = results[i];
      if (!r.created && !r.conflict)  // a repeat: its last reported status again, behind the others
        txn.exec_params0(
            "INSERT INTO fix_status_outbox (session, payment_id, status, reason_code, reason, kind) "
            "SELECT $1, $2::uuid, coalesce(last.status, 'INITIATED'), last.reason_code, last.reason, 'query' "
            "FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT status, reason_code, reason FROM fix_status_outbox "
            "WHERE payment_id = $2::uuid AND kind = 'change' ORDER BY id DESC LIMIT 1) last ON true",
            batch[i].session->options.policy.name, r.payment.id);
    }
    for (const auto& [session, next] : next_target) PgMessageStore::AdvanceTarget(txn, session->id, next);
    return Status::Ok();
  });
  if (!st.ok()) {
    spdlog::error("fix: {} instruction(s) not recorded: {}", batch.size(), st.message());
    return false;
  }
  for (std::size_t i = 0; i < batch.size(); ++i) {
    SessionEntry& s = *batch[i].session;
    const auto& r = results[i];
    const auto& in = batch[i].instruction;
    if (r.conflict) {
      Refuse(s.options.policy.name, "clordid_reused");
      FIX::Message ref;
      ref.getHeader().setField(34, std::to_string(batch[i].seq));
      ref.getHeader().setField(35, "D");
      ref.setField(11, in.cl_ord_id);
      SendBusinessReject(s, ref, 0,
                         "ClOrdID " + Printable(in.cl_ord_id) +
                             " was already used on this session for another instruction (payment " + r.payment.id +
                             ", " + std::string(gateway::ToString(r.payment.status)) + ")",
                         "", 11);
    } else if (r.created && in.ingest.ok()) {
      if (options_.count_initiated) options_.count_initiated();
    } else if (r.created) {
      Refuse(s.options.policy.name, "invalid_instruction");
      if (options_.count_rejected) options_.count_rejected(in.ingest.issues.front().reason_code);
    }
  }
  WakeSender();
  return true;
}

void FixEngine::Impl::HandleCancel(const FIX::Message& m, SessionEntry& s) {
  const std::string orig = m.getField(41), cl = m.getField(11);
  WaitIntakeIdle(s);
  const std::string source = SessionKey(s.options.policy.name);
  auto reply = [&](const std::string& order_id, char ord_status, int reason, const std::string& text) {
    FIX::Message r;
    r.getHeader().setField(35, "9");
    r.setField(37, order_id);
    r.setField(11, cl);
    r.setField(41, orig);
    r.setField(39, std::string(1, ord_status));
    r.setField(434, "1");
    r.setField(102, std::to_string(reason));
    r.setField(58, text);
    FIX::Session::sendToTarget(r, s.id);
  };
  std::optional<gateway::Payment> found;
  Status st = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    auto row = txn.exec_params("SELECT id::text, status FROM payments WHERE source = $1 AND idempotency_key = $2 FOR UPDATE",
                               source, source + "|key:" + orig);
    if (row.empty()) return Status::Ok();
    gateway::Payment p;
    p.id = row[0][0].as<std::string>();
    p.status = gateway::ParsePaymentStatus(row[0][1].as<std::string>()).value_or(gateway::PaymentStatus::kException);
    found = p;
    if (!gateway::IsLegalTransition(p.status, gateway::PaymentStatus::kCancelled)) return Status::Ok();
    GW_RETURN_IF_ERROR(gateway::Transition(txn, p.id, p.status, gateway::PaymentStatus::kCancelled, source,
                                           "cancelled by the FIX session (OrderCancelRequest " + Printable(cl) + ")",
                                           gateway::TransitionFields{.reason_code = "DS02", .reason = "cancelled by the instructing party"}));
    pg::WriteAudit(txn, pg::AuditEntry{source, "payment.cancel", "payment", p.id, std::nullopt, std::nullopt, "",
                                       nlohmann::json{{"cl_ord_id", cl}, {"orig_cl_ord_id", orig}}});
    found->status = gateway::PaymentStatus::kCancelled;
    return Status::Ok();
  });
  if (!st.ok()) {
    SendBusinessReject(s, m, 4, "the cancel request was not recorded (the gateway cannot reach its database): send it again");
    return;
  }
  if (!found) return reply("NONE", '8', 1, "no instruction " + Printable(orig) + " on this session");
  if (found->status != gateway::PaymentStatus::kCancelled)
    return reply(found->id, ReportFor(found->status).value_or(ReportCodes{'I', '0'}).ord_status, 0,
                 "too late to cancel: the payment is " + std::string(gateway::ToString(found->status)));
  WakeSender();  // the CANCELLED report is in the outbox
}

void FixEngine::Impl::SendBusinessReject(SessionEntry& s, const FIX::Message& ref, int reason, const std::string& text,
                                         const std::string& reason_code, int tag) {
  FIX::Message r;
  r.getHeader().setField(35, "j");
  r.setField(372, "D");
  try {
    r.setField(45, ref.getHeader().getField(34));
    r.setField(372, ref.getHeader().getField(35));
    if (ref.isSetField(11)) r.setField(379, ref.getField(11));
  } catch (const std::exception&) {
  }
  r.setField(380, std::to_string(reason));
  r.setField(58, text.size() > 400 ? text.substr(0, 400) : text);
  if (!reason_code.empty()) r.setField(kStatusReasonCode, reason_code);
  if (tag > 0) r.setField(kRejectedTag, std::to_string(tag));
  FIX::Session::sendToTarget(r, s.id);
}

namespace {
std::string AmountText(int64_t minor, const std::string& currency) {
  return codecs::Decimal::FromMinorUnits(minor, codecs::CurrencyMinorUnits(currency).value_or(2)).ToString();
}
int TagInReason(const std::string& reason) {
  if (reason.rfind("tag ", 0) != 0) return 0;
  return std::atoi(reason.c_str() + 4);
}
}  // namespace

// Sends the session's queued status reports, oldest first. False when it
// could not finish (not logged on, or the database failed).
bool FixEngine::Impl::SendPending(SessionEntry& s) {
  struct Row {
    int64_t id;
    StatusReport report;
  };
  std::vector<Row> rows;
  Status st = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    rows.clear();
    auto r = txn.exec_params(
        "SELECT o.id, o.payment_id::text, o.status, coalesce(o.reason_code, ''), coalesce(o.reason, ''), "
        "p.idempotency_key, p.debtor_account, p.currency, p.amount_minor, p.uetr, o.kind = 'query' "
        "FROM fix_status_outbox o JOIN payments p ON p.id = o.payment_id "
        "WHERE o.session = $1 AND o.sent_seq IS NULL ORDER BY o.id LIMIT $2",
        s.options.policy.name, static_cast<int>(kReportBatch));
    for (const auto& row : r) {
      Row out;
      out.id = row[0].as<int64_t>();
      auto& rep = out.report;
      rep.payment_id = row[1].as<std::string>();
      rep.exec_id = rep.payment_id + ":" + std::to_string(out.id);
      rep.status = gateway::ParsePaymentStatus(row[2].as<std::string>()).value_or(gateway::PaymentStatus::kException);
      rep.reason_code = row[3].as<std::string>();
      rep.reason = row[4].as<std::string>();
      rep.cl_ord_id = ClOrdIdFromKey(row[5].as<std::string>());
      rep.account = row[6].is_null() ? "" : row[6].as<std::string>();
      rep.currency = row[7].as<std::string>();
      rep.amount = AmountText(row[8].as<int64_t>(), rep.currency);
      rep.uetr = row[9].is_null() ? "" : row[9].as<std::string>();
      rep.rejected_tag = TagInReason(rep.reason);
      rep.status_query = row[10].as<bool>();
      rows.push_back(std::move(out));
    }
    return Status::Ok();
  });
  if (!st.ok()) {
    std::lock_guard<std::mutex> l(s.mu);
    s.last_error = "status reports waiting: " + st.message();
    return false;
  }
  if (rows.empty()) return true;
  std::shared_ptr<Connection> connection;
  {
    std::lock_guard<std::mutex> l(s.mu);
    connection = s.connection.lock();
  }
  if (!connection || !s.logged_on || stopping_) return false;
  // The reports are stored (with their outbox rows marked sent) in one
  // transaction, and reach the wire only once it committed: a crash can then
  // never send a report twice as a new message, nor one the store lacks.
  connection->Hold();
  std::vector<int64_t> ids;
  Status stored;
  {
    PgMessageStore::Batch batch(pool_, s.id);
    for (auto& row : rows) {
      FIX::Message m = BuildExecutionReport(row.report);
      const std::size_t before = batch.seqs().size();
      try {
        FIX::Session::sendToTarget(m, s.id);
      } catch (const std::exception& e) {
        spdlog::warn("fix: session {}: status report not sent: {}", s.options.policy.name, Printable(e.what(), 200));
      }
      if (batch.seqs().size() != before + 1) break;  // not taken (logged out meanwhile): later
      ids.push_back(row.id);
    }
    stored = batch.Commit([&](pqxx::dbtransaction& txn, const std::vector<int>& seqs) {
      nlohmann::json marks = nlohmann::json::array();
      for (std::size_t i = 0; i < seqs.size(); ++i) marks.push_back({{"id", ids[i]}, {"seq", seqs[i]}});
      auto r = txn.exec_params(
          "UPDATE fix_status_outbox o SET sent_seq = m.seq, sent_at = now() "
          "FROM jsonb_to_recordset($1::jsonb) AS m(id bigint, seq int) WHERE o.id = m.id AND o.sent_seq IS NULL",
          marks.dump());
      if (r.affected_rows() != seqs.size()) throw std::runtime_error("a status report was already sent");
    });
  }
  connection->Release(stored.ok());
  if (!stored.ok()) {
    spdlog::warn("fix: session {}: {} status report(s) not stored ({}): disconnecting", s.options.policy.name,
                 ids.size(), stored.message());
    try {
      s.session->refresh();  // the numbers the store holds, not the ones just given out
    } catch (const std::exception&) {
    }
    std::lock_guard<std::mutex> l(s.mu);
    s.last_error = "status reports not stored: " + stored.message();
    return false;
  }
  return rows.size() < kReportBatch;
}

void FixEngine::Impl::SenderLoop() {
  while (!stopping_) {
    bool more = false;
    for (auto& s : sessions_)
      if (s->logged_on && !SendPending(*s)) more = more || s->logged_on;
    std::unique_lock<std::mutex> l(sender_mu_);
    sender_cv_.wait_for(l, more ? std::chrono::milliseconds(200) : std::chrono::milliseconds(50),
                        [&] { return sender_wake_ || stopping_.load(); });
    sender_wake_ = false;
  }
}

void FixEngine::Impl::ReadControls() {
  std::map<std::string, std::pair<bool, std::string>> controls;
  Status st = pg::InTransaction(pool_, [&](pqxx::dbtransaction& txn) -> Status {
    controls.clear();
    for (const auto& row : txn.exec("SELECT session, enabled, reason FROM fix_session_controls"))
      controls[row[0].as<std::string>()] = {row[1].as<bool>(), row[2].as<std::string>()};
    return Status::Ok();
  });
  if (!st.ok()) return;  // keep what is known; the health check shows the database
  for (auto& s : sessions_) {
    auto c = controls.find(s->options.policy.name);
    const bool enabled = c == controls.end() || c->second.first;
    if (enabled != s->enabled.load()) ApplyControl(*s, enabled, c == controls.end() ? "" : c->second.second);
  }
}

void FixEngine::Impl::ApplyControl(SessionEntry& s, bool enabled, const std::string& reason) {
  s.enabled = enabled;
  if (s.session == nullptr) return;
  try {
    if (enabled) {
      s.session->logon();
    } else {
      s.session->logout(reason.empty() ? "logged out by an operator" : "logged out by an operator: " + reason);
      s.session->next();  // sends the Logout now
    }
  } catch (const std::exception& e) {
    spdlog::warn("fix: session {}: {}", s.options.policy.name, Printable(e.what(), 200));
  }
  spdlog::info("fix: session {} {} by an operator", s.options.policy.name, enabled ? "enabled" : "logged out and disabled");
  if (enabled && s.options.initiator()) WakeDialer(&s);
}

// Initiator sessions: one attempt at a time per session, the next one
// reconnect_interval after the last ended (DialEnded) or was not made (disabled,
// outside the schedule, owned by another node, database unavailable).
void FixEngine::Impl::DialLoop() {
  std::unique_lock<std::mutex> l(dial_mu_);
  while (!stopping_) {
    const auto now = std::chrono::steady_clock::now();
    auto wake = now + std::chrono::seconds(1);
    std::vector<SessionEntry*> due;
    for (auto& s : sessions_) {
      if (!s->options.initiator() || s->dialing) continue;
      if (s->next_attempt <= now) {
        due.push_back(s.get());
        s->next_attempt = now + s->options.reconnect_interval;  // unless DialEnded moves it
      } else {
        wake = std::min(wake, s->next_attempt);
      }
    }
    if (!due.empty()) {
      l.unlock();
      for (SessionEntry* s : due)
        if (!stopping_) TryConnect(*s);
      l.lock();
      continue;
    }
    dial_cv_.wait_until(l, wake, [&] { return dial_wake_ || stopping_.load(); });
    dial_wake_ = false;
  }
}

void FixEngine::Impl::WakeDialer(SessionEntry* s) {
  {
    std::lock_guard<std::mutex> l(dial_mu_);
    if (s != nullptr) s->next_attempt = std::chrono::steady_clock::now();
    dial_wake_ = true;
  }
  dial_cv_.notify_all();
}

bool FixEngine::Impl::SetConnectError(SessionEntry& s, const std::string& why) {
  std::lock_guard<std::mutex> l(s.mu);
  const bool changed = s.connect_error != why;
  s.connect_error = why;
  s.last_error = why;
  return changed;
}

void FixEngine::Impl::TryConnect(SessionEntry& s) {
  const std::string& name = s.options.policy.name;
  if (!s.enabled) return;  // ApplyControl wakes the dialer when it is enabled again
  if (!s.session->isSessionTime(FIX::UtcTimeStamp())) {
    if (!s.outside_schedule.exchange(true))
      spdlog::info("fix: session {}: outside its schedule ({} to {} UTC): not connecting", name, s.options.start_time,
                   s.options.end_time);
    return;
  }
  s.outside_schedule = false;
  if (FIX::Session::isSessionRegistered(s.id)) return;
  // Only the node holding the session-owner lock connects.
  auto conn = pg::Connect(options_.database_url, options_.connect_timeout_seconds, "gatewayd-fix-owner");
  bool locked = false;
  std::string problem;
  if (!conn.ok()) {
    problem = "database unavailable: " + conn.status().message();
  } else {
    try {
      pqxx::nontransaction tx(**conn);
      locked = tx.exec_params1("SELECT pg_try_advisory_lock(hashtext($1))", SessionKey(name))[0].as<bool>();
    } catch (const std::exception& e) {
      problem = std::string("database unavailable: ") + e.what();
    }
  }
  if (!problem.empty()) {
    s.attempted = true;
    if (SetConnectError(s, problem)) spdlog::warn("fix: session {}: not connecting: {}", name, problem);
    return;
  }
  if (!locked) {
    if (!s.owned_elsewhere.exchange(true))
      spdlog::info("fix: session {}: another gatewayd owns the session: not connecting", name);
    return;
  }
  s.owned_elsewhere = false;
  if (stopping_) return;
  s.dialing = true;
  connections_++;
  std::make_shared<Connection>(*this, options_.client_credentials->Context())->Dial(s, std::move(*conn));
}

void FixEngine::Impl::DialEnded(SessionEntry& s, std::string why, bool was_logged_on) {
  {
    std::lock_guard<std::mutex> l(s.mu);
    if (!s.logout_text.empty()) why += " (Logout: " + s.logout_text + ")";
    s.logout_text.clear();
  }
  const bool changed = SetConnectError(s, why);
  s.attempted = true;
  const auto interval = s.options.reconnect_interval;
  if (stopping_) {
  } else if (changed || was_logged_on) {
    spdlog::warn("fix: session {}: {}; next attempt in {} s", s.options.policy.name, why, interval.count());
  } else {
    spdlog::debug("fix: session {}: {}; next attempt in {} s", s.options.policy.name, why, interval.count());
  }
  {
    std::lock_guard<std::mutex> l(dial_mu_);
    s.next_attempt = std::chrono::steady_clock::now() + interval;
    s.dialing = false;
    dial_wake_ = true;
  }
  dial_cv_.notify_all();
}

Status FixEngine::Impl::ApplySequenceReset(SessionEntry& s, int next_sender, int next_target) {
  if (s.session == nullptr) return NotFound("no FIX session " + s.options.policy.name);
  if (FIX::Session::isSessionRegistered(s.id)) {
    // Connected here: through QuickFIX, which writes its store.
    try {
      s.session->setNextSenderMsgSeqNum(next_sender);
      s.session->setNextTargetMsgSeqNum(next_target);
    } catch (const std::exception& e) {
      return Unavailable("the sequence numbers of session " + s.options.policy.name + " were not stored: " + e.what());
    }
    return Status::Ok();
  }
  // Not connected here: only while no other node owns the session.
  auto conn = pg::Connect(options_.database_url, options_.connect_timeout_seconds, "gatewayd-fix-reset");
  if (!conn.ok()) return conn.status();
  try {
    pqxx::nontransaction lock(**conn);
    if (!lock.exec_params1("SELECT pg_try_advisory_lock(hashtext($1))", SessionKey(s.options.policy.name))[0].as<bool>())
      return FailedPrecondition("session " + s.options.policy.name +
                                " is connected at another gatewayd: log it out first, then approve again");
    lock.exec_params0("UPDATE fix_store_sessions SET next_sender_seq = $2, next_target_seq = $3, updated_at = now() "
                      "WHERE session_key = $1",
                      s.id.toString(), next_sender, next_target);
    s.session->refresh();
  } catch (const std::exception& e) {
    return Unavailable(std::string("the sequence reset was not stored: ") + e.what());
  }
  return Status::Ok();  // closing the connection releases the lock
}

void FixEngine::Impl::TimerLoop() {
  auto controls_read = std::chrono::steady_clock::time_point();
  while (!stopping_) {
    if (std::chrono::steady_clock::now() - controls_read > std::chrono::seconds(2)) {
      ReadControls();
      controls_read = std::chrono::steady_clock::now();
    }
    for (auto& s : sessions_) {
      // An initiator's clock runs on its connection (Connection::Tick): called
      // here while it is not connected, QuickFIX would "send" a Logon nowhere.
      if (s->options.initiator()) continue;
      try {
        if (s->session != nullptr) s->session->next();
      } catch (const std::exception& e) {
        spdlog::warn("fix: session {}: {}", s->options.policy.name, Printable(e.what(), 200));
      }
    }
    std::unique_lock<std::mutex> l(sender_mu_);
    timer_cv_.wait_for(l, std::chrono::milliseconds(500), [&] { return stopping_.load(); });
  }
}

void FixEngine::Impl::Accept() {
  acceptor_.async_accept(asio::make_strand(io_), [this](const boost::system::error_code& ec, tcp::socket socket) {
    if (ec) {
      if (!stopping_) Accept();
      return;
    }
    if (connections_.load() >= options_.max_connections) {
      Refuse("unknown", "too_many_connections");
      boost::system::error_code ignored;
      socket.close(ignored);
    } else {
      connections_++;
      std::make_shared<Connection>(*this, std::move(socket), credentials_->Context())->Start();
    }
    Accept();
  });
}

Status FixEngine::Impl::Start() {
  std::size_t initiators = 0;
  for (const auto& s : sessions_) initiators += s->options.initiator() ? 1 : 0;
  if (options_.listen) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(options_.listen_address, ec);
    if (ec) return InvalidArgument("fix.listen_address: " + options_.listen_address + " is not an IP address");
    tcp::endpoint ep(address, options_.port);
    acceptor_.open(ep.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(ep, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
      return Unavailable("fix: cannot listen on " + options_.listen_address + ":" + std::to_string(options_.port) +
                         ": " + ec.message());
    Accept();
  }
  // Keeps the I/O threads running while nothing listens and nothing is connected.
  io_work_.emplace(asio::make_work_guard(io_));
  for (int i = 0; i < 2; ++i) io_threads_.emplace_back([this] { io_.run(); });
  timer_thread_ = std::thread([this] { TimerLoop(); });
  intake_thread_ = std::thread([this] { IntakeLoop(); });
  sender_thread_ = std::thread([this] { SenderLoop(); });
  if (initiators > 0) dial_thread_ = std::thread([this] { DialLoop(); });
  if (options_.listen)
    spdlog::info("fix: listening on {}:{} for {} session(s)", options_.listen_address,
                 acceptor_.local_endpoint().port(), sessions_.size() - initiators);
  for (const auto& s : sessions_)
    if (s->options.initiator())
      spdlog::info("fix: session {} connects to {}:{} (every {} s until logged on)", s->options.policy.name,
                   s->options.connect_host, s->options.connect_port, s->options.reconnect_interval.count());
  return Status::Ok();
}

void FixEngine::Impl::Stop() {
  if (stopping_.exchange(true)) return;
  {
    std::lock_guard<std::mutex> l(dial_mu_);
    dial_wake_ = true;
  }
  dial_cv_.notify_all();
  if (dial_thread_.joinable()) dial_thread_.join();  // no new attempts from here on
  sender_cv_.notify_all();
  timer_cv_.notify_all();
  intake_cv_.notify_all();
  if (intake_thread_.joinable()) intake_thread_.join();  // records what was read before it stops
  if (sender_thread_.joinable()) sender_thread_.join();
  if (timer_thread_.joinable()) timer_thread_.join();
  for (auto& s : sessions_) {
    try {
      // next() only when logged on: an initiator's session not logged on would
      // start a Logon instead.
      if (s->session != nullptr && s->session->isLoggedOn()) {
        s->session->logout("the gateway is stopping");
        s->session->next();
      }
      if (s->session != nullptr) s->session->disconnect();  // detaches the connection
    } catch (const std::exception&) {
    }
  }
  boost::system::error_code ec;
  acceptor_.close(ec);
  // Let the Logouts go out, then stop the transport.
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  io_work_.reset();
  io_.stop();
  for (auto& t : io_threads_) t.join();
  io_threads_.clear();
}

nlohmann::json FixEngine::Impl::Describe() const {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& s : sessions_) {
    nlohmann::json j = {{"name", s->options.policy.name},
                        {"begin_string", s->options.begin_string},
                        {"sender_comp_id", s->options.sender_comp_id},
                        {"target_comp_id", s->options.target_comp_id},
                        {"role", s->options.initiator() ? "initiator" : "acceptor"},
                        {"state", s->logged_on ? "logged_on" : (s->enabled ? "disconnected" : "disabled")},
                        {"enabled", s->enabled.load()},
                        {"messages_in", s->messages_in.load()},
                        {"messages_out", s->messages_out.load()}};
    if (s->session != nullptr) {
      try {
        j["next_sender_seq"] = s->session->getStore()->getNextSenderMsgSeqNum();
        j["next_target_seq"] = s->session->getStore()->getNextTargetMsgSeqNum();
      } catch (const std::exception&) {
      }
    }
    std::lock_guard<std::mutex> l(s->mu);
    j["last_logon"] = s->last_logon.empty() ? nlohmann::json() : nlohmann::json(s->last_logon);
    j["last_error"] = s->last_error.empty() ? nlohmann::json() : nlohmann::json(s->last_error);
    j["peer"] = s->peer.empty() ? nlohmann::json() : nlohmann::json(s->peer);
    if (s->options.initiator()) {
      j["connect"] = s->options.connect_host + ":" + std::to_string(s->options.connect_port);
      j["reconnect_interval_s"] = s->options.reconnect_interval.count();
      // Why it is not connected: the last attempt's error, or why none is made.
      std::string why;
      if (!s->logged_on) {
        if (!s->enabled) why = "";
        else if (s->outside_schedule) why = "outside the session's schedule: not connecting";
        else if (s->owned_elsewhere) why = "another gatewayd owns the session";
        else why = s->connect_error;
      }
      j["connect_error"] = why.empty() ? nlohmann::json() : nlohmann::json(why);
    }
    out.push_back(j);
  }
  return out;
}

// FixEngine

FixEngine::FixEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FixEngine::~FixEngine() {
  if (impl_) impl_->Stop();
}

StatusOr<std::unique_ptr<FixEngine>> FixEngine::Create(EngineOptions options, pg::PgPool& pool,
                                                       gateway::PaymentIntake& intake,
                                                       std::shared_ptr<links::TlsCredentials> credentials,
                                                       prometheus::Registry& registry) {
  auto impl = std::make_unique<Impl>(std::move(options), pool, intake, std::move(credentials), registry);
  GW_RETURN_IF_ERROR(impl->Init());
  return std::unique_ptr<FixEngine>(new FixEngine(std::move(impl)));
}

Status FixEngine::Start() { return impl_->Start(); }
void FixEngine::Stop() { impl_->Stop(); }
unsigned short FixEngine::port() const {
  boost::system::error_code ec;
  auto ep = impl_->acceptor_.local_endpoint(ec);
  return ec ? 0 : ep.port();
}
nlohmann::json FixEngine::Describe() const { return impl_->Describe(); }
bool FixEngine::HasSession(const std::string& session) const { return impl_->FindByName(session) != nullptr; }
bool FixEngine::EverLoggedOn(const std::string& session) const {
  const SessionEntry* s = impl_->FindByName(session);
  return s != nullptr && s->ever_logged_on;
}
FixEngine::SessionState FixEngine::State(const std::string& session) const {
  SessionState out;
  const SessionEntry* s = impl_->FindByName(session);
  if (s == nullptr) return out;
  out.initiator = s->options.initiator();
  out.logged_on = s->logged_on;
  out.enabled = s->enabled;
  out.ever_logged_on = s->ever_logged_on;
  out.attempted = s->attempted;
  out.owned_elsewhere = s->owned_elsewhere;
  out.outside_schedule = s->outside_schedule;
  std::lock_guard<std::mutex> l(s->mu);
  out.connect_error = s->connect_error;
  return out;
}
bool FixEngine::Enabled(const std::string& session) const {
  const SessionEntry* s = impl_->FindByName(session);
  return s != nullptr && s->enabled;
}
void FixEngine::ApplyControl(const std::string& session, bool enabled, const std::string& reason) {
  if (SessionEntry* s = impl_->FindByName(session)) impl_->ApplyControl(*s, enabled, reason);
}
Status FixEngine::ApplySequenceReset(const std::string& session, int next_sender_seq, int next_target_seq) {
  SessionEntry* s = impl_->FindByName(session);
  if (s == nullptr) return NotFound("no FIX session " + session);
  return impl_->ApplySequenceReset(*s, next_sender_seq, next_target_seq);
}
bool FixEngine::LoggedOn(const std::string& session) const {
  for (const auto& s : impl_->sessions_)
    if (s->options.policy.name == session) return s->logged_on;
  return false;
}

}  // namespace gw::fix
