#include "ledger/ledger.h"

#include <algorithm>
#include <map>
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

template <typename F>
auto Guard(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (...) {
    return pg::StatusFromCurrentException();
  }
}

StatusOr<std::optional<Account>> FindOne(pqxx::dbtransaction& txn, const std::string& where, const std::string& a,
                                         const std::string& b = "") {
  return Guard([&]() -> StatusOr<std::optional<Account>> {
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
  return Guard([&]() -> Status {
    txn.exec_params(
        "INSERT INTO ledger_accounts (id, kind, currency, name, iban, counterparty, allow_overdraft) "
        "VALUES ($1, $2, $3, $4, NULLIF($5, ''), NULLIF($6, ''), $7)",
        a.id, a.kind, a.currency, a.name, a.iban, a.counterparty, a.allow_overdraft);
    return Status::Ok();
  });
}

StatusOr<PostResult> PostEntry(pqxx::dbtransaction& txn, const EntrySpec& e) {
  if (!EntryKinds().count(e.kind)) return InvalidArgument("unknown journal entry kind \"" + e.kind + "\"");
  if (e.idempotency_key.empty()) return InvalidArgument("a journal entry needs an idempotency key");
  if (e.lines.size() < 2) return InvalidArgument("a journal entry needs at least two postings");
  for (const auto& l : e.lines)
    if (l.amount_minor == 0) return InvalidArgument("posting to " + l.account_id + " has a zero amount");
  return Guard([&]() -> StatusOr<PostResult> {
    // Already posted? (The unique key is the guarantee; this answers retries cleanly.)
    auto existing = pg::ExecPrepared(txn, "ledger_entry_by_key", "SELECT id FROM journal_entries WHERE idempotency_key = $1",
                                     e.idempotency_key);
    if (!existing.empty()) return PostResult{existing[0][0].as<int64_t>(), true};

    // Lock the accounts in a fixed order, then check currencies, balance and funds.
    std::map<std::string, int64_t> per_account;
    for (const auto& l : e.lines) per_account[l.account_id] += l.amount_minor;
    std::map<std::string, Account> accounts;
    for (const auto& [id, delta] : per_account) {
      auto r = pg::ExecPrepared(txn, "ledger_lock_account",
                                std::string("SELECT ") + kAccountColumns + " FROM ledger_accounts WHERE id = $1 FOR UPDATE", id);
      if (r.empty()) return InvalidArgument("unknown ledger account " + id);
      accounts.emplace(id, RowToAccount(r[0]));
    }
    std::map<std::string, int64_t> per_currency;
    for (const auto& l : e.lines) per_currency[accounts[l.account_id].currency] += l.amount_minor;
    for (const auto& [ccy, sum] : per_currency)
      if (sum != 0) return InvalidArgument("journal entry does not balance in " + ccy + ": off by " + std::to_string(sum));
    for (const auto& [id, delta] : per_account) {
      const auto& a = accounts[id];
      if (delta < 0 && !a.allow_overdraft && a.balance_minor + delta < 0)
        return FailedPrecondition("insufficient funds in " + id + ": balance " + std::to_string(a.balance_minor) +
                                  ", debit " + std::to_string(-delta) + " (minor units of " + a.currency + ")");
    }
    auto entry = pg::ExecPrepared(txn, "ledger_insert_entry",
        "INSERT INTO journal_entries (kind, idempotency_key, payment_id, description) "
        "VALUES ($1, $2, NULLIF($3, '')::uuid, $4) RETURNING id",
        e.kind, e.idempotency_key, e.payment_id, e.description);
    const int64_t entry_id = entry.at(0)[0].as<int64_t>();
    if (e.lines.size() == 2) {  // the usual debit and credit: one round trip
      const auto& a = e.lines[0];
      const auto& b = e.lines[1];
      pg::ExecPrepared(txn, "ledger_insert_two_postings",
                       "INSERT INTO postings (entry_id, account_id, currency, amount_minor) "
                       "VALUES ($1, $2, $3, $4), ($1, $5, $6, $7)",
                      entry_id, a.account_id, accounts[a.account_id].currency, a.amount_minor, b.account_id,
                      accounts[b.account_id].currency, b.amount_minor);
    } else {
      for (const auto& l : e.lines) {
        txn.exec_params("INSERT INTO postings (entry_id, account_id, currency, amount_minor) VALUES ($1, $2, $3, $4)",
                        entry_id, l.account_id, accounts[l.account_id].currency, l.amount_minor);
      }
    }
    return PostResult{entry_id, false};
  });
}

StatusOr<std::optional<Account>> FindAccount(pqxx::dbtransaction& txn, const std::string& id) {
  return FindOne(txn, "id = $1", id);
}
StatusOr<std::optional<Account>> FindAccountByIban(pqxx::dbtransaction& txn, const std::string& iban) {
  return FindOne(txn, "iban = $1", iban);
}
StatusOr<std::optional<Account>> FindSettlementAccount(pqxx::dbtransaction& txn, const std::string& counterparty,
                                                       const std::string& currency) {
  return FindOne(txn, "kind = 'settlement' AND counterparty = $1 AND currency = $2", counterparty, currency);
}

StatusOr<std::vector<Account>> ListAccounts(pqxx::dbtransaction& txn) {
  return Guard([&]() -> StatusOr<std::vector<Account>> {
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
  return Guard([&]() -> StatusOr<std::vector<EntryLine>> {
    std::vector<EntryLine> out;
    auto rows = txn.exec_params(std::string(kLineSelect) +
                                    "WHERE p.account_id = $1 AND ($2 = 0 OR p.id < $2) ORDER BY p.id DESC LIMIT $3",
                                account_id, before_posting_id, std::clamp(limit, 1, 1000));
    for (const auto& r : rows) out.push_back(RowToLine(r));
    return out;
  });
}

StatusOr<std::vector<EntryLine>> PaymentPostings(pqxx::dbtransaction& txn, const std::string& payment_id) {
  return Guard([&]() -> StatusOr<std::vector<EntryLine>> {
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
  return Guard([&]() -> StatusOr<std::vector<TrialBalanceLine>> {
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
