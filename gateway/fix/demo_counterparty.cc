#include "gateway/fix/demo_counterparty.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <deque>
#include <fstream>

#include "gateway/fix/fix_mapping.h"
#include "gateway/fix/quickfix.h"

namespace gw::fix {

namespace {

constexpr std::size_t kMaxEvents = 16;
constexpr std::size_t kMaxEventChars = 300;

// Printable, bounded text of something the other side sent.
std::string Printable(std::string_view s, std::size_t max = 400) {
  std::string out;
  for (char ch : s.substr(0, max)) out += (ch >= 0x20 && ch < 0x7f) ? ch : '?';
  if (s.size() > max) out += "...";
  return out;
}

std::string Field(const FIX::FieldMap& m, int tag) {
  if (!m.isSetField(tag)) return "";
  return Printable(m.getField(tag));
}

std::string UtcNowCompact() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d%H%M%S", &tm);
  return buf;
}

Status Readable(const std::string& what, const std::string& file) {
  if (file.empty()) return InvalidArgument(what + ": not set");
  std::ifstream in(file);
  if (!in) return InvalidArgument(what + ": cannot read " + file);
  return Status::Ok();
}

}  // namespace

FIX::Message BuildInstruction(const InstructionFields& f) {
  FIX::Message m;
  m.getHeader().setField(35, "D");
  m.setField(kClOrdId, f.cl_ord_id);
  FIX::Group debtor_agent(kNoPartyIds, kPartyId);
  debtor_agent.setField(kPartyId, f.debtor_agent_bic);
  debtor_agent.setField(kPartyIdSource, "B");
  debtor_agent.setField(kPartyRole, std::to_string(kRoleDebtorAgent));
  m.addGroup(debtor_agent);
  FIX::Group creditor_agent(kNoPartyIds, kPartyId);
  creditor_agent.setField(kPartyId, f.creditor_agent_bic);
  creditor_agent.setField(kPartyIdSource, "B");
  creditor_agent.setField(kPartyRole, std::to_string(kRoleCreditorAgent));
  m.addGroup(creditor_agent);
  m.setField(kAccount, f.debtor_account);
  m.setField(kTransactTime, FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3));
  m.setField(kCashOrderQty, f.amount);
  m.setField(kCurrency, f.currency);
  m.setField(kDebtorName, f.debtor_name);
  m.setField(kCreditorName, f.creditor_name);
  m.setField(kCreditorAccount, f.creditor_account);
  if (!f.remittance_information.empty()) m.setField(kRemittanceInformation, f.remittance_information);
  return m;
}

std::string CheckFieldText(const std::string& value, std::size_t max) {
  if (value.empty()) return "must not be empty";
  if (value.size() > max) return "must be at most " + std::to_string(max) + " characters";
  for (unsigned char ch : value)
    if (ch < 0x20 || ch == 0x7f) return "must not contain control characters";
  return "";
}

bool ExecutionReportInfo::IsFinal() const {
  return payment_status == "COMPLETED" || payment_status == "FAILED" || payment_status == "REJECTED" ||
         payment_status == "CANCELLED";
}

std::string ExecutionReportInfo::Describe() const {
  std::string out = "ClOrdID=" + cl_ord_id + " OrderID=" + order_id + " ExecType=" + exec_type +
                    " OrdStatus=" + ord_status + " status=" + payment_status;
  if (!reason_code.empty()) out += " reason=" + reason_code;
  if (!rejected_tag.empty()) out += " tag=" + rejected_tag;
  if (!text.empty()) out += " text=\"" + text + "\"";
  return out;
}

std::string RejectInfo::Describe() const {
  std::string out = msg_type == "j" ? "BusinessMessageReject" : "Reject";
  if (!ref_id.empty()) out += " ref=" + ref_id;
  if (!ref_seq.empty()) out += " RefSeqNum=" + ref_seq;
  if (!reason.empty()) out += " reason=" + reason;
  if (!ref_tag.empty()) out += " tag=" + ref_tag;
  if (!text.empty()) out += " text=\"" + text + "\"";
  return out;
}

// ---------------------------------------------------------------------------
// FixInitiator

class FixInitiator::Impl : public FIX::Application {
 public:
  Impl(InitiatorOptions options, Handlers handlers) : options_(std::move(options)), handlers_(std::move(handlers)) {}

  ~Impl() override { Stop(std::chrono::milliseconds(0)); }

  Status Init();
  Status Start();
  void Stop(std::chrono::milliseconds logout_wait);
  bool LoggedOn() const { return logged_on_; }
  bool WaitLogon(std::chrono::milliseconds timeout) {
    std::unique_lock<std::mutex> l(mu_);
    return cv_.wait_for(l, timeout, [&] { return logged_on_.load(); });
  }
  Status Send(const InstructionFields& f);
  std::vector<std::string> RecentEvents() const {
    std::lock_guard<std::mutex> l(events_mu_);
    return {events_.begin(), events_.end()};
  }
  void Event(const std::string& text) {
    const std::string line = Printable(text, kMaxEventChars);
    spdlog::debug("fix initiator {}->{}: {}", options_.sender_comp_id, options_.target_comp_id, line);
    std::lock_guard<std::mutex> l(events_mu_);
    events_.push_back(line);
    while (events_.size() > kMaxEvents) events_.pop_front();
  }

  // FIX::Application. Nothing may leave these but the FIX exceptions their
  // declarations in QuickFIX name (quickfix.h): every body catches all.
  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID&) override {
    {
      std::lock_guard<std::mutex> l(mu_);
      logged_on_ = true;
    }
    cv_.notify_all();
    Notify(true);
  }
  void onLogout(const FIX::SessionID&) override {
    bool was = false;
    {
      std::lock_guard<std::mutex> l(mu_);
      was = logged_on_.exchange(false);
    }
    cv_.notify_all();
    if (was) Notify(false);
  }
  void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
  void toApp(FIX::Message&, const FIX::SessionID&) override {}
  void fromAdmin(const FIX::Message& m, const FIX::SessionID&) override {
    try {
      const std::string type = m.getHeader().getField(35);
      if (type == "3") {
        RejectInfo r{"3", "", Field(m, kRefSeqNum), Field(m, kSessionRejectReason), Field(m, kRefTagId), Field(m, kText)};
        if (handlers_.on_reject) handlers_.on_reject(r);
      } else if (type == "5") {
        Event("Logout from the gateway" + (m.isSetField(kText) ? ": " + m.getField(kText) : std::string()));
      }
    } catch (const std::exception& e) {
      spdlog::warn("fix initiator {}: an admin message could not be handled: {}", options_.sender_comp_id,
                   Printable(e.what(), 200));
    } catch (...) {
    }
  }
  void fromApp(const FIX::Message& m, const FIX::SessionID&) override {
    try {
      const std::string type = m.getHeader().getField(35);
      if (type == "8") {
        ExecutionReportInfo r;
        r.cl_ord_id = Field(m, kClOrdId);
        r.order_id = Field(m, kOrderId);
        r.exec_id = Field(m, kExecId);
        r.exec_type = Field(m, kExecType);
        r.ord_status = Field(m, kOrdStatus);
        r.payment_status = Field(m, kPaymentStatus);
        r.reason_code = Field(m, kStatusReasonCode);
        r.rejected_tag = Field(m, kRejectedTag);
        r.text = Field(m, kText);
        r.uetr = Field(m, kUetr);
        if (handlers_.on_report) handlers_.on_report(r);
      } else if (type == "j") {
        RejectInfo r{"j", Field(m, kBusinessRejectRefId), Field(m, kRefSeqNum), Field(m, kBusinessRejectReason),
                     Field(m, kRejectedTag), Field(m, kText)};
        if (handlers_.on_reject) handlers_.on_reject(r);
      } else {
        Event("ignored a message of type " + Printable(type, 8));
      }
    } catch (const std::exception& e) {
      spdlog::warn("fix initiator {}: a message could not be handled: {}", options_.sender_comp_id,
                   Printable(e.what(), 200));
    } catch (...) {
    }
  }

 private:
  void Notify(bool on) {
    try {
      Event(on ? "logged on" : "logged out");
      if (handlers_.on_logon_change) handlers_.on_logon_change(on);
    } catch (...) {
    }
  }

  // QuickFIX's log: session events only (never message contents), kept for RecentEvents().
  class EventLog : public FIX::Log {
   public:
    explicit EventLog(Impl& owner) : owner_(owner) {}
    void clear() override {}
    void backup() override {}
    void onIncoming(const std::string&) override {}
    void onOutgoing(const std::string&) override {}
    void onEvent(const std::string& text) override {
      try {
        owner_.Event(text);
      } catch (...) {
      }
    }

   private:
    Impl& owner_;
  };
  class EventLogFactory : public FIX::LogFactory {
   public:
    explicit EventLogFactory(Impl& owner) : owner_(owner) {}
    FIX::Log* create() override { return new EventLog(owner_); }
    FIX::Log* create(const FIX::SessionID&) override { return new EventLog(owner_); }
    void destroy(FIX::Log* log) override { delete log; }

   private:
    Impl& owner_;
  };

  InitiatorOptions options_;
  Handlers handlers_;
  FIX::SessionID id_;
  FIX::MemoryStoreFactory store_factory_;
  EventLogFactory log_factory_{*this};
  std::unique_ptr<FIX::SessionSettings> settings_;
  std::unique_ptr<FIX::ThreadedSSLSocketInitiator> initiator_;
  bool started_ = false;
  std::atomic<bool> logged_on_{false};
  std::mutex mu_;
  std::condition_variable cv_;
  mutable std::mutex events_mu_;
  std::deque<std::string> events_;  // GUARDED_BY(events_mu_)
};

Status FixInitiator::Impl::Init() {
  const InitiatorOptions& o = options_;
  if (o.port == 0) return InvalidArgument("no FIX port to connect to");
  if (o.host.empty()) return InvalidArgument("no FIX host to connect to");
  if (o.begin_string != "FIX.4.4" && o.begin_string != "FIXT.1.1")
    return InvalidArgument("begin string must be FIX.4.4 or FIXT.1.1 (got " + o.begin_string + ")");
  if (o.sender_comp_id.empty() || o.target_comp_id.empty()) return InvalidArgument("the session's CompIDs are not set");
  GW_RETURN_IF_ERROR(Readable("certificate", o.cert_file));
  GW_RETURN_IF_ERROR(Readable("key", o.key_file));
  GW_RETURN_IF_ERROR(Readable("CA file", o.ca_file));
  const bool fixt = o.begin_string == "FIXT.1.1";
  const std::filesystem::path app_dictionary = o.dictionary_dir / (fixt ? "FIX50SP2.xml" : "FIX44.xml");
  GW_RETURN_IF_ERROR(Readable("FIX dictionary", app_dictionary.string()));
  id_ = FIX::SessionID(o.begin_string, o.sender_comp_id, o.target_comp_id);
  try {
    FIX::Dictionary defaults;
    defaults.setString("ConnectionType", "initiator");
    defaults.setString("SocketConnectHost", o.host);
    defaults.setInt("SocketConnectPort", o.port);
    defaults.setInt("ReconnectInterval", std::max(1, o.reconnect_seconds));
    defaults.setInt("HeartBtInt", std::max(1, o.heartbeat_seconds));
    defaults.setString("StartTime", o.start_time);
    defaults.setString("EndTime", o.end_time);
    if (!o.start_day.empty() && !o.end_day.empty()) {
      defaults.setString("StartDay", o.start_day);
      defaults.setString("EndDay", o.end_day);
    }
    defaults.setString("UseDataDictionary", "Y");
    if (fixt) {
      defaults.setString("TransportDataDictionary", (o.dictionary_dir / "FIXT11.xml").string());
      defaults.setString("AppDataDictionary", app_dictionary.string());
      defaults.setString("DefaultApplVerID", "FIX.5.0SP2");
    } else {
      defaults.setString("DataDictionary", app_dictionary.string());
    }
    defaults.setString("ValidateUserDefinedFields", "Y");
    // MemoryStore: a fresh start at sequence number 1 on every logon, on both sides.
    defaults.setString("ResetOnLogon", "Y");
    defaults.setString("ResetOnDisconnect", "Y");
    // Nothing kept for resending (a resend request is answered with a gap fill):
    // the memory stays bounded however long the demo runs.
    defaults.setString("PersistMessages", "N");
    defaults.setString("TimeStampPrecision", "3");
    defaults.setString("ClientCertificateFile", o.cert_file);
    defaults.setString("ClientCertificateKeyFile", o.key_file);
    defaults.setString("CertificationAuthoritiesFile", o.ca_file);
    // QuickFIX 1.15 names no TLS 1.3; what it does not disable stays allowed.
    defaults.setString("SSLProtocol", "all -SSLv2 -SSLv3 -TLSv1 -TLSv1_1");
    settings_ = std::make_unique<FIX::SessionSettings>();
    settings_->set(defaults);
    settings_->set(id_, FIX::Dictionary());
    initiator_ = std::make_unique<FIX::ThreadedSSLSocketInitiator>(*this, store_factory_, *settings_, log_factory_);
  } catch (const std::exception& e) {
    return InvalidArgument("FIX session settings: " + Printable(e.what(), 300));
  }
  return Status::Ok();
}

Status FixInitiator::Impl::Start() {
  if (started_) return Status::Ok();
  try {
    initiator_->start();
  } catch (const std::exception& e) {
    // The certificate, key or CA file: QuickFIX reads them here.
    return InvalidArgument("FIX initiator: " + Printable(e.what(), 300) +
                           " (the certificate and key must be an RSA pair in PEM)");
  }
  started_ = true;
  return Status::Ok();
}

void FixInitiator::Impl::Stop(std::chrono::milliseconds logout_wait) {
  if (!started_) return;
  started_ = false;
  try {
    if (logged_on_) {
      if (FIX::Session* s = FIX::Session::lookupSession(id_)) s->logout();
      std::unique_lock<std::mutex> l(mu_);
      cv_.wait_for(l, logout_wait, [&] { return !logged_on_.load(); });
    }
    initiator_->stop(true);
  } catch (const std::exception& e) {
    spdlog::warn("fix initiator {}: stop: {}", options_.sender_comp_id, Printable(e.what(), 200));
  }
  logged_on_ = false;
}

Status FixInitiator::Impl::Send(const InstructionFields& f) {
  const std::pair<const char*, const std::string*> fields[] = {
      {"ClOrdID", &f.cl_ord_id},           {"amount", &f.amount},
      {"currency", &f.currency},           {"debtor name", &f.debtor_name},
      {"debtor account", &f.debtor_account}, {"debtor agent BIC", &f.debtor_agent_bic},
      {"creditor name", &f.creditor_name}, {"creditor account", &f.creditor_account},
      {"creditor agent BIC", &f.creditor_agent_bic}};
  for (const auto& [name, value] : fields)
    if (std::string problem = CheckFieldText(*value); !problem.empty())
      return InvalidArgument(std::string(name) + ": " + problem);
  if (!f.remittance_information.empty())
    if (std::string problem = CheckFieldText(f.remittance_information); !problem.empty())
      return InvalidArgument("remittance information: " + problem);
  if (!logged_on_) return Unavailable("the FIX session is not logged on");
  try {
    FIX::Message m = BuildInstruction(f);
    if (!FIX::Session::sendToTarget(m, id_)) return Unavailable("QuickFIX did not send the instruction");
  } catch (const std::exception& e) {
    return Unavailable("the instruction could not be sent: " + Printable(e.what(), 200));
  }
  return Status::Ok();
}

StatusOr<std::unique_ptr<FixInitiator>> FixInitiator::Create(InitiatorOptions options, Handlers handlers) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handlers));
  GW_RETURN_IF_ERROR(impl->Init());
  return std::unique_ptr<FixInitiator>(new FixInitiator(std::move(impl)));
}

FixInitiator::FixInitiator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FixInitiator::~FixInitiator() = default;
Status FixInitiator::Start() { return impl_->Start(); }
void FixInitiator::Stop(std::chrono::milliseconds logout_wait) { impl_->Stop(logout_wait); }
bool FixInitiator::LoggedOn() const { return impl_->LoggedOn(); }
bool FixInitiator::WaitLogon(std::chrono::milliseconds timeout) { return impl_->WaitLogon(timeout); }
Status FixInitiator::Send(const InstructionFields& fields) { return impl_->Send(fields); }
std::vector<std::string> FixInitiator::RecentEvents() const { return impl_->RecentEvents(); }

// ---------------------------------------------------------------------------
// DemoCounterparty

StatusOr<std::unique_ptr<DemoCounterparty>> DemoCounterparty::Create(DemoCounterpartyOptions options) {
  if (options.interval < std::chrono::milliseconds(100)) return InvalidArgument("the demo's interval is under 100 ms");
  std::unique_ptr<DemoCounterparty> demo(new DemoCounterparty(std::move(options)));
  DemoCounterparty* d = demo.get();
  const std::string session = d->options_.session;
  FixInitiator::Handlers handlers;
  handlers.on_report = [d, session](const ExecutionReportInfo& r) {
    d->reports_++;
    std::string line = r.cl_ord_id + " " + r.payment_status;
    if (!r.reason_code.empty()) line += " " + r.reason_code;
    if (!r.text.empty()) line += ": " + r.text;
    spdlog::info("fix demo {}: {} (payment {})", session, line, r.order_id);
  };
  handlers.on_reject = [session](const RejectInfo& r) { spdlog::warn("fix demo {}: {}", session, r.Describe()); };
  handlers.on_logon_change = [session](bool on) {
    spdlog::info("fix demo {}: {}", session, on ? "logged on" : "logged out");
  };
  auto initiator = FixInitiator::Create(d->options_.initiator, std::move(handlers));
  if (!initiator.ok()) return initiator.status();
  d->initiator_ = std::move(*initiator);
  d->prefix_ = "DEMO-" + UtcNowCompact() + "-";
  return demo;
}

DemoCounterparty::~DemoCounterparty() { Stop(); }

Status DemoCounterparty::Start() {
  if (thread_.joinable()) return Status::Ok();
  GW_RETURN_IF_ERROR(initiator_->Start());
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = false;
  }
  thread_ = std::thread([this] { Loop(); });
  spdlog::info("fix demo {}: connecting to {}:{} as {}, one instruction every {} ms", options_.session,
               options_.initiator.host, options_.initiator.port, options_.initiator.sender_comp_id,
               options_.interval.count());
  return Status::Ok();
}

void DemoCounterparty::Stop() {
  {
    std::lock_guard<std::mutex> l(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (initiator_) initiator_->Stop();
}

void DemoCounterparty::Loop() {
  const auto started = std::chrono::steady_clock::now();
  bool warned = false;
  uint64_t n = 0;
  std::unique_lock<std::mutex> l(mu_);
  while (!cv_.wait_for(l, options_.interval, [&] { return stopping_; })) {
    l.unlock();
    if (!initiator_->LoggedOn()) {
      // Say once why the demo sends nothing (the gateway refused it, or is not listening).
      if (!warned && std::chrono::steady_clock::now() - started > std::chrono::seconds(15)) {
        const auto events = initiator_->RecentEvents();
        spdlog::warn("fix demo {}: not logged on to {}:{} yet ({})", options_.session, options_.initiator.host,
                     options_.initiator.port, events.empty() ? "no connection" : events.back());
        warned = true;
      }
      l.lock();
      continue;
    }
    warned = false;
    ++n;
    InstructionFields f = options_.instruction;
    char number[16];
    std::snprintf(number, sizeof number, "%06llu", static_cast<unsigned long long>(n));
    f.cl_ord_id = prefix_ + number;
    f.amount = std::to_string(10 + (n - 1) % 90) + ".00";
    if (f.remittance_information.empty()) f.remittance_information = "Demo instruction " + f.cl_ord_id;
    if (Status s = initiator_->Send(f); s.ok()) {
      sent_++;
      spdlog::debug("fix demo {}: sent {} ({} {})", options_.session, f.cl_ord_id, f.amount, f.currency);
    } else {
      spdlog::warn("fix demo {}: {} not sent: {}", options_.session, f.cl_ord_id, s.message());
    }
    l.lock();
  }
}

}  // namespace gw::fix
