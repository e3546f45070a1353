// File: gateway/payment_store.h
//
// Payments in PostgreSQL. Every function works inside the caller's
// transaction; every status change writes a payment_history row in it.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/pg/pool.h"
#include "core/status.h"
#include "gateway/payment.h"

namespace gw::gateway {

struct CreateResult {
  Payment payment;
  bool created = false;  // false: the same instruction was seen before; `payment` is the first one
  // The key was used before (or earlier in the same call) for a request with
  // another fingerprint: `payment` is that other request's, and nothing was created.
  bool conflict = false;
};

// What arrived, kept verbatim as the payment's inbound message.
struct ArrivedMessage {
  std::string message_type;  // "json", "pacs.008.001.08", ...
  std::string msg_id;
  std::string content;
};

// Inserts the payment as INITIATED (or REJECTED with `reject_code`/`reject_reason`,
// so that nothing that arrived vanishes), idempotent on (source, idempotency_key),
// with its first history row, its audit row, `arrived` (if given) as its inbound
// message, and a wake-up for the pipeline (NOTIFY gateway_work) when INITIATED:
// all in one statement, one round trip. A repeat stores nothing and returns
// the first payment.
StatusOr<CreateResult> CreatePayment(pqxx::dbtransaction& txn, const PaymentInstruction& instruction,
                                     const std::string& reject_code = "", const std::string& reject_reason = "",
                                     const ArrivedMessage* arrived = nullptr);

struct NewPayment {
  PaymentInstruction instruction;
  std::string reject_code;  // non-empty: created REJECTED
  std::string reject_reason;
  std::optional<ArrivedMessage> arrived;
  std::string direction = "outbound";  // "inbound": received from the counterparty `link_name`
  std::string link_name;
};
// CreatePayment for many payments in one statement (plus one look-up of those
// seen before): one result per item, in order. Items repeating an earlier
// item's (source, idempotency key) get the first one's payment, created=false.
StatusOr<std::vector<CreateResult>> CreatePayments(pqxx::dbtransaction& txn, const std::vector<NewPayment>& items);

struct TransitionFields {
  std::optional<std::string> approval_mode;
  std::optional<std::string> approved_by;
  std::optional<std::string> link_name;
  std::optional<std::string> reason_code;
  std::optional<std::string> reason;
};

// Moves payment `id` from `from` to `to`; kFailedPrecondition if the move is not
// legal, or if the payment is no longer in `from` (someone else moved it).
Status Transition(pqxx::dbtransaction& txn, const std::string& id, PaymentStatus from, PaymentStatus to,
                  const std::string& actor, const std::string& reason, const TransitionFields& fields = {});

struct TransitionMove {
  std::string id;
  PaymentStatus from;
  PaymentStatus to;
  std::string actor;
  std::string reason;  // for the history row
  TransitionFields fields;
};
// Applies several moves in two statements whatever their number: the history
// rows of all the moves, then one update per payment to where its moves lead.
// A payment may make several consecutive moves (its path: INITIATED ->
// SCREENING -> APPROVED -> POSTED -> QUEUED) and is written once; the database
// checks each hop and that the recorded hops lead from the old status to the
// new (schemas/migrations/0005_batched_paths). A payment's later moves override
// its earlier fields. kFailedPrecondition naming the first payment whose move
// is illegal, whose path is broken, or that is no longer in its first `from`;
// the caller must then roll back (the history rows are written).
Status TransitionMany(pqxx::dbtransaction& txn, const std::vector<TransitionMove>& moves);

// Locks those of `ids` that are in `from` and moves them to `to`; returns the ids moved.
StatusOr<std::vector<std::string>> TransitionThoseIn(pqxx::dbtransaction& txn, const std::vector<std::string>& ids,
                                                     PaymentStatus from, PaymentStatus to, const std::string& actor,
                                                     const std::string& reason);

StatusOr<std::optional<Payment>> GetPayment(pqxx::dbtransaction& txn, const std::string& id, bool for_update = false);
// The payments of `ids` that exist, by id (locked, in id order, with `for_update`).
StatusOr<std::map<std::string, Payment>> GetPayments(pqxx::dbtransaction& txn, const std::vector<std::string>& ids,
                                                     bool for_update = false);

// Locks and returns up to `limit` payments in one of `statuses`, least recently
// updated first, skipping rows another transaction holds (FOR UPDATE SKIP LOCKED).
StatusOr<std::vector<Payment>> ClaimPayments(pqxx::dbtransaction& txn, const std::vector<PaymentStatus>& statuses,
                                             int limit);

struct PaymentFilter {
  std::optional<std::string> status;
  std::optional<std::string> from_date;  // created_at >= (ISO date or date-time)
  std::optional<std::string> to_date;    // created_at <  (exclusive)
  std::optional<std::string> counterparty;  // creditor agent BIC (prefix) or link name
  std::optional<int64_t> min_amount_minor;
  std::optional<int64_t> max_amount_minor;
  std::optional<std::string> currency;
  std::optional<std::string> direction;  // "outbound" or "inbound"
  std::optional<std::string> source;     // exact ("api", "link:bank-b"), or a prefix ending in ':' ("link:")
  // Text search: a UUID matches the payment id or UETR; anything else an exact
  // end-to-end id or message id, or a part (case-insensitive) of the debtor's or
  // creditor's name (trigram-indexed from 3 characters on).
  std::optional<std::string> text;
  bool stuck_only = false;
  int stuck_after_seconds = 300;
  int limit = 50;       // 1..500
  std::string before;   // cursor: list payments created before this payment id
};
// Newest first, keyset-paginated on (created_at, id): a page costs the same at
// any depth. Every filter is an indexed condition (schemas/migrations/0009).
StatusOr<std::vector<Payment>> ListPayments(pqxx::dbtransaction& txn, const PaymentFilter& filter);

StatusOr<nlohmann::json> PaymentHistory(pqxx::dbtransaction& txn, const std::string& id);
StatusOr<nlohmann::json> PaymentMessages(pqxx::dbtransaction& txn, const std::string& id);
// The raw content of one message of the payment, or nullopt.
StatusOr<std::optional<std::pair<std::string, std::string>>> PaymentMessageContent(pqxx::dbtransaction& txn,
                                                                                    const std::string& payment_id,
                                                                                    int64_t message_id);

nlohmann::json PaymentToJson(const Payment& p);

// minor units as a decimal string in the currency's exponent: (123456, "EUR") -> "1234.56".
std::string FormatAmount(int64_t minor, const std::string& currency);

// Counts per status, and payments in a non-terminal state not updated for `stuck_after_seconds`.
StatusOr<std::pair<std::vector<std::pair<std::string, int64_t>>, int64_t>> PaymentCounts(pqxx::dbtransaction& txn,
                                                                                          int stuck_after_seconds);

}  // namespace gw::gateway
