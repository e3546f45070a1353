#include "gateway/payment_store.h"

#include <algorithm>
#include <set>
#include <pqxx/pqxx>

#include "codecs/currency.h"
#include "codecs/decimal.h"
#include "core/pg/audit.h"

namespace gw::gateway {

namespace {

constexpr const char* kColumns =
    "id::text AS id, direction, status, source, idempotency_key, coalesce(msg_id, '') AS msg_id, end_to_end_id, "
    "uetr::text AS uetr, debtor_name, debtor_account, debtor_agent_bic, creditor_name, creditor_account, "
    "creditor_agent_bic, amount_minor, currency, coalesce(remittance_info, '') AS remittance_info, "
    "ultimate_debtor_name, ultimate_creditor_name, debtor_country, creditor_country, "
    "coalesce(requested_execution_date::text, '') AS requested_execution_date, created_by, "
    "coalesce(approval_mode, '') AS approval_mode, coalesce(approved_by, '') AS approved_by, "
    "coalesce(link_name, '') AS link_name, coalesce(reason_code, '') AS reason_code, coalesce(reason, '') AS reason, "
    "attempts, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS created_at, "
    "to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS updated_at";

Payment RowToPayment(const pqxx::row& r) {
  Payment p;
  p.id = r["id"].as<std::string>();
  p.direction = r["direction"].as<std::string>();
  p.status = ParsePaymentStatus(r["status"].as<std::string>()).value_or(PaymentStatus::kException);
  p.source = r["source"].as<std::string>();
  p.idempotency_key = r["idempotency_key"].as<std::string>();
  p.msg_id = r["msg_id"].as<std::string>();
  p.end_to_end_id = r["end_to_end_id"].as<std::string>();
  p.uetr = r["uetr"].as<std::string>();
  p.debtor_name = r["debtor_name"].as<std::string>();
  p.debtor_account = r["debtor_account"].as<std::string>();
  p.debtor_agent_bic = r["debtor_agent_bic"].as<std::string>();
  p.creditor_name = r["creditor_name"].as<std::string>();
  p.ultimate_debtor_name = r["ultimate_debtor_name"].as<std::string>();
  p.ultimate_creditor_name = r["ultimate_creditor_name"].as<std::string>();
  p.debtor_country = r["debtor_country"].as<std::string>();
  p.creditor_country = r["creditor_country"].as<std::string>();
  p.creditor_account = r["creditor_account"].as<std::string>();
  p.creditor_agent_bic = r["creditor_agent_bic"].as<std::string>();
  p.amount_minor = r["amount_minor"].as<int64_t>();
  p.currency = r["currency"].as<std::string>();
  p.remittance_info = r["remittance_info"].as<std::string>();
  p.requested_execution_date = r["requested_execution_date"].as<std::string>();
  p.created_by = r["created_by"].as<std::string>();
  p.approval_mode = r["approval_mode"].as<std::string>();
  p.approved_by = r["approved_by"].as<std::string>();
  p.link_name = r["link_name"].as<std::string>();
  p.reason_code = r["reason_code"].as<std::string>();
  p.reason = r["reason"].as<std::string>();
  p.attempts = r["attempts"].as<int>();
  p.created_at = r["created_at"].as<std::string>();
  p.updated_at = r["updated_at"].as<std::string>();
  return p;
}

template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return pg::StatusFromCurrentException();
  }
}

}  // namespace

std::string FormatAmount(int64_t minor, const std::string& currency) {
  const int digits = codecs::CurrencyMinorUnits(currency).value_or(2);
  return codecs::Decimal(minor, digits).ToString();
}

nlohmann::json PaymentToJson(const Payment& p) {
  nlohmann::json j = {
      {"id", p.id},
      {"direction", p.direction},
      {"status", std::string(ToString(p.status))},
      {"source", p.source},
      {"end_to_end_id", p.end_to_end_id},
      {"uetr", p.uetr},
      {"msg_id", p.msg_id},
      {"amount", FormatAmount(p.amount_minor, p.currency)},
      {"amount_minor", p.amount_minor},
      {"currency", p.currency},
      {"debtor", {{"name", p.debtor_name}, {"account", p.debtor_account}, {"agent_bic", p.debtor_agent_bic},
                  {"country", p.debtor_country}}},
      {"creditor", {{"name", p.creditor_name}, {"account", p.creditor_account}, {"agent_bic", p.creditor_agent_bic},
                    {"country", p.creditor_country}}},
      {"ultimate_debtor", {{"name", p.ultimate_debtor_name}}},
      {"ultimate_creditor", {{"name", p.ultimate_creditor_name}}},
      {"remittance_information", p.remittance_info},
      {"requested_execution_date", p.requested_execution_date},
      {"created_by", p.created_by},
      {"approval_mode", p.approval_mode},
      {"approved_by", p.approved_by},
      {"link", p.link_name},
      {"reason_code", p.reason_code},
      {"reason", p.reason},
      {"created_at", p.created_at},
      {"updated_at", p.updated_at},
  };
  return j;
}

StatusOr<CreateResult> CreatePayment(pqxx::dbtransaction& txn, const PaymentInstruction& in,
                                     const std::string& reject_code, const std::string& reject_reason,
                                     const ArrivedMessage* arrived) {
  return Guard([&]() -> StatusOr<CreateResult> {
    const bool rejected = !reject_code.empty();
    const std::string status = rejected ? "REJECTED" : "INITIATED";
    const nlohmann::json audit_after = {{"status", status},
                                        {"amount", FormatAmount(in.amount_minor, in.currency)},
                                        {"currency", in.currency},
                                        {"end_to_end_id", in.end_to_end_id},
                                        {"source", in.source}};
    // The data-modifying CTEs run only when the insert did (a repeat inserts
    // nothing, so it writes no history, audit or message either).
    auto r = pg::ExecPrepared(txn, "payment_create",
        "WITH p AS (INSERT INTO payments (id, status, source, idempotency_key, msg_id, end_to_end_id, uetr, debtor_name, "
        "debtor_account, debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, "
        "currency, remittance_info, requested_execution_date, created_by, reason_code, reason, ultimate_debtor_name, "
        "ultimate_creditor_name, debtor_country, creditor_country) "
        "VALUES (gen_random_uuid(), $1, $2, $3, NULLIF($4, ''), $5, $6::uuid, $7, $8, $9, $10, $11, $12, $13, $14, "
        "NULLIF($15, ''), NULLIF($16, '')::date, $17, NULLIF($18, ''), NULLIF($19, ''), $20, $21, $22, $23) "
        "ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING " + std::string(kColumns) + "), "
        "h AS (INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
        "  SELECT id::uuid, NULL, status, $17, NULLIF($24, '') FROM p), "
        "a AS (INSERT INTO audit_logs (actor, action, entity_type, entity_id, after) "
        "  SELECT $17, $25, 'payment', id, $26::jsonb FROM p), "
        "m AS (INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
        "  SELECT id::uuid, 'in', $27, $28, $29 FROM p WHERE $27 <> ''), "
        "n AS (SELECT pg_notify('gateway_work', '') FROM p WHERE status = 'INITIATED') "
        "SELECT p.*, (SELECT count(*) FROM n) AS notified FROM p",
        status, in.source, in.idempotency_key, in.msg_id, in.end_to_end_id, in.uetr, in.debtor_name,
        in.debtor_account, in.debtor_agent_bic, in.creditor_name, in.creditor_account, in.creditor_agent_bic,
        in.amount_minor, in.currency, in.remittance_info, in.requested_execution_date, in.created_by, reject_code,
        reject_reason, in.ultimate_debtor_name, in.ultimate_creditor_name, in.debtor_country, in.creditor_country,
        rejected ? reject_code + ": " + reject_reason : std::string(),
        rejected ? "payment.rejected_on_arrival" : "payment.create",
        audit_after.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
        arrived ? arrived->message_type : std::string(), arrived ? arrived->msg_id : std::string(),
        arrived ? arrived->content : std::string());
    if (r.empty()) {
      auto existing = txn.exec_params(std::string("SELECT ") + kColumns +
                                          " FROM payments WHERE source = $1 AND idempotency_key = $2",
                                      in.source, in.idempotency_key);
      if (existing.empty()) return Aborted("payment vanished between insert and read; retry");
      return CreateResult{RowToPayment(existing[0]), false};
    }
    return CreateResult{RowToPayment(r[0]), true};
  });
}

Status Transition(pqxx::dbtransaction& txn, const std::string& id, PaymentStatus from, PaymentStatus to,
                  const std::string& actor, const std::string& reason, const TransitionFields& f) {
  return TransitionMany(txn, {TransitionMove{id, from, to, actor, reason, f}});
}

Status TransitionMany(pqxx::dbtransaction& txn, const std::vector<TransitionMove>& moves) {
  if (moves.empty()) return Status::Ok();
  for (const auto& m : moves) {
    if (!IsLegalTransition(m.from, m.to))
      return FailedPrecondition("payment " + m.id + ": illegal transition " + std::string(ToString(m.from)) + " -> " +
                                std::string(ToString(m.to)));
  }
  return Guard([&]() -> Status {
    // The moves travel as one JSON array; absent fields arrive as NULL and keep
    // the payment's current value.
    nlohmann::json rows = nlohmann::json::array();
    int ord = 0;
    for (const auto& m : moves) {
      nlohmann::json r = {{"ord", ord++},
                          {"id", m.id},
                          {"from_status", std::string(ToString(m.from))},
                          {"to_status", std::string(ToString(m.to))},
                          {"terminal", IsTerminal(m.to)},
                          {"actor", m.actor}};
      if (!m.reason.empty()) r["note"] = m.reason;
      const auto put = [&r](const char* key, const std::optional<std::string>& v) {
        if (v && !v->empty()) r[key] = *v;
      };
      put("approval_mode", m.fields.approval_mode);
      put("approved_by", m.fields.approved_by);
      put("link_name", m.fields.link_name);
      put("reason_code", m.fields.reason_code);
      put("reason", m.fields.reason);
      rows.push_back(std::move(r));
    }
    // One round trip: the status changes and their history rows together.
    auto moved = pg::ExecPrepared(txn, "payment_transition",
        "WITH m AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, id uuid, from_status text, "
        "  to_status text, terminal boolean, actor text, note text, approval_mode text, approved_by text, "
        "  link_name text, reason_code text, reason text)), "
        "moved AS (UPDATE payments p SET status = m.to_status, updated_at = now(), "
        "  approval_mode = coalesce(m.approval_mode, p.approval_mode), "
        "  approved_by = coalesce(m.approved_by, p.approved_by), link_name = coalesce(m.link_name, p.link_name), "
        "  reason_code = coalesce(m.reason_code, p.reason_code), reason = coalesce(m.reason, p.reason), "
        "  completed_at = CASE WHEN m.terminal THEN now() ELSE p.completed_at END "
        "  FROM m WHERE p.id = m.id AND p.status = m.from_status RETURNING p.id) "
        "INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
        "SELECT m.id, m.from_status, m.to_status, m.actor, m.note FROM m JOIN moved ON moved.id = m.id "
        "ORDER BY m.ord RETURNING payment_id::text",
        rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    if (moved.size() == moves.size()) return Status::Ok();
    std::set<std::string> done;
    for (const auto& r : moved) done.insert(r[0].as<std::string>());
    for (const auto& m : moves) {
      if (!done.count(m.id))
        return FailedPrecondition("payment " + m.id + " is not " + std::string(ToString(m.from)) + " any more");
    }
    return FailedPrecondition("a payment appears twice in one batch of transitions");
  });
}

StatusOr<std::optional<Payment>> GetPayment(pqxx::dbtransaction& txn, const std::string& id, bool for_update) {
  return Guard([&]() -> StatusOr<std::optional<Payment>> {
    auto r = txn.exec_params(std::string("SELECT ") + kColumns + " FROM payments WHERE id = $1::uuid" +
                                 (for_update ? " FOR UPDATE" : ""),
                             id);
    if (r.empty()) return std::optional<Payment>();
    return std::optional<Payment>(RowToPayment(r[0]));
  });
}

StatusOr<std::vector<Payment>> ClaimPayments(pqxx::dbtransaction& txn, const std::vector<PaymentStatus>& statuses,
                                             int limit) {
  return Guard([&]() -> StatusOr<std::vector<Payment>> {
    // The statuses are the enum's own names (never input), written as literals
    // so that the planner can use the partial work-queue index.
    std::string list;
    for (auto st : statuses) list += (list.empty() ? "'" : ", '") + std::string(ToString(st)) + "'";
    auto rows = txn.exec_params(std::string("SELECT ") + kColumns + " FROM payments WHERE status IN (" + list +
                                    ") ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED",
                                limit);
    std::vector<Payment> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(RowToPayment(r));
    return out;
  });
}

StatusOr<std::vector<Payment>> ListPayments(pqxx::dbtransaction& txn, const PaymentFilter& f) {
  return Guard([&]() -> StatusOr<std::vector<Payment>> {
    // Every filter is a parameter; an absent one is NULL and matches everything.
    auto opt = [](const std::optional<std::string>& s) { return s.value_or(""); };
    auto rows = txn.exec_params(
        std::string("SELECT ") + kColumns +
            " FROM payments WHERE ($1 = '' OR status = $1)"
            " AND ($2 = '' OR created_at >= $2::timestamptz) AND ($3 = '' OR created_at < $3::timestamptz)"
            " AND ($4 = '' OR creditor_agent_bic LIKE $4 || '%' OR link_name = $4)"
            " AND ($5 < 0 OR amount_minor >= $5) AND ($6 < 0 OR amount_minor <= $6)"
            " AND ($7 = '' OR currency = $7)"
            " AND (NOT $8 OR (status NOT IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')"
            "      AND updated_at < now() - make_interval(secs => $9)))"
            " AND ($10 = '' OR (created_at, id) < (SELECT created_at, id FROM payments WHERE id = $10::uuid))"
            " ORDER BY created_at DESC, id DESC LIMIT $11",
        opt(f.status), opt(f.from_date), opt(f.to_date), opt(f.counterparty), f.min_amount_minor.value_or(-1),
        f.max_amount_minor.value_or(-1), opt(f.currency), f.stuck_only, f.stuck_after_seconds, f.before,
        std::clamp(f.limit, 1, 500));
    std::vector<Payment> out;
    for (const auto& r : rows) out.push_back(RowToPayment(r));
    return out;
  });
}

StatusOr<nlohmann::json> PaymentHistory(pqxx::dbtransaction& txn, const std::string& id) {
  return Guard([&]() -> StatusOr<nlohmann::json> {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : txn.exec_params(
             "SELECT coalesce(from_status, ''), to_status, actor, coalesce(reason, ''), "
             "to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') FROM payment_history "
             "WHERE payment_id = $1::uuid ORDER BY id",
             id))
      out.push_back({{"from", r[0].as<std::string>()}, {"to", r[1].as<std::string>()},
                     {"actor", r[2].as<std::string>()}, {"reason", r[3].as<std::string>()},
                     {"at", r[4].as<std::string>()}});
    return out;
  });
}

StatusOr<nlohmann::json> PaymentMessages(pqxx::dbtransaction& txn, const std::string& id) {
  return Guard([&]() -> StatusOr<nlohmann::json> {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : txn.exec_params(
             "SELECT m.id, m.direction, m.message_type, m.msg_id, "
             "to_char(m.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"'), "
             "coalesce(o.link_name, ''), coalesce(o.status, '') FROM payment_messages m "
             "LEFT JOIN outbox o ON o.message_id = m.id WHERE m.payment_id = $1::uuid ORDER BY m.id",
             id))
      out.push_back({{"id", r[0].as<int64_t>()}, {"direction", r[1].as<std::string>()},
                     {"message_type", r[2].as<std::string>()}, {"msg_id", r[3].as<std::string>()},
                     {"created_at", r[4].as<std::string>()}, {"link", r[5].as<std::string>()},
                     {"outbox_status", r[6].as<std::string>()}});
    return out;
  });
}

StatusOr<std::optional<std::pair<std::string, std::string>>> PaymentMessageContent(pqxx::dbtransaction& txn,
                                                                                    const std::string& payment_id,
                                                                                    int64_t message_id) {
  return Guard([&]() -> StatusOr<std::optional<std::pair<std::string, std::string>>> {
    auto r = txn.exec_params("SELECT message_type, content FROM payment_messages WHERE payment_id = $1::uuid AND id = $2",
                             payment_id, message_id);
    if (r.empty()) return std::optional<std::pair<std::string, std::string>>();
    return std::optional<std::pair<std::string, std::string>>(
        std::make_pair(r[0][0].as<std::string>(), r[0][1].as<std::string>()));
  });
}

StatusOr<std::pair<std::vector<std::pair<std::string, int64_t>>, int64_t>> PaymentCounts(pqxx::dbtransaction& txn,
                                                                                          int stuck_after_seconds) {
  return Guard([&]() -> StatusOr<std::pair<std::vector<std::pair<std::string, int64_t>>, int64_t>> {
    std::vector<std::pair<std::string, int64_t>> counts;
    for (const auto& r : txn.exec("SELECT status, count(*) FROM payments GROUP BY status"))
      counts.emplace_back(r[0].as<std::string>(), r[1].as<int64_t>());
    auto stuck = txn.exec_params1(
        "SELECT count(*) FROM payments WHERE status NOT IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED') "
        "AND updated_at < now() - make_interval(secs => $1)",
        stuck_after_seconds);
    return std::make_pair(counts, stuck[0].as<int64_t>());
  });
}

}  // namespace gw::gateway
