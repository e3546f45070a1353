#include "gateway/payment_store.h"

#include <regex>

#include <algorithm>
#include <map>
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
    "attempts, coalesce(request_fingerprint, '') AS request_fingerprint, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS created_at, "
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
  p.request_fingerprint = r["request_fingerprint"].as<std::string>();
  p.created_at = r["created_at"].as<std::string>();
  p.updated_at = r["updated_at"].as<std::string>();
  return p;
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
  NewPayment item{in, reject_code, reject_reason, std::nullopt};
  if (arrived) item.arrived = *arrived;
  GW_ASSIGN_OR_RETURN(auto results, CreatePayments(txn, {std::move(item)}));
  return std::move(results.front());
}

StatusOr<std::vector<CreateResult>> CreatePayments(pqxx::dbtransaction& txn, const std::vector<NewPayment>& items) {
  using Key = std::pair<std::string, std::string>;  // (source, idempotency key)
  return pg::Guarded([&]() -> StatusOr<std::vector<CreateResult>> {
    // The rows travel as one JSON array; each (source, key) once.
    nlohmann::json rows = nlohmann::json::array();
    std::set<Key> in_statement;
    for (const auto& item : items) {
      const PaymentInstruction& in = item.instruction;
      if (!in_statement.insert({in.source, in.idempotency_key}).second) continue;
      const bool rejected = !item.reject_code.empty();
      const std::string status = rejected ? "REJECTED" : "INITIATED";
      nlohmann::json r = {
          {"ord", rows.size()}, {"status", status}, {"source", in.source}, {"idempotency_key", in.idempotency_key},
          {"end_to_end_id", in.end_to_end_id}, {"debtor_name", in.debtor_name},
          {"debtor_account", in.debtor_account}, {"debtor_agent_bic", in.debtor_agent_bic},
          {"creditor_name", in.creditor_name}, {"creditor_account", in.creditor_account},
          {"creditor_agent_bic", in.creditor_agent_bic}, {"amount_minor", in.amount_minor}, {"currency", in.currency},
          {"created_by", in.created_by}, {"ultimate_debtor_name", in.ultimate_debtor_name},
          {"ultimate_creditor_name", in.ultimate_creditor_name}, {"debtor_country", in.debtor_country},
          {"creditor_country", in.creditor_country},
          {"audit_action", rejected ? "payment.rejected_on_arrival" : "payment.create"},
          {"audit_after", {{"status", status},
                           {"amount", FormatAmount(in.amount_minor, in.currency)},
                           {"currency", in.currency},
                           {"end_to_end_id", in.end_to_end_id},
                           {"source", in.source}}}};
      const auto put = [&r](const char* key, const std::string& v) {
        if (!v.empty()) r[key] = v;
      };
      put("msg_id", in.msg_id);
      put("direction", item.direction);
      put("link_name", item.link_name);
      put("uetr", in.uetr);
      put("request_fingerprint", in.request_fingerprint);
      put("remittance_info", in.remittance_info);
      put("requested_execution_date", in.requested_execution_date);
      put("reason_code", item.reject_code);
      put("reason", item.reject_reason);
      if (rejected) r["history_note"] = item.reject_code + ": " + item.reject_reason;
      if (item.arrived) {
        r["message_type"] = item.arrived->message_type;
        r["message_msg_id"] = item.arrived->msg_id;
        r["message_content"] = item.arrived->content;
      }
      rows.push_back(std::move(r));
    }
    // The data-modifying CTEs write only for the payments actually inserted (a
    // repeat inserts nothing, so it writes no history, audit or message either).
    auto created = pg::ExecPrepared(txn, "payments_create",
        "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, status text, source text, "
        "  idempotency_key text, msg_id text, end_to_end_id text, uetr uuid, debtor_name text, debtor_account text, "
        "  debtor_agent_bic text, creditor_name text, creditor_account text, creditor_agent_bic text, "
        "  amount_minor bigint, currency text, remittance_info text, requested_execution_date date, created_by text, "
        "  reason_code text, reason text, ultimate_debtor_name text, ultimate_creditor_name text, "
        "  debtor_country text, creditor_country text, history_note text, audit_action text, audit_after jsonb, "
        "  message_type text, message_msg_id text, message_content text, direction text, link_name text, "
        "  request_fingerprint text)), "
        "p AS (INSERT INTO payments (id, status, source, idempotency_key, msg_id, end_to_end_id, uetr, debtor_name, "
        "  debtor_account, debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, "
        "  currency, remittance_info, requested_execution_date, created_by, reason_code, reason, "
        "  ultimate_debtor_name, ultimate_creditor_name, debtor_country, creditor_country, direction, link_name, "
        "  request_fingerprint) "
        "  SELECT gen_random_uuid(), status, source, idempotency_key, msg_id, end_to_end_id, uetr, debtor_name, "
        "  debtor_account, debtor_agent_bic, creditor_name, creditor_account, creditor_agent_bic, amount_minor, "
        "  currency, remittance_info, requested_execution_date, created_by, reason_code, reason, "
        "  ultimate_debtor_name, ultimate_creditor_name, debtor_country, creditor_country, "
        "  coalesce(direction, 'outbound'), link_name, request_fingerprint FROM x ORDER BY ord "
        "  ON CONFLICT (source, idempotency_key) DO NOTHING RETURNING " + std::string(kColumns) + "), "
        "j AS (SELECT x.ord, x.status, x.created_by, x.history_note, x.audit_action, x.audit_after, x.message_type, "
        "  x.message_msg_id, x.message_content, p.id FROM x JOIN p ON p.source = x.source "
        "  AND p.idempotency_key = x.idempotency_key), "
        "h AS (INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
        "  SELECT id::uuid, NULL, status, created_by, history_note FROM j ORDER BY ord), "
        "a AS (INSERT INTO audit_logs (actor, action, entity_type, entity_id, after) "
        "  SELECT created_by, audit_action, 'payment', id, audit_after FROM j ORDER BY ord), "
        "m AS (INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
        "  SELECT id::uuid, 'in', message_type, message_msg_id, message_content FROM j "
        "  WHERE message_type IS NOT NULL ORDER BY ord), "
        "n AS (SELECT pg_notify('gateway_work', '') FROM "
        "  (SELECT 1 FROM p WHERE status = 'INITIATED' AND direction = 'outbound' LIMIT 1) w) "
        "SELECT p.*, (SELECT count(*) FROM n) AS notified FROM p",
        pg::JsonParam(rows));
    std::map<Key, Payment> fresh;
    for (const auto& r : created) {
      Payment p = RowToPayment(r);
      fresh.emplace(Key{p.source, p.idempotency_key}, std::move(p));
    }
    // Those seen before: the first payment of their key.
    std::map<Key, Payment> earlier;
    nlohmann::json missing = nlohmann::json::array();
    for (const auto& key : in_statement)
      if (!fresh.count(key)) missing.push_back({{"source", key.first}, {"idempotency_key", key.second}});
    if (!missing.empty()) {
      for (const auto& r : txn.exec_params(std::string("SELECT ") + kColumns + " FROM payments WHERE "
                                               "(source, idempotency_key) IN (SELECT source, idempotency_key FROM "
                                               "jsonb_to_recordset($1::jsonb) AS k(source text, idempotency_key text))",
                                           pg::JsonParam(missing))) {
        Payment p = RowToPayment(r);
        earlier.emplace(Key{p.source, p.idempotency_key}, std::move(p));
      }
    }
    // The same key with another fingerprint is another request: a conflict.
    const auto differs = [](const PaymentInstruction& in, const Payment& first) {
      return !in.request_fingerprint.empty() && !first.request_fingerprint.empty() &&
             in.request_fingerprint != first.request_fingerprint;
    };
    std::vector<CreateResult> out;
    std::set<Key> answered;
    for (const auto& item : items) {
      const Key key{item.instruction.source, item.instruction.idempotency_key};
      if (auto it = fresh.find(key); it != fresh.end()) {
        const bool first = answered.insert(key).second;
        out.push_back(CreateResult{it->second, first, !first && differs(item.instruction, it->second)});
      } else if (auto e = earlier.find(key); e != earlier.end()) {
        out.push_back(CreateResult{e->second, false, differs(item.instruction, e->second)});
      } else {
        return Aborted("payment " + key.second + " vanished between insert and read; retry");
      }
    }
    return out;
  });
}

Status Transition(pqxx::dbtransaction& txn, const std::string& id, PaymentStatus from, PaymentStatus to,
                  const std::string& actor, const std::string& reason, const TransitionFields& f) {
  return TransitionMany(txn, {TransitionMove{id, from, to, actor, reason, f}});
}

Status TransitionMany(pqxx::dbtransaction& txn, const std::vector<TransitionMove>& moves) {
  if (moves.empty()) return Status::Ok();
  // Each payment's path: its first `from`, its last `to`, its fields merged.
  struct Path {
    PaymentStatus from;
    PaymentStatus to;
    TransitionFields fields;
  };
  std::map<std::string, Path> paths;
  std::vector<std::string> order;
  for (const auto& m : moves) {
    if (!IsLegalTransition(m.from, m.to))
      return FailedPrecondition("payment " + m.id + ": illegal transition " + std::string(ToString(m.from)) + " -> " +
                                std::string(ToString(m.to)));
    auto [it, fresh] = paths.try_emplace(m.id, Path{m.from, m.to, {}});
    if (fresh) {
      order.push_back(m.id);
    } else if (it->second.to != m.from) {
      return FailedPrecondition("payment " + m.id + ": a move from " + std::string(ToString(m.from)) + " follows one to " +
                                std::string(ToString(it->second.to)));
    }
    Path& path = it->second;
    path.to = m.to;
    const auto merge = [](std::optional<std::string>& into, const std::optional<std::string>& v) {
      if (v && !v->empty()) into = v;
    };
    merge(path.fields.approval_mode, m.fields.approval_mode);
    merge(path.fields.approved_by, m.fields.approved_by);
    merge(path.fields.link_name, m.fields.link_name);
    merge(path.fields.reason_code, m.fields.reason_code);
    merge(path.fields.reason, m.fields.reason);
  }
  return pg::Guarded([&]() -> Status {
    // The rows travel as JSON arrays; absent fields arrive as NULL and keep the
    // payment's current value.
    const auto dump = [](const nlohmann::json& j) {
      return pg::JsonParam(j);
    };
    nlohmann::json hops = nlohmann::json::array();
    for (const auto& m : moves) {
      nlohmann::json h = {{"ord", hops.size()},
                          {"id", m.id},
                          {"from_status", std::string(ToString(m.from))},
                          {"to_status", std::string(ToString(m.to))},
                          {"actor", m.actor}};
      if (!m.reason.empty()) h["note"] = m.reason;
      hops.push_back(std::move(h));
    }
    pg::ExecPrepared(txn, "payment_history_hops",
        "INSERT INTO payment_history (payment_id, from_status, to_status, actor, reason) "
        "SELECT id, from_status, to_status, actor, note FROM jsonb_to_recordset($1::jsonb) "
        "AS x(ord int, id uuid, from_status text, to_status text, actor text, note text) ORDER BY ord",
        dump(hops));
    nlohmann::json finals = nlohmann::json::array();
    for (const auto& id : order) {
      const Path& path = paths.at(id);
      nlohmann::json f = {{"id", id},
                          {"from_status", std::string(ToString(path.from))},
                          {"to_status", std::string(ToString(path.to))},
                          {"terminal", IsTerminal(path.to)}};
      const auto put = [&f](const char* key, const std::optional<std::string>& v) {
        if (v && !v->empty()) f[key] = *v;
      };
      put("approval_mode", path.fields.approval_mode);
      put("approved_by", path.fields.approved_by);
      put("link_name", path.fields.link_name);
      put("reason_code", path.fields.reason_code);
      put("reason", path.fields.reason);
      finals.push_back(std::move(f));
    }
    // The ids once more as an array ($2): the planner then reads the rows through
    // the primary key whatever its statistics say (a table that grew since they
    // were gathered is otherwise scanned whole for every batch).
    auto moved = pg::ExecPrepared(txn, "payment_transition",
        "UPDATE payments p SET status = m.to_status, updated_at = now(), "
        "  approval_mode = coalesce(m.approval_mode, p.approval_mode), "
        "  approved_by = coalesce(m.approved_by, p.approved_by), link_name = coalesce(m.link_name, p.link_name), "
        "  reason_code = coalesce(m.reason_code, p.reason_code), reason = coalesce(m.reason, p.reason), "
        "  completed_at = CASE WHEN m.terminal THEN now() ELSE p.completed_at END "
        "FROM jsonb_to_recordset($1::jsonb) AS m(id uuid, from_status text, to_status text, terminal boolean, "
        "  approval_mode text, approved_by text, link_name text, reason_code text, reason text) "
        "WHERE p.id = m.id AND p.status = m.from_status AND p.id = ANY($2::uuid[]) RETURNING p.id::text",
        dump(finals), pg::ArrayParam(order));
    if (moved.size() == order.size()) return Status::Ok();
    std::set<std::string> done;
    for (const auto& r : moved) done.insert(r[0].as<std::string>());
    for (const auto& id : order) {
      if (!done.count(id))
        return FailedPrecondition("payment " + id + " is not " + std::string(ToString(paths.at(id).from)) + " any more");
    }
    return FailedPrecondition("payments moved twice in one update");
  });
}

StatusOr<std::vector<std::string>> TransitionThoseIn(pqxx::dbtransaction& txn, const std::vector<std::string>& ids,
                                                     PaymentStatus from, PaymentStatus to, const std::string& actor,
                                                     const std::string& reason) {
  std::vector<TransitionMove> moves;
  GW_RETURN_IF_ERROR(pg::Guarded([&]() -> Status {
    for (const auto& r : pg::ExecPrepared(txn, "payments_lock_in_status",
                                          "SELECT id::text FROM payments WHERE id IN "
                                          "(SELECT jsonb_array_elements_text($1::jsonb)::uuid) AND status = $2 "
                                          "ORDER BY id FOR NO KEY UPDATE",
                                          pg::JsonParam(ids), std::string(ToString(from))))
      moves.push_back(TransitionMove{r[0].as<std::string>(), from, to, actor, reason});
    return Status::Ok();
  }));
  GW_RETURN_IF_ERROR(TransitionMany(txn, moves));
  std::vector<std::string> out;
  for (const auto& m : moves) out.push_back(m.id);
  return out;
}

StatusOr<std::optional<Payment>> GetPayment(pqxx::dbtransaction& txn, const std::string& id, bool for_update) {
  return pg::Guarded([&]() -> StatusOr<std::optional<Payment>> {
    auto r = txn.exec_params(std::string("SELECT ") + kColumns + " FROM payments WHERE id = $1::uuid" +
                                 (for_update ? " FOR NO KEY UPDATE" : ""),
                             id);
    if (r.empty()) return std::optional<Payment>();
    return std::optional<Payment>(RowToPayment(r[0]));
  });
}

StatusOr<std::map<std::string, Payment>> GetPayments(pqxx::dbtransaction& txn, const std::vector<std::string>& ids,
                                                     bool for_update) {
  return pg::Guarded([&]() -> StatusOr<std::map<std::string, Payment>> {
    std::map<std::string, Payment> out;
    if (ids.empty()) return out;
    for (const auto& r : txn.exec_params(std::string("SELECT ") + kColumns + " FROM payments WHERE id IN "
                                             "(SELECT jsonb_array_elements_text($1::jsonb)::uuid) ORDER BY id" +
                                             (for_update ? " FOR NO KEY UPDATE" : ""),
                                         pg::JsonParam(ids))) {
      Payment p = RowToPayment(r);
      out.emplace(p.id, std::move(p));
    }
    return out;
  });
}

StatusOr<std::vector<Payment>> ClaimPayments(pqxx::dbtransaction& txn, const std::vector<PaymentStatus>& statuses,
                                             int limit) {
  return pg::Guarded([&]() -> StatusOr<std::vector<Payment>> {
    // The statuses are the enum's own names (never input), written as literals
    // so that the planner can use the partial work-queue index.
    std::string list;
    for (auto st : statuses) list += (list.empty() ? "'" : ", '") + std::string(ToString(st)) + "'";
    // The rows are chosen and locked by id first, and read whole once they are
    // ours: a queue that has grown is then sorted on two narrow columns, and the
    // row's text renderings are made for the claimed rows only. The second
    // statement reads what the first locked, which nobody else can change meanwhile.
    std::vector<std::string> ids;
    for (const auto& r : txn.exec_params("SELECT id::text FROM payments WHERE status IN (" + list +
                                             ") ORDER BY updated_at LIMIT $1 FOR NO KEY UPDATE SKIP LOCKED",
                                         limit))
      ids.push_back(r[0].as<std::string>());
    if (ids.empty()) return std::vector<Payment>();
    auto rows = txn.exec_params(std::string("SELECT ") + kColumns +
                                    " FROM payments WHERE id = ANY($1::uuid[]) ORDER BY payments.updated_at",
                                pg::ArrayParam(ids));
    std::vector<Payment> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(RowToPayment(r));
    return out;
  });
}

StatusOr<std::vector<Payment>> ListPayments(pqxx::dbtransaction& txn, const PaymentFilter& f) {
  return pg::Guarded([&]() -> StatusOr<std::vector<Payment>> {
    // Only the filters given become conditions (so that the planner sees each
    // query for what it is); every value is a parameter.
    std::vector<std::string> params;
    std::string where;
    auto param = [&](std::string value) {
      params.push_back(std::move(value));
      return "$" + std::to_string(params.size());
    };
    auto add = [&](const std::string& condition) { where += (where.empty() ? " WHERE " : " AND ") + condition; };
    if (f.status) add("status = " + param(*f.status));
    if (f.from_date) add("created_at >= " + param(*f.from_date) + "::timestamptz");
    if (f.to_date) add("created_at < " + param(*f.to_date) + "::timestamptz");
    if (f.counterparty) {
      const std::string p = param(*f.counterparty);
      add("(creditor_agent_bic LIKE " + p + " || '%' OR link_name = " + p + ")");
    }
    if (f.min_amount_minor) add("amount_minor >= " + param(std::to_string(*f.min_amount_minor)) + "::bigint");
    if (f.max_amount_minor) add("amount_minor <= " + param(std::to_string(*f.max_amount_minor)) + "::bigint");
    if (f.currency) add("currency = " + param(*f.currency));
    if (f.direction) add("direction = " + param(*f.direction));
    if (f.source) {
      if (!f.source->empty() && f.source->back() == ':') add("source LIKE " + param(*f.source) + " || '%'");
      else add("source = " + param(*f.source));
    }
    if (f.text && !f.text->empty()) {
      static const std::regex kUuid("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
      if (std::regex_match(*f.text, kUuid)) {
        const std::string p = param(*f.text);
        add("(id = " + p + "::uuid OR uetr = " + p + "::uuid)");
      } else {
        std::string like;
        for (char c : *f.text) {
          if (c == '%' || c == '_' || c == '\\') like += '\\';
          like += c;
        }
        const std::string exact = param(*f.text);
        add("(end_to_end_id = " + exact + " OR msg_id = " + exact + " OR (debtor_name || ' ' || creditor_name) ILIKE " +
            param("%" + like + "%") + ")");
      }
    }
    if (f.stuck_only)
      add("status NOT IN ('COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED') AND updated_at < now() - make_interval(secs => " +
          param(std::to_string(f.stuck_after_seconds)) + "::int)");
    if (!f.before.empty())
      add("(created_at, id) < (SELECT created_at, id FROM payments WHERE id = " + param(f.before) + "::uuid)");
    const std::string limit = param(std::to_string(std::clamp(f.limit, 1, 500)));
    // Qualified: kColumns names its text renderings created_at and id too, and
    // an unqualified ORDER BY would sort by those (no index, a full sort).
    auto rows = txn.exec_params(std::string("SELECT ") + kColumns + " FROM payments" + where +
                                    " ORDER BY payments.created_at DESC, payments.id DESC LIMIT " + limit + "::int",
                                pqxx::prepare::make_dynamic_params(params));
    std::vector<Payment> out;
    out.reserve(rows.size());
    for (const auto& r : rows) out.push_back(RowToPayment(r));
    return out;
  });
}

StatusOr<nlohmann::json> PaymentHistory(pqxx::dbtransaction& txn, const std::string& id) {
  return pg::Guarded([&]() -> StatusOr<nlohmann::json> {
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
  return pg::Guarded([&]() -> StatusOr<nlohmann::json> {
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
  return pg::Guarded([&]() -> StatusOr<std::optional<std::pair<std::string, std::string>>> {
    auto r = txn.exec_params("SELECT message_type, content FROM payment_messages WHERE payment_id = $1::uuid AND id = $2",
                             payment_id, message_id);
    if (r.empty()) return std::optional<std::pair<std::string, std::string>>();
    return std::optional<std::pair<std::string, std::string>>(
        std::make_pair(r[0][0].as<std::string>(), r[0][1].as<std::string>()));
  });
}

StatusOr<std::pair<std::vector<std::pair<std::string, int64_t>>, int64_t>> PaymentCounts(pqxx::dbtransaction& txn,
                                                                                          int stuck_after_seconds) {
  return pg::Guarded([&]() -> StatusOr<std::pair<std::vector<std::pair<std::string, int64_t>>, int64_t>> {
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
