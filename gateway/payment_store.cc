#include "gateway/payment_store.h"

#include <algorithm>
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
                                     const std::string& reject_code, const std::string& reject_reason) {
  return Guard([&]() -> StatusOr<CreateResult> {
    const bool rejected = !reject_code.empty();
    const std::string status = rejected ? "REJECTED" : "INITIATED";
    auto r = txn.exec_params(
        "INSERT INTO payments (id, status, source, idempotency_key, msg_id, end_to_end_id, uetr, debtor_name, "
        "debtor_account, debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, "
        "currency, remittance_info, requested_execution_date, created_by, reason_code, reason, ultimate_debtor_name, "
        "ultimate_creditor_name, debtor_country, creditor_country) "
        "VALUES (gen_random_uuid(), $1, $2, $3, NULLIF($4, ''), $5, $6::uuid, $7, $8, $9, $10, $11, $12, $13, $14, "
        "NULLIF($15, ''), NULLIF($16, '')::date, $17, NULLIF($18, ''), NULLIF($19, ''), $20, $21, $22, $23) "
        "ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING " + std::string(kColumns),
        status, in.source, in.idempotency_key, in.msg_id, in.end_to_end_id, in.uetr, in.debtor_name,
        in.debtor_account, in.debtor_agent_bic, in.creditor_name, in.creditor_account, in.creditor_agent_bic,
        in.amount_minor, in.currency, in.remittance_info, in.requested_execution_date, in.created_by, reject_code,
        reject_reason, in.ultimate_debtor_name, in.ultimate_creditor_name, in.debtor_country, in.creditor_country);
    if (r.empty()) {
      auto existing = txn.exec_params(std::string("SELECT ") + kColumns +
                                          " FROM payments WHERE source = $1 AND idempotency_key = $2",
                                      in.source, in.idempotency_key);
      if (existing.empty()) return Aborted("payment vanished between insert and read; retry");
      return CreateResult{RowToPayment(existing[0]), false};
    }
    Payment p = RowToPayment(r[0]);
    txn.exec_params("INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
                    "VALUES ($1::uuid, NULL, $2, $3, NULLIF($4, ''))",
                    p.id, status, in.created_by, rejected ? reject_code + ": " + reject_reason : std::string());
    pg::WriteAudit(txn, pg::AuditEntry{in.created_by, rejected ? "payment.rejected_on_arrival" : "payment.create",
                                       "payment", p.id, std::nullopt,
                                       nlohmann::json{{"status", status},
                                                      {"amount", FormatAmount(p.amount_minor, p.currency)},
                                                      {"currency", p.currency},
                                                      {"end_to_end_id", p.end_to_end_id},
                                                      {"source", p.source}},
                                       "", std::nullopt});
    if (!rejected) txn.exec("NOTIFY gateway_work");
    return CreateResult{std::move(p), true};
  });
}

Status Transition(pqxx::dbtransaction& txn, const std::string& id, PaymentStatus from, PaymentStatus to,
                  const std::string& actor, const std::string& reason, const TransitionFields& f) {
  if (!IsLegalTransition(from, to))
    return FailedPrecondition("illegal transition " + std::string(ToString(from)) + " -> " + std::string(ToString(to)));
  return Guard([&]() -> Status {
    const bool terminal = IsTerminal(to);
    // One round trip: the status change and its history row together.
    auto r = pg::ExecPrepared(txn, "payment_transition",
        "WITH moved AS (UPDATE payments SET status = $3, updated_at = now(), "
        "approval_mode = coalesce(NULLIF($4, ''), approval_mode), approved_by = coalesce(NULLIF($5, ''), approved_by), "
        "link_name = coalesce(NULLIF($6, ''), link_name), reason_code = coalesce(NULLIF($7, ''), reason_code), "
        "reason = coalesce(NULLIF($8, ''), reason), completed_at = CASE WHEN $9 THEN now() ELSE completed_at END "
        "WHERE id = $1::uuid AND status = $2 RETURNING id) "
        "INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
        "SELECT id, $2, $3, $10, NULLIF($11, '') FROM moved",
        id, std::string(ToString(from)), std::string(ToString(to)), f.approval_mode.value_or(""),
        f.approved_by.value_or(""), f.link_name.value_or(""), f.reason_code.value_or(""), f.reason.value_or(""),
        terminal, actor, reason);
    if (r.affected_rows() != 1)
      return FailedPrecondition("payment " + id + " is not " + std::string(ToString(from)) + " any more");
    return Status::Ok();
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
