// File: gateway/reconciliation/matcher.cc
#include "gateway/reconciliation/matcher.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cstdio>
#include <unordered_map>
#include <string_view>
#include <unordered_set>

#include <pqxx/pqxx>

#include "core/pg/pool.h"

namespace gw::reconciliation {

namespace {

const std::vector<std::pair<Reason, const char*>> kReasons = {
    {Reason::kNoStatement, "no_statement"},
    {Reason::kPostingWithoutMessage, "posting_without_message"},
    {Reason::kNotSent, "not_sent"},
    {Reason::kMissingAnswer, "missing_answer"},
    {Reason::kAnswerWithoutPosting, "answer_without_posting"},
    {Reason::kReversedHereSettledThere, "reversed_here_settled_there"},
    {Reason::kMissingFromStatement, "missing_from_statement"},
    {Reason::kDirectionMismatch, "direction_mismatch"},
    {Reason::kReturnedThere, "returned_there"},
    {Reason::kPendingOnStatement, "pending_on_statement"},
    {Reason::kCurrencyMismatch, "currency_mismatch"},
    {Reason::kAmountMismatch, "amount_mismatch"},
    {Reason::kValueDateMismatch, "value_date_mismatch"},
    {Reason::kTimingDifference, "timing_difference"},
    {Reason::kDuplicateOnStatement, "duplicate_on_statement"},
    {Reason::kUnknownToUs, "unknown_to_us"},
};

}  // namespace

const char* ReasonName(Reason r) {
  for (const auto& [reason, name] : kReasons)
    if (reason == r) return name;
  return "unknown";
}

const std::vector<std::pair<Reason, const char*>>& AllReasons() { return kReasons; }

std::optional<Reason> ParseReason(const std::string& name) {
  for (const auto& [reason, n] : kReasons)
    if (name == n) return reason;
  return std::nullopt;
}

namespace internal {

namespace {

using nlohmann::json;

// Days between two ISO dates (b - a); a large number if either is missing.
int DayDiff(const std::string& a, const std::string& b) {
  auto days = [](const std::string& d) -> std::optional<long> {
    int y = 0, m = 0, dd = 0;
    if (d.size() < 10 || std::sscanf(d.c_str(), "%4d-%2d-%2d", &y, &m, &dd) != 3) return std::nullopt;
    // Days from civil (H. Hinnant).
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<long>(doe) - 719468;
  };
  auto x = days(a), y = days(b);
  if (!x || !y) return 1 << 20;
  return static_cast<int>(*y - *x);
}

bool Accepted(const std::string& answer) { return answer == "ACSP" || answer == "ACCP" || answer == "ACSC" || answer == "ACWC"; }

std::string E2eKey(const std::string& e2e, const std::string& ccy, int64_t amount) {
  return e2e + "|" + ccy + "|" + std::to_string(amount);
}

bool UsableE2e(const std::string& e2e) { return !e2e.empty() && e2e != "NOTPROVIDED"; }

// E2eKey's parts as views, for sets over a whole day without a copy of each.
struct E2eRef {
  std::string_view e2e, ccy;
  int64_t amount;
  bool operator==(const E2eRef&) const = default;
};
struct E2eRefHash {
  std::size_t operator()(const E2eRef& r) const {
    const std::size_t h = std::hash<std::string_view>()(r.e2e);
    return h ^ (std::hash<std::string_view>()(r.ccy) + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)) ^
           std::hash<int64_t>()(r.amount);
  }
};

}  // namespace

std::string FormatCutoff(int minutes) {
  const int m = std::clamp(minutes, 0, 24 * 60 - 1);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", m / 60, m % 60);
  return buf;
}

StatusOr<Inputs> Load(pqxx::dbtransaction& txn, const std::string& date, const std::string& link, int cutoff_minutes) {
  return pg::Guarded([&]() -> StatusOr<Inputs> {
    Inputs in;
    in.date = date;
    in.link = link;
    {
      auto w = txn.exec_params(
          "SELECT to_char((($1::date - 1) + make_interval(mins => $2)) AT TIME ZONE 'UTC' AT TIME ZONE 'UTC', "
          "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
          "to_char(($1::date + make_interval(mins => $2)) AT TIME ZONE 'UTC' AT TIME ZONE 'UTC', "
          "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')",
          date, cutoff_minutes);
      in.window_from = w[0][0].as<std::string>();
      in.window_to = w[0][1].as<std::string>();
    }
    // Our side: every payment of the link whose posting (or, unposted, whose
    // creation) falls in the window, with its answer and its message.
    txn.exec_params(
        "DECLARE recon_payments NO SCROLL CURSOR FOR "
        "SELECT p.id::text, p.direction, p.status, p.uetr::text, p.end_to_end_id, p.amount_minor, p.currency, "
        "  coalesce(p.requested_execution_date, (coalesce(je.created_at, p.created_at) AT TIME ZONE 'UTC')::date)::text, "
        "  je.id IS NOT NULL, rv.id IS NOT NULL, coalesce(o.status, ''), "
        "  CASE WHEN p.direction = 'outbound' THEN coalesce(o.answer_status, '') ELSE coalesce(im.status, '') END "
        "FROM payments p "
        "LEFT JOIN journal_entries je ON je.idempotency_key = "
        "  (CASE WHEN p.direction = 'outbound' THEN 'payment:' ELSE 'inbound:' END) || p.id::text "
        "LEFT JOIN journal_entries rv ON rv.idempotency_key = 'reversal:' || p.id::text "
        "LEFT JOIN outbox o ON o.payment_id = p.id "
        "LEFT JOIN inbound_messages im ON im.payment_id = p.id "
        "WHERE p.link_name = $1 AND p.created_at >= $2::timestamptz - interval '7 days' AND p.created_at < $3::timestamptz "
        "  AND coalesce(je.created_at, p.created_at) >= $2::timestamptz "
        "  AND coalesce(je.created_at, p.created_at) < $3::timestamptz "
        "  AND (je.id IS NOT NULL OR o.id IS NOT NULL OR im.payment_id IS NOT NULL OR p.status = 'EXCEPTION') "
        "ORDER BY p.id",
        link, in.window_from, in.window_to);
    for (;;) {
      auto rows = txn.exec("FETCH 50000 FROM recon_payments");
      if (rows.empty()) break;
      for (const auto& r : rows) {
        if (!in.payments.empty() && in.payments.back().id == r[0].c_str()) continue;  // a second outbox row
        OurPayment p;
        p.id = r[0].c_str();
        p.direction = r[1].c_str();
        p.status = r[2].c_str();
        p.uetr = r[3].c_str();
        p.e2e = r[4].c_str();
        p.amount_minor = r[5].as<int64_t>();
        p.currency = r[6].c_str();
        p.value_date = r[7].c_str();
        p.posted = r[8].as<bool>();
        p.reversed = r[9].as<bool>();
        p.outbox_status = r[10].c_str();
        p.answer = r[11].c_str();
        in.payments.push_back(std::move(p));
      }
    }
    txn.exec("CLOSE recon_payments");

    // The counterparty's side, per settlement account of the link: the latest
    // camt.053 of the day, else the day's camt.054 notifications.
    auto accounts = txn.exec_params(
        "SELECT id, currency FROM ledger_accounts WHERE kind = 'settlement' AND counterparty = $1 ORDER BY currency", link);
    std::set<std::string> sources;
    for (const auto& a : accounts) {
      const std::string account = a[0].c_str();
      const std::string ccy = a[1].c_str();
      CurrencyBalances& bal = in.balances[ccy];
      bal.settlement_account = account;
      auto latest = txn.exec_params(
          "SELECT statement_ref, bool_or(last_page), count(*), max(page_number) FROM recon_statements "
          "WHERE settlement_account = $1 AND business_date = $2::date AND message_type = 'camt.053.001.08' "
          "GROUP BY statement_ref ORDER BY max(id) DESC LIMIT 1",
          account, date);
      std::string cursor_sql;
      if (!latest.empty()) {
        const std::string ref = latest[0][0].c_str();
        in.statement_ids.push_back(ref);
        sources.insert("camt.053");
        in.currencies_with_statement.insert(ccy);
        if (!latest[0][1].as<bool>() || latest[0][2].as<int64_t>() != latest[0][3].as<int64_t>())
          in.statement_complete = false;
        auto b = txn.exec_params(
            "SELECT (SELECT opening_balance_minor FROM recon_statements WHERE settlement_account = $1 AND business_date = $2::date "
            "        AND message_type = 'camt.053.001.08' AND statement_ref = $3 ORDER BY page_number LIMIT 1), "
            "       (SELECT closing_balance_minor FROM recon_statements WHERE settlement_account = $1 AND business_date = $2::date "
            "        AND message_type = 'camt.053.001.08' AND statement_ref = $3 ORDER BY page_number DESC LIMIT 1)",
            account, date, ref);
        if (!b[0][0].is_null()) bal.statement_opening = b[0][0].as<int64_t>();
        if (!b[0][1].is_null()) bal.statement_closing = b[0][1].as<int64_t>();
        cursor_sql =
            "DECLARE recon_entries NO SCROLL CURSOR FOR "
            "SELECT e.id, e.currency, e.amount_minor, e.credit_debit, e.reversal, e.entry_status, "
            "  coalesce(e.value_date, e.booking_date)::text, coalesce(e.uetr::text, ''), coalesce(e.end_to_end_id, ''), "
            "  coalesce(e.acct_svcr_ref, '') "
            "FROM recon_statements s JOIN recon_statement_entries e ON e.statement_id = s.id "
            "WHERE s.settlement_account = " + txn.quote(account) + " AND s.business_date = " + txn.quote(date) +
            "::date AND s.message_type = 'camt.053.001.08' AND s.statement_ref = " + txn.quote(ref) +
            " AND e.entry_status <> 'INFO' ORDER BY s.page_number, e.seq";
      } else {
        auto any = txn.exec_params(
            "SELECT 1 FROM recon_statement_entries e JOIN recon_statements s ON s.id = e.statement_id "
            "WHERE e.settlement_account = $1 AND e.business_date = $2::date AND s.message_type = 'camt.054.001.08' LIMIT 1",
            account, date);
        if (any.empty()) continue;
        sources.insert("camt.054");
        in.currencies_with_statement.insert(ccy);
        cursor_sql =
            "DECLARE recon_entries NO SCROLL CURSOR FOR "
            "SELECT e.id, e.currency, e.amount_minor, e.credit_debit, e.reversal, e.entry_status, "
            "  coalesce(e.value_date, e.booking_date)::text, coalesce(e.uetr::text, ''), coalesce(e.end_to_end_id, ''), "
            "  coalesce(e.acct_svcr_ref, '') "
            "FROM recon_statement_entries e JOIN recon_statements s ON s.id = e.statement_id "
            "WHERE e.settlement_account = " + txn.quote(account) + " AND e.business_date = " + txn.quote(date) +
            "::date AND s.message_type = 'camt.054.001.08' AND e.entry_status <> 'INFO' ORDER BY e.id";
      }
      txn.exec(cursor_sql);
      for (;;) {
        auto rows = txn.exec("FETCH 50000 FROM recon_entries");
        if (rows.empty()) break;
        for (const auto& r : rows) {
          StatementEntry e;
          e.id = r[0].as<int64_t>();
          e.currency = r[1].c_str();
          e.amount_minor = r[2].as<int64_t>();
          e.credit_debit = r[3].c_str();
          e.reversal = r[4].as<bool>();
          e.status = r[5].c_str();
          e.value_date = r[6].is_null() ? "" : r[6].c_str();
          e.uetr = r[7].c_str();
          e.e2e = r[8].c_str();
          e.acct_svcr_ref = r[9].c_str();
          in.entries.push_back(std::move(e));
        }
      }
      txn.exec("CLOSE recon_entries");
    }
    in.statement_source = sources.empty() ? "none" : sources.size() == 2 ? "camt.053+camt.054" : *sources.begin();

    // Our settlement balances at both ends of the window.
    for (const auto& r : txn.exec_params(
             "SELECT a.currency, coalesce(sum(p.amount_minor) FILTER (WHERE p.created_at < $2::timestamptz), 0)::bigint, "
             "  coalesce(sum(p.amount_minor), 0)::bigint "
             "FROM ledger_accounts a LEFT JOIN postings p ON p.account_id = a.id AND p.created_at < $3::timestamptz "
             "WHERE a.kind = 'settlement' AND a.counterparty = $1 GROUP BY a.currency",
             link, in.window_from, in.window_to)) {
      auto& bal = in.balances[r[0].c_str()];
      bal.ours_opening = r[1].as<int64_t>();
      bal.ours_closing = r[2].as<int64_t>();
    }

    // Postings on the settlement accounts that no payment explains.
    for (const auto& r : txn.exec_params(
             "SELECT e.id, po.currency, sum(po.amount_minor)::bigint FROM postings po "
             "JOIN journal_entries e ON e.id = po.entry_id "
             "JOIN ledger_accounts a ON a.id = po.account_id AND a.kind = 'settlement' AND a.counterparty = $1 "
             "WHERE po.created_at >= $2::timestamptz AND po.created_at < $3::timestamptz AND e.payment_id IS NULL "
             "  AND e.kind <> 'opening' AND e.idempotency_key NOT LIKE 'recon-writeoff:%' "
             "GROUP BY e.id, po.currency ORDER BY e.id",
             link, in.window_from, in.window_to))
      in.ledger_only.push_back(LedgerOnly{r[0].as<int64_t>(), r[1].c_str(), r[2].as<int64_t>()});

    // Decisions operators made: approved manual matches and write-offs.
    for (const auto& r : txn.exec(
             "SELECT coalesce(p.payment_id::text, c.payment_id::text, ''), "
             "  coalesce(p.statement_entry_id, c.statement_entry_id, 0), c.item_key, p.action "
             "FROM exception_case_proposals p JOIN exception_cases c ON c.id = p.case_id "
             "WHERE p.decision = 'APPROVED' ORDER BY p.id")) {
      const std::string action = r[3].c_str();
      if (action == "write_off") {
        in.written_off.insert(r[2].c_str());
      } else {
        const std::string payment = r[0].c_str();
        const int64_t entry = r[1].as<int64_t>();
        if (!payment.empty()) in.manual_payment_to_entry[payment] = entry;
        if (entry != 0) in.manual_entry_to_payment[entry] = payment;
      }
    }

    // Statement lines we hold on another day (timing differences). The keys
    // are views into `in` (a day holds a million of each: no copies).
    std::unordered_set<std::string_view> ours_uetr;
    std::unordered_set<E2eRef, E2eRefHash> ours_e2e;
    ours_uetr.reserve(in.payments.size());
    ours_e2e.reserve(in.payments.size());
    for (const auto& p : in.payments) {
      ours_uetr.insert(p.uetr);
      ours_e2e.insert(E2eRef{p.e2e, p.currency, p.amount_minor});
    }
    json uetrs = json::array(), e2es = json::array();
    for (const auto& e : in.entries) {
      if (!e.uetr.empty() && !ours_uetr.count(e.uetr)) uetrs.push_back(e.uetr);
      else if (e.uetr.empty() && UsableE2e(e.e2e) && !ours_e2e.count(E2eRef{e.e2e, e.currency, e.amount_minor}))
        e2es.push_back(e.e2e);
    }
    if (!uetrs.empty())
      for (const auto& r : txn.exec_params(
               "SELECT DISTINCT uetr::text FROM payments WHERE uetr IN "
               "(SELECT x::uuid FROM jsonb_array_elements_text($1::jsonb) x) AND link_name = $2",
               pg::JsonParam(uetrs), link))
        in.uetrs_elsewhere.insert(r[0].c_str());
    if (!e2es.empty())
      for (const auto& r : txn.exec_params(
               "SELECT DISTINCT end_to_end_id, currency, amount_minor FROM payments WHERE end_to_end_id IN "
               "(SELECT x FROM jsonb_array_elements_text($1::jsonb) x) AND link_name = $2",
               pg::JsonParam(e2es), link))
        in.e2e_elsewhere.insert(E2eKey(r[0].c_str(), r[1].c_str(), r[2].as<int64_t>()));
    return in;
  });
}

std::vector<Item> Match(const Inputs& in, const TolerancePolicy& tolerance) {
  std::vector<Item> items;
  items.reserve(in.payments.size() + in.entries.size() / 8 + in.ledger_only.size());
  std::vector<bool> consumed(in.entries.size(), false);
  // Statement lines by UETR and by end-to-end id: keys are views into `in`,
  // values the lines' indexes in order (almost always one: a multimap).
  std::unordered_multimap<std::string_view, std::size_t> by_uetr, by_e2e;
  std::unordered_map<int64_t, std::size_t> by_id;
  by_uetr.reserve(in.entries.size());
  by_e2e.reserve(in.entries.size());
  const bool manual_matches = !in.manual_payment_to_entry.empty();  // by_id serves only them
  for (std::size_t i = 0; i < in.entries.size(); ++i) {
    const auto& e = in.entries[i];
    if (manual_matches) by_id[e.id] = i;
    if (!e.uetr.empty()) by_uetr.emplace(e.uetr, i);
    if (UsableE2e(e.e2e)) by_e2e.emplace(e.e2e, i);
  }
  // The lines of a key in statement order (equal_range gives no order).
  auto lines_of = [](const std::unordered_multimap<std::string_view, std::size_t>& m, std::string_view key,
                     std::vector<std::size_t>& out) {
    out.clear();
    auto [b, e] = m.equal_range(key);
    for (auto it = b; it != e; ++it) out.push_back(it->second);
    if (out.size() > 1) std::sort(out.begin(), out.end());
    return !out.empty();
  };
  std::vector<std::size_t> lines;
  std::unordered_set<std::string_view> our_uetrs;
  our_uetrs.reserve(in.payments.size());
  for (const auto& p : in.payments) our_uetrs.insert(p.uetr);

  auto within = [&](const OurPayment& p, const StatementEntry& e) {
    return e.currency == p.currency && std::llabs(e.amount_minor - p.amount_minor) <= tolerance.amount_minor &&
           std::abs(DayDiff(p.value_date, e.value_date)) <= tolerance.value_date_days;
  };

  for (const auto& p : in.payments) {
    Item it;
    it.key = "payment:" + p.id;
    it.payment_id = p.id;
    it.direction = p.direction;
    it.currency = p.currency;
    it.amount_minor = p.amount_minor;
    it.uetr = p.uetr;
    it.e2e = p.e2e;
    it.our_value_date = p.value_date;
    const StatementEntry* s = nullptr;
    std::string rule;
    auto take = [&](std::size_t i, const char* r) {
      consumed[i] = true;
      s = &in.entries[i];
      rule = r;
    };
    if (auto m = in.manual_payment_to_entry.find(p.id); m != in.manual_payment_to_entry.end()) {
      if (auto i = by_id.find(m->second); i != by_id.end() && !consumed[i->second]) take(i->second, "manual");
      else rule = "manual";
    }
    if (rule.empty()) {
      if (lines_of(by_uetr, p.uetr, lines)) {
        for (std::size_t i : lines)
          if (!consumed[i] && !in.manual_entry_to_payment.count(in.entries[i].id)) {
            take(i, "uetr");
            break;
          }
      }
    }
    if (rule.empty() && UsableE2e(p.e2e)) {
      if (lines_of(by_e2e, p.e2e, lines)) {
        std::optional<std::size_t> only;
        int open = 0;
        for (std::size_t i : lines) {
          const auto& e = in.entries[i];
          if (consumed[i] || in.manual_entry_to_payment.count(e.id) || (!e.uetr.empty() && e.uetr != p.uetr)) continue;
          ++open;
          only = i;
          if (within(p, e)) {
            take(i, "e2e");
            break;
          }
        }
        // One candidate by end-to-end id only: a pair that differs (classified below).
        if (rule.empty() && open == 1) take(*only, "e2e");
      }
    }
    if (s) {
      it.entry_id = s->id;
      it.statement_amount_minor = s->amount_minor;
      it.statement_value_date = s->value_date;
    }
    const std::string expected_cd = p.direction == "outbound" ? "DBIT" : "CRDT";
    std::optional<Reason> reason;
    std::string matched_rule = rule;
    const bool refused_here = p.direction == "outbound" ? (p.status == "FAILED" || p.reversed || p.answer == "RJCT")
                                                        : (p.answer == "RJCT" || p.status == "REJECTED");
    if (rule == "manual") {
      it.resolution = "manual_match";
    } else if (refused_here) {
      if (s && s->status == "BOOK" && !s->reversal) reason = Reason::kReversedHereSettledThere;
      else matched_rule = s ? rule : "refused_both";
    } else if (p.direction == "outbound" && !p.posted) {
      reason = Accepted(p.answer) ? Reason::kAnswerWithoutPosting : Reason::kNotSent;
    } else if (p.direction == "outbound" && p.outbox_status.empty()) {
      reason = Reason::kPostingWithoutMessage;
    } else if (p.direction == "outbound" && p.outbox_status == "PENDING" && p.answer.empty()) {
      reason = Reason::kNotSent;
    } else if (p.direction == "outbound" && p.answer.empty()) {
      reason = Reason::kMissingAnswer;
    } else if (!p.posted) {
      reason = Reason::kAnswerWithoutPosting;
    } else if (!in.currencies_with_statement.count(p.currency) && !s) {
      reason = Reason::kNoStatement;
    } else if (!s) {
      reason = Reason::kMissingFromStatement;
    } else if (s->reversal) {
      reason = Reason::kReturnedThere;
    } else if (s->credit_debit != expected_cd) {
      reason = Reason::kDirectionMismatch;
    } else if (s->status != "BOOK") {
      reason = Reason::kPendingOnStatement;
    } else if (s->currency != p.currency) {
      reason = Reason::kCurrencyMismatch;
    } else if (std::llabs(s->amount_minor - p.amount_minor) > tolerance.amount_minor) {
      reason = Reason::kAmountMismatch;
    } else if (std::abs(DayDiff(p.value_date, s->value_date)) > tolerance.value_date_days) {
      reason = Reason::kValueDateMismatch;
    }
    if (reason) {
      it.status = "UNMATCHED";
      it.reason = ReasonName(*reason);
    } else {
      it.status = "MATCHED";
      it.rule = matched_rule;
    }
    if (in.written_off.count(it.key) && it.status == "UNMATCHED") it.resolution = "write_off";
    items.push_back(std::move(it));
  }

  // Statement entries no payment of the day explains.
  std::unordered_set<std::string_view> seen_refs;  // the servicer's references (AcctSvcrRef) seen so far
  seen_refs.reserve(in.entries.size());
  for (std::size_t i = 0; i < in.entries.size(); ++i) {
    const auto& e = in.entries[i];
    const std::string_view ref = e.acct_svcr_ref;
    if (consumed[i]) {
      if (!ref.empty()) seen_refs.insert(ref);
      continue;
    }
    Item it;
    it.key = "entry:" + std::to_string(e.id);
    it.entry_id = e.id;
    it.direction = e.credit_debit == "DBIT" ? "outbound" : "inbound";
    it.currency = e.currency;
    it.amount_minor = e.amount_minor;
    it.statement_amount_minor = e.amount_minor;
    it.uetr = e.uetr;
    it.e2e = e.e2e;
    it.statement_value_date = e.value_date;
    std::optional<Reason> reason;
    if (auto m = in.manual_entry_to_payment.find(e.id); m != in.manual_entry_to_payment.end()) {
      it.payment_id = m->second;
      it.rule = "manual";
      it.resolution = "manual_match";
    } else if ((!e.uetr.empty() && our_uetrs.count(e.uetr)) || (!ref.empty() && seen_refs.count(ref))) {
      reason = Reason::kDuplicateOnStatement;
    } else if ((!e.uetr.empty() && in.uetrs_elsewhere.count(e.uetr)) ||
               (e.uetr.empty() && in.e2e_elsewhere.count(E2eKey(e.e2e, e.currency, e.amount_minor)))) {
      reason = Reason::kTimingDifference;
    } else {
      reason = Reason::kUnknownToUs;
    }
    if (!ref.empty()) seen_refs.insert(ref);
    if (reason) {
      it.status = "UNMATCHED";
      it.reason = ReasonName(*reason);
    } else {
      it.status = "MATCHED";
    }
    if (in.written_off.count(it.key) && it.status == "UNMATCHED") it.resolution = "write_off";
    items.push_back(std::move(it));
  }

  for (const auto& l : in.ledger_only) {
    Item it;
    it.key = "posting:" + std::to_string(l.entry_id);
    it.currency = l.currency;
    it.amount_minor = std::llabs(l.amount_minor);
    it.direction = l.amount_minor > 0 ? "outbound" : "inbound";
    it.status = "UNMATCHED";
    it.reason = ReasonName(Reason::kPostingWithoutMessage);
    if (in.written_off.count(it.key)) it.resolution = "write_off";
    items.push_back(std::move(it));
  }
  return items;
}

json Summary(const Inputs& in, const std::vector<Item>& items, int cutoff_minutes) {
  struct Totals {
    int64_t matched = 0, matched_sum = 0, unmatched = 0, unmatched_sum = 0, open = 0, open_sum = 0, written_off = 0,
            written_off_sum = 0;
  };
  std::map<std::string, Totals> totals;
  std::map<std::string, int64_t> by_reason;
  for (const auto& it : items) {
    auto& t = totals[it.currency];
    if (it.status == "MATCHED") {
      ++t.matched;
      t.matched_sum += it.amount_minor;
    } else {
      ++t.unmatched;
      t.unmatched_sum += it.amount_minor;
      if (it.resolution.empty()) {
        ++t.open;
        t.open_sum += it.amount_minor;
        ++by_reason[it.reason];
      } else {
        ++t.written_off;
        t.written_off_sum += it.amount_minor;
      }
    }
  }
  for (const auto& [ccy, b] : in.balances) totals[ccy];
  json currencies = json::array();
  for (const auto& [ccy, t] : totals) {
    json c = {{"currency", ccy},
              {"matched", {{"count", t.matched}, {"sum_minor", t.matched_sum}}},
              {"unmatched", {{"count", t.unmatched}, {"sum_minor", t.unmatched_sum}}},
              {"open", {{"count", t.open}, {"sum_minor", t.open_sum}}},
              {"written_off", {{"count", t.written_off}, {"sum_minor", t.written_off_sum}}}};
    if (auto b = in.balances.find(ccy); b != in.balances.end()) {
      const auto& bal = b->second;
      // Our settlement account mirrors the account the counterparty keeps for
      // us: a credit in our books is a debit on their statement.
      const int64_t ours_opening = -bal.ours_opening, ours_closing = -bal.ours_closing;
      json balances = {{"settlement_account", bal.settlement_account},
                       {"ours_opening_minor", ours_opening},
                       {"ours_closing_minor", ours_closing},
                       {"statement_opening_minor", nullptr},
                       {"statement_closing_minor", nullptr},
                       {"opening_difference_minor", nullptr},
                       {"closing_difference_minor", nullptr}};
      if (bal.statement_opening) {
        balances["statement_opening_minor"] = *bal.statement_opening;
        balances["opening_difference_minor"] = *bal.statement_opening - ours_opening;
      }
      if (bal.statement_closing) {
        balances["statement_closing_minor"] = *bal.statement_closing;
        balances["closing_difference_minor"] = *bal.statement_closing - ours_closing;
      }
      c["balances"] = balances;
    }
    currencies.push_back(c);
  }
  return {{"link", in.link},
          {"cutoff", FormatCutoff(cutoff_minutes)},
          {"window", {{"from", in.window_from}, {"to", in.window_to}}},
          {"statement", {{"source", in.statement_source}, {"statement_ids", in.statement_ids},
                         {"complete", in.statement_complete}}},
          {"currencies", currencies},
          {"unmatched_by_reason", by_reason}};
}

std::string Fingerprint(const std::vector<Item>& items) {
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  std::string line;
  for (const auto& it : items) {
    line = it.key + "," + it.status + "," + it.reason + "," + it.rule + "," + std::to_string(it.entry_id) + "," +
           it.currency + "," + std::to_string(it.amount_minor) + "," + it.resolution + "\n";
    EVP_DigestUpdate(ctx.get(), line.data(), line.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &n);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kHex[digest[i] >> 4]);
    out.push_back(kHex[digest[i] & 15]);
  }
  return out;
}

json ItemToJson(const Item& it) {
  json j = {{"item_key", it.key}, {"status", it.status}, {"currency", it.currency}, {"amount_minor", it.amount_minor},
            {"direction", it.direction}};
  j["reason"] = it.reason.empty() ? json(nullptr) : json(it.reason);
  j["match_rule"] = it.rule.empty() ? json(nullptr) : json(it.rule);
  j["payment_id"] = it.payment_id.empty() ? json(nullptr) : json(it.payment_id);
  j["statement_entry_id"] = it.entry_id == 0 ? json(nullptr) : json(it.entry_id);
  j["statement_amount_minor"] = it.statement_amount_minor ? json(*it.statement_amount_minor) : json(nullptr);
  j["uetr"] = it.uetr.empty() ? json(nullptr) : json(it.uetr);
  j["end_to_end_id"] = it.e2e.empty() ? json(nullptr) : json(it.e2e);
  j["our_value_date"] = it.our_value_date.empty() ? json(nullptr) : json(it.our_value_date);
  j["statement_value_date"] = it.statement_value_date.empty() ? json(nullptr) : json(it.statement_value_date);
  j["resolution"] = it.resolution.empty() ? json(nullptr) : json(it.resolution);
  return j;
}

}  // namespace internal
}  // namespace gw::reconciliation
