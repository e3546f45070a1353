// File: gateway/reconciliation/demo_bank.cc
//
// The simulated bank's statements (README.md, "The demo bank"). It keeps our
// account with it as the notifications it sent: the camt.053 of a day lists
// the day's camt.054 entries, with an opening balance that mirrors our
// settlement account at the start of the day.
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <ctime>
#include <deque>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

#include <pqxx/pqxx>

#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "core/clock.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::reconciliation {

namespace {

// The text of the first element named `tag` (any prefix), or "".
std::string FirstText(const std::string& xml, const std::string& tag, std::string* attrs = nullptr) {
  for (std::size_t at = 0;;) {
    at = xml.find(tag, at);
    if (at == std::string::npos) return "";
    const bool opens = at > 0 && (xml[at - 1] == '<' || xml[at - 1] == ':') &&
                       (xml[at + tag.size()] == '>' || xml[at + tag.size()] == ' ');
    std::size_t lt = xml.rfind('<', at);
    if (!opens || lt == std::string::npos || xml[lt + 1] == '/') {
      at += tag.size();
      continue;
    }
    const std::size_t gt = xml.find('>', at);
    const std::size_t end = xml.find('<', gt);
    if (gt == std::string::npos || end == std::string::npos) return "";
    if (attrs) *attrs = xml.substr(at + tag.size(), gt - at - tag.size());
    return xml.substr(gt + 1, end - gt - 1);
  }
}

std::string DateOf(std::chrono::system_clock::time_point t) {
  const auto tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[11];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Decided {
  std::string uetr, e2e, msg_id, tx_id, ccy, amount, value_date;
  std::chrono::system_clock::time_point at;
};

}  // namespace

struct DemoStatementBank::Impl {
  pg::PgPool& pool;
  DemoStatementOptions options;
  std::mutex mu;
  std::condition_variable cv;
  std::deque<Decided> queue;
  bool stop = false;
  std::thread thread;
  std::set<std::string> sent;  // dates whose camt.053 went out
  uint64_t seq = 0;

  Impl(pg::PgPool& p, DemoStatementOptions o) : pool(p), options(std::move(o)) {}

  // The business day a booking at `t` belongs to: after the cut-off, the next one.
  std::string BusinessDate(std::chrono::system_clock::time_point t) const {
    return DateOf(t - std::chrono::minutes(options.cutoff_minutes) + std::chrono::hours(24));
  }

  StatusOr<std::vector<std::pair<std::string, std::string>>> Accounts() {
    std::vector<std::pair<std::string, std::string>> out;  // id, currency
    GW_RETURN_IF_ERROR(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      out.clear();
      for (const auto& r : txn.exec_params("SELECT id, currency FROM ledger_accounts WHERE kind = 'settlement' "
                                           "AND counterparty = $1 ORDER BY id",
                                           options.link))
        out.emplace_back(r[0].c_str(), r[1].c_str());
      return Status::Ok();
    }));
    return out;
  }

  Status Import(const std::string& xml, const std::string& label) {
    GW_ASSIGN_OR_RETURN(auto lease, pool.Acquire());
    std::istringstream in(xml);
    ImportOptions io;
    io.actor = "system:link:" + options.link;
    io.schema_dir = options.schema_dir;
    auto r = ImportStatements(lease.conn(), in, label, io);
    if (!r.ok()) {
      if (r.status().code() == StatusCode::kUnavailable) lease.MarkBroken();
      return r.status();
    }
    return Status::Ok();
  }

  void Notify(const Decided& d) {
    auto accounts = Accounts();
    if (!accounts.ok()) {
      spdlog::warn("demo bank: {}", accounts.status().ToString());
      return;
    }
    std::string account;
    for (const auto& [id, ccy] : *accounts)
      if (ccy == d.ccy) account = id;
    if (account.empty()) return;  // no account of ours in that currency: nothing to report
    auto amount = codecs::Decimal::Parse(d.amount);
    auto minor = amount ? amount->ToMinorUnits(codecs::CurrencyMinorUnits(d.ccy).value_or(2)) : std::nullopt;
    if (!minor) return;
    const std::string date = BusinessDate(d.at);
    StatementHeader h;
    h.msg_id = "DEMO054-" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                               d.at.time_since_epoch()).count()) + "-" + std::to_string(++seq);
    h.created = FormatIso8601UtcSeconds(d.at);
    h.statement_id = "NTF-" + d.tx_id.substr(0, 30);
    h.account_id = account;
    h.currency = d.ccy;
    h.date = date;
    StatementLine l;
    l.amount_minor = *minor;
    l.currency = d.ccy;
    l.credit_debit = "DBIT";
    l.booking_date = date;
    l.value_date = d.value_date.empty() ? date : d.value_date;
    l.acct_svcr_ref = "DEMO-" + d.tx_id.substr(0, 29);
    l.uetr = d.uetr;
    l.end_to_end_id = d.e2e;
    l.msg_id = d.msg_id;
    l.tx_id = d.tx_id;
    Status s = Import(WriteCamt054(h, {l}), "link:" + options.link + " camt.054 " + h.msg_id);
    if (!s.ok() && s.code() != StatusCode::kAlreadyExists) spdlog::warn("demo bank: camt.054: {}", s.ToString());
  }

  Status Statement(const std::string& date) {
    GW_ASSIGN_OR_RETURN(auto accounts, Accounts());
    for (const auto& [account, ccy] : accounts) {
      std::vector<StatementLine> lines;
      int64_t opening = 0;
      std::string from, to;
      bool exists = false;
      GW_RETURN_IF_ERROR(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        lines.clear();
        exists = !txn.exec_params("SELECT 1 FROM recon_statements WHERE settlement_account = $1 AND business_date = $2::date "
                                  "AND message_type = 'camt.053.001.08' AND statement_ref = $3",
                                  account, date, "DEMO-STMT-" + date)
                      .empty();
        if (exists) return Status::Ok();
        auto w = txn.exec_params(
            "SELECT to_char((($1::date - 1) + make_interval(mins => $2)), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
            "to_char(($1::date + make_interval(mins => $2)), 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
            date, options.cutoff_minutes);
        from = w[0][0].c_str();
        to = w[0][1].c_str();
        // The bank's books mirror ours at the start of the day (a simulation).
        opening = -txn.exec_params("SELECT coalesce(sum(amount_minor), 0)::bigint FROM postings WHERE account_id = $1 "
                                   "AND created_at < $2::timestamptz",
                                   account, from)[0][0]
                       .as<int64_t>();
        for (const auto& r : txn.exec_params(
                 "SELECT e.amount_minor, e.credit_debit, e.entry_status, coalesce(e.booking_date::text, ''), "
                 "coalesce(e.value_date::text, ''), coalesce(e.acct_svcr_ref, ''), coalesce(e.uetr::text, ''), "
                 "coalesce(e.end_to_end_id, ''), coalesce(e.msg_id, ''), coalesce(e.tx_id, '') "
                 "FROM recon_statement_entries e JOIN recon_statements s ON s.id = e.statement_id "
                 "WHERE e.settlement_account = $1 AND e.business_date = $2::date AND s.message_type = 'camt.054.001.08' "
                 "AND s.link_name = $3 ORDER BY e.id",
                 account, date, options.link)) {
          StatementLine l;
          l.amount_minor = r[0].as<int64_t>();
          l.currency = ccy;
          l.credit_debit = r[1].c_str();
          l.status = r[2].c_str();
          l.booking_date = r[3].c_str();
          l.value_date = r[4].c_str();
          l.acct_svcr_ref = r[5].c_str();
          l.uetr = r[6].c_str();
          l.end_to_end_id = r[7].c_str();
          l.msg_id = r[8].c_str();
          l.tx_id = r[9].c_str();
          lines.push_back(std::move(l));
        }
        return Status::Ok();
      }));
      if (exists) continue;
      int64_t balance = opening;
      const std::size_t per_page = std::max<std::size_t>(1, options.page_entries);
      const std::size_t pages = std::max<std::size_t>(1, (lines.size() + per_page - 1) / per_page);
      for (std::size_t page = 0; page < pages; ++page) {
        StatementHeader h;
        h.msg_id = "DEMO053-" + date + "-" + ccy + "-" + std::to_string(page + 1);
        h.created = FormatIso8601UtcSeconds(std::chrono::system_clock::now());
        h.statement_id = "DEMO-STMT-" + date;
        h.page = static_cast<int>(page + 1);
        h.last_page = page + 1 == pages;
        h.account_id = account;
        h.currency = ccy;
        h.date = date;
        h.from_date_time = from;
        h.to_date_time = to;
        h.opening_minor = balance;
        std::vector<StatementLine> slice(lines.begin() + static_cast<long>(std::min(lines.size(), page * per_page)),
                                         lines.begin() + static_cast<long>(std::min(lines.size(), (page + 1) * per_page)));
        for (const auto& l : slice) balance += l.credit_debit == "CRDT" ? l.amount_minor : -l.amount_minor;
        h.closing_minor = balance;
        Status s = Import(WriteCamt053(h, slice), "link:" + options.link + " camt.053 " + h.msg_id);
        if (!s.ok() && s.code() != StatusCode::kAlreadyExists) return s;
      }
      spdlog::info("demo bank: camt.053 of {} for {} sent: {} entries in {} page(s)", date, account, lines.size(), pages);
    }
    return Status::Ok();
  }

  void Loop() {
    std::unique_lock<std::mutex> lock(mu);
    while (!stop) {
      while (!queue.empty()) {
        Decided d = std::move(queue.front());
        queue.pop_front();
        lock.unlock();
        Notify(d);
        lock.lock();
      }
      // The camt.053 of the latest day whose cut-off has passed.
      const std::string due = DateOf(std::chrono::system_clock::now() - std::chrono::minutes(options.cutoff_minutes));
      if (!sent.count(due)) {
        lock.unlock();
        Status s = Statement(due);
        lock.lock();
        if (s.ok()) sent.insert(due);
        else spdlog::warn("demo bank: camt.053 of {}: {}", due, s.ToString());
      }
      cv.wait_for(lock, std::chrono::seconds(1), [this] { return stop || !queue.empty(); });
    }
  }
};

DemoStatementBank::DemoStatementBank(pg::PgPool& pool, DemoStatementOptions options)
    : impl_(std::make_unique<Impl>(pool, std::move(options))) {}

DemoStatementBank::~DemoStatementBank() { Stop(); }

void DemoStatementBank::Start() {
  impl_->thread = std::thread([this] { impl_->Loop(); });
}

void DemoStatementBank::Stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stop = true;
  }
  impl_->cv.notify_all();
  if (impl_->thread.joinable()) impl_->thread.join();
}

void DemoStatementBank::OnDecided(const std::string& xml, const std::string& status) {
  if (status != "ACSP" && status != "ACCP" && status != "ACSC") return;
  Decided d;
  std::string attrs;
  d.amount = FirstText(xml, "IntrBkSttlmAmt", &attrs);
  const auto ccy_at = attrs.find("Ccy=\"");
  if (ccy_at != std::string::npos) d.ccy = attrs.substr(ccy_at + 5, 3);
  d.uetr = FirstText(xml, "UETR");
  d.e2e = FirstText(xml, "EndToEndId");
  d.tx_id = FirstText(xml, "TxId");
  d.value_date = FirstText(xml, "IntrBkSttlmDt");
  d.msg_id = FirstText(xml, "MsgId");  // the group header's (the AppHdr has BizMsgIdr)
  d.at = std::chrono::system_clock::now();
  if (d.amount.empty() || d.ccy.empty()) return;
  if (d.tx_id.empty()) d.tx_id = d.e2e;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->queue.push_back(std::move(d));
  }
  impl_->cv.notify_all();
}

Status DemoStatementBank::SendStatement(const std::string& date) { return impl_->Statement(date); }

}  // namespace gw::reconciliation
