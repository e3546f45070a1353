#include "ledger/ledger.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <regex>
#include <set>

#include "core/pg/pool.h"

namespace gw::ledger {

namespace {

const std::set<std::string>& Kinds() {
  static const std::set<std::string> k = {"customer", "settlement", "suspense", "fees", "equity"};
  return k;
}
const std::set<std::string>& EntryKinds() {
  static const std::set<std::string> k = {"payment", "reversal", "opening", "inbound", "return", "adjustment"};
  return k;
}

Account RowToAccount(const pqxx::row& r) {
  Account a;
  a.id = r["id"].as<std::string>();
  a.kind = r["kind"].as<std::string>();
  a.currency = r["currency"].as<std::string>();
  a.name = r["name"].as<std::string>();
  a.iban = r["iban"].is_null() ? "" : r["iban"].as<std::string>();
  a.counterparty = r["counterparty"].is_null() ? "" : r["counterparty"].as<std::string>();
  a.allow_overdraft = r["allow_overdraft"].as<bool>();
  a.balance_minor = r["balance_minor"].as<int64_t>();
  return a;
}

constexpr const char* kAccountColumns =
    "id, kind, currency, name, iban, counterparty, allow_overdraft, balance_minor";

StatusOr<std::optional<Account>> FindOne(pqxx::dbtransaction& txn, const std::string& where, const std::string& a,
                                         const std::string& b = "") {
  return pg::Guarded([&]() -> StatusOr<std::optional<Account>> {
    const std::string sql = std::string("SELECT ") + kAccountColumns + " FROM ledger_accounts WHERE " + where;
    auto r = b.empty() ? txn.exec_params(sql, a) : txn.exec_params(sql, a, b);
    if (r.empty()) return std::optional<Account>();
    return std::optional<Account>(RowToAccount(r[0]));
  });
}

}  // namespace

Status CreateAccount(pqxx::dbtransaction& txn, const Account& a) {
  static const std::regex kId("^[A-Za-z0-9][A-Za-z0-9:._-]{0,63}$");
  static const std::regex kCcy("^[A-Z]{3}$");
  if (!std::regex_match(a.id, kId)) return InvalidArgument("account id \"" + a.id + "\" must be 1-64 of A-Z a-z 0-9 : . _ -");
  if (!Kinds().count(a.kind)) return InvalidArgument("account kind must be customer, settlement, suspense, fees or equity (got \"" + a.kind + "\")");
  if (!std::regex_match(a.currency, kCcy)) return InvalidArgument("currency must be three capital letters (got \"" + a.currency + "\")");
  if (a.name.empty() || a.name.size() > 140) return InvalidArgument("account name must be 1-140 characters");
  if (a.kind == "settlement" && a.counterparty.empty()) return InvalidArgument("a settlement account needs a counterparty");
  if (a.kind == "customer" && a.iban.empty()) return InvalidArgument("a customer account needs an IBAN");
  return pg::Guarded([&]() -> Status {
    txn.exec_params(
        "INSERT INTO ledger_accounts (id, kind, currency, name, iban, counterparty, allow_overdraft) "
        "VALUES ($1, $2, $3, $4, NULLIF($5, ''), NULLIF($6, ''), $7)",
        a.id, a.kind, a.currency, a.name, a.iban, a.counterparty, a.allow_overdraft);
    return Status::Ok();
  });
}

namespace {

// Static checks of one entry, before any database work.
Status CheckEntryShape(const EntrySpec& e) {
  if (!EntryKinds().count(e.kind)) return InvalidArgument("unknown journal entry kind \"" + e.kind + "\"");
  if (e.idempotency_key.empty()) return InvalidArgument("a journal entry needs an idempotency key");
  if (e.lines.size() < 2) return InvalidArgument("a journal entry needs at least two postings");
  for (const auto& l : e.lines)
    if (l.amount_minor == 0) return InvalidArgument("posting to " + l.account_id + " has a zero amount");
  return Status::Ok();
}


}  // namespace

StatusOr<PostResult> PostEntry(pqxx::dbtransaction& txn, const EntrySpec& e) {
  GW_ASSIGN_OR_RETURN(auto results, PostEntries(txn, {e}));
  return std::move(results.front());
}

// Round trips, whatever the number of entries: entries already posted (by
// key), the accounts locked in id order (so concurrent posters cannot
// deadlock), the new entries, their postings. Balances are checked here, in
// order, and again by the database (CHECK constraints, deferred balance trigger).
StatusOr<std::vector<StatusOr<PostResult>>> PostEntries(pqxx::dbtransaction& txn, const std::vector<EntrySpec>& entries) {
  std::vector<StatusOr<PostResult>> results;
  results.reserve(entries.size());
  for (const auto& e : entries) {
    Status shape = CheckEntryShape(e);
    if (shape.ok()) results.emplace_back(PostResult{});
    else results.emplace_back(shape);
  }
  return pg::Guarded([&]() -> StatusOr<std::vector<StatusOr<PostResult>>> {
    std::vector<std::string> keys;
    std::set<std::string> account_ids;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!results[i].ok()) continue;
      keys.push_back(entries[i].idempotency_key);
      for (const auto& l : entries[i].lines) account_ids.insert(l.account_id);
    }
    if (keys.empty()) return results;
    // Already posted? (The unique key is the guarantee; this answers retries cleanly.)
    std::map<std::string, int64_t> existing;
    for (const auto& r : pg::ExecPrepared(txn, "ledger_entries_by_key",
                                          "SELECT idempotency_key, id FROM journal_entries "
                                          "WHERE idempotency_key IN (SELECT jsonb_array_elements_text($1::jsonb))",
                                          pg::JsonParam(keys)))
      existing.emplace(r[0].as<std::string>(), r[1].as<int64_t>());
    std::map<std::string, Account> accounts;
    for (const auto& r : pg::ExecPrepared(txn, "ledger_lock_accounts",
                                          std::string("SELECT ") + kAccountColumns + " FROM ledger_accounts "
                                          "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY id FOR NO KEY UPDATE",
                                          pg::JsonParam(account_ids)))
      accounts.emplace(r["id"].as<std::string>(), RowToAccount(r));

    // Decide each entry in order against the running balances.
    nlohmann::json new_entries = nlohmann::json::array();
    std::vector<std::size_t> posted_index;  // entries[posted_index[k]] is new_entries[k]
    std::set<std::string> keys_in_call;
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!results[i].ok()) continue;
      const EntrySpec& e = entries[i];
      if (auto it = existing.find(e.idempotency_key); it != existing.end()) {
        results[i] = PostResult{it->second, true};
        continue;
      }
      if (!keys_in_call.insert(e.idempotency_key).second) {
        results[i] = InvalidArgument("idempotency key " + e.idempotency_key + " appears twice in one call");
        continue;
      }
      std::map<std::string, int64_t> per_account;
      for (const auto& l : e.lines) per_account[l.account_id] += l.amount_minor;
      Status refused;
      for (const auto& [id, delta] : per_account)
        if (!accounts.count(id)) refused = InvalidArgument("unknown ledger account " + id);
      if (refused.ok()) {
        std::map<std::string, int64_t> per_currency;
        for (const auto& l : e.lines) per_currency[accounts[l.account_id].currency] += l.amount_minor;
        for (const auto& [ccy, sum] : per_currency)
          if (sum != 0)
            refused = InvalidArgument("journal entry does not balance in " + ccy + ": off by " + std::to_string(sum));
      }
      if (refused.ok()) {
        for (const auto& [id, delta] : per_account) {
          const auto& a = accounts[id];
          if (delta < 0 && !a.allow_overdraft && a.balance_minor + delta < 0) {
            refused = FailedPrecondition("insufficient funds in " + id + ": balance " + std::to_string(a.balance_minor) +
                                         ", debit " + std::to_string(-delta) + " (minor units of " + a.currency + ")");
            break;
          }
        }
      }
      if (!refused.ok()) {
        results[i] = refused;
        continue;
      }
      for (const auto& [id, delta] : per_account) accounts[id].balance_minor += delta;
      nlohmann::json lines = nlohmann::json::array();
      for (const auto& l : e.lines)
        lines.push_back({{"account_id", l.account_id}, {"currency", accounts[l.account_id].currency},
                         {"amount_minor", l.amount_minor}});
      nlohmann::json row = {{"ord", posted_index.size()}, {"kind", e.kind}, {"idempotency_key", e.idempotency_key},
                            {"description", e.description}, {"lines", std::move(lines)}};
      if (!e.payment_id.empty()) row["payment_id"] = e.payment_id;
      new_entries.push_back(std::move(row));
      posted_index.push_back(i);
    }
    if (posted_index.empty()) return results;
    // The entries and then all their postings (the postings trigger moves the
    // balances; a deferred trigger checks each entry balances at commit).
    auto ids = pg::ExecPrepared(txn, "ledger_insert_entries",
        "INSERT INTO journal_entries (kind, idempotency_key, payment_id, description) "
        "SELECT kind, idempotency_key, payment_id, description FROM jsonb_to_recordset($1::jsonb) "
        "AS x(ord int, kind text, idempotency_key text, payment_id uuid, description text) ORDER BY ord "
        "RETURNING idempotency_key, id",
        pg::JsonParam(new_entries));
    std::map<std::string, int64_t> id_by_key;
    for (const auto& r : ids) id_by_key.emplace(r[0].as<std::string>(), r[1].as<int64_t>());
    nlohmann::json postings = nlohmann::json::array();
    for (const auto& entry : new_entries) {
      const int64_t entry_id = id_by_key.at(entry["idempotency_key"].get<std::string>());
      for (const auto& line : entry["lines"]) {
        nlohmann::json p = line;
        p["ord"] = postings.size();
        p["entry_id"] = entry_id;
        postings.push_back(std::move(p));
      }
    }
    pg::ExecPrepared(txn, "ledger_insert_postings",
        "INSERT INTO postings (entry_id, account_id, currency, amount_minor) "
        "SELECT entry_id, account_id, currency, amount_minor FROM jsonb_to_recordset($1::jsonb) "
        "AS x(ord int, entry_id bigint, account_id text, currency text, amount_minor bigint) ORDER BY ord",
        pg::JsonParam(postings));
    for (std::size_t k = 0; k < posted_index.size(); ++k)
      results[posted_index[k]] = PostResult{id_by_key.at(entries[posted_index[k]].idempotency_key), false};
    return results;
  });
}

StatusOr<std::optional<Account>> FindAccount(pqxx::dbtransaction& txn, const std::string& id) {
  return FindOne(txn, "id = $1", id);
}
StatusOr<std::optional<Account>> FindAccountByIban(pqxx::dbtransaction& txn, const std::string& iban) {
  return FindOne(txn, "iban = $1", iban);
}
StatusOr<std::map<std::string, Account>> FindAccountsByIban(pqxx::dbtransaction& txn,
                                                            const std::vector<std::string>& ibans) {
  return pg::Guarded([&]() -> StatusOr<std::map<std::string, Account>> {
    std::map<std::string, Account> out;
    if (ibans.empty()) return out;
    for (const auto& r : pg::ExecPrepared(txn, "ledger_accounts_by_iban",
                                          std::string("SELECT ") + kAccountColumns + " FROM ledger_accounts "
                                          "WHERE iban IN (SELECT jsonb_array_elements_text($1::jsonb))",
                                          pg::JsonParam(ibans)))
      out.emplace(r["iban"].as<std::string>(), RowToAccount(r));
    return out;
  });
}

StatusOr<std::optional<Account>> FindSettlementAccount(pqxx::dbtransaction& txn, const std::string& counterparty,
                                                       const std::string& currency) {
  return FindOne(txn, "kind = 'settlement' AND counterparty = $1 AND currency = $2", counterparty, currency);
}

StatusOr<std::vector<Account>> ListAccounts(pqxx::dbtransaction& txn) {
  return pg::Guarded([&]() -> StatusOr<std::vector<Account>> {
    std::vector<Account> out;
    for (const auto& r : txn.exec(std::string("SELECT ") + kAccountColumns + " FROM ledger_accounts ORDER BY id"))
      out.push_back(RowToAccount(r));
    return out;
  });
}

namespace {
EntryLine RowToLine(const pqxx::row& r) {
  EntryLine l;
  l.posting_id = r["posting_id"].as<int64_t>();
  l.entry_id = r["entry_id"].as<int64_t>();
  l.kind = r["kind"].as<std::string>();
  l.payment_id = r["payment_id"].is_null() ? "" : r["payment_id"].as<std::string>();
  l.description = r["description"].as<std::string>();
  l.amount_minor = r["amount_minor"].as<int64_t>();
  l.currency = r["currency"].as<std::string>();
  l.created_at = r["created_at"].as<std::string>();
  return l;
}
constexpr const char* kLineSelect =
    "SELECT p.id AS posting_id, e.id AS entry_id, e.kind, e.payment_id::text AS payment_id, e.description, "
    "p.amount_minor, p.currency, to_char(p.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') AS created_at, "
    "p.account_id FROM postings p JOIN journal_entries e ON e.id = p.entry_id ";
}  // namespace

StatusOr<std::vector<EntryLine>> AccountEntries(pqxx::dbtransaction& txn, const std::string& account_id, int limit,
                                                int64_t before_posting_id) {
  return pg::Guarded([&]() -> StatusOr<std::vector<EntryLine>> {
    std::vector<EntryLine> out;
    auto rows = txn.exec_params(std::string(kLineSelect) +
                                    "WHERE p.account_id = $1 AND ($2 = 0 OR p.id < $2) ORDER BY p.id DESC LIMIT $3",
                                account_id, before_posting_id, std::clamp(limit, 1, 1000));
    for (const auto& r : rows) out.push_back(RowToLine(r));
    return out;
  });
}

StatusOr<std::vector<EntryLine>> PaymentPostings(pqxx::dbtransaction& txn, const std::string& payment_id) {
  return pg::Guarded([&]() -> StatusOr<std::vector<EntryLine>> {
    std::vector<EntryLine> out;
    auto rows = txn.exec_params(std::string(kLineSelect) + "WHERE e.payment_id = $1::uuid ORDER BY p.id", payment_id);
    for (const auto& r : rows) {
      auto line = RowToLine(r);
      line.description = r["account_id"].as<std::string>() + ": " + line.description;
      out.push_back(line);
    }
    return out;
  });
}

StatusOr<std::vector<TrialBalanceLine>> TrialBalance(pqxx::dbtransaction& txn) {
  return pg::Guarded([&]() -> StatusOr<std::vector<TrialBalanceLine>> {
    std::vector<TrialBalanceLine> out;
    auto rows = txn.exec(
        "SELECT c.currency, coalesce(p.debits, 0), coalesce(p.credits, 0), coalesce(p.net, 0), c.balances "
        "FROM (SELECT currency, sum(balance_minor) AS balances FROM ledger_accounts GROUP BY currency) c "
        "LEFT JOIN (SELECT currency, sum(amount_minor) FILTER (WHERE amount_minor < 0) AS debits, "
        "  sum(amount_minor) FILTER (WHERE amount_minor > 0) AS credits, sum(amount_minor) AS net "
        "  FROM postings GROUP BY currency) p ON p.currency = c.currency ORDER BY c.currency");
    for (const auto& r : rows)
      out.push_back(TrialBalanceLine{r[0].as<std::string>(), r[1].as<int64_t>(), r[2].as<int64_t>(),
                                     r[3].as<int64_t>(), r[4].as<int64_t>()});
    return out;
  });
}

}  // namespace gw::ledger
