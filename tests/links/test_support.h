// File: tests/links/test_support.h
//
// Shared pieces of the link tests: a PKI generated once per test process into a
// temporary directory (by the product's PKI code), an io_context running on
// threads, a recording DeliveryListener, a configurable InboundHandler that
// deduplicates by message id, message builders, and deterministic waits.
#pragma once

#include <prometheus/registry.h>
#include <stdlib.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "gateway/links/answer_cache.h"
#include "gateway/links/interfaces.h"
#include "gateway/links/pki.h"
#include "gateway/links/tls.h"

namespace gw::links::testing {

// Waits until `pred` holds, polling; false after `timeout`.
inline bool WaitUntil(const std::function<bool()>& pred,
                      std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// Value of a counter or gauge series (0 when absent).
inline double MetricValue(prometheus::Registry& registry, const std::string& name,
                          const std::map<std::string, std::string>& labels) {
  for (const auto& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const auto& m : family.metric) {
      bool match = true;
      for (const auto& [k, v] : labels) {
        bool found = false;
        for (const auto& lp : m.label) found |= (lp.name == k && lp.value == v);
        match &= found;
      }
      if (!match) continue;
      if (family.type == prometheus::MetricType::Counter) return m.counter.value;
      if (family.type == prometheus::MetricType::Gauge) return m.gauge.value;
      if (family.type == prometheus::MetricType::Histogram) {
        return static_cast<double>(m.histogram.sample_count);
      }
    }
  }
  return 0;
}

// Certificates for the tests, created once per process with the product's code.
struct TestPki {
  std::filesystem::path dir;
  PkiLayout layout;
  std::filesystem::path other_ca_cert, other_ca_key;
  std::filesystem::path rogue_client_cert, rogue_client_key;      // CN bank-a, other CA
  std::filesystem::path expired_client_cert, expired_client_key;  // CN bank-a, our CA, expired

  static const TestPki& Get() {
    static const TestPki pki = Make();
    return pki;
  }

  TlsFiles Server(const std::string& name) const {
    return {layout.CaCert(), layout.ServerCert(name), layout.ServerKey(name)};
  }
  TlsFiles Client(const std::string& name) const {
    return {layout.CaCert(), layout.ClientCert(name), layout.ClientKey(name)};
  }
  std::string ReadCa() const { return ReadPemPair(layout.CaCert(), layout.CaKey())->certificate_pem; }
  // Server credentials files of `name` with the CRL `crl`.
  TlsFiles Server(const std::string& name, const std::filesystem::path& crl) const {
    TlsFiles f = Server(name);
    f.crl_file = crl;
    return f;
  }
  TlsFiles Client(const std::string& name, const std::filesystem::path& crl) const {
    TlsFiles f = Client(name);
    f.crl_file = crl;
    return f;
  }
  // Writes (atomically) to `path` a CRL of the test CA listing the certificates
  // in `revoked` (PEM files), valid for a day.
  void WriteCrl(const std::filesystem::path& path,
                const std::vector<std::filesystem::path>& revoked) const {
    auto ca = ReadPemPair(layout.CaCert(), layout.CaKey());
    if (!ca.ok()) throw std::runtime_error(ca.status().ToString());
    std::vector<std::string> pems;
    for (const auto& r : revoked) pems.push_back(ReadPemPair(r, r).value().certificate_pem);
    auto crl = IssueCrl(*ca, pems, std::chrono::hours(24));
    if (!crl.ok()) throw std::runtime_error(crl.status().ToString());
    const auto tmp = path.string() + ".tmp";
    { std::ofstream(tmp) << *crl; }
    std::filesystem::rename(tmp, path);
  }
  // A fresh path for a CRL file in the test PKI directory.
  std::filesystem::path NewCrlPath() const {
    static std::atomic<int> n{0};
    return dir / ("test-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".crl");
  }

 private:
  static TestPki Make() {
    TestPki p;
    std::string tmpl = (std::filesystem::temp_directory_path() / "links-test-pki-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    p.dir = tmpl;
    p.layout.dir = p.dir;
    PkiInitOptions o;
    o.dir = p.dir;
    o.days = 30;
    o.names = {"bank-a", "bank-b", "bank-c"};
    auto r = InitDevelopmentPki(o);
    if (!r.ok()) throw std::runtime_error(r.status().ToString());

    CertificateSpec other_ca;
    other_ca.common_name = "Some Other CA";
    other_ca.usage = CertificateUsage::kCa;
    auto oca = IssueCertificate(other_ca, nullptr);
    CertificateSpec rogue;
    rogue.common_name = "bank-a";
    rogue.dns_names = {"bank-a"};
    rogue.usage = CertificateUsage::kClient;
    auto rc = IssueCertificate(rogue, &*oca);
    auto ca = ReadPemPair(p.layout.CaCert(), p.layout.CaKey());
    CertificateSpec expired = rogue;
    expired.not_before_offset = -std::chrono::hours(24 * 10);
    expired.validity = std::chrono::hours(24);
    auto ec = IssueCertificate(expired, &*ca);
    if (!oca.ok() || !rc.ok() || !ca.ok() || !ec.ok()) throw std::runtime_error("test PKI failed");
    p.other_ca_cert = p.dir / "other-ca.crt";
    p.other_ca_key = p.dir / "other-ca.key";
    p.rogue_client_cert = p.dir / "rogue-client.crt";
    p.rogue_client_key = p.dir / "rogue-client.key";
    p.expired_client_cert = p.dir / "expired-client.crt";
    p.expired_client_key = p.dir / "expired-client.key";
    if (!WritePemPair(*oca, p.other_ca_cert, p.other_ca_key, true).ok() ||
        !WritePemPair(*rc, p.rogue_client_cert, p.rogue_client_key, true).ok() ||
        !WritePemPair(*ec, p.expired_client_cert, p.expired_client_key, true).ok()) {
      throw std::runtime_error("writing test PKI failed");
    }
    return p;
  }
};

inline AllowList AllowNames(const std::vector<std::string>& names) {
  std::vector<AllowedPeer> peers;
  for (const auto& n : names) peers.push_back(AllowedPeer{n, {n}, {}});
  return AllowList(std::move(peers));
}

// An io_context run by `threads` threads until destruction.
class IoThreads {
 public:
  explicit IoThreads(int threads = 2) : guard_(boost::asio::make_work_guard(io_)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { io_.run(); });
  }
  ~IoThreads() { Join(); }
  // Stops the threads; the io_context (and its pending handlers) lives on until
  // destruction, so objects with timers/sockets on it can be released first.
  void Join() {
    guard_.reset();
    io_.stop();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
  }
  boost::asio::io_context& io() { return io_; }

 private:
  boost::asio::io_context io_;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
  std::vector<std::thread> threads_;
};

// A pacs.008-shaped business message of roughly `size` bytes (AppHdr + Document).
inline std::string TestPacs008(const std::string& msg_id, const std::string& uetr,
                               std::size_t size = 5500) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><BusMsgEnvlp>"
      "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\"><Fr><FIId><FinInstnId>"
      "<BICFI>BANKAAAAXXX</BICFI></FinInstnId></FIId></Fr><To><FIId><FinInstnId><BICFI>BANKBBBBXXX"
      "</BICFI></FinInstnId></FIId></To><BizMsgIdr>" + msg_id +
      "</BizMsgIdr><MsgDefIdr>pacs.008.001.08</MsgDefIdr><CreDt>2026-11-29T06:00:00Z</CreDt>"
      "</AppHdr><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.008.001.08\"><FIToFICstmrCdtTrf>"
      "<GrpHdr><MsgId>" + msg_id + "</MsgId><NbOfTxs>1</NbOfTxs></GrpHdr><CdtTrfTxInf><PmtId>"
      "<EndToEndId>E2E-" + msg_id + "</EndToEndId><UETR>" + uetr + "</UETR></PmtId>"
      "<IntrBkSttlmAmt Ccy=\"EUR\">1250.00</IntrBkSttlmAmt><RmtInf><Ustrd>";
  while (xml.size() + 64 < size) xml += "Invoice 2026-000123 payment for services rendered. ";
  xml += "</Ustrd></RmtInf></CdtTrfTxInf></FIToFICstmrCdtTrf></Document></BusMsgEnvlp>";
  return xml;
}

// A pacs.002-shaped answer (~1.5 KB).
inline std::string TestPacs002(const std::string& orig_msg_id, const std::string& uetr,
                               const std::string& status, const std::string& reason) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><BusMsgEnvlp>"
      "<AppHdr xmlns=\"urn:iso:std:iso:20022:tech:xsd:head.001.001.02\"><Fr><FIId><FinInstnId>"
      "<BICFI>BANKBBBBXXX</BICFI></FinInstnId></FIId></Fr><To><FIId><FinInstnId><BICFI>BANKAAAAXXX"
      "</BICFI></FinInstnId></FIId></To><BizMsgIdr>ANS-" + orig_msg_id +
      "</BizMsgIdr><MsgDefIdr>pacs.002.001.10</MsgDefIdr><CreDt>2026-11-29T06:00:01Z</CreDt>"
      "</AppHdr><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10\">"
      "<FIToFIPmtStsRpt><GrpHdr><MsgId>ANS-" + orig_msg_id + "</MsgId><CreDtTm>2026-11-29T06:00:01Z"
      "</CreDtTm></GrpHdr><OrgnlGrpInfAndSts><OrgnlMsgId>" + orig_msg_id +
      "</OrgnlMsgId><OrgnlMsgNmId>pacs.008.001.08</OrgnlMsgNmId></OrgnlGrpInfAndSts><TxInfAndSts>"
      "<OrgnlUETR>" + uetr + "</OrgnlUETR><TxSts>" + status + "</TxSts>";
  if (!reason.empty()) xml += "<StsRsnInf><Rsn><Cd>" + reason + "</Cd></Rsn></StsRsnInf>";
  xml += "</TxInfAndSts></FIToFIPmtStsRpt></Document></BusMsgEnvlp>";
  while (xml.size() < 1400) xml += ' ';
  return xml;
}

// Records outcomes; waits on them.
class RecordingListener final : public DeliveryListener {
 public:
  void OnAnswered(const OutboundMessage& m, const DeliveryAnswer& a) override {
    std::lock_guard lock(mu_);
    answered_[m.message_id].push_back(a);
    order_.push_back(m.message_id);
    cv_.notify_all();
  }
  void OnUndeliverable(const OutboundMessage& m, const Status& reason) override {
    std::lock_guard lock(mu_);
    undeliverable_[m.message_id].push_back(reason);
    cv_.notify_all();
  }
  bool WaitForOutcomes(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return CountLocked() >= n; });
  }
  std::size_t answered_count() {
    std::lock_guard lock(mu_);
    return answered_.size();
  }
  std::size_t outcomes() {
    std::lock_guard lock(mu_);
    return CountLocked();
  }
  std::map<std::string, std::vector<DeliveryAnswer>> answered() {
    std::lock_guard lock(mu_);
    return answered_;
  }
  std::map<std::string, std::vector<Status>> undeliverable() {
    std::lock_guard lock(mu_);
    return undeliverable_;
  }

 private:
  std::size_t CountLocked() const {
    std::size_t n = 0;
    for (const auto& [k, v] : answered_) n += v.size();
    for (const auto& [k, v] : undeliverable_) n += v.size();
    return n;
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, std::vector<DeliveryAnswer>> answered_;
  std::map<std::string, std::vector<Status>> undeliverable_;
  std::vector<std::string> order_;
};

// Answers ACSP (or RJCT AM02 for message ids starting with "REJ"), deduplicating
// by message id. Modes let tests hold or drop answers.
class TestHandler final : public InboundHandler {
 public:
  enum class Mode { kAnswer, kHold, kNeverAnswer };

  void OnMessage(InboundMessage m, Reply reply) override {
    std::unique_lock lock(mu_);
    ++receipts_[m.message_id];
    counterparties_.insert(m.counterparty);
    if (before_answer_) {
      auto hook = before_answer_;
      lock.unlock();
      if (!hook(m)) return;  // hook dropped it (no answer)
      lock.lock();
    }
    if (mode_ == Mode::kNeverAnswer) {
      cv_.notify_all();
      return;
    }
    if (auto cached = cache_.Find(m.counterparty, m.message_id)) {
      ++duplicates_;
      cv_.notify_all();
      lock.unlock();
      reply(*cached);
      return;
    }
    InboundAnswer a;
    const bool reject = m.message_id.rfind("REJ", 0) == 0;
    a.status = reject ? "RJCT" : "ACSP";
    a.reason = reject ? "AM02" : "";
    a.body = TestPacs002(m.message_id, m.uetr, a.status, a.reason);
    a = cache_.Put(m.counterparty, m.message_id, std::move(a));
    ++processed_;
    if (mode_ == Mode::kHold) {
      held_.emplace_back(std::move(reply), a);
      max_held_ = std::max(max_held_, held_.size());
      cv_.notify_all();
      return;
    }
    cv_.notify_all();
    lock.unlock();
    reply(a);
  }

  void set_mode(Mode m) {
    std::lock_guard lock(mu_);
    mode_ = m;
  }
  // Return false to drop the message without answering.
  void set_before_answer(std::function<bool(const InboundMessage&)> hook) {
    std::lock_guard lock(mu_);
    before_answer_ = std::move(hook);
  }
  void ReleaseHeld() {
    std::vector<std::pair<Reply, InboundAnswer>> held;
    {
      std::lock_guard lock(mu_);
      held.swap(held_);
    }
    for (auto& [r, a] : held) r(a);
  }
  bool WaitForHeld(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return held_.size() >= n; });
  }
  bool WaitForReceipts(const std::string& id, int n,
                       std::chrono::milliseconds timeout = std::chrono::seconds(20)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, timeout, [&] { return receipts_[id] >= n; });
  }
  int receipts(const std::string& id) {
    std::lock_guard lock(mu_);
    return receipts_[id];
  }
  std::size_t total_receipts() {
    std::lock_guard lock(mu_);
    std::size_t n = 0;
    for (auto& [k, v] : receipts_) n += static_cast<std::size_t>(v);
    return n;
  }
  std::size_t processed() {
    std::lock_guard lock(mu_);
    return processed_;
  }
  std::size_t duplicates() {
    std::lock_guard lock(mu_);
    return duplicates_;
  }
  std::size_t held() {
    std::lock_guard lock(mu_);
    return held_.size();
  }
  std::size_t max_held() {
    std::lock_guard lock(mu_);
    return max_held_;
  }
  std::set<std::string> counterparties() {
    std::lock_guard lock(mu_);
    return counterparties_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  Mode mode_ = Mode::kAnswer;
  std::function<bool(const InboundMessage&)> before_answer_;
  AnswerCache cache_;
  std::map<std::string, int> receipts_;
  std::set<std::string> counterparties_;
  std::vector<std::pair<Reply, InboundAnswer>> held_;
  std::size_t max_held_ = 0;
  std::size_t processed_ = 0;
  std::size_t duplicates_ = 0;
};

}  // namespace gw::links::testing
