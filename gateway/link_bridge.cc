#include "gateway/link_bridge.h"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <deque>
#include <mutex>
#include <tuple>
#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>
#include <map>
#include <pqxx/pqxx>

#include "codecs/currency.h"
#include "codecs/iso20022/builders.h"
#include "codecs/iso20022/codec.h"
#include "core/clock.h"
#include "core/pg/audit.h"
#include "gateway/compliance_service.h"
#include "gateway/inbound_hold.h"
#include "gateway/ingest.h"
#include "gateway/payment_store.h"
#include "ledger/ledger.h"

namespace gw::gateway {

namespace {

constexpr const char* kActor = "system:links";

std::string IdArray(const std::vector<std::uint64_t>& ids) {
  std::string out = "{";
  for (std::size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + std::to_string(ids[i]);
  return out + "}";
}

// The sender's BIC from the AppHdr, or "".
std::string SenderBic(const codecs::Message& msg) {
  if (msg.app_hdr && msg.app_hdr->fr.fi_id && msg.app_hdr->fr.fi_id->fin_instn_id.bicfi)
    return *msg.app_hdr->fr.fi_id->fin_instn_id.bicfi;
  return "";
}

}  // namespace

struct LinkBridge::Impl {
  Impl(pg::PgPool& p, const codecs::SchemaSet& s, prometheus::Registry& registry, LinkBridgeOptions o)
      : pool(p), schemas(s), options(std::move(o)), workers(static_cast<std::size_t>(std::max(1, options.threads))) {
    completed = &prometheus::BuildCounter().Name("payments_completed_total").Help("Payments completed (ACK from the counterparty)").Register(registry).Add({});
    failed = &prometheus::BuildCounter().Name("payments_failed_total").Help("Payments failed (NACK from the counterparty), postings reversed").Register(registry).Add({});
    duration = &prometheus::BuildHistogram().Name("payment_processing_duration_seconds")
                    .Help("Time from initiation to a terminal state (COMPLETED or FAILED)").Register(registry)
                    .Add({}, prometheus::Histogram::BucketBoundaries{0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800});
    inbound = &prometheus::BuildCounter().Name("payments_inbound_total").Help("Inbound payment messages by answer status").Register(registry);
  }

  pg::PgPool& pool;
  const codecs::SchemaSet& schemas;
  LinkBridgeOptions options;
  boost::asio::thread_pool workers;
  prometheus::Counter* completed;
  prometheus::Counter* failed;
  prometheus::Histogram* duration;
  prometheus::Family<prometheus::Counter>* inbound;

  // Answers and inbound messages are recorded in batches: one transaction (one
  // WAL flush) for up to kBatch of them, each in its own savepoint so that one
  // failing item does not undo the others. One drainer per queue runs at a time;
  // while it commits, the next batch gathers.
  static constexpr std::size_t kBatch = 128;
  struct AnswerItem {
    links::OutboundMessage message;
    links::DeliveryAnswer answer;
  };
  struct InboundItem {
    links::InboundMessage message;
    Reply reply;
  };
  std::mutex queue_mu;
  std::deque<AnswerItem> answers;     // guarded by queue_mu
  bool answers_draining = false;      // guarded by queue_mu
  std::deque<InboundItem> inbound_queue;  // guarded by queue_mu
  bool inbound_draining = false;      // guarded by queue_mu

  void EnqueueAnswer(AnswerItem item);
  void EnqueueInbound(InboundItem item);
  void DrainAnswers();
  void DrainInbound();
  // Records one answer inside `txn`; `seconds` gets the payment's age when it settled it.
  // Records a group of answers in `txn`; `seconds[i]` gets the age of the
  // payment item i settled (or stays -1).
  Status AnsweredGroup(pqxx::dbtransaction& txn, const std::vector<const AnswerItem*>& items,
                       std::vector<double>& seconds);
  void Undeliverable(const links::OutboundMessage& message, const Status& reason);
  // Records a group of inbound messages in `txn` and sets each one's answer.
  Status InboundGroup(pqxx::dbtransaction& txn, const std::vector<const links::InboundMessage*>& messages,
                      std::vector<links::InboundAnswer>& replies);
  codecs::Routing OurRouting() const;
  links::InboundAnswer Answer(const codecs::Message& msg, const codecs::Issues& issues) const;
};

// The answers of a batch as a group, in a fixed number of statements: an ACK
// completes the payment; a NACK fails it and reverses exactly what it posted;
// every pacs.002 is kept with its payment. An answer to a message answered
// before changes nothing.
Status LinkBridge::Impl::AnsweredGroup(pqxx::dbtransaction& txn, const std::vector<const AnswerItem*>& items,
                                       std::vector<double>& seconds) {
  seconds.assign(items.size(), -1);
  std::vector<int64_t> ids;
  for (const AnswerItem* item : items) ids.push_back(static_cast<int64_t>(item->message.id));
  // Outbox rows in id order: concurrent writers lock them in the same order.
  std::map<int64_t, std::pair<std::string, std::string>> rows;  // id -> (payment, status)
  for (const auto& r : pg::ExecPrepared(txn, "answers_lock_outbox",
                                        "SELECT id, payment_id::text, status FROM outbox WHERE id IN "
                                        "(SELECT jsonb_array_elements_text($1::jsonb)::bigint) ORDER BY id FOR NO KEY UPDATE",
                                        pg::JsonParam(ids)))
    rows.emplace(r[0].as<int64_t>(), std::make_pair(r[1].as<std::string>(), r[2].as<std::string>()));

  std::vector<std::size_t> fresh;  // items answering a message not answered before (first of each)
  std::set<int64_t> taken;
  std::vector<std::string> payment_ids;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const int64_t id = static_cast<int64_t>(items[i]->message.id);
    auto row = rows.find(id);
    if (row == rows.end()) return NotFound("outbox row " + std::to_string(id) + " is gone");
    if (row->second.second == "ACKED" || row->second.second == "NACKED" || !taken.insert(id).second) continue;
    fresh.push_back(i);
    payment_ids.push_back(row->second.first);
  }
  if (fresh.empty()) return Status::Ok();
  GW_ASSIGN_OR_RETURN(auto payments, GetPayments(txn, payment_ids, /*for_update=*/true));

  nlohmann::json outbox_updates = nlohmann::json::array();
  nlohmann::json messages = nlohmann::json::array();
  std::vector<std::size_t> settling;  // items whose payment this group settles
  std::vector<std::string> nacked;    // their payments' posting keys, for the reversals
  for (std::size_t i : fresh) {
    const AnswerItem& item = *items[i];
    const bool ack = item.answer.accepted();
    const std::string& payment_id = rows.at(static_cast<int64_t>(item.message.id)).first;
    nlohmann::json u = {{"id", item.message.id}, {"status", ack ? "ACKED" : "NACKED"},
                        {"answer_status", item.answer.status}};
    if (!item.answer.reason.empty()) u["answer_reason"] = item.answer.reason;
    outbox_updates.push_back(std::move(u));
    messages.push_back({{"ord", messages.size()}, {"payment_id", payment_id}, {"msg_id", item.message.message_id},
                        {"content", item.answer.body}});
    auto p = payments.find(payment_id);
    if (p == payments.end())
      return Internal("payment " + payment_id + " of outbox row " + std::to_string(item.message.id) + " is missing");
    const PaymentStatus st = p->second.status;
    if (st != PaymentStatus::kSent && st != PaymentStatus::kQueued && st != PaymentStatus::kException)
      continue;  // already settled (e.g. by an earlier answer)
    settling.push_back(i);
    if (!ack) nacked.push_back("payment:" + payment_id);
  }
  pg::ExecPrepared(txn, "answers_update_outbox",
                   "UPDATE outbox o SET status = x.status, answered_at = now(), answer_status = x.answer_status, "
                   "answer_reason = x.answer_reason FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, status text, "
                   "answer_status text, answer_reason text) WHERE o.id = x.id",
                   pg::JsonParam(outbox_updates));
  pg::ExecPrepared(txn, "answers_insert_messages",
                   "INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
                   "SELECT payment_id, 'in', 'pacs.002.001.10', msg_id, content FROM jsonb_to_recordset($1::jsonb) "
                   "AS x(ord int, payment_id uuid, msg_id text, content text) ORDER BY ord",
                   pg::JsonParam(messages));

  // What each NACKed payment posted, to reverse exactly that.
  std::map<std::string, std::vector<ledger::PostingLine>> posted;  // by entry key
  if (!nacked.empty()) {
    for (const auto& r : pg::ExecPrepared(txn, "answers_postings",
                                          "SELECT e.idempotency_key, p.account_id, p.amount_minor FROM postings p "
                                          "JOIN journal_entries e ON e.id = p.entry_id WHERE e.idempotency_key IN "
                                          "(SELECT jsonb_array_elements_text($1::jsonb)) ORDER BY p.id",
                                          pg::JsonParam(nacked)))
      posted[r[0].as<std::string>()].push_back({r[1].as<std::string>(), r[2].as<int64_t>()});
  }
  std::vector<TransitionMove> moves;
  std::vector<ledger::EntrySpec> reversals;
  std::vector<pg::AuditEntry> audits;
  for (std::size_t i : settling) {
    const AnswerItem& item = *items[i];
    const bool ack = item.answer.accepted();
    const Payment& p = payments.at(rows.at(static_cast<int64_t>(item.message.id)).first);
    if (ack) {
      PaymentStatus from = p.status;
      if (from == PaymentStatus::kException) {
        // A late answer (e.g. after a resend from a restarted node) to a message
        // reported undeliverable: the counterparty has the money, so settle it.
        moves.push_back(TransitionMove{p.id, from, PaymentStatus::kQueued, kActor,
                                       "answer received after the delivery exception"});
        from = PaymentStatus::kQueued;
      }
      moves.push_back(TransitionMove{p.id, from, PaymentStatus::kCompleted, kActor,
                                     "ACK " + item.answer.status + " from the counterparty"});
    } else {
      ledger::EntrySpec reversal{"reversal", "reversal:" + p.id, p.id,
                                 "reversal of payment " + p.end_to_end_id + ": NACK " + item.answer.reason, {}};
      for (const auto& line : posted["payment:" + p.id]) reversal.lines.push_back({line.account_id, -line.amount_minor});
      if (!reversal.lines.empty()) reversals.push_back(std::move(reversal));
      moves.push_back(TransitionMove{p.id, p.status, PaymentStatus::kFailed, kActor,
                                     "NACK " + item.answer.reason + " from the counterparty",
                                     TransitionFields{.reason_code = item.answer.reason.empty() ? "NARR" : item.answer.reason,
                                                      .reason = "rejected by the counterparty"}});
    }
    audits.push_back(pg::AuditEntry{kActor, ack ? "payment.complete" : "payment.fail", "payment", p.id,
                                    nlohmann::json{{"status", std::string(ToString(p.status))}},
                                    nlohmann::json{{"status", ack ? "COMPLETED" : "FAILED"},
                                                   {"answer", item.answer.status}, {"reason", item.answer.reason}},
                                    "", std::nullopt});
  }
  GW_ASSIGN_OR_RETURN(auto reversed, ledger::PostEntries(txn, reversals));
  for (const auto& r : reversed)
    if (!r.ok()) return r.status();
  GW_RETURN_IF_ERROR(TransitionMany(txn, moves));
  pg::WriteAudits(txn, audits);
  if (settling.empty()) return Status::Ok();
  std::vector<std::string> settled;
  for (std::size_t i : settling) settled.push_back(rows.at(static_cast<int64_t>(items[i]->message.id)).first);
  std::map<std::string, double> age;
  for (const auto& r : pg::ExecPrepared(txn, "answers_ages",
                                        "SELECT id::text, extract(epoch FROM clock_timestamp() - created_at) FROM payments "
                                        "WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb)::uuid)",
                                        pg::JsonParam(settled)))
    age.emplace(r[0].as<std::string>(), r[1].as<double>());
  for (std::size_t i : settling) seconds[i] = age[rows.at(static_cast<int64_t>(items[i]->message.id)).first];
  return Status::Ok();
}

namespace {

// Runs `item` in a savepoint of `txn`: its failure (a Status or a statement
// error) rolls back only its own work. Errors that doom the whole transaction
// (serialization failure, deadlock, lost connection) propagate so that
// pg::InTransaction retries the batch.
Status InSavepoint(pqxx::dbtransaction& txn, const char* name, const std::function<Status(pqxx::dbtransaction&)>& item) {
  try {
    pqxx::subtransaction sub(txn, name);
    Status s = item(sub);
    if (s.ok()) sub.commit();
    else sub.abort();
    return s;
  } catch (const pqxx::transaction_rollback&) {
    throw;
  } catch (const pqxx::broken_connection&) {
    throw;
  } catch (const pqxx::in_doubt_error&) {
    throw;
  } catch (const std::exception& e) {
    return Internal(e.what());
  }
}

}  // namespace

void LinkBridge::Impl::EnqueueAnswer(AnswerItem item) {
  std::lock_guard lock(queue_mu);
  answers.push_back(std::move(item));
  if (answers_draining) return;
  answers_draining = true;
  boost::asio::post(workers, [this] { DrainAnswers(); });
}

void LinkBridge::Impl::DrainAnswers() {
  while (true) {
    std::vector<AnswerItem> batch;
    {
      std::lock_guard lock(queue_mu);
      while (!answers.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(answers.front()));
        answers.pop_front();
      }
      if (batch.empty()) {
        answers_draining = false;
        return;
      }
    }
    // Outbox rows in id order: concurrent writers lock them in the same order.
    std::sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) { return a.message.id < b.message.id; });
    std::vector<double> seconds(batch.size(), -1);
    std::vector<Status> results(batch.size());
    std::vector<const AnswerItem*> all;
    for (const auto& item : batch) all.push_back(&item);
    Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      return AnsweredGroup(txn, all, seconds);
    });
    if (!s.ok() && s.code() != StatusCode::kUnavailable && s.code() != StatusCode::kDeadlineExceeded &&
        batch.size() > 1) {
      // One answer may have sunk the group: each in its own savepoint.
      spdlog::debug("answer group of {}: {}; recording them one by one", batch.size(), s.ToString());
      s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        for (std::size_t i = 0; i < batch.size(); ++i) {
          seconds[i] = -1;
          results[i] = InSavepoint(txn, "answer", [&](pqxx::dbtransaction& sub) {
            std::vector<double> one;
            Status r = AnsweredGroup(sub, {all[i]}, one);
            if (r.ok()) seconds[i] = one.front();
            return r;
          });
        }
        return Status::Ok();
      });
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const Status& r = s.ok() ? results[i] : s;
      if (!r.ok()) {
        spdlog::error("recording the answer to {} failed: {}", batch[i].message.message_id, r.ToString());
        continue;
      }
      if (seconds[i] >= 0) {
        (batch[i].answer.accepted() ? completed : failed)->Increment();
        duration->Observe(seconds[i]);
      }
    }
  }
}

void LinkBridge::Impl::EnqueueInbound(InboundItem item) {
  std::lock_guard lock(queue_mu);
  inbound_queue.push_back(std::move(item));
  if (inbound_draining) return;
  inbound_draining = true;
  boost::asio::post(workers, [this] { DrainInbound(); });
}

void LinkBridge::Impl::DrainInbound() {
  while (true) {
    std::vector<InboundItem> batch;
    {
      std::lock_guard lock(queue_mu);
      while (!inbound_queue.empty() && batch.size() < kBatch) {
        batch.push_back(std::move(inbound_queue.front()));
        inbound_queue.pop_front();
      }
      if (batch.empty()) {
        inbound_draining = false;
        return;
      }
    }
    std::vector<std::size_t> order(batch.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    // Advisory locks in one order across batches (no deadlock between receivers).
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::tie(batch[a].message.counterparty, batch[a].message.message_id) <
             std::tie(batch[b].message.counterparty, batch[b].message.message_id);
    });
    std::vector<links::InboundAnswer> answers_out(batch.size());
    std::vector<Status> results(batch.size());
    std::vector<const links::InboundMessage*> all;
    for (const auto& item : batch) all.push_back(&item.message);
    Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      return InboundGroup(txn, all, answers_out);
    });
    if (!s.ok() && s.code() != StatusCode::kUnavailable && s.code() != StatusCode::kDeadlineExceeded &&
        batch.size() > 1) {
      // One message may have sunk the group: each in its own savepoint.
      spdlog::debug("inbound group of {}: {}; recording its messages one by one", batch.size(), s.ToString());
      s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
        for (std::size_t i : order) {
          results[i] = InSavepoint(txn, "inbound", [&](pqxx::dbtransaction& sub) {
            std::vector<links::InboundAnswer> one;
            Status r = InboundGroup(sub, {all[i]}, one);
            if (r.ok()) answers_out[i] = std::move(one.front());
            return r;
          });
        }
        return Status::Ok();
      });
    }
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const Status& r = s.ok() ? results[i] : s;
      if (!r.ok()) {
        // No answer: the sender resends, and the next attempt decides.
        spdlog::warn("inbound message {} from {} not recorded: {}", batch[i].message.message_id,
                     batch[i].message.counterparty, r.ToString());
        batch[i].reply(r);
        continue;
      }
      inbound->Add({{"status", answers_out[i].status}}).Increment();
      batch[i].reply(std::move(answers_out[i]));
    }
  }
}

void LinkBridge::Impl::Undeliverable(const links::OutboundMessage& message, const Status& reason) {
  Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto row = txn.exec_params("UPDATE outbox SET status = 'UNDELIVERABLE' WHERE id = $1 AND status = 'SENT' "
                               "RETURNING payment_id::text",
                               static_cast<int64_t>(message.id));
    if (row.empty()) return Status::Ok();
    const std::string payment_id = row[0][0].as<std::string>();
    GW_ASSIGN_OR_RETURN(auto p, GetPayment(txn, payment_id, true));
    if (!p || (p->status != PaymentStatus::kSent && p->status != PaymentStatus::kQueued)) return Status::Ok();
    GW_RETURN_IF_ERROR(Transition(txn, payment_id, p->status, PaymentStatus::kException, kActor,
                                  "undeliverable: " + reason.message(),
                                  TransitionFields{.reason = "undeliverable: " + reason.message()}));
    pg::WriteAudit(txn, pg::AuditEntry{kActor, "payment.exception", "payment", payment_id, std::nullopt,
                                       nlohmann::json{{"status", "EXCEPTION"}, {"reason", reason.message()}}, "",
                                       std::nullopt});
    return Status::Ok();
  });
  if (!s.ok()) spdlog::error("recording undeliverable {} failed: {}", message.message_id, s.ToString());
}

// The header of a status report this gateway writes: from our BIC, a fresh
// business message id, the creation time now; the receiver is set by the caller.
codecs::Routing LinkBridge::Impl::OurRouting() const {
  return codecs::Routing{options.our_bic, "", "GW" + NewUuidV4().substr(0, 30),
                         FormatIso8601UtcSeconds(std::chrono::system_clock::now()), std::nullopt, true};
}

// ACSP, or RJCT with the first issue's reason code.
links::InboundAnswer LinkBridge::Impl::Answer(const codecs::Message& msg, const codecs::Issues& issues) const {
  codecs::Routing routing = OurRouting();
  routing.to_bic = SenderBic(msg);
  const std::string body = codecs::Encode(codecs::BuildAnswerTo(msg, issues, "ACSP", routing));
  if (issues.empty()) return links::InboundAnswer{"ACSP", "", body};
  return links::InboundAnswer{"RJCT", issues.front().reason_code, body};
}

// The inbound messages of a batch as a group: a fixed number of statements
// whatever their number (as the pipeline's batches). Per message, all or
// nothing: every transaction of a pacs.008 is checked before any is credited.
// A database error fails the group; DrainInbound then runs its messages one by
// one, so the message at fault is the only one left unanswered.
Status LinkBridge::Impl::InboundGroup(pqxx::dbtransaction& txn, const std::vector<const links::InboundMessage*>& messages,
                                      std::vector<links::InboundAnswer>& replies) {
  replies.assign(messages.size(), {});
  using Key = std::pair<std::string, std::string>;  // (counterparty, message id)
  std::map<Key, std::size_t> first;                 // the first receipt of each message in the group
  for (std::size_t i = 0; i < messages.size(); ++i) first.emplace(Key{messages[i]->counterparty, messages[i]->message_id}, i);

  // Two receipts of one message at once (a resend racing the original on
  // another connection) queue on this lock, so the second sees the first's answer.
  nlohmann::json lock_keys = nlohmann::json::array();
  nlohmann::json message_keys = nlohmann::json::array();
  for (const auto& [key, i] : first) {
    lock_keys.push_back(key.first + "\n" + key.second);
    message_keys.push_back({{"counterparty", key.first}, {"message_id", key.second}});
  }
  pg::ExecPrepared(txn, "inbound_lock",
                   "SELECT pg_advisory_xact_lock(hashtextextended(k, 7041)) FROM "
                   "(SELECT value AS k FROM jsonb_array_elements_text($1::jsonb) ORDER BY 1) s",
                   pg::JsonParam(lock_keys));
  std::map<Key, links::InboundAnswer> seen;
  for (const auto& r : pg::ExecPrepared(txn, "inbound_seen",
                                        "SELECT i.counterparty, i.message_id, i.status, coalesce(i.reason, ''), i.answer "
                                        "FROM inbound_messages i JOIN jsonb_to_recordset($1::jsonb) AS k(counterparty text, "
                                        "message_id text) ON i.counterparty = k.counterparty AND i.message_id = k.message_id",
                                        pg::JsonParam(message_keys)))
    seen.emplace(Key{r[0].as<std::string>(), r[1].as<std::string>()},
                 links::InboundAnswer{r[2].as<std::string>(), r[3].as<std::string>(), r[4].as<std::string>()});

  // Decode and check every new message; collect the credits.
  struct Credit {
    std::size_t message;
    std::vector<PaymentInstruction> instructions;
    std::vector<std::pair<std::string, std::string>> accounts;  // customer, settlement
  };
  std::vector<std::optional<codecs::Message>> decoded(messages.size());
  std::vector<Credit> credits;
  std::vector<std::size_t> fresh;  // messages answered in this group (not seen before)
  std::vector<std::string> ibans;
  for (const auto& [key, i] : first) {
    if (seen.count(key)) continue;
    fresh.push_back(i);
    const links::InboundMessage& m = *messages[i];
    auto result = codecs::Decode(m.body, schemas);
    if (auto g = options.guidelines.find(m.counterparty);
        g != options.guidelines.end() && g->second != nullptr && result.message && result.issues.empty())
      codecs::CheckUsageGuideline(*result.message, *g->second, result.issues);
    if (!result.message || !result.issues.empty() || !std::holds_alternative<codecs::Pacs008>(result.message->document)) {
      codecs::Issues issues = result.issues;
      if (issues.empty()) {
        codecs::Issue issue;
        issue.rule_id = "LINK-001";
        issue.reason_code = "FF01";
        issue.message = result.message ? "only pacs.008 is accepted as a business message on this link, not " +
                                             result.message->msg_def_id
                                       : "no message found";
        issues.push_back(issue);
      }
      if (result.message) {
        replies[i] = Answer(*result.message, issues);
      } else {
        codecs::StatusReport report;
        report.routing = OurRouting();
        report.original_msg_id = m.message_id.substr(0, 35);
        report.group_status = "RJCT";
        report.group_reason_code = issues.front().reason_code;
        for (std::size_t k = 0; k < issues.size() && k < 10; ++k)
          report.group_additional_info.push_back(issues[k].message.substr(0, 105));
        replies[i] = links::InboundAnswer{"RJCT", issues.front().reason_code,
                                          codecs::Encode(codecs::BuildPacs002(report))};
      }
      continue;
    }
    decoded[i] = std::move(*result.message);
    const auto& pacs = std::get<codecs::Pacs008>(decoded[i]->document);
    Credit credit{i, {}, {}};
    for (const auto& tx : pacs.cdt_trf_tx_inf) {
      PaymentInstruction p;
      p.source = "link:" + m.counterparty;
      p.msg_id = pacs.grp_hdr.msg_id;
      p.end_to_end_id = tx.pmt_id.end_to_end_id;
      p.uetr = tx.pmt_id.uetr.value_or(NewUuidV4());
      p.idempotency_key = "msg:" + p.msg_id + "/e2e:" + p.end_to_end_id;
      p.debtor_name = tx.dbtr.nm.value_or("");
      p.debtor_account = tx.dbtr_acct && tx.dbtr_acct->id && tx.dbtr_acct->id->iban ? *tx.dbtr_acct->id->iban : "";
      p.debtor_agent_bic = tx.dbtr_agt.fin_instn_id.bicfi.value_or("");
      p.creditor_name = tx.cdtr.nm.value_or("");
      p.creditor_account = tx.cdtr_acct && tx.cdtr_acct->id && tx.cdtr_acct->id->iban ? *tx.cdtr_acct->id->iban : "";
      p.creditor_agent_bic = tx.cdtr_agt.fin_instn_id.bicfi.value_or("");
      ScreenedParties(tx.dbtr, &tx.cdtr, tx.ultmt_dbtr, tx.ultmt_cdtr, p);
      p.currency = tx.intr_bk_sttlm_amt.ccy;
      p.amount_minor =
          tx.intr_bk_sttlm_amt.value.ToMinorUnits(codecs::CurrencyMinorUnits(p.currency).value_or(2)).value_or(0);
      p.created_by = "system:link:" + m.counterparty;
      if (tx.rmt_inf && !tx.rmt_inf->ustrd.empty()) p.remittance_info = tx.rmt_inf->ustrd.front();
      ibans.push_back(p.creditor_account);
      credit.instructions.push_back(std::move(p));
    }
    credits.push_back(std::move(credit));
  }

  GW_ASSIGN_OR_RETURN(auto customers, ledger::FindAccountsByIban(txn, ibans));
  std::map<std::pair<std::string, std::string>, std::optional<ledger::Account>> settlements;
  std::vector<NewPayment> items;
  std::vector<std::size_t> credited;  // indexes into credits
  for (std::size_t c = 0; c < credits.size(); ++c) {
    Credit& credit = credits[c];
    const links::InboundMessage& m = *messages[credit.message];
    auto refuse = [&](const std::string& code, const std::string& text) {
      codecs::Issue issue;
      issue.rule_id = "LEDGER";
      issue.reason_code = code;
      issue.message = text;
      replies[credit.message] = Answer(*decoded[credit.message], {issue});
    };
    bool refused = false;
    for (const auto& p : credit.instructions) {
      auto customer = customers.find(p.creditor_account);
      if (customer == customers.end() || customer->second.kind != "customer") {
        refuse("AC01", "creditor account " + p.creditor_account + " is not held here");
        refused = true;
        break;
      }
      if (customer->second.currency != p.currency) {
        refuse("AM03", "creditor account is in " + customer->second.currency + ", not " + p.currency);
        refused = true;
        break;
      }
      auto settlement = settlements.find({m.counterparty, p.currency});
      if (settlement == settlements.end()) {
        GW_ASSIGN_OR_RETURN(auto found, ledger::FindSettlementAccount(txn, m.counterparty, p.currency));
        settlement = settlements.emplace(std::make_pair(m.counterparty, p.currency), std::move(found)).first;
      }
      if (!settlement->second) {
        refuse("AG01", "no " + p.currency + " settlement account for " + m.counterparty);
        refused = true;
        break;
      }
      credit.accounts.emplace_back(customer->second.id, settlement->second->id);
    }
    if (refused) continue;
    credited.push_back(c);
    for (const auto& p : credit.instructions) {
      NewPayment item{p, "", "", ArrivedMessage{decoded[credit.message]->msg_def_id, m.message_id, m.body}};
      item.direction = "inbound";
      item.link_name = m.counterparty;
      items.push_back(std::move(item));
    }
  }

  // Create, screen, credit: the payments of all accepted messages together.
  GW_ASSIGN_OR_RETURN(auto created, CreatePayments(txn, items));
  std::vector<std::string> payment_of(messages.size());  // the first payment of each message
  std::vector<TransitionMove> moves;
  std::vector<ledger::EntrySpec> entries;
  std::vector<std::pair<std::string, const ComplianceDecision*>> screenings;
  std::vector<ComplianceDecision> decisions(created.size());
  std::size_t next = 0;
  for (std::size_t c : credited) {
    const Credit& credit = credits[c];
    const links::InboundMessage& m = *messages[credit.message];
    for (std::size_t k = 0; k < credit.instructions.size(); ++k, ++next) {
      Payment payment = created[next].payment;
      if (payment_of[credit.message].empty()) payment_of[credit.message] = payment.id;
      if (!created[next].created) continue;  // credited before (the same transaction in another message)
      payment.direction = "inbound";
      if (options.compliance != nullptr) {
        GW_ASSIGN_OR_RETURN(decisions[next], options.compliance->Screen(txn, payment, /*check_limits=*/false));
        screenings.emplace_back(payment.id, &decisions[next]);
        if (decisions[next].hold) {
          // Held: the amount waits on suspense (rare; payment by payment).
          GW_RETURN_IF_ERROR(TransitionMany(
              txn, {TransitionMove{payment.id, PaymentStatus::kInitiated, PaymentStatus::kScreening, kActor, ""}}));
          GW_RETURN_IF_ERROR(HoldInbound(txn, payment, credit.accounts[k].second, decisions[next].reason));
          continue;
        }
      }
      entries.push_back(ledger::EntrySpec{"inbound", "inbound:" + payment.id, payment.id,
                                          "inbound payment " + payment.end_to_end_id + " from " + m.counterparty,
                                          {{credit.accounts[k].second, -payment.amount_minor},
                                           {credit.accounts[k].first, payment.amount_minor}}});
      moves.push_back(TransitionMove{payment.id, PaymentStatus::kInitiated, PaymentStatus::kScreening, kActor, ""});
      moves.push_back(TransitionMove{payment.id, PaymentStatus::kScreening, PaymentStatus::kApproved, kActor,
                                     "inbound credit", TransitionFields{.approval_mode = "auto"}});
    }
  }
  if (options.compliance != nullptr) GW_RETURN_IF_ERROR(options.compliance->RecordMany(txn, "pipeline", screenings));
  GW_ASSIGN_OR_RETURN(auto posted, ledger::PostEntries(txn, entries));
  for (std::size_t e = 0; e < entries.size(); ++e) {
    if (!posted[e].ok()) return posted[e].status();  // the group runs again message by message
    moves.push_back(TransitionMove{entries[e].payment_id, PaymentStatus::kApproved, PaymentStatus::kPosted, kActor,
                                   "journal entry " + std::to_string(posted[e]->entry_id)});
    moves.push_back(TransitionMove{entries[e].payment_id, PaymentStatus::kPosted, PaymentStatus::kCompleted, kActor,
                                   "credited and acknowledged"});
  }
  GW_RETURN_IF_ERROR(TransitionMany(txn, moves));
  for (std::size_t c : credited) replies[credits[c].message] = Answer(*decoded[credits[c].message], {});

  // Each new message with its answer, and its audit row.
  nlohmann::json rows = nlohmann::json::array();
  std::vector<pg::AuditEntry> audits;
  for (std::size_t i : fresh) {
    const links::InboundMessage& m = *messages[i];
    const std::string& payment_id = replies[i].status == "RJCT" ? std::string() : payment_of[i];
    nlohmann::json row = {{"ord", rows.size()},       {"counterparty", m.counterparty}, {"message_id", m.message_id},
                          {"status", replies[i].status}, {"answer", replies[i].body},   {"body", m.body}};
    if (!m.uetr.empty()) row["uetr"] = m.uetr;
    if (!replies[i].reason.empty()) row["reason"] = replies[i].reason;
    if (!payment_id.empty()) row["payment_id"] = payment_id;
    rows.push_back(std::move(row));
    audits.push_back(pg::AuditEntry{"system:link:" + m.counterparty, "payment.inbound", "inbound_message", m.message_id,
                                    std::nullopt,
                                    nlohmann::json{{"status", replies[i].status}, {"reason", replies[i].reason},
                                                   {"payment_id", payment_id}},
                                    "", std::nullopt});
  }
  if (!rows.empty()) {
    pg::ExecPrepared(txn, "inbound_insert",
                     "INSERT INTO inbound_messages (counterparty, message_id, uetr, status, reason, answer, body, payment_id) "
                     "SELECT counterparty, message_id, uetr, status, reason, answer, body, payment_id "
                     "FROM jsonb_to_recordset($1::jsonb) AS x(ord int, counterparty text, message_id text, uetr uuid, "
                     "status text, reason text, answer text, body text, payment_id uuid) ORDER BY ord",
                     pg::JsonParam(rows));
  }
  pg::WriteAudits(txn, audits);
  // Repeats (in this group or before) get the answer already given.
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const Key key{messages[i]->counterparty, messages[i]->message_id};
    if (auto it = seen.find(key); it != seen.end()) replies[i] = it->second;
    else if (first.at(key) != i) replies[i] = replies[first.at(key)];
  }
  return Status::Ok();
}

LinkBridge::LinkBridge(pg::PgPool& pool, const codecs::SchemaSet& schemas, prometheus::Registry& registry,
                       LinkBridgeOptions options)
    : impl_(std::make_unique<Impl>(pool, schemas, registry, std::move(options))) {}

LinkBridge::~LinkBridge() { Stop(); }

Status LinkBridge::Start() {
  return pg::InTransaction(impl_->pool, [&](pqxx::dbtransaction& txn) -> Status {
    auto rows = txn.exec_params(
        "UPDATE outbox SET status = 'PENDING', claimed_by = NULL WHERE status = 'SENT' AND claimed_by = $1 "
        "RETURNING payment_id::text",
        impl_->options.node_name);
    for (const auto& r : rows) {
      const std::string id = r[0].as<std::string>();
      GW_ASSIGN_OR_RETURN(auto p, GetPayment(txn, id, true));
      if (p && p->status == PaymentStatus::kSent)
        GW_RETURN_IF_ERROR(Transition(txn, id, PaymentStatus::kSent, PaymentStatus::kQueued, kActor,
                                      "resend after a restart of " + impl_->options.node_name));
    }
    if (!rows.empty()) spdlog::info("{} unanswered messages will be sent again", rows.size());
    return Status::Ok();
  });
}

void LinkBridge::Stop() { impl_->workers.join(); }

void LinkBridge::Claim(const std::string& link, std::size_t max, ClaimCallback done) {
  boost::asio::post(impl_->workers, [this, link, max, done = std::move(done)] {
    links::OutboxBatch batch;
    Status s = pg::InTransaction(impl_->pool, [&](pqxx::dbtransaction& txn) -> Status {
      batch.messages.clear();
      auto rows = txn.exec_params(
          "WITH c AS (SELECT id FROM outbox WHERE link_name = $1 AND status = 'PENDING' ORDER BY id LIMIT $2 "
          "FOR NO KEY UPDATE SKIP LOCKED) "
          "UPDATE outbox o SET status = 'SENT', attempts = attempts + 1, sent_at = now(), claimed_by = $3 FROM c "
          "WHERE o.id = c.id RETURNING o.id, o.msg_id, o.uetr::text, o.payment_id::text, o.message_id",
          link, static_cast<int>(max), impl_->options.node_name);
      std::vector<std::uint64_t> message_ids;
      std::vector<std::string> payments;
      std::map<int64_t, links::OutboundMessage> by_message;
      for (const auto& r : rows) {
        links::OutboundMessage m;
        m.id = r[0].as<std::uint64_t>();
        m.message_id = r[1].as<std::string>();
        m.uetr = r[2].as<std::string>();
        payments.push_back(r[3].as<std::string>());
        by_message[r[4].as<int64_t>()] = m;
        message_ids.push_back(r[4].as<std::uint64_t>());
      }
      if (!rows.empty()) {
        for (const auto& r : txn.exec_params("SELECT id, content FROM payment_messages WHERE id = ANY($1::bigint[])",
                                             IdArray(message_ids)))
          by_message[r[0].as<int64_t>()].payload = r[1].as<std::string>();
        GW_RETURN_IF_ERROR(
            TransitionThoseIn(txn, payments, PaymentStatus::kQueued, PaymentStatus::kSent, kActor, "sent on link " + link)
                .status());
      }
      for (auto& [mid, m] : by_message) batch.messages.push_back(std::move(m));
      std::sort(batch.messages.begin(), batch.messages.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
      batch.remaining = txn.exec_params1("SELECT count(*) FROM outbox WHERE link_name = $1 AND status = 'PENDING'", link)[0]
                            .as<std::size_t>();
      return Status::Ok();
    });
    if (!s.ok()) {
      done(s);
      return;
    }
    done(std::move(batch));
  });
}

void LinkBridge::Release(const std::string& link, const std::vector<std::uint64_t>& ids) {
  if (ids.empty()) return;
  // Synchronous: the link is stopping and expects the messages claimable afterwards.
  Status s = pg::InTransaction(impl_->pool, [&](pqxx::dbtransaction& txn) -> Status {
    std::vector<std::string> payments;
    for (const auto& r : txn.exec_params("UPDATE outbox SET status = 'PENDING', claimed_by = NULL "
                                         "WHERE id = ANY($1::bigint[]) AND status = 'SENT' RETURNING payment_id::text",
                                         IdArray(ids)))
      payments.push_back(r[0].as<std::string>());
    return TransitionThoseIn(txn, payments, PaymentStatus::kSent, PaymentStatus::kQueued, kActor,
                             "handed back by link " + link)
        .status();
  });
  if (!s.ok()) spdlog::error("releasing {} messages of link {} failed: {}", ids.size(), link, s.ToString());
}

void LinkBridge::OnAnswered(const links::OutboundMessage& message, const links::DeliveryAnswer& answer) {
  impl_->EnqueueAnswer({message, answer});
}

void LinkBridge::OnUndeliverable(const links::OutboundMessage& message, const Status& reason) {
  boost::asio::post(impl_->workers, [this, message, reason] { impl_->Undeliverable(message, reason); });
}

void LinkBridge::OnMessage(links::InboundMessage message, Reply reply) {
  impl_->EnqueueInbound({std::move(message), std::move(reply)});
}

}  // namespace gw::gateway
