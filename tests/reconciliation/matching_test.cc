// File: tests/reconciliation/matching_test.cc
// A seeded day holding one of each discrepancy: each item's reason, the
// totals and balances, and the same result from a second run.
#include <catch2/catch.hpp>

#include <map>
#include <set>

#include "tests/reconciliation/recon_test_support.h"

namespace gw::test {
namespace {

using nlohmann::json;
namespace rec = gw::reconciliation;

rec::RunOptions Options() {
  rec::RunOptions o;
  o.date = kDay;
  o.actor = "cli:test";
  return o;
}

std::map<std::string, json> ItemsByKey(const json& report) {
  std::map<std::string, json> out;
  for (const auto& it : report["items"]) out[it["item_key"].get<std::string>()] = it;
  return out;
}

TEST_CASE("a seeded day: every discrepancy gets its reason, totals and balances add up, a second run is the same",
          "[reconciliation]") {
  ReconDb d;
  d.SettlementOpening(100000, kDayBefore);  // our nostro: 1,000.00 credit before the day
  using P = ReconDb::P;
  const auto ok = d.Payment(P{.amount = 10000, .outbox = "ACKED", .answer = "ACSP"});
  const auto by_e2e = d.Payment(P{.e2e = "INV-2026-0042", .amount = 20000, .outbox = "ACKED", .answer = "ACSP"});
  const auto no_answer = d.Payment(P{.amount = 1100, .status = "SENT", .outbox = "SENT"});
  const auto not_sent = d.Payment(P{.amount = 1200, .status = "QUEUED", .outbox = "PENDING"});
  const auto answer_no_post = d.Payment(P{.amount = 1300, .posted = false, .outbox = "ACKED", .answer = "ACSP"});
  const auto post_no_msg = d.Payment(P{.amount = 1400, .status = "POSTED"});
  const auto amount = d.Payment(P{.amount = 1500, .outbox = "ACKED", .answer = "ACSP"});
  const auto currency = d.Payment(P{.amount = 1600, .outbox = "ACKED", .answer = "ACSP"});
  const auto value_date = d.Payment(P{.amount = 1700, .outbox = "ACKED", .answer = "ACSP"});
  const auto missing = d.Payment(P{.amount = 1800, .outbox = "ACKED", .answer = "ACSP"});
  const auto dup = d.Payment(P{.amount = 1900, .outbox = "ACKED", .answer = "ACSP"});
  const auto reversed = d.Payment(P{.amount = 2000, .status = "FAILED", .reversed = true, .outbox = "NACKED", .answer = "RJCT"});
  const auto refused_both = d.Payment(P{.amount = 2100, .status = "FAILED", .reversed = true, .outbox = "NACKED", .answer = "RJCT"});
  const auto returned = d.Payment(P{.amount = 2200, .outbox = "ACKED", .answer = "ACSP"});
  const auto pending = d.Payment(P{.amount = 2300, .outbox = "ACKED", .answer = "ACSP"});
  const auto direction = d.Payment(P{.amount = 2400, .outbox = "ACKED", .answer = "ACSP"});
  const auto inbound = d.Payment(P{.amount = 5000, .direction = "inbound", .answer = "ACSP"});
  // Posted after the cut-off: the next day's, though on this day's statement.
  const auto yesterday = d.Payment(P{.amount = 2500, .at = "2026-01-15 19:00:00+00", .outbox = "ACKED", .answer = "ACSP"});
  const auto other_link = d.Payment(P{.amount = 2600, .link = "bank-c", .outbox = "ACKED", .answer = "ACSP"});
  d.LedgerOnly(700, kInDay);

  auto uetr = [&](const std::string& id) { return d.Scalar("SELECT uetr FROM payments WHERE id = '" + id + "'"); };
  std::vector<rec::StatementLine> lines;
  lines.push_back(Line(uetr(ok), 10000));
  lines.push_back(Line("", 20000, "INV-2026-0042"));
  lines.push_back(Line(uetr(amount), 1550));
  auto ccy = Line(uetr(currency), 1600);
  ccy.currency = "USD";
  lines.push_back(ccy);
  auto vd = Line(uetr(value_date), 1700);
  vd.value_date = "2026-01-16";
  lines.push_back(vd);
  lines.push_back(Line(uetr(dup), 1900));
  lines.push_back(Line(uetr(dup), 1900));
  lines.push_back(Line(uetr(reversed), 2000));
  auto ret = Line(uetr(returned), 2200);
  ret.reversal = true;
  lines.push_back(ret);
  auto pdng = Line(uetr(pending), 2300);
  pdng.status = "PDNG";
  lines.push_back(pdng);
  lines.push_back(Line(uetr(direction), 2400, "", "CRDT"));
  lines.push_back(Line(uetr(inbound), 5000, "", "CRDT"));
  lines.push_back(Line(uetr(yesterday), 2500));
  lines.push_back(Line("9f7e6d5c-4b3a-4c2d-9e1f-0a1b2c3d4e5f", 3000));  // unknown to us
  lines.push_back(Line(uetr(no_answer), 1100));

  // The statement of the day, in two pages as banks send them.
  int64_t balance = -100000;
  const int64_t opening = balance;
  for (const auto& l : lines) balance += l.credit_debit == "CRDT" ? l.amount_minor : -l.amount_minor;
  std::vector<rec::StatementLine> page1(lines.begin(), lines.begin() + 8), page2(lines.begin() + 8, lines.end());
  int64_t mid = opening;
  for (const auto& l : page1) mid += l.credit_debit == "CRDT" ? l.amount_minor : -l.amount_minor;
  // The USD line is in another currency: the bank's balance moves by it anyway (its books).
  REQUIRE(d.Import(rec::WriteCamt053(Header053("STMT-20260115", 1, false, opening, mid), page1), "day-p1.xml").ok());
  REQUIRE(d.Import(rec::WriteCamt053(Header053("STMT-20260115", 2, true, mid, balance), page2), "day-p2.xml").ok());

  auto runs = rec::RunDay(d.pool(), Options());
  REQUIRE(runs.ok());
  REQUIRE(runs->size() == 2);  // bank-b and bank-c

  auto report = rec::DailyReport(d.pool(), Options(), true);
  REQUIRE(report.ok());
  INFO(report->dump(2));
  CHECK((*report)["provisional"] == false);
  auto items = ItemsByKey(*report);
  auto reason = [&](const std::string& key) {
    REQUIRE(items.count(key));
    return items[key]["reason"].is_null() ? std::string("MATCHED:") + items[key]["match_rule"].get<std::string>()
                                          : items[key]["reason"].get<std::string>();
  };
  CHECK(reason("payment:" + ok) == "MATCHED:uetr");
  CHECK(reason("payment:" + by_e2e) == "MATCHED:e2e");
  CHECK(reason("payment:" + no_answer) == "missing_answer");
  CHECK(reason("payment:" + not_sent) == "not_sent");
  CHECK(reason("payment:" + answer_no_post) == "answer_without_posting");
  CHECK(reason("payment:" + post_no_msg) == "posting_without_message");
  CHECK(reason("payment:" + amount) == "amount_mismatch");
  CHECK(reason("payment:" + currency) == "currency_mismatch");
  CHECK(reason("payment:" + value_date) == "value_date_mismatch");
  CHECK(reason("payment:" + missing) == "missing_from_statement");
  CHECK(reason("payment:" + dup) == "MATCHED:uetr");
  CHECK(reason("payment:" + reversed) == "reversed_here_settled_there");
  CHECK(reason("payment:" + refused_both) == "MATCHED:refused_both");
  CHECK(reason("payment:" + returned) == "returned_there");
  CHECK(reason("payment:" + pending) == "pending_on_statement");
  CHECK(reason("payment:" + direction) == "direction_mismatch");
  CHECK(reason("payment:" + inbound) == "MATCHED:uetr");
  CHECK(reason("payment:" + other_link) == "no_statement");
  CHECK(items.count("payment:" + yesterday) == 0);  // another day's payment
  std::map<std::string, int> entry_reasons;
  for (const auto& [key, it] : items)
    if (key.rfind("entry:", 0) == 0 || key.rfind("posting:", 0) == 0) ++entry_reasons[it["reason"].get<std::string>()];
  CHECK(entry_reasons["duplicate_on_statement"] == 1);
  CHECK(entry_reasons["unknown_to_us"] == 1);
  CHECK(entry_reasons["timing_difference"] == 1);
  CHECK(entry_reasons["posting_without_message"] == 1);
  // Every reason of the documented list appears once in this day.
  std::set<std::string> seen;
  for (const auto& [key, it] : items)
    if (!it["reason"].is_null()) seen.insert(it["reason"].get<std::string>());
  for (const auto& [r, name] : rec::AllReasons()) CHECK(seen.count(name) == 1);

  // Totals and balances of bank-b.
  json bankb;
  for (const auto& l : (*report)["links"])
    if (l["link"] == "bank-b") bankb = l;
  REQUIRE(bankb.is_object());
  CHECK(bankb["statement"]["source"] == "camt.053");
  CHECK(bankb["statement"]["complete"] == true);
  json eur;
  for (const auto& c : bankb["currencies"])
    if (c["currency"] == "EUR") eur = c;
  CHECK(eur["matched"]["count"] == 5);  // ok, e2e, dup, refused_both, inbound
  CHECK(eur["matched"]["sum_minor"] == 10000 + 20000 + 1900 + 2100 + 5000);
  CHECK(eur["open"]["count"] == eur["unmatched"]["count"]);
  // Ours at the window's start: 1,000.00 credit here = 1,000.00 debit there.
  CHECK(eur["balances"]["ours_opening_minor"] == -100000);
  CHECK(eur["balances"]["statement_opening_minor"] == opening);
  CHECK(eur["balances"]["opening_difference_minor"] == 0);
  // Ours at the end: the opening, every outbound posting (+), the inbound (-), reversals, the stray posting.
  const int64_t ours_closing =
      -(100000 + 10000 + 20000 + 1100 + 1200 + 1400 + 1500 + 1600 + 1700 + 1800 + 1900 + 2200 + 2300 + 2400 - 5000 + 700);
  CHECK(eur["balances"]["ours_closing_minor"] == ours_closing);
  CHECK(eur["balances"]["statement_closing_minor"] == balance);
  CHECK(eur["balances"]["closing_difference_minor"] == balance - ours_closing);

  // Cases: one per open unmatched item.
  const std::string open_items = d.Scalar(
      "SELECT count(*) FROM recon_items WHERE status = 'UNMATCHED' AND resolution IS NULL");
  CHECK(d.Scalar("SELECT count(*) FROM exception_cases WHERE status = 'OPEN' AND kind = 'reconciliation'") == open_items);
  CHECK(d.Scalar("SELECT count(*) FROM audit_logs WHERE action = 'reconciliation.run'") == "2");

  // A second run: the same items, the same fingerprint, no second case.
  const std::string fingerprint = (*runs)[0].fingerprint;
  auto again = rec::RunDay(d.pool(), Options());
  REQUIRE(again.ok());
  CHECK((*again)[0].fingerprint == fingerprint);
  CHECK((*again)[0].matched == (*runs)[0].matched);
  auto report2 = rec::DailyReport(d.pool(), Options(), true);
  REQUIRE(report2.ok());
  CHECK((*report2)["items"] == (*report)["items"]);
  CHECK((*report2)["links"][0]["currencies"] == (*report)["links"][0]["currencies"]);
  CHECK(d.Scalar("SELECT count(*) FROM exception_cases WHERE kind = 'reconciliation'") == open_items);

  // CSV: a header and one line per item.
  const std::string csv = rec::DailyReportCsv(*report);
  CHECK(csv.rfind("business_date,link,item_key,status,reason", 0) == 0);
  CHECK(static_cast<std::size_t>(std::count(csv.begin(), csv.end(), '\n')) == (*report)["items"].size() + 1);

  // Aging: the open items of the day, by bucket.
  pqxx::work w(d.conn());
  auto aging = rec::Aging(w, 3650, "bank-b");
  REQUIRE(aging.ok());
  int64_t total = 0;
  for (const auto& [bucket, b] : (*aging)["buckets"].items()) total += b["count"].get<int64_t>();
  CHECK(total == (*aging)["open_unmatched"].get<int64_t>());
  CHECK((*aging)["buckets"]["over 7"]["count"].get<int64_t>() > 0);  // the seeded day is in 2026-01
}

TEST_CASE("a day with only camt.054 notifications is matched against them, and its report is provisional until run",
          "[reconciliation]") {
  ReconDb d;
  using P = ReconDb::P;
  const auto a = d.Payment(P{.amount = 12345, .outbox = "ACKED", .answer = "ACSP"});
  rec::StatementHeader h;
  h.msg_id = "BANKB-054-1";
  h.created = kDay + "T10:00:05Z";
  h.statement_id = "NTF-1";
  h.account_id = "NOSTRO-BANKB-EUR";
  h.currency = "EUR";
  h.date = kDay;
  REQUIRE(d.Import(rec::WriteCamt054(h, {Line(d.Scalar("SELECT uetr FROM payments WHERE id = '" + a + "'"), 12345)}),
                   "ntf.xml")
              .ok());
  rec::RunOptions o = Options();
  o.links = {rec::LinkCutoff{"bank-b", 18 * 60}};
  auto report = rec::DailyReport(d.pool(), o, true);
  REQUIRE(report.ok());
  CHECK((*report)["provisional"] == true);
  CHECK((*report)["links"][0]["statement"]["source"] == "camt.054");
  REQUIRE((*report)["items"].size() == 1);
  CHECK((*report)["items"][0]["status"] == "MATCHED");
  CHECK(d.Scalar("SELECT count(*) FROM recon_runs") == "0");  // nothing stored
}

}  // namespace
}  // namespace gw::test
