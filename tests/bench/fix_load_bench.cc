// FIX load driver: instructions per second over one mutual-TLS FIX session.
//
//   fix_load_bench baseline PKI_DIR COUNT
//     the ceiling: QuickFIX alone, an SSL acceptor with its FileStore and our
//     dictionary (validation on) answering each NewOrderSingle with an
//     ExecutionReport, and an SSL initiator, in this process over loopback.
//   fix_load_bench gateway PKI_DIR COUNT PORT DEBTOR_IBAN
//     gatewayd's FIX session "desk1" (DESK1 -> GATEWAY) on PORT: each
//     instruction is answered with its first status (INITIATED) only after the
//     payment committed.
// Prints instructions/s from the first send to the last first status, and the
// latency percentiles of send -> first status. tests/bench/fix_load.sh runs both.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "gateway/fix/quickfix.h"
#include <algorithm>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

std::string Now() { return FIX::UtcTimeStampConvertor::convert(FIX::UtcTimeStamp(), 3); }

FIX::Message Instruction(int i, const std::string& debtor) {
  FIX::Message m;
  m.getHeader().setField(35, "D");
  m.setField(11, "L-" + std::to_string(i));
  m.setField(1, debtor);
  m.setField(15, "EUR");
  m.setField(152, "1.00");
  m.setField(60, Now());
  for (auto [bic, role] : {std::pair<const char*, const char*>{"GWAYDEFFXXX", "13"}, {"BANKDEFFXXX", "30"}}) {
    FIX::Group g(453, 448);
    g.setField(448, bic);
    g.setField(447, "B");
    g.setField(452, role);
    m.addGroup(g);
  }
  m.setField(20001, "Alice Example GmbH");
  m.setField(20002, "Carol Exemple SARL");
  m.setField(20003, "FR7620041010050500013M02606");
  return m;
}

// The counterparty: sends, and times each instruction to its first report.
class Client : public FIX::Application {
 public:
  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID&) override { logged_on = true; }
  void onLogout(const FIX::SessionID&) override { logged_on = false; }
  void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
  void toApp(FIX::Message&, const FIX::SessionID&) override {}
  void fromAdmin(const FIX::Message&, const FIX::SessionID&) override {}
  void fromApp(const FIX::Message& m, const FIX::SessionID&) override {
    if (m.getHeader().getField(35) != "8") return;
    const std::string id = m.getField(11);
    std::lock_guard<std::mutex> l(mu);
    auto it = sent.find(id);
    if (it == sent.end() || it->second.answered) return;
    it->second.answered = true;
    latencies.push_back(std::chrono::duration<double, std::milli>(Clock::now() - it->second.at).count());
    if (latencies.size() == expected) done.notify_all();
  }
  struct Sent {
    Clock::time_point at;
    bool answered = false;
  };
  std::atomic<bool> logged_on{false};
  std::mutex mu;
  std::condition_variable done;
  std::map<std::string, Sent> sent;
  std::vector<double> latencies;
  std::size_t expected = 0;
};

// The ceiling's acceptor: answers each instruction at once.
class Echo : public FIX::Application {
 public:
  void onCreate(const FIX::SessionID&) override {}
  void onLogon(const FIX::SessionID&) override {}
  void onLogout(const FIX::SessionID&) override {}
  void toAdmin(FIX::Message&, const FIX::SessionID&) override {}
  void toApp(FIX::Message&, const FIX::SessionID&) override {}
  void fromAdmin(const FIX::Message&, const FIX::SessionID&) override {}
  void fromApp(const FIX::Message& m, const FIX::SessionID& id) override {
    FIX::Message r;
    r.getHeader().setField(35, "8");
    r.setField(37, "P-" + std::to_string(++n_));
    r.setField(17, "E-" + std::to_string(n_));
    r.setField(150, "0");
    r.setField(39, "0");
    r.setField(11, m.getField(11));
    r.setField(20020, "INITIATED");
    FIX::Session::sendToTarget(r, id);
  }

 private:
  std::atomic<long> n_{0};
};

std::string Settings(const std::string& role, const std::string& pki, int port, const std::string& store) {
  std::ostringstream s;
  s << "[DEFAULT]\nConnectionType=" << role << "\nStartTime=00:00:00\nEndTime=00:00:00\nHeartBtInt=30\n"
    << "ReconnectInterval=1\nUseDataDictionary=Y\nDataDictionary=" << GW_SOURCE_DIR << "/schemas/fix/FIX44.xml\n"
    << "ValidateUserDefinedFields=Y\nFileStorePath=" << store << "\nSSLProtocol=+TLSv1.2 +TLSv1.3\n"
    << "CertificationAuthoritiesFile=" << pki << "/ca.crt\n";
  if (role == "acceptor") {
    s << "SocketAcceptPort=" << port << "\nServerCertificateFile=" << pki << "/gw1-server.crt\n"
      << "ServerCertificateKeyFile=" << pki << "/gw1-server.key\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=GATEWAY\nTargetCompID=DESK1\n";
  } else {
    s << "SocketConnectHost=127.0.0.1\nSocketConnectPort=" << port << "\nClientCertificateFile=" << pki
      << "/desk1-client.crt\nClientCertificateKeyFile=" << pki << "/desk1-client.key\n"
      << "[SESSION]\nBeginString=FIX.4.4\nSenderCompID=DESK1\nTargetCompID=GATEWAY\n";
  }
  return s.str();
}

int Drive(const std::string& pki, int port, std::size_t count, const std::string& debtor, const std::string& label) {
  const std::string store = (std::filesystem::temp_directory_path() / ("fix-load-client-" + std::to_string(getpid()))).string();
  std::istringstream in(Settings("initiator", pki, port, store));
  FIX::SessionSettings settings(in);
  Client client;
  client.expected = count;
  FIX::FileStoreFactory stores(settings);
  FIX::ThreadedSSLSocketInitiator initiator(client, stores, settings);
  initiator.start();
  for (int i = 0; i < 300 && !client.logged_on; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  if (!client.logged_on) {
    std::fprintf(stderr, "%s: no logon\n", label.c_str());
    return 1;
  }
  const FIX::SessionID id("FIX.4.4", "DESK1", "GATEWAY");
  const auto start = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    FIX::Message m = Instruction(static_cast<int>(i), debtor);
    {
      std::lock_guard<std::mutex> l(client.mu);
      client.sent["L-" + std::to_string(i)].at = Clock::now();
    }
    FIX::Session::sendToTarget(m, id);
  }
  std::unique_lock<std::mutex> l(client.mu);
  const bool all = client.done.wait_for(l, std::chrono::minutes(5), [&] { return client.latencies.size() >= count; });
  const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
  auto lat = client.latencies;
  l.unlock();
  std::sort(lat.begin(), lat.end());
  auto pct = [&](double p) { return lat.empty() ? 0.0 : lat[std::min(lat.size() - 1, static_cast<std::size_t>(p * lat.size()))]; };
  std::printf("%s: %zu of %zu instructions answered in %.2f s: %.0f instructions/s; send -> first status p50 %.1f ms, p99 %.1f ms\n",
              label.c_str(), lat.size(), count, seconds, lat.size() / seconds, pct(0.50), pct(0.99));
  initiator.stop();
  std::filesystem::remove_all(store);
  return all ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: fix_load_bench baseline PKI_DIR COUNT | gateway PKI_DIR COUNT PORT DEBTOR_IBAN\n");
    return 2;
  }
  const std::string mode = argv[1], pki = argv[2];
  const std::size_t count = std::stoul(argv[3]);
  try {
    if (mode == "gateway" && argc == 6) return Drive(pki, std::stoi(argv[4]), count, argv[5], "gatewayd (PostgreSQL store, durable commits)");
    if (mode != "baseline") return 2;
    const int port = 20000 + getpid() % 20000;
    const std::string store = (std::filesystem::temp_directory_path() / ("fix-load-acceptor-" + std::to_string(getpid()))).string();
    std::istringstream in(Settings("acceptor", pki, port, store));
    FIX::SessionSettings settings(in);
    Echo echo;
    FIX::FileStoreFactory stores(settings);
    FIX::ThreadedSSLSocketAcceptor acceptor(echo, stores, settings);
    acceptor.start();
    const int rc = Drive(pki, port, count, "DE89370400440532013000", "QuickFIX alone (FileStore, validation on)");
    acceptor.stop();
    std::filesystem::remove_all(store);
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fix_load_bench: %s\n", e.what());
    return 1;
  }
}
