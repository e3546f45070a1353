// File: gateway/reconciliation/exception_queue.cc
//
// The exception queue: cases, their steps, and the two-operator proposals
// (manual match, write-off to suspense).
#include <algorithm>
#include <set>

#include <pqxx/pqxx>

#include "core/pg/audit.h"
#include "gateway/payment.h"
#include "gateway/payment_store.h"
#include "gateway/reconciliation/reconciliation.h"
#include "ledger/ledger.h"

namespace gw::reconciliation {

namespace {

using nlohmann::json;

constexpr const char* kCaseColumns =
    "c.id, c.item_key, c.kind, coalesce(c.business_date::text, ''), coalesce(c.link_name, ''), c.reason, "
    "coalesce(c.payment_id::text, ''), coalesce(c.statement_entry_id, 0), coalesce(c.currency, ''), "
    "coalesce(c.amount_minor, 0), c.status, coalesce(c.assigned_to, ''), coalesce(c.resolution, ''), "
    "coalesce(c.resolved_by, ''), to_char(c.opened_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "to_char(c.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), "
    "coalesce(to_char(c.resolved_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), '')";

json NullIfEmpty(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json CaseRow(const pqxx::row& r) {
  const std::string ccy = r[8].c_str();
  const int64_t amount = r[9].as<int64_t>();
  return {{"id", r[0].as<int64_t>()},
          {"item_key", r[1].c_str()},
          {"kind", r[2].c_str()},
          {"business_date", NullIfEmpty(r[3].c_str())},
          {"link", NullIfEmpty(r[4].c_str())},
          {"reason", r[5].c_str()},
          {"payment_id", NullIfEmpty(r[6].c_str())},
          {"statement_entry_id", r[7].as<int64_t>() == 0 ? json(nullptr) : json(r[7].as<int64_t>())},
          {"currency", NullIfEmpty(ccy)},
          {"amount_minor", amount},
          {"amount", ccy.empty() ? json(nullptr) : json(gateway::FormatAmount(amount, ccy))},
          {"status", r[10].c_str()},
          {"assigned_to", NullIfEmpty(r[11].c_str())},
          {"resolution", NullIfEmpty(r[12].c_str())},
          {"resolved_by", NullIfEmpty(r[13].c_str())},
          {"opened_at", r[14].c_str()},
          {"updated_at", r[15].c_str()},
          {"resolved_at", NullIfEmpty(r[16].c_str())}};
}

struct Case {
  int64_t id = 0;
  std::string item_key, kind, business_date, link, reason, payment_id, status, assigned_to, currency;
  int64_t entry_id = 0;
  int64_t amount_minor = 0;
};

StatusOr<Case> LockCase(pqxx::dbtransaction& txn, int64_t id) {
  auto r = txn.exec_params(std::string("SELECT ") + kCaseColumns + " FROM exception_cases c WHERE c.id = $1 FOR UPDATE", id);
  if (r.empty()) return NotFound("no exception case " + std::to_string(id));
  Case c;
  c.id = id;
  c.item_key = r[0][1].c_str();
  c.kind = r[0][2].c_str();
  c.business_date = r[0][3].c_str();
  c.link = r[0][4].c_str();
  c.reason = r[0][5].c_str();
  c.payment_id = r[0][6].c_str();
  c.entry_id = r[0][7].as<int64_t>();
  c.currency = r[0][8].c_str();
  c.amount_minor = r[0][9].as<int64_t>();
  c.status = r[0][10].c_str();
  c.assigned_to = r[0][11].c_str();
  return c;
}

void Step(pqxx::dbtransaction& txn, int64_t case_id, const std::string& actor, const std::string& action,
          const std::string& comment, const json& details = nullptr) {
  txn.exec_params(
      "INSERT INTO exception_case_steps (case_id, actor, action, comment, details) VALUES ($1, $2, $3, $4, $5::jsonb)",
      case_id, actor, action, comment.empty() ? nullptr : comment.c_str(),
      details.is_null() ? nullptr : pg::JsonParam(details).c_str());
}

void Audit(pqxx::dbtransaction& txn, const Actor& who, const std::string& action, int64_t case_id, const json& before,
           const json& after) {
  pg::WriteAudit(txn, pg::AuditEntry{who.username, action, "exception_case", std::to_string(case_id),
                                     before.is_null() ? std::nullopt : std::optional<json>(before),
                                     after.is_null() ? std::nullopt : std::optional<json>(after), who.source_address,
                                     std::nullopt});
}

Status CheckComment(const std::string& comment, bool required) {
  if (required && comment.empty()) return InvalidArgument("a comment is required");
  if (comment.size() > 2000) return InvalidArgument("the comment is longer than 2000 characters");
  return Status::Ok();
}

Status RequireOpen(const Case& c) {
  if (c.status == "RESOLVED") return FailedPrecondition("case " + std::to_string(c.id) + " is resolved");
  if (c.status == "PENDING_APPROVAL")
    return FailedPrecondition("case " + std::to_string(c.id) +
                              " has a proposal waiting for a second operator; approve or reject it first");
  return Status::Ok();
}

// The suspense account write-offs go to, made on first use.
StatusOr<std::string> SuspenseAccount(pqxx::dbtransaction& txn, const std::string& currency) {
  const std::string id = "SUSPENSE-RECON-" + currency;
  txn.exec_params(
      "INSERT INTO ledger_accounts (id, kind, currency, name, allow_overdraft) VALUES ($1, 'suspense', $2, $3, true) "
      "ON CONFLICT (id) DO NOTHING",
      id, currency, "Reconciliation write-offs (" + currency + ")");
  return id;
}

}  // namespace

StatusOr<json> ListCases(pqxx::dbtransaction& txn, const CaseFilter& f) {
  static const std::set<std::string> kStatuses = {"", "open", "OPEN", "PENDING_APPROVAL", "RESOLVED"};
  if (!kStatuses.count(f.status))
    return InvalidArgument("status must be OPEN, PENDING_APPROVAL, RESOLVED or open (not resolved)");
  if (!f.kind.empty() && f.kind != "reconciliation" && f.kind != "payment_exception")
    return InvalidArgument("kind must be reconciliation or payment_exception");
  if (!f.reason.empty() && !ParseReason(f.reason) && f.reason != "payment_exception")
    return InvalidArgument("unknown reason \"" + f.reason + "\"");
  const int limit = std::clamp(f.limit, 1, 500);
  return pg::Guarded([&]() -> StatusOr<json> {
    json cases = json::array();
    auto rows = txn.exec_params(
        std::string("SELECT ") + kCaseColumns +
            " FROM exception_cases c WHERE ($1 = '' OR ($1 = 'open' AND c.status <> 'RESOLVED') OR c.status = $1) "
            "AND ($2 = '' OR c.reason = $2) AND ($3 = '' OR c.link_name = $3) AND ($4 = '' OR c.assigned_to = $4) "
            "AND ($5 = '' OR c.kind = $5) AND ($6 = '' OR c.business_date = $6::date) AND ($7 = 0 OR c.id < $7) "
            "ORDER BY c.id DESC LIMIT $8",
        f.status, f.reason, f.link, f.assigned_to, f.kind, f.date, f.before, limit);
    for (const auto& r : rows) cases.push_back(CaseRow(r));
    json body = {{"cases", cases}};
    if (static_cast<int>(rows.size()) == limit) body["next"] = cases.back()["id"];
    auto counts = txn.exec("SELECT status, count(*) FROM exception_cases WHERE status <> 'RESOLVED' GROUP BY 1");
    json open = {{"OPEN", 0}, {"PENDING_APPROVAL", 0}};
    for (const auto& r : counts) open[r[0].c_str()] = r[1].as<int64_t>();
    body["open_counts"] = open;
    return body;
  });
}

StatusOr<json> GetCase(pqxx::dbtransaction& txn, int64_t id) {
  return pg::Guarded([&]() -> StatusOr<json> {
    auto r = txn.exec_params(std::string("SELECT ") + kCaseColumns + " FROM exception_cases c WHERE c.id = $1", id);
    if (r.empty()) return NotFound("no exception case " + std::to_string(id));
    json c = CaseRow(r[0]);
    json steps = json::array();
    for (const auto& s : txn.exec_params(
             "SELECT id, actor, action, coalesce(comment, ''), coalesce(details::text, 'null'), "
             "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM exception_case_steps "
             "WHERE case_id = $1 ORDER BY id",
             id))
      steps.push_back({{"id", s[0].as<int64_t>()}, {"actor", s[1].c_str()}, {"action", s[2].c_str()},
                       {"comment", NullIfEmpty(s[3].c_str())}, {"details", json::parse(s[4].c_str())},
                       {"at", s[5].c_str()}});
    json proposals = json::array();
    for (const auto& p : txn.exec_params(
             "SELECT id, action, coalesce(statement_entry_id, 0), coalesce(payment_id::text, ''), "
             "coalesce(suspense_account, ''), settlement_delta_minor, comment, proposed_by, "
             "to_char(proposed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), coalesce(decision, ''), "
             "coalesce(decided_by, ''), coalesce(decision_comment, ''), journal_entry_id "
             "FROM exception_case_proposals WHERE case_id = $1 ORDER BY id",
             id)) {
      json j = {{"id", p[0].as<int64_t>()}, {"action", p[1].c_str()},
                {"statement_entry_id", p[2].as<int64_t>() == 0 ? json(nullptr) : json(p[2].as<int64_t>())},
                {"payment_id", NullIfEmpty(p[3].c_str())}, {"suspense_account", NullIfEmpty(p[4].c_str())},
                {"settlement_delta_minor", p[5].is_null() ? json(nullptr) : json(p[5].as<int64_t>())},
                {"comment", p[6].c_str()}, {"proposed_by", p[7].c_str()}, {"proposed_at", p[8].c_str()},
                {"decision", NullIfEmpty(p[9].c_str())}, {"decided_by", NullIfEmpty(p[10].c_str())},
                {"decision_comment", NullIfEmpty(p[11].c_str())},
                {"journal_entry_id", p[12].is_null() ? json(nullptr) : json(p[12].as<int64_t>())}};
      proposals.push_back(j);
    }
    c["steps"] = steps;
    c["proposals"] = proposals;
    if (c["kind"] == "reconciliation" || !c["business_date"].is_null()) {
      auto item = txn.exec_params(
          "SELECT business_date::text, status, coalesce(reason, ''), coalesce(statement_amount_minor::text, ''), "
          "coalesce(our_value_date::text, ''), coalesce(statement_value_date::text, ''), coalesce(uetr, ''), "
          "coalesce(end_to_end_id, '') FROM recon_items WHERE item_key = $1 ORDER BY business_date DESC LIMIT 1",
          c["item_key"].get<std::string>());
      if (!item.empty())
        c["item"] = {{"business_date", item[0][0].c_str()}, {"status", item[0][1].c_str()},
                     {"reason", NullIfEmpty(item[0][2].c_str())},
                     {"statement_amount_minor", NullIfEmpty(item[0][3].c_str())},
                     {"our_value_date", NullIfEmpty(item[0][4].c_str())},
                     {"statement_value_date", NullIfEmpty(item[0][5].c_str())}, {"uetr", NullIfEmpty(item[0][6].c_str())},
                     {"end_to_end_id", NullIfEmpty(item[0][7].c_str())}};
    }
    return c;
  });
}

Status AssignCase(pqxx::dbtransaction& txn, int64_t id, const Actor& who) {
  return pg::Guarded([&]() -> Status {
    GW_ASSIGN_OR_RETURN(Case c, LockCase(txn, id));
    if (c.status == "RESOLVED") return FailedPrecondition("case " + std::to_string(id) + " is resolved");
    txn.exec_params("UPDATE exception_cases SET assigned_to = $2, updated_at = now() WHERE id = $1", id, who.username);
    Step(txn, id, who.username, "assigned", "", json{{"from", NullIfEmpty(c.assigned_to)}, {"to", who.username}});
    Audit(txn, who, "exception.assign", id, json{{"assigned_to", NullIfEmpty(c.assigned_to)}},
          json{{"assigned_to", who.username}});
    return Status::Ok();
  });
}

Status CommentCase(pqxx::dbtransaction& txn, int64_t id, const Actor& who, const std::string& comment) {
  GW_RETURN_IF_ERROR(CheckComment(comment, true));
  return pg::Guarded([&]() -> Status {
    GW_ASSIGN_OR_RETURN(Case c, LockCase(txn, id));
    txn.exec_params("UPDATE exception_cases SET updated_at = now() WHERE id = $1", id);
    Step(txn, id, who.username, "comment", comment);
    Audit(txn, who, "exception.comment", id, nullptr, json{{"comment", comment}});
    return Status::Ok();
  });
}

StatusOr<std::string> RetriggerCase(pqxx::dbtransaction& txn, int64_t id, const Actor& who, const std::string& comment) {
  GW_RETURN_IF_ERROR(CheckComment(comment, false));
  return pg::Guarded([&]() -> StatusOr<std::string> {
    GW_ASSIGN_OR_RETURN(Case c, LockCase(txn, id));
    GW_RETURN_IF_ERROR(RequireOpen(c));
    if (c.payment_id.empty())
      return FailedPrecondition("case " + std::to_string(id) + " has no payment of ours to send again (" + c.reason +
                                "): match it manually or write it off");
    GW_ASSIGN_OR_RETURN(auto p, gateway::GetPayment(txn, c.payment_id, true));
    if (!p) return NotFound("no payment " + c.payment_id);
    if (p->direction != "outbound") return FailedPrecondition("payment " + p->id + " is inbound: nothing to send");
    using S = gateway::PaymentStatus;
    std::string action;
    if (p->status == S::kException) {
      const bool posted = !txn.exec_params("SELECT 1 FROM journal_entries WHERE idempotency_key = $1", "payment:" + p->id).empty();
      const bool queued = !txn.exec_params("SELECT 1 FROM outbox WHERE payment_id = $1::uuid", p->id).empty();
      if (!posted) {
        GW_RETURN_IF_ERROR(gateway::Transition(txn, p->id, S::kException, S::kApproved, who.username,
                                               "retriggered from exception case " + std::to_string(id)));
        action = "back to APPROVED (nothing was posted)";
      } else if (queued) {
        txn.exec_params("UPDATE outbox SET status = 'PENDING', attempts = 0 WHERE payment_id = $1::uuid "
                        "AND status IN ('SENT', 'UNDELIVERABLE')", p->id);
        GW_RETURN_IF_ERROR(gateway::Transition(txn, p->id, S::kException, S::kQueued, who.username,
                                               "retriggered from exception case " + std::to_string(id)));
        action = "back to QUEUED; its pacs.008 will be sent again with the same identifiers";
      } else {
        return FailedPrecondition("payment " + p->id + " is posted but has no outbound message; it needs manual repair");
      }
    } else if (p->status == S::kSent || p->status == S::kQueued) {
      txn.exec_params("UPDATE outbox SET status = 'PENDING', attempts = 0 WHERE payment_id = $1::uuid "
                      "AND status IN ('SENT', 'UNDELIVERABLE')", p->id);
      txn.exec_params("UPDATE payments SET updated_at = now() WHERE id = $1::uuid", p->id);
      action = "its pacs.008 will be sent again with the same identifiers";
    } else {
      return FailedPrecondition("payment " + p->id + " is " + std::string(gateway::ToString(p->status)) +
                                ": there is nothing to send again; match it manually or write it off");
    }
    txn.exec("NOTIFY gateway_work");
    if (!p->link_name.empty()) txn.exec("NOTIFY gateway_outbox, " + txn.quote(p->link_name));
    txn.exec_params("UPDATE exception_cases SET updated_at = now() WHERE id = $1", id);
    Step(txn, id, who.username, "retriggered", comment, json{{"payment_id", p->id}, {"action", action}});
    Audit(txn, who, "exception.retrigger", id, json{{"payment_status", std::string(gateway::ToString(p->status))}},
          json{{"payment_id", p->id}, {"action", action}, {"comment", comment}});
    return action;
  });
}

StatusOr<int64_t> ProposeManualMatch(pqxx::dbtransaction& txn, int64_t id, const Actor& who, int64_t statement_entry_id,
                                     const std::string& payment_id, const std::string& comment) {
  GW_RETURN_IF_ERROR(CheckComment(comment, true));
  return pg::Guarded([&]() -> StatusOr<int64_t> {
    GW_ASSIGN_OR_RETURN(Case c, LockCase(txn, id));
    GW_RETURN_IF_ERROR(RequireOpen(c));
    int64_t entry = c.entry_id != 0 ? c.entry_id : statement_entry_id;
    std::string payment = !c.payment_id.empty() ? c.payment_id : payment_id;
    if (!c.payment_id.empty() && statement_entry_id == 0)
      return InvalidArgument("statement_entry_id: the statement line to match payment " + c.payment_id + " with is required");
    if (c.entry_id != 0 && payment_id.empty())
      return InvalidArgument("payment_id: the payment to match statement line " + std::to_string(c.entry_id) +
                             " with is required");
    if (entry == 0 || payment.empty())
      return FailedPrecondition("case " + std::to_string(id) + " (" + c.reason +
                                ") is not about a payment or a statement line: write it off instead");
    auto e = txn.exec_params("SELECT currency, link_name FROM recon_statement_entries WHERE id = $1", entry);
    if (e.empty()) return NotFound("no statement line " + std::to_string(entry));
    auto p = txn.exec_params("SELECT currency, coalesce(link_name, '') FROM payments WHERE id = $1::uuid", payment);
    if (p.empty()) return NotFound("no payment " + payment);
    if (std::string(e[0][0].c_str()) != p[0][0].c_str())
      return FailedPrecondition("statement line " + std::to_string(entry) + " is in " + e[0][0].c_str() + ", payment " +
                                payment + " in " + p[0][0].c_str());
    if (std::string(e[0][1].c_str()) != p[0][1].c_str())
      return FailedPrecondition("statement line " + std::to_string(entry) + " is on link " + e[0][1].c_str() +
                                ", payment " + payment + " on " + p[0][1].c_str());
    const int64_t pid = txn.exec_params(
        "INSERT INTO exception_case_proposals (case_id, action, statement_entry_id, payment_id, comment, proposed_by) "
        "VALUES ($1, 'manual_match', $2, $3::uuid, $4, $5) RETURNING id",
        id, entry, payment, comment, who.username)[0][0].as<int64_t>();
    txn.exec_params("UPDATE exception_cases SET status = 'PENDING_APPROVAL', updated_at = now() WHERE id = $1", id);
    const json details = {{"proposal_id", pid}, {"action", "manual_match"}, {"statement_entry_id", entry},
                          {"payment_id", payment}};
    Step(txn, id, who.username, "proposed", comment, details);
    Audit(txn, who, "exception.propose", id, json{{"status", c.status}}, details);
    return pid;
  });
}

StatusOr<int64_t> ProposeWriteOff(pqxx::dbtransaction& txn, int64_t id, const Actor& who, const std::string& comment) {
  GW_RETURN_IF_ERROR(CheckComment(comment, true));
  return pg::Guarded([&]() -> StatusOr<int64_t> {
    GW_ASSIGN_OR_RETURN(Case c, LockCase(txn, id));
    GW_RETURN_IF_ERROR(RequireOpen(c));
    if (c.link.empty() || c.currency.empty())
      return FailedPrecondition("case " + std::to_string(id) + " has no link or currency: nothing to write off");
    auto account = txn.exec_params(
        "SELECT id FROM ledger_accounts WHERE kind = 'settlement' AND counterparty = $1 AND currency = $2", c.link,
        c.currency);
    if (account.empty())
      return FailedPrecondition("link " + c.link + " has no " + c.currency + " settlement account");
    const std::string settlement = account[0][0].c_str();
    // What the statement says, in our books' sign (a debit there is a credit here) ...
    int64_t statement_side = 0;
    if (c.entry_id != 0 || c.item_key.rfind("payment:", 0) == 0) {
      auto e = txn.exec_params(
          "SELECT e.amount_minor, e.credit_debit, e.reversal FROM recon_statement_entries e WHERE e.id = "
          "(SELECT coalesce($1::bigint, (SELECT statement_entry_id FROM recon_items WHERE item_key = $2 "
          "  ORDER BY business_date DESC LIMIT 1)))",
          c.entry_id != 0 ? std::to_string(c.entry_id).c_str() : nullptr, c.item_key);
      if (!e.empty()) {
        int64_t v = e[0][0].as<int64_t>();
        if (std::string(e[0][1].c_str()) == "CRDT") v = -v;
        if (e[0][2].as<bool>()) v = -v;
        statement_side = v;
      }
    }
    // ... against what our settlement account holds for the item.
    int64_t ours = 0;
    if (!c.payment_id.empty()) {
      ours = txn.exec_params("SELECT coalesce(sum(p.amount_minor), 0)::bigint FROM postings p JOIN journal_entries e "
                             "ON e.id = p.entry_id WHERE e.payment_id = $1::uuid AND p.account_id = $2",
                             c.payment_id, settlement)[0][0].as<int64_t>();
    } else if (c.item_key.rfind("posting:", 0) == 0) {
      ours = txn.exec_params("SELECT coalesce(sum(amount_minor), 0)::bigint FROM postings WHERE entry_id = $1::bigint "
                             "AND account_id = $2",
                             c.item_key.substr(8), settlement)[0][0].as<int64_t>();
    }
    const int64_t delta = statement_side - ours;
    if (delta == 0)
      return FailedPrecondition("case " + std::to_string(id) + " (" + c.reason +
                                "): our books and the statement already agree in amount; nothing to write off "
                                "(match it manually, or comment and wait for the next statement)");
    GW_ASSIGN_OR_RETURN(std::string suspense, SuspenseAccount(txn, c.currency));
    const int64_t pid = txn.exec_params(
        "INSERT INTO exception_case_proposals (case_id, action, suspense_account, settlement_delta_minor, comment, "
        "proposed_by) VALUES ($1, 'write_off', $2, $3, $4, $5) RETURNING id",
        id, suspense, delta, comment, who.username)[0][0].as<int64_t>();
    txn.exec_params("UPDATE exception_cases SET status = 'PENDING_APPROVAL', updated_at = now() WHERE id = $1", id);
    const json details = {{"proposal_id", pid}, {"action", "write_off"}, {"settlement_account", settlement},
                          {"suspense_account", suspense}, {"settlement_delta_minor", delta}};
    Step(txn, id, who.username, "proposed", comment, details);
    Audit(txn, who, "exception.propose", id, json{{"status", c.status}}, details);
    return pid;
  });
}

Status DecideProposal(pqxx::dbtransaction& txn, int64_t id, const Actor& who, bool approve, const std::string& comment) {
  GW_RETURN_IF_ERROR(CheckComment(comment, !approve));
  return pg::Guarded([&]() -> Status {
    GW_ASSIGN_OR_RETURN(Case c, LockCase(txn, id));
    auto p = txn.exec_params(
        "SELECT id, action, proposed_by, coalesce(statement_entry_id, 0), coalesce(payment_id::text, ''), "
        "coalesce(suspense_account, ''), coalesce(settlement_delta_minor, 0) FROM exception_case_proposals "
        "WHERE case_id = $1 AND decision IS NULL FOR UPDATE",
        id);
    if (p.empty()) return FailedPrecondition("case " + std::to_string(id) + " has no proposal waiting for a decision");
    const int64_t pid = p[0][0].as<int64_t>();
    const std::string action = p[0][1].c_str();
    const std::string proposer = p[0][2].c_str();
    if (proposer == who.username)
      return PermissionDenied("four eyes: " + who.username + " proposed this " + action +
                              " and may not decide on it; a second operator must");
    txn.exec_params(
        "UPDATE exception_case_proposals SET decision = $2, decided_by = $3, decided_at = now(), decision_comment = $4 "
        "WHERE id = $1",
        pid, approve ? "APPROVED" : "REJECTED", who.username, comment.empty() ? nullptr : comment.c_str());
    json after = {{"proposal_id", pid}, {"action", action}, {"proposed_by", proposer},
                  {"decision", approve ? "APPROVED" : "REJECTED"}, {"comment", comment}};
    if (!approve) {
      txn.exec_params("UPDATE exception_cases SET status = 'OPEN', updated_at = now() WHERE id = $1", id);
      Step(txn, id, who.username, "rejected", comment, json{{"proposal_id", pid}});
      Audit(txn, who, "exception.reject", id, json{{"status", "PENDING_APPROVAL"}}, after);
      return Status::Ok();
    }
    if (action == "manual_match") {
      const int64_t entry = p[0][3].as<int64_t>();
      const std::string payment = p[0][4].c_str();
      // Both sides of the pair are matched, on whichever day they were reported.
      txn.exec_params(
          "UPDATE recon_items SET status = 'MATCHED', reason = NULL, match_rule = 'manual', resolution = 'manual_match', "
          "statement_entry_id = coalesce(statement_entry_id, $2::bigint), payment_id = coalesce(payment_id, $3::uuid) "
          "WHERE item_key IN ($1, 'payment:' || $3::text, 'entry:' || $2::bigint::text)",
          c.item_key, entry, payment);
      // The other side's case, if it has one, is closed with this one.
      for (const auto& other : txn.exec_params(
               "UPDATE exception_cases SET status = 'RESOLVED', resolution = 'matched', resolved_by = $2, "
               "resolved_at = now(), updated_at = now() WHERE item_key IN ('payment:' || $3::text, 'entry:' || $4::bigint::text) "
               "AND id <> $1 AND status = 'OPEN' RETURNING id",
               id, who.username, payment, entry))
        Step(txn, other[0].as<int64_t>(), who.username, "resolved", "matched manually with case " + std::to_string(id),
             json{{"proposal_id", pid}});
      after["statement_entry_id"] = entry;
      after["payment_id"] = payment;
    } else {
      GW_ASSIGN_OR_RETURN(auto account, ledger::FindSettlementAccount(txn, c.link, c.currency));
      if (!account) return FailedPrecondition("link " + c.link + " has no " + c.currency + " settlement account");
      const int64_t delta = p[0][6].as<int64_t>();
      const std::string suspense = p[0][5].c_str();
      GW_ASSIGN_OR_RETURN(auto posted,
                          ledger::PostEntry(txn, ledger::EntrySpec{"adjustment", "recon-writeoff:" + std::to_string(pid),
                                                                   c.payment_id,
                                                                   "write-off of " + c.item_key + " (" + c.reason +
                                                                       ") to " + suspense + ", case " + std::to_string(id),
                                                                   {{account->id, delta}, {suspense, -delta}}}));
      txn.exec_params("UPDATE exception_case_proposals SET journal_entry_id = $2 WHERE id = $1", pid, posted.entry_id);
      txn.exec_params("UPDATE recon_items SET resolution = 'write_off' WHERE item_key = $1 AND status = 'UNMATCHED'",
                      c.item_key);
      after["journal_entry_id"] = posted.entry_id;
      after["settlement_delta_minor"] = delta;
      after["suspense_account"] = suspense;
    }
    txn.exec_params(
        "UPDATE exception_cases SET status = 'RESOLVED', resolution = $2, resolved_by = $3, resolved_at = now(), "
        "updated_at = now() WHERE id = $1",
        id, action, who.username);
    Step(txn, id, who.username, "approved", comment, after);
    Audit(txn, who, "exception.approve", id, json{{"status", "PENDING_APPROVAL"}}, after);
    return Status::Ok();
  });
}

StatusOr<int> SyncPaymentExceptionCases(pqxx::dbtransaction& txn) {
  return pg::Guarded([&]() -> StatusOr<int> {
    auto opened = txn.exec(
        "WITH ins AS ("
        "  INSERT INTO exception_cases (item_key, kind, business_date, link_name, reason, payment_id, currency, amount_minor) "
        "  SELECT 'payment:' || id::text, 'payment_exception', (updated_at AT TIME ZONE 'UTC')::date, link_name, "
        "    'payment_exception', id, currency, amount_minor FROM payments WHERE status = 'EXCEPTION' "
        "  ON CONFLICT (item_key) WHERE status <> 'RESOLVED' DO NOTHING RETURNING id, payment_id), "
        "steps AS (INSERT INTO exception_case_steps (case_id, actor, action, comment, details) "
        "  SELECT ins.id, 'system:reconciliation', 'opened', 'payment in EXCEPTION', "
        "    jsonb_build_object('reason_code', p.reason_code, 'reason', p.reason) "
        "  FROM ins JOIN payments p ON p.id = ins.payment_id RETURNING 1) "
        "SELECT count(*) FROM steps");
    txn.exec(
        "WITH closed AS ("
        "  UPDATE exception_cases c SET status = 'RESOLVED', resolution = 'payment_recovered', "
        "    resolved_by = 'system:reconciliation', resolved_at = now(), updated_at = now() "
        "  WHERE c.kind = 'payment_exception' AND c.status = 'OPEN' AND NOT EXISTS "
        "    (SELECT 1 FROM payments p WHERE p.id = c.payment_id AND p.status = 'EXCEPTION') RETURNING c.id, c.payment_id) "
        "INSERT INTO exception_case_steps (case_id, actor, action, comment, details) "
        "SELECT closed.id, 'system:reconciliation', 'resolved', 'the payment left EXCEPTION', "
        "  jsonb_build_object('status', p.status) FROM closed JOIN payments p ON p.id = closed.payment_id");
    return opened[0][0].as<int>();
  });
}

}  // namespace gw::reconciliation
