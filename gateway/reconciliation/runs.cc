// File: gateway/reconciliation/runs.cc
//
// Runs (stored), the daily report (stored runs, or computed now), CSV export
// and aging.
#include <spdlog/spdlog.h>

#include <chrono>
#include <sstream>

#include <pqxx/pqxx>

#include "core/pg/audit.h"
#include "gateway/payment_store.h"
#include "gateway/reconciliation/matcher.h"
#include "gateway/reconciliation/reconciliation.h"

namespace gw::reconciliation {

namespace {

using nlohmann::json;
using internal::Item;

StatusOr<std::vector<LinkCutoff>> LinksOf(pqxx::dbtransaction& txn, const RunOptions& options) {
  if (!options.links.empty()) return options.links;
  return pg::Guarded([&]() -> StatusOr<std::vector<LinkCutoff>> {
    std::vector<LinkCutoff> out;
    for (const auto& r : txn.exec("SELECT DISTINCT counterparty FROM ledger_accounts WHERE kind = 'settlement' "
                                  "AND counterparty IS NOT NULL ORDER BY 1")) {
      LinkCutoff l{r[0].c_str(), options.default_cutoff_minutes};
      if (auto c = options.cutoff_minutes.find(l.link); c != options.cutoff_minutes.end()) l.minutes = c->second;
      out.push_back(l);
    }
    return out;
  });
}

Status CheckDate(const std::string& date) {
  int y = 0, m = 0, d = 0;
  if (date.size() != 10 || std::sscanf(date.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 || m > 12 || d < 1 ||
      d > 31 || date[4] != '-' || date[7] != '-')
    return InvalidArgument("date must be an ISO date such as 2026-01-15 (got \"" + date + "\")");
  return Status::Ok();
}

// Opens a case for every open unmatched item of the run, re-labels those whose
// reason changed, and resolves the day's cases whose item is no longer open.
void SyncCases(pqxx::dbtransaction& txn, const std::string& date, const std::string& link, const std::string& actor,
               int64_t run_id) {
  txn.exec_params(
      "WITH up AS ("
      "  INSERT INTO exception_cases (item_key, kind, business_date, link_name, reason, payment_id, statement_entry_id, "
      "    currency, amount_minor) "
      "  SELECT item_key, 'reconciliation', business_date, link_name, reason, payment_id, statement_entry_id, currency, "
      "    amount_minor FROM recon_items "
      "  WHERE business_date = $1::date AND link_name = $2 AND status = 'UNMATCHED' AND resolution IS NULL "
      "  ON CONFLICT (item_key) WHERE status <> 'RESOLVED' DO UPDATE SET reason = EXCLUDED.reason, "
      "    kind = CASE WHEN exception_cases.kind = 'payment_exception' THEN exception_cases.kind ELSE EXCLUDED.kind END, "
      "    business_date = EXCLUDED.business_date, link_name = EXCLUDED.link_name, updated_at = now() "
      "  WHERE exception_cases.reason IS DISTINCT FROM EXCLUDED.reason "
      "  RETURNING id, (xmax = 0) AS inserted, reason) "
      "INSERT INTO exception_case_steps (case_id, actor, action, details) "
      "SELECT id, $3, CASE WHEN inserted THEN 'opened' ELSE 'reclassified' END, "
      "  jsonb_build_object('reason', reason, 'run_id', $4::bigint) FROM up",
      date, link, actor, run_id);
  txn.exec_params(
      "WITH closed AS ("
      "  UPDATE exception_cases c SET status = 'RESOLVED', resolution = 'matched', resolved_by = $3, "
      "    resolved_at = now(), updated_at = now() "
      "  WHERE c.kind = 'reconciliation' AND c.business_date = $1::date AND c.link_name = $2 AND c.status = 'OPEN' "
      "    AND NOT EXISTS (SELECT 1 FROM recon_items i WHERE i.business_date = c.business_date "
      "      AND i.link_name = c.link_name AND i.item_key = c.item_key AND i.status = 'UNMATCHED' "
      "      AND i.resolution IS NULL) "
      "  RETURNING c.id) "
      "INSERT INTO exception_case_steps (case_id, actor, action, comment, details) "
      "SELECT id, $3, 'resolved', 'no longer unmatched', jsonb_build_object('run_id', $4::bigint) FROM closed",
      date, link, actor, run_id);
}

void WriteItems(pqxx::dbtransaction& txn, const std::string& date, const std::string& link, int64_t run_id,
                const std::vector<Item>& items) {
  txn.exec_params("DELETE FROM recon_items WHERE business_date = $1::date AND link_name = $2", date, link);
  pqxx::stream_to out(txn, "recon_items",
                      std::vector<std::string>{"business_date", "link_name", "item_key", "run_id", "status", "reason",
                                               "match_rule", "payment_id", "statement_entry_id", "direction",
                                               "currency", "amount_minor", "statement_amount_minor", "uetr",
                                               "end_to_end_id", "our_value_date", "statement_value_date",
                                               "resolution"});
  auto opt = [](const std::string& s) -> const char* { return s.empty() ? nullptr : s.c_str(); };
  std::string entry, stmt_amount;
  for (const auto& it : items) {
    entry = it.entry_id ? std::to_string(it.entry_id) : "";
    stmt_amount = it.statement_amount_minor ? std::to_string(*it.statement_amount_minor) : "";
    out << std::make_tuple(date, link, it.key, run_id, it.status, opt(it.reason), opt(it.rule), opt(it.payment_id),
                           opt(entry), opt(it.direction), it.currency, it.amount_minor, opt(stmt_amount), opt(it.uetr),
                           opt(it.e2e), opt(it.our_value_date), opt(it.statement_value_date), opt(it.resolution));
  }
  out.complete();
}

StatusOr<LinkRunResult> RunLink(pg::PgPool& pool, const RunOptions& options, const LinkCutoff& link) {
  LinkRunResult result;
  result.link = link.link;
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    result = LinkRunResult{};
    result.link = link.link;
    txn.exec("SET LOCAL statement_timeout = 0");
    // A day's joins and sorts in memory rather than spilled to disk (a million
    // payments need about 100 MB per hash table). work_mem bounds each sort or
    // hash of this transaction's queries, not the run as a whole; one run per
    // day and link holds the lock below at a time.
    txn.exec("SET LOCAL work_mem = '256MB'");
    // One run of a day and link at a time, whoever starts it.
    txn.exec_params("SELECT pg_advisory_xact_lock(hashtext('reconciliation'), hashtext($1 || '/' || $2))",
                    options.date, link.link);
    const char* kind = options.scheduled ? "scheduled" : "manual";
    auto claimed = txn.exec_params(
        "INSERT INTO recon_runs (business_date, link_name, kind, started_by, window_from, window_to, statement_source) "
        "VALUES ($1::date, $2, $3, $4, (($1::date - 1) + make_interval(mins => $5)) AT TIME ZONE 'UTC', "
        "  ($1::date + make_interval(mins => $5)) AT TIME ZONE 'UTC', 'none') "
        "ON CONFLICT (business_date, link_name) WHERE kind = 'scheduled' DO NOTHING RETURNING id",
        options.date, link.link, kind, options.actor, link.minutes);
    if (claimed.empty()) {
      result.skipped = true;  // the day's scheduled run was made (by this or another gatewayd)
      return Status::Ok();
    }
    result.run_id = claimed[0][0].as<int64_t>();
    using Clock = std::chrono::steady_clock;
    auto seconds_since = [](Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); };
    const auto t0 = Clock::now();
    GW_ASSIGN_OR_RETURN(internal::Inputs in, internal::Load(txn, options.date, link.link, link.minutes));
    const double load_s = seconds_since(t0);
    const auto t1 = Clock::now();
    std::vector<Item> items = internal::Match(in, options.tolerance);
    json summary = internal::Summary(in, items, link.minutes);
    result.fingerprint = internal::Fingerprint(items);
    for (const auto& it : items) (it.status == "MATCHED" ? result.matched : result.unmatched)++;
    const double match_s = seconds_since(t1);
    const auto t2 = Clock::now();
    WriteItems(txn, options.date, link.link, result.run_id, items);
    spdlog::info("reconciliation: {} {}: read {} payments and {} statement lines in {:.1f} s, matched in {:.1f} s, "
                 "wrote {} items in {:.1f} s",
                 options.date, link.link, in.payments.size(), in.entries.size(), load_s, match_s, items.size(),
                 seconds_since(t2));
    txn.exec_params(
        "UPDATE recon_runs SET finished_at = clock_timestamp(), summary = $2::jsonb, fingerprint = $3, "
        "statement_source = $4 WHERE id = $1",
        result.run_id, pg::JsonParam(summary), result.fingerprint, in.statement_source);
    SyncCases(txn, options.date, link.link, options.actor, result.run_id);
    pg::WriteAudit(txn, pg::AuditEntry{options.actor, "reconciliation.run", "reconciliation_run",
                                       std::to_string(result.run_id), std::nullopt,
                                       json{{"date", options.date}, {"link", link.link}, {"kind", kind},
                                            {"matched", result.matched}, {"unmatched", result.unmatched},
                                            {"fingerprint", result.fingerprint}},
                                       options.source_address, std::nullopt});
    return Status::Ok();
  });
  if (!s.ok()) return s;
  return result;
}

StatusOr<std::vector<Item>> StoredItems(pqxx::dbtransaction& txn, const std::string& date, const std::string& link,
                                        bool all_items) {
  return pg::Guarded([&]() -> StatusOr<std::vector<Item>> {
    std::vector<Item> items;
    txn.exec_params(
        "DECLARE recon_report NO SCROLL CURSOR FOR "
        "SELECT item_key, status, coalesce(reason, ''), coalesce(match_rule, ''), coalesce(payment_id::text, ''), "
        "  coalesce(statement_entry_id, 0), coalesce(direction, ''), currency, amount_minor, statement_amount_minor, "
        "  coalesce(uetr, ''), coalesce(end_to_end_id, ''), coalesce(our_value_date::text, ''), "
        "  coalesce(statement_value_date::text, ''), coalesce(resolution, '') "
        "FROM recon_items WHERE business_date = $1::date AND link_name = $2 AND ($3 OR status = 'UNMATCHED') "
        "ORDER BY status DESC, item_key",
        date, link, all_items);
    for (;;) {
      auto rows = txn.exec("FETCH 50000 FROM recon_report");
      if (rows.empty()) break;
      for (const auto& r : rows) {
        Item it;
        it.key = r[0].c_str();
        it.status = r[1].c_str();
        it.reason = r[2].c_str();
        it.rule = r[3].c_str();
        it.payment_id = r[4].c_str();
        it.entry_id = r[5].as<int64_t>();
        it.direction = r[6].c_str();
        it.currency = r[7].c_str();
        it.amount_minor = r[8].as<int64_t>();
        if (!r[9].is_null()) it.statement_amount_minor = r[9].as<int64_t>();
        it.uetr = r[10].c_str();
        it.e2e = r[11].c_str();
        it.our_value_date = r[12].c_str();
        it.statement_value_date = r[13].c_str();
        it.resolution = r[14].c_str();
        items.push_back(std::move(it));
      }
    }
    txn.exec("CLOSE recon_report");
    return items;
  });
}

std::string Csv(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += "\"\"";
    else out += c;
  }
  return out + "\"";
}

std::string JsonText(const json& v) {
  if (v.is_null()) return "";
  if (v.is_string()) return v.get<std::string>();
  return v.dump();
}

}  // namespace

StatusOr<int> ParseCutoff(const std::string& hhmm) {
  int h = -1, m = -1;
  char extra = 0;
  if (hhmm.size() != 5 || std::sscanf(hhmm.c_str(), "%2d:%2d%c", &h, &m, &extra) != 2 || h < 0 || h > 23 || m < 0 ||
      m > 59)
    return InvalidArgument("a cut-off is a time of day HH:MM in UTC, e.g. \"18:00\" (got \"" + hhmm + "\")");
  return h * 60 + m;
}

StatusOr<std::vector<LinkRunResult>> RunDay(pg::PgPool& pool, const RunOptions& options) {
  GW_RETURN_IF_ERROR(CheckDate(options.date));
  std::vector<LinkCutoff> links;
  GW_RETURN_IF_ERROR(pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    GW_ASSIGN_OR_RETURN(links, LinksOf(txn, options));
    return Status::Ok();
  }));
  std::vector<LinkRunResult> results;
  for (const auto& link : links) {
    GW_ASSIGN_OR_RETURN(auto r, RunLink(pool, options, link));
    if (r.run_id != 0)
      spdlog::info("reconciliation: {} {} run {}: {} matched, {} unmatched", options.date, link.link, r.run_id,
                   r.matched, r.unmatched);
    results.push_back(std::move(r));
  }
  return results;
}

StatusOr<json> DailyReport(pg::PgPool& pool, const RunOptions& options, bool all_items) {
  GW_RETURN_IF_ERROR(CheckDate(options.date));
  json report = {{"date", options.date}, {"links", json::array()}, {"items", json::array()}};
  bool provisional = false;
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    txn.exec("SET LOCAL statement_timeout = 0");
    report["links"] = json::array();
    report["items"] = json::array();
    provisional = false;
    GW_ASSIGN_OR_RETURN(auto links, LinksOf(txn, options));
    for (const auto& link : links) {
      auto run = txn.exec_params(
          "SELECT id, kind, started_by, to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
          "summary::text, fingerprint FROM recon_runs WHERE business_date = $1::date AND link_name = $2 "
          "AND finished_at IS NOT NULL ORDER BY id DESC LIMIT 1",
          options.date, link.link);
      std::vector<Item> items;
      json entry;
      if (!run.empty()) {
        entry = json::parse(run[0][4].as<std::string>());
        entry["run"] = {{"id", run[0][0].as<int64_t>()}, {"kind", run[0][1].as<std::string>()},
                        {"started_by", run[0][2].as<std::string>()}, {"finished_at", run[0][3].as<std::string>()},
                        {"fingerprint", run[0][5].as<std::string>()}};
        entry["provisional"] = false;
        GW_ASSIGN_OR_RETURN(items, StoredItems(txn, options.date, link.link, all_items));
      } else {
        // Not run yet: the outcome as it stands now, not stored.
        GW_ASSIGN_OR_RETURN(internal::Inputs in, internal::Load(txn, options.date, link.link, link.minutes));
        std::vector<Item> all = internal::Match(in, options.tolerance);
        entry = internal::Summary(in, all, link.minutes);
        entry["run"] = nullptr;
        entry["provisional"] = true;
        entry["fingerprint"] = internal::Fingerprint(all);
        provisional = true;
        for (auto& it : all)
          if (all_items || it.status == "UNMATCHED") items.push_back(std::move(it));
      }
      report["links"].push_back(entry);
      for (const auto& it : items) {
        json j = internal::ItemToJson(it);
        j["link"] = link.link;
        j["amount"] = gateway::FormatAmount(it.amount_minor, it.currency);
        report["items"].push_back(std::move(j));
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return s;
  report["provisional"] = provisional;
  report["items_shown"] = all_items ? "all" : "unmatched";
  return report;
}

std::string DailyReportCsv(const json& report) {
  static const std::vector<std::string> kColumns = {
      "link", "item_key", "status", "reason", "match_rule", "payment_id", "statement_entry_id", "direction",
      "currency", "amount", "amount_minor", "statement_amount_minor", "uetr", "end_to_end_id", "our_value_date",
      "statement_value_date", "resolution"};
  std::ostringstream out;
  out << "business_date";
  for (const auto& c : kColumns) out << "," << c;
  out << "\n";
  const std::string date = report.value("date", "");
  for (const auto& it : report["items"]) {
    out << date;
    for (const auto& c : kColumns) out << "," << Csv(it.contains(c) ? JsonText(it[c]) : "");
    out << "\n";
  }
  return out.str();
}

StatusOr<json> Aging(pqxx::dbtransaction& txn, int days, const std::string& link) {
  if (days < 0 || days > 3660) return InvalidArgument("days must be between 0 and 3660");
  return pg::Guarded([&]() -> StatusOr<json> {
    static const char* kBucket =
        "CASE WHEN current_date - business_date <= 1 THEN '0-1' WHEN current_date - business_date <= 3 THEN '1-3' "
        "WHEN current_date - business_date <= 7 THEN '3-7' ELSE 'over 7' END";
    json buckets = json::object();
    for (const char* b : {"0-1", "1-3", "3-7", "over 7"}) buckets[b] = {{"count", 0}, {"by_currency", json::object()}};
    int64_t total = 0;
    for (const auto& r : txn.exec_params(
             std::string("SELECT ") + kBucket + ", currency, count(*), sum(amount_minor)::bigint FROM recon_items "
             "WHERE status = 'UNMATCHED' AND resolution IS NULL AND business_date >= current_date - $1::int "
             "AND ($2 = '' OR link_name = $2) GROUP BY 1, 2 ORDER BY 1, 2",
             days, link)) {
      auto& b = buckets[r[0].as<std::string>()];
      const int64_t n = r[2].as<int64_t>();
      b["count"] = b["count"].get<int64_t>() + n;
      b["by_currency"][r[1].as<std::string>()] = {{"count", n}, {"sum_minor", r[3].as<int64_t>()},
                                                  {"sum", gateway::FormatAmount(r[3].as<int64_t>(), r[1].as<std::string>())}};
      total += n;
    }
    json by_reason = json::array();
    for (const auto& r : txn.exec_params(
             std::string("SELECT link_name, reason, ") + kBucket + ", count(*) FROM recon_items "
             "WHERE status = 'UNMATCHED' AND resolution IS NULL AND business_date >= current_date - $1::int "
             "AND ($2 = '' OR link_name = $2) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
             days, link))
      by_reason.push_back({{"link", r[0].as<std::string>()}, {"reason", r[1].as<std::string>()},
                           {"bucket", r[2].as<std::string>()}, {"count", r[3].as<int64_t>()}});
    json oldest = json::array();
    for (const auto& r : txn.exec_params(
             "SELECT business_date::text, link_name, item_key, reason, currency, amount_minor, current_date - business_date "
             "FROM recon_items WHERE status = 'UNMATCHED' AND resolution IS NULL "
             "AND business_date >= current_date - $1::int AND ($2 = '' OR link_name = $2) "
             "ORDER BY business_date, link_name, item_key LIMIT 100",
             days, link))
      oldest.push_back({{"business_date", r[0].as<std::string>()}, {"link", r[1].as<std::string>()},
                        {"item_key", r[2].as<std::string>()}, {"reason", r[3].as<std::string>()},
                        {"currency", r[4].as<std::string>()}, {"amount_minor", r[5].as<int64_t>()},
                        {"amount", gateway::FormatAmount(r[5].as<int64_t>(), r[4].as<std::string>())},
                        {"age_days", r[6].as<int>()}});
    return json{{"days", days}, {"link", link.empty() ? json(nullptr) : json(link)}, {"open_unmatched", total},
                {"buckets", buckets}, {"by_link_and_reason", by_reason}, {"oldest", oldest}};
  });
}

}  // namespace gw::reconciliation
