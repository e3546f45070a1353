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

std::string NowUtcSeconds() { return FormatIso8601Utc(std::chrono::system_clock::now()).substr(0, 19) + "Z"; }

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
  Status Answered(pqxx::dbtransaction& txn, const links::OutboundMessage& message, const links::DeliveryAnswer& answer,
                  double& seconds);
  void Undeliverable(const links::OutboundMessage& message, const Status& reason);
  Status Inbound(pqxx::dbtransaction& txn, const links::InboundMessage& message, links::InboundAnswer& result);
  StatusOr<links::InboundAnswer> Credit(pqxx::dbtransaction& txn, const links::InboundMessage& m,
                                        const codecs::Message& msg, std::string& payment_id);
};

Status LinkBridge::Impl::Answered(pqxx::dbtransaction& txn, const links::OutboundMessage& message,
                                  const links::DeliveryAnswer& answer, double& seconds) {
  const bool ack = answer.accepted();
  {
    seconds = -1;
    auto row = txn.exec_params("SELECT payment_id::text, status FROM outbox WHERE id = $1 FOR UPDATE",
                               static_cast<int64_t>(message.id));
    if (row.empty()) return NotFound("outbox row " + std::to_string(message.id) + " is gone");
    const std::string status = row[0][1].as<std::string>();
    if (status == "ACKED" || status == "NACKED") return Status::Ok();  // answered before: nothing to do
    const std::string payment_id = row[0][0].as<std::string>();
    txn.exec_params("UPDATE outbox SET status = $2, answered_at = now(), answer_status = $3, answer_reason = NULLIF($4, '') "
                    "WHERE id = $1",
                    static_cast<int64_t>(message.id), ack ? "ACKED" : "NACKED", answer.status, answer.reason);
    GW_ASSIGN_OR_RETURN(auto p, GetPayment(txn, payment_id, true));
    if (!p) return Internal("payment " + payment_id + " of outbox row " + std::to_string(message.id) + " is missing");
    txn.exec_params("INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
                    "VALUES ($1::uuid, 'in', 'pacs.002.001.10', $2, $3)",
                    payment_id, message.message_id, answer.body);
    if (p->status != PaymentStatus::kSent && p->status != PaymentStatus::kQueued && p->status != PaymentStatus::kException)
      return Status::Ok();  // already settled (e.g. by an earlier answer)
    if (ack) {
      PaymentStatus from = p->status;
      if (from == PaymentStatus::kException) {
        // A late answer (e.g. after a resend from a restarted node) to a message
        // reported undeliverable: the counterparty has the money, so settle it.
        GW_RETURN_IF_ERROR(Transition(txn, payment_id, from, PaymentStatus::kQueued, kActor,
                                      "answer received after the delivery exception"));
        from = PaymentStatus::kQueued;
      }
      GW_RETURN_IF_ERROR(Transition(txn, payment_id, from, PaymentStatus::kCompleted, kActor,
                                    "ACK " + answer.status + " from the counterparty"));
    } else {
      // Reverse exactly what the payment posted, in the same transaction.
      auto postings = txn.exec_params(
          "SELECT p.account_id, p.amount_minor FROM postings p JOIN journal_entries e ON e.id = p.entry_id "
          "WHERE e.idempotency_key = $1",
          "payment:" + payment_id);
      ledger::EntrySpec reversal{"reversal", "reversal:" + payment_id, payment_id,
                                 "reversal of payment " + p->end_to_end_id + ": NACK " + answer.reason, {}};
      for (const auto& r : postings) reversal.lines.push_back({r[0].as<std::string>(), -r[1].as<int64_t>()});
      if (!reversal.lines.empty()) {
        auto posted = ledger::PostEntry(txn, reversal);
        if (!posted.ok()) return posted.status();
      }
      GW_RETURN_IF_ERROR(Transition(txn, payment_id, p->status, PaymentStatus::kFailed, kActor,
                                    "NACK " + answer.reason + " from the counterparty",
                                    TransitionFields{.reason_code = answer.reason.empty() ? "NARR" : answer.reason,
                                                     .reason = "rejected by the counterparty"}));
    }
    pg::WriteAudit(txn, pg::AuditEntry{kActor, ack ? "payment.complete" : "payment.fail", "payment", payment_id,
                                       nlohmann::json{{"status", std::string(ToString(p->status))}},
                                       nlohmann::json{{"status", ack ? "COMPLETED" : "FAILED"},
                                                      {"answer", answer.status}, {"reason", answer.reason}},
                                       "", std::nullopt});
    seconds = txn.exec_params1("SELECT extract(epoch FROM clock_timestamp() - created_at) FROM payments WHERE id = $1::uuid",
                               payment_id)[0].as<double>();
    return Status::Ok();
  }
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
    Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        seconds[i] = -1;
        results[i] = InSavepoint(txn, "answer", [&](pqxx::dbtransaction& sub) {
          return Answered(sub, batch[i].message, batch[i].answer, seconds[i]);
        });
      }
      return Status::Ok();
    });
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
    Status s = pg::InTransaction(pool, [&](pqxx::dbtransaction& txn) -> Status {
      for (std::size_t i : order) {
        answers_out[i] = {};
        results[i] = InSavepoint(txn, "inbound", [&](pqxx::dbtransaction& sub) {
          return Inbound(sub, batch[i].message, answers_out[i]);
        });
      }
      return Status::Ok();
    });
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

StatusOr<links::InboundAnswer> LinkBridge::Impl::Credit(pqxx::dbtransaction& txn, const links::InboundMessage& m,
                                                        const codecs::Message& msg, std::string& payment_id) {
  const auto& pacs = std::get<codecs::Pacs008>(msg.document);
  auto reject = [&](const std::string& reason, const std::string& text) -> links::InboundAnswer {
    codecs::Issue issue;
    issue.rule_id = "LEDGER";
    issue.reason_code = reason;
    issue.message = text;
    codecs::Routing routing{options.our_bic, "", "GW" + NewUuidV4().substr(0, 30), NowUtcSeconds(), std::nullopt, true};
    routing.to_bic = SenderBic(msg);
    auto answer = codecs::BuildAnswerTo(msg, {issue}, "ACSP", routing);
    return links::InboundAnswer{"RJCT", reason, codecs::Encode(answer)};
  };
  std::vector<PaymentInstruction> instructions;
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
    p.amount_minor = tx.intr_bk_sttlm_amt.value.ToMinorUnits(codecs::CurrencyMinorUnits(p.currency).value_or(2)).value_or(0);
    p.created_by = "system:link:" + m.counterparty;
    if (tx.rmt_inf && !tx.rmt_inf->ustrd.empty()) p.remittance_info = tx.rmt_inf->ustrd.front();
    instructions.push_back(p);
  }
  // Check every transaction before posting any (all or nothing per message).
  std::vector<std::pair<std::string, std::string>> accounts;  // customer, settlement
  for (const auto& p : instructions) {
    GW_ASSIGN_OR_RETURN(auto creditor, ledger::FindAccountByIban(txn, p.creditor_account));
    if (!creditor || creditor->kind != "customer")
      return reject("AC01", "creditor account " + p.creditor_account + " is not held here");
    if (creditor->currency != p.currency)
      return reject("AM03", "creditor account is in " + creditor->currency + ", not " + p.currency);
    GW_ASSIGN_OR_RETURN(auto settlement, ledger::FindSettlementAccount(txn, m.counterparty, p.currency));
    if (!settlement) return reject("AG01", "no " + p.currency + " settlement account for " + m.counterparty);
    accounts.emplace_back(creditor->id, settlement->id);
  }
  for (std::size_t i = 0; i < instructions.size(); ++i) {
    const auto& p = instructions[i];
    GW_ASSIGN_OR_RETURN(auto created, CreatePayment(txn, p));
    const std::string id = created.payment.id;
    txn.exec_params("UPDATE payments SET direction = 'inbound', link_name = $2 WHERE id = $1::uuid", id, m.counterparty);
    if (created.created) {
      GW_RETURN_IF_ERROR(Transition(txn, id, PaymentStatus::kInitiated, PaymentStatus::kScreening, kActor, ""));
      if (options.compliance != nullptr) {
        GW_ASSIGN_OR_RETURN(ComplianceDecision decision,
                            options.compliance->Screen(txn, created.payment, /*check_limits=*/false));
        GW_RETURN_IF_ERROR(options.compliance->Record(txn, id, "pipeline", decision));
        if (decision.hold) {
          Payment held = created.payment;
          held.direction = "inbound";
          GW_RETURN_IF_ERROR(HoldInbound(txn, held, accounts[i].second, decision.reason));
          txn.exec_params("INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
                          "VALUES ($1::uuid, 'in', $2, $3, $4)",
                          id, msg.msg_def_id, m.message_id, m.body);
          if (payment_id.empty()) payment_id = id;
          continue;
        }
      }
      GW_RETURN_IF_ERROR(Transition(txn, id, PaymentStatus::kScreening, PaymentStatus::kApproved, kActor,
                                    "inbound credit", TransitionFields{.approval_mode = "auto"}));
      GW_ASSIGN_OR_RETURN(auto posted, ledger::PostEntry(txn, ledger::EntrySpec{
                                                                  "inbound", "inbound:" + id, id,
                                                                  "inbound payment " + p.end_to_end_id + " from " + m.counterparty,
                                                                  {{accounts[i].second, -p.amount_minor},
                                                                   {accounts[i].first, p.amount_minor}}}));
      GW_RETURN_IF_ERROR(Transition(txn, id, PaymentStatus::kApproved, PaymentStatus::kPosted, kActor,
                                    "journal entry " + std::to_string(posted.entry_id)));
      GW_RETURN_IF_ERROR(Transition(txn, id, PaymentStatus::kPosted, PaymentStatus::kCompleted, kActor,
                                    "credited and acknowledged"));
      txn.exec_params("INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
                      "VALUES ($1::uuid, 'in', $2, $3, $4)",
                      id, msg.msg_def_id, m.message_id, m.body);
    }
    if (payment_id.empty()) payment_id = id;
  }
  codecs::Routing routing{options.our_bic, "", "GW" + NewUuidV4().substr(0, 30), NowUtcSeconds(), std::nullopt, true};
  routing.to_bic = SenderBic(msg);
  auto answer = codecs::BuildAnswerTo(msg, {}, "ACSP", routing);
  return links::InboundAnswer{"ACSP", "", codecs::Encode(answer)};
}

Status LinkBridge::Impl::Inbound(pqxx::dbtransaction& txn, const links::InboundMessage& m, links::InboundAnswer& result) {
  {
    // Two receipts of one message at once (a resend racing the original on
    // another connection) queue here, so the second sees the first's answer.
    txn.exec_params("SELECT pg_advisory_xact_lock(hashtextextended($1, 7041))", m.counterparty + "\n" + m.message_id);
    auto seen = txn.exec_params(
        "SELECT status, coalesce(reason, ''), answer FROM inbound_messages WHERE counterparty = $1 AND message_id = $2",
        m.counterparty, m.message_id);
    if (!seen.empty()) {
      result = {seen[0][0].as<std::string>(), seen[0][1].as<std::string>(), seen[0][2].as<std::string>()};
      return Status::Ok();
    }
    auto decoded = codecs::Decode(m.body, schemas);
    std::string payment_id;
    if (!decoded.message || !decoded.issues.empty() || !std::holds_alternative<codecs::Pacs008>(decoded.message->document)) {
      codecs::Issues issues = decoded.issues;
      if (issues.empty()) {
        codecs::Issue i;
        i.rule_id = "LINK-001";
        i.reason_code = "FF01";
        i.message = decoded.message ? "only pacs.008 is accepted as a business message on this link, not " +
                                          decoded.message->msg_def_id
                                    : "no message found";
        issues.push_back(i);
      }
      codecs::Routing routing{options.our_bic, "", "GW" + NewUuidV4().substr(0, 30), NowUtcSeconds(), std::nullopt, true};
      std::string body;
      if (decoded.message) {
        routing.to_bic = SenderBic(*decoded.message);
        body = codecs::Encode(codecs::BuildAnswerTo(*decoded.message, issues, "ACSP", routing));
      } else {
        codecs::StatusReport report;
        report.routing = routing;
        report.original_msg_id = m.message_id.substr(0, 35);
        report.group_status = "RJCT";
        report.group_reason_code = issues.front().reason_code;
        for (std::size_t i = 0; i < issues.size() && i < 10; ++i) report.group_additional_info.push_back(issues[i].message.substr(0, 105));
        body = codecs::Encode(codecs::BuildPacs002(report));
      }
      result = {"RJCT", issues.front().reason_code, body};
    } else {
      // A savepoint: a refused credit leaves nothing behind but the answer.
      pqxx::subtransaction sub(txn, "credit");
      auto credited = Credit(sub, m, *decoded.message, payment_id);
      if (!credited.ok()) return credited.status();
      result = *credited;
      if (result.status == "RJCT") {
        sub.abort();
        payment_id.clear();
      } else {
        sub.commit();
      }
    }
    txn.exec_params("INSERT INTO inbound_messages (counterparty, message_id, uetr, status, reason, answer, body, payment_id) "
                    "VALUES ($1, $2, NULLIF($3, ''), $4, NULLIF($5, ''), $6, $7, NULLIF($8, '')::uuid)",
                    m.counterparty, m.message_id, m.uetr, result.status, result.reason, result.body, m.body, payment_id);
    pg::WriteAudit(txn, pg::AuditEntry{"system:link:" + m.counterparty, "payment.inbound", "inbound_message", m.message_id,
                                       std::nullopt, nlohmann::json{{"status", result.status}, {"reason", result.reason},
                                                                    {"payment_id", payment_id}},
                                       "", std::nullopt});
    return Status::Ok();
  }
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
          "FOR UPDATE SKIP LOCKED) "
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
