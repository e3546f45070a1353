// gatewayctl load: drives payments through the REST API at a given rate and
// reports throughput and latency percentiles; with --wait it also waits until
// every payment has its pacs.008 in the outbox (or was rejected) and reports
// the end-to-end figures from the database (payment created -> outbox row).
// With --answered it then waits until the counterparty has answered every
// message sent over its link and reports payment created -> answer received
// (COMPLETED or FAILED), i.e. the whole trip through both gateways.
//
//   gatewayctl load --count N [--rate R] [--concurrency C] [--port P] [--host H]
//                   --username U --password-stdin [--iban DEBTOR_IBAN] [--wait [--answered]]
//                   [--creditor-iban IBAN] [--creditor-bic BIC] [--run-id ID]
//
// Latency is measured from each request's scheduled start (not its actual send),
// so a slow server is not hidden by the driver falling behind.
#include <algorithm>
#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "appliance/gatewayctl/args.h"
#include "appliance/gatewayctl/db_commands.h"
#include "core/pg/pool.h"

namespace gw::ctl {

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using Clock = std::chrono::steady_clock;


class Client {
 public:
  Client(std::string host, unsigned short port)
      : host_(std::move(host)), port_(port), stream_(std::make_unique<beast::tcp_stream>(io_)) {}

  // Returns the HTTP status (0 on a connection failure) and the body.
  std::pair<int, std::string> Request(http::verb verb, const std::string& target, const std::string& body,
                                      const std::vector<std::pair<std::string, std::string>>& headers) {
    for (int attempt = 0; attempt < 2; ++attempt) {
      try {
        if (!connected_) {
          stream_->expires_after(std::chrono::seconds(10));
          stream_->connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address(host_), port_));
          connected_ = true;
        }
        http::request<http::string_body> req(verb, target, 11);
        req.set(http::field::host, host_);
        req.keep_alive(true);
        for (const auto& [k, v] : headers) req.set(k, v);
        req.body() = body;
        req.prepare_payload();
        stream_->expires_after(std::chrono::seconds(30));
        http::write(*stream_, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(*stream_, buffer, res);
        if (!res.keep_alive()) Close();
        return {res.result_int(), res.body()};
      } catch (const std::exception&) {
        Close();
      }
    }
    return {0, ""};
  }

 private:
  void Close() {
    beast::error_code ec;
    stream_->socket().close(ec);
    stream_ = std::make_unique<beast::tcp_stream>(io_);
    connected_ = false;
  }
  std::string host_;
  unsigned short port_;
  boost::asio::io_context io_;
  std::unique_ptr<beast::tcp_stream> stream_;
  bool connected_ = false;
};

double Percentile(std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const auto idx = static_cast<std::size_t>(std::min<double>(static_cast<double>(v.size() - 1), p * static_cast<double>(v.size())));
  return v[idx];
}

}  // namespace

int RunLoadCommand(const Args& args, const appliance::GatewayConfig& config) {
  const int count = std::stoi(Flag(args, "--count").value_or("1000"));
  const double rate = std::stod(Flag(args, "--rate").value_or("0"));  // 0: as fast as possible
  const int concurrency = std::stoi(Flag(args, "--concurrency").value_or("16"));
  const std::string host = Flag(args, "--host").value_or("127.0.0.1");
  const auto port = static_cast<unsigned short>(std::stoi(Flag(args, "--port").value_or(std::to_string(config.server.port))));
  const std::string username = Flag(args, "--username").value_or("demo-maker");
  const std::string debtor_iban = Flag(args, "--iban").value_or("DE44500105175407324931");
  const std::string creditor_iban = Flag(args, "--creditor-iban").value_or("FR7630006000011234567890189");
  const std::string creditor_bic = Flag(args, "--creditor-bic").value_or("BANKDEFFXXX");
  const std::string run_id = Flag(args, "--run-id").value_or(std::to_string(std::time(nullptr)));
  const bool answered = std::find(args.begin(), args.end(), "--answered") != args.end();
  const bool wait = answered || std::find(args.begin(), args.end(), "--wait") != args.end();
  if (count <= 0 || concurrency <= 0 || concurrency > 1024 || rate < 0) {
    std::cerr << "gatewayctl: --count, --concurrency (1-1024) and --rate must be positive\n";
    return 2;
  }
  std::string password;
  if (std::find(args.begin(), args.end(), "--password-stdin") != args.end()) std::getline(std::cin, password);
  else if (const char* p = std::getenv("GATEWAY_LOAD_PASSWORD")) password = p;
  else {
    std::cerr << "gatewayctl: give the password with --password-stdin or GATEWAY_LOAD_PASSWORD\n";
    return 2;
  }

  Client login(host, port);
  auto [status, body] = login.Request(http::verb::post, "/api/v1/auth/login",
                                      nlohmann::json{{"username", username}, {"password", password}}.dump(),
                                      {{"Content-Type", "application/json"}});
  if (status != 200) {
    std::cerr << "gatewayctl: login as " << username << " failed (HTTP " << status << ")\n";
    return 1;
  }
  const std::string token = nlohmann::json::parse(body)["token"];

  std::atomic<int> next{0}, ok{0}, failed{0};
  std::mutex mu;
  std::vector<double> latencies_ms;
  latencies_ms.reserve(static_cast<std::size_t>(count));
  std::vector<std::string> ids;
  const auto start = Clock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&] {
      Client client(host, port);
      while (true) {
        const int i = next++;
        if (i >= count) return;
        const auto scheduled = rate > 0 ? start + std::chrono::microseconds(static_cast<int64_t>(1e6 * i / rate)) : Clock::now();
        std::this_thread::sleep_until(scheduled);
        char amount[32];
        std::snprintf(amount, sizeof amount, "%d.%02d", 1 + i % 900, i % 100);
        nlohmann::json p = {
            {"end_to_end_id", "LOAD-" + run_id + "-" + std::to_string(i)},
            {"amount", amount},
            {"currency", "EUR"},
            {"debtor", {{"name", "Load Test Debtor"}, {"account", debtor_iban}, {"agent_bic", config.pipeline.our_bic}}},
            {"creditor", {{"name", "Load Test Creditor"}, {"account", creditor_iban}, {"agent_bic", creditor_bic}}},
            {"remittance_information", "load test " + run_id}};
        auto [code, resp] = client.Request(http::verb::post, "/api/v1/payments", p.dump(),
                                           {{"Content-Type", "application/json"},
                                            {"Authorization", "Bearer " + token},
                                            {"Idempotency-Key", "load-" + run_id + "-" + std::to_string(i)}});
        const double ms = std::chrono::duration<double, std::milli>(Clock::now() - scheduled).count();
        if (code == 201 || code == 200) {
          ++ok;
          std::lock_guard lock(mu);
          latencies_ms.push_back(ms);
        } else {
          ++failed;
        }
      }
    });
  }
  std::thread progress([&] {
    while (ok + failed < count) {
      std::this_thread::sleep_for(std::chrono::seconds(1));
      const double secs = std::chrono::duration<double>(Clock::now() - start).count();
      std::cerr << "\r" << (ok + failed) << "/" << count << " sent, " << failed << " failed, "
                << static_cast<int>((ok + failed) / secs) << "/s   " << std::flush;
    }
  });
  for (auto& t : threads) t.join();
  progress.join();
  const double secs = std::chrono::duration<double>(Clock::now() - start).count();
  std::cerr << "\n";
  std::cout << "api: " << ok << " created, " << failed << " failed in " << secs << " s = " << (ok / secs)
            << " payments/s; latency ms p50 " << Percentile(latencies_ms, 0.50) << " p90 "
            << Percentile(latencies_ms, 0.90) << " p99 " << Percentile(latencies_ms, 0.99) << " max "
            << Percentile(latencies_ms, 1.0) << "\n";
  if (wait) {
    if (config.database.url.empty()) {
      std::cerr << "gatewayctl: --wait needs DATABASE_URL to read the outbox\n";
      return 2;
    }
    auto conn = pg::Connect(config.database.url);
    if (!conn.ok()) {
      std::cerr << "gatewayctl: " << conn.status().message() << "\n";
      return 1;
    }
    const std::string like = "LOAD-" + run_id + "-%";
    while (true) {
      pqxx::nontransaction n(**conn);
      auto r = n.exec_params1("SELECT count(*) FILTER (WHERE status IN ('INITIATED', 'SCREENING', 'APPROVED', 'POSTED')) "
                              "FROM payments WHERE end_to_end_id LIKE $1", like);
      if (r[0].as<int>() == 0) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    pqxx::nontransaction n(**conn);
    auto r = n.exec_params1(
        "SELECT count(o.id), "
        "extract(epoch FROM max(o.created_at) - min(p.created_at)), "
        "1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - p.created_at)), "
        "1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - p.created_at)), "
        "(SELECT count(*) FROM payments WHERE end_to_end_id LIKE $1 AND status = 'REJECTED') "
        "FROM payments p JOIN outbox o ON o.payment_id = p.id WHERE p.end_to_end_id LIKE $1",
        like);
    const double span = r[1].is_null() ? 0 : r[1].as<double>();
    std::cout << "end to end: " << r[0].as<int>() << " in the outbox, " << r[4].as<int>() << " rejected; "
              << (span > 0 ? r[0].as<double>() / span : 0) << " payments/s from first API call to last outbox row; "
              << "created->outbox ms p50 " << (r[2].is_null() ? 0 : r[2].as<double>()) << " p99 "
              << (r[3].is_null() ? 0 : r[3].as<double>()) << "\n";
    if (answered) {
      // Every message put in an outbox is answered (ACK/NACK) or given up on; at most 10 minutes.
      const auto deadline = Clock::now() + std::chrono::minutes(10);
      int open = 0;
      while (Clock::now() < deadline) {
        open = n.exec_params1("SELECT count(*) FROM payments p JOIN outbox o ON o.payment_id = p.id "
                              "WHERE p.end_to_end_id LIKE $1 AND o.status IN ('PENDING', 'SENT')", like)[0].as<int>();
        if (open == 0) break;
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
      }
      auto a = n.exec_params1(
          "SELECT count(*) FILTER (WHERE o.status = 'ACKED'), count(*) FILTER (WHERE o.status = 'NACKED'), "
          "count(*) FILTER (WHERE o.status = 'UNDELIVERABLE'), "
          "extract(epoch FROM max(o.answered_at) - min(p.created_at)), "
          "1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.answered_at - p.created_at)), "
          "1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.answered_at - p.created_at)), "
          "1000 * percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.answered_at - o.sent_at)), "
          "1000 * percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM o.answered_at - o.sent_at)) "
          "FROM payments p JOIN outbox o ON o.payment_id = p.id WHERE p.end_to_end_id LIKE $1 "
          "AND o.answered_at IS NOT NULL",
          like);
      auto num = [&](int i) { return a[i].is_null() ? 0.0 : a[i].as<double>(); };
      const double answered_span = num(3);
      const double done = num(0) + num(1);
      std::cout << "answered: " << a[0].as<int>() << " ACK, " << a[1].as<int>() << " NACK, " << a[2].as<int>()
                << " undeliverable, " << open << " still unanswered; "
                << (answered_span > 0 ? done / answered_span : 0)
                << " payments/s from first API call to last answer; created->answer ms p50 " << num(4) << " p99 "
                << num(5) << "; sent->answer ms p50 " << num(6) << " p99 " << num(7) << "\n";
      if (open > 0) return 1;
    }
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace gw::ctl
