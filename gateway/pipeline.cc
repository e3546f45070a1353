#include "gateway/pipeline.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>
#include <pqxx/pqxx>

#include "codecs/currency.h"
#include "codecs/iso20022/builders.h"
#include "codecs/iso20022/codec.h"
#include "core/clock.h"
#include "core/pg/audit.h"
#include "gateway/compliance_service.h"
#include "gateway/inbound_hold.h"
#include "gateway/payment_store.h"
#include "ledger/ledger.h"

namespace gw::gateway {

namespace {

constexpr const char* kActor = "system:pipeline";

// Deterministic message id for the pacs.008 of a payment: resending reuses it.
std::string MessageIdFor(const std::string& payment_id) {
  std::string hex;
  for (char c : payment_id)
    if (c != '-') hex += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return "GW" + hex.substr(0, 32);
}

std::string Today() { return FormatIso8601Utc(std::chrono::system_clock::now()).substr(0, 10); }

std::string NowUtcSeconds() { return FormatIso8601Utc(std::chrono::system_clock::now()).substr(0, 19) + "Z"; }

class WorkReceiver : public pqxx::notification_receiver {
 public:
  explicit WorkReceiver(pqxx::connection_base& c) : pqxx::notification_receiver(c, "gateway_work") {}
  void operator()(const std::string&, int) override {}
};

// Look-ups the payments of one batch share (they run in one transaction, so the
// answers cannot change under them): route by creditor agent BIC, settlement
// account by (link, currency).
struct BatchLookups {
  std::map<std::string, std::optional<std::string>> link_by_bic;
  std::map<std::pair<std::string, std::string>, std::optional<ledger::Account>> settlement;
};

// The outcome of one payment's trip through the stages, for metrics after commit.
struct Outcome {
  bool approved = false;
  std::string rejected_code;
  BatchLookups* lookups = nullptr;  // null outside a batch
};

}  // namespace

struct Pipeline::Impl {
  Impl(PipelineOptions o, const codecs::SchemaSet& s, prometheus::Registry& registry)
      : options(std::move(o)), schemas(s) {
    approved = &prometheus::BuildCounter().Name("payments_approved_total").Help("Payments approved (automatically or by a checker)").Register(registry).Add({});
    initiated = &prometheus::BuildCounter().Name("payments_initiated_total").Help("Payments initiated").Register(registry).Add({});
    rejected_family = &prometheus::BuildCounter().Name("payments_rejected_total").Help("Payments rejected, by ISO reason code").Register(registry);
    by_status = &prometheus::BuildGauge().Name("payments_by_status").Help("Payments in each status").Register(registry);
    stuck = &prometheus::BuildGauge().Name("payments_stuck").Help("Payments in a non-terminal status not updated within the stuck threshold").Register(registry).Add({});
    batch_seconds = &prometheus::BuildHistogram().Name("pipeline_batch_duration_seconds").Help("Time to process one pipeline batch").Register(registry)
                         .Add({}, prometheus::Histogram::BucketBoundaries{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5});
  }

  PipelineOptions options;
  const codecs::SchemaSet& schemas;
  prometheus::Counter* approved;
  prometheus::Counter* initiated;
  prometheus::Family<prometheus::Counter>* rejected_family;
  prometheus::Family<prometheus::Gauge>* by_status;
  prometheus::Gauge* stuck;
  prometheus::Histogram* batch_seconds;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;

  void WorkerLoop(int index);
  void StatsLoop();
  StatusOr<int> ProcessBatch(pqxx::connection& conn);
  StatusOr<int> RunBatch(pqxx::connection& conn, bool isolate);
  Status ProcessOne(pqxx::dbtransaction& txn, const Payment& p, Outcome& outcome);
  Status Screen(pqxx::dbtransaction& txn, const Payment& p, Outcome& outcome);
  Status ApplyApprovalPolicy(pqxx::dbtransaction& txn, const Payment& p, PaymentStatus from, const std::string& actor,
                             const std::string& note, Outcome& outcome);
  Status PostAndQueue(pqxx::dbtransaction& txn, const Payment& p, Outcome& outcome);
  Status Reject(pqxx::dbtransaction& txn, const Payment& p, PaymentStatus from, const std::string& code,
                const std::string& reason, Outcome& outcome);
  Status Park(pqxx::dbtransaction& txn, const Payment& p, PaymentStatus from, const std::string& code,
              const std::string& reason);
};

Status Pipeline::Impl::Reject(pqxx::dbtransaction& txn, const Payment& p, PaymentStatus from, const std::string& code,
                              const std::string& reason, Outcome& outcome) {
  GW_RETURN_IF_ERROR(Transition(txn, p.id, from, PaymentStatus::kRejected, kActor, code + ": " + reason,
                                TransitionFields{.reason_code = code, .reason = reason}));
  pg::WriteAudit(txn, pg::AuditEntry{kActor, "payment.reject", "payment", p.id,
                                     nlohmann::json{{"status", std::string(ToString(from))}},
                                     nlohmann::json{{"status", "REJECTED"}, {"reason_code", code}, {"reason", reason}},
                                     "", std::nullopt});
  outcome.rejected_code = code;
  return Status::Ok();
}

Status Pipeline::Impl::Park(pqxx::dbtransaction& txn, const Payment& p, PaymentStatus from, const std::string& code,
                            const std::string& reason) {
  GW_RETURN_IF_ERROR(Transition(txn, p.id, from, PaymentStatus::kException, kActor, reason,
                                TransitionFields{.reason_code = code, .reason = reason}));
  pg::WriteAudit(txn, pg::AuditEntry{kActor, "payment.exception", "payment", p.id,
                                     nlohmann::json{{"status", std::string(ToString(from))}},
                                     nlohmann::json{{"status", "EXCEPTION"}, {"reason", reason}}, "", std::nullopt});
  return Status::Ok();
}

// Sanctions screening and limits; a hit or a breach holds the payment for a
// compliance officer, anything else goes on to the approval policy.
Status Pipeline::Impl::Screen(pqxx::dbtransaction& txn, const Payment& p, Outcome& outcome) {
  GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kInitiated, PaymentStatus::kScreening, kActor, ""));
  if (options.compliance != nullptr) {
    GW_ASSIGN_OR_RETURN(ComplianceDecision decision, options.compliance->Screen(txn, p));
    GW_RETURN_IF_ERROR(options.compliance->Record(txn, p.id, "pipeline", decision));
    if (decision.hold) {
      GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kScreening, PaymentStatus::kComplianceHold,
                                    "system:compliance", decision.reason,
                                    TransitionFields{.reason = decision.reason}));
      pg::WriteAudit(txn, pg::AuditEntry{"system:compliance", "compliance.hold", "payment", p.id,
                                         nlohmann::json{{"status", "SCREENING"}},
                                         nlohmann::json{{"status", "COMPLIANCE_HOLD"}, {"reason", decision.reason}}, "",
                                         nlohmann::json{{"lists", decision.list_versions}}});
      return Status::Ok();
    }
  }
  return ApplyApprovalPolicy(txn, p, PaymentStatus::kScreening, kActor, "", outcome);
}

// Above the currency's threshold (and not from a straight-through source) a
// checker must approve; otherwise the payment is approved automatically and,
// from the pipeline, posted at once.
Status Pipeline::Impl::ApplyApprovalPolicy(pqxx::dbtransaction& txn, const Payment& p, PaymentStatus from,
                                           const std::string& actor, const std::string& note, Outcome& outcome) {
  auto threshold = options.approval_thresholds_minor.find(p.currency);
  const bool straight_through = options.straight_through_sources.count(p.source) > 0;
  const bool needs_checker =
      !straight_through && threshold != options.approval_thresholds_minor.end() && p.amount_minor >= threshold->second;
  const std::string prefix = note.empty() ? "" : note + "; ";
  if (needs_checker) {
    return Transition(txn, p.id, from, PaymentStatus::kPendingApproval, actor,
                      prefix + "amount at or above the four-eyes threshold of " +
                          FormatAmount(threshold->second, p.currency) + " " + p.currency);
  }
  GW_RETURN_IF_ERROR(Transition(txn, p.id, from, PaymentStatus::kApproved, actor,
                                prefix + (straight_through ? "straight-through source" : "below the four-eyes threshold"),
                                TransitionFields{.approval_mode = "auto"}));
  pg::WriteAudit(txn, pg::AuditEntry{actor, "payment.approve", "payment", p.id,
                                     nlohmann::json{{"status", std::string(ToString(from))}},
                                     nlohmann::json{{"status", "APPROVED"}, {"approval_mode", "auto"}}, "", std::nullopt});
  outcome.approved = true;
  if (from == PaymentStatus::kScreening) return PostAndQueue(txn, p, outcome);
  txn.exec("NOTIFY gateway_work");  // a worker posts it
  return Status::Ok();
}

Status Pipeline::Impl::PostAndQueue(pqxx::dbtransaction& txn, const Payment& p, Outcome& outcome) {
  BatchLookups local;
  BatchLookups& lookups = outcome.lookups ? *outcome.lookups : local;
  // Route first: nothing is posted for a payment that cannot leave.
  auto cached_route = lookups.link_by_bic.find(p.creditor_agent_bic);
  if (cached_route == lookups.link_by_bic.end()) {
    auto route = txn.exec_params(
        "SELECT link_name FROM routes WHERE $1 LIKE bic_prefix || '%' ORDER BY length(bic_prefix) DESC LIMIT 1",
        p.creditor_agent_bic);
    cached_route = lookups.link_by_bic
                       .emplace(p.creditor_agent_bic, route.empty() ? std::nullopt
                                                                    : std::optional<std::string>(route[0][0].as<std::string>()))
                       .first;
  }
  if (!cached_route->second)
    return Park(txn, p, PaymentStatus::kApproved, "", "no route for creditor agent BIC " + p.creditor_agent_bic);
  const std::string link = *cached_route->second;

  GW_ASSIGN_OR_RETURN(auto debtor, ledger::FindAccountByIban(txn, p.debtor_account));
  if (!debtor || debtor->kind != "customer")
    return Reject(txn, p, PaymentStatus::kApproved, "AC01", "debtor account " + p.debtor_account + " is not held here",
                  outcome);
  if (debtor->currency != p.currency)
    return Reject(txn, p, PaymentStatus::kApproved, "AM03",
                  "debtor account is in " + debtor->currency + ", the payment in " + p.currency, outcome);
  auto cached_settlement = lookups.settlement.find({link, p.currency});
  if (cached_settlement == lookups.settlement.end()) {
    GW_ASSIGN_OR_RETURN(auto found, ledger::FindSettlementAccount(txn, link, p.currency));
    cached_settlement = lookups.settlement.emplace(std::make_pair(link, p.currency), std::move(found)).first;
  }
  const auto& settlement = cached_settlement->second;
  if (!settlement)
    return Park(txn, p, PaymentStatus::kApproved, "",
                "no " + p.currency + " settlement account for link " + link);

  auto posted = ledger::PostEntry(
      txn, ledger::EntrySpec{"payment", "payment:" + p.id, p.id,
                             "payment " + p.end_to_end_id + " to " + p.creditor_name,
                             {{debtor->id, -p.amount_minor}, {settlement->id, p.amount_minor}}});
  if (!posted.ok()) {
    if (posted.status().code() == StatusCode::kFailedPrecondition)
      return Reject(txn, p, PaymentStatus::kApproved, "AM04", posted.status().message(), outcome);
    return posted.status();
  }
  GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kApproved, PaymentStatus::kPosted, kActor,
                                "journal entry " + std::to_string(posted->entry_id),
                                TransitionFields{.link_name = link}));

  codecs::CreditTransfer ct;
  ct.routing.from_bic = options.our_bic;
  ct.routing.to_bic = p.creditor_agent_bic;
  ct.routing.msg_id = MessageIdFor(p.id);
  ct.routing.creation_time = NowUtcSeconds();
  ct.settlement_date = p.requested_execution_date.empty() ? Today() : p.requested_execution_date;
  ct.end_to_end_id = p.end_to_end_id;
  ct.tx_id = ct.routing.msg_id;
  ct.uetr = p.uetr;
  ct.amount.value = codecs::Decimal::FromMinorUnits(p.amount_minor, codecs::CurrencyMinorUnits(p.currency).value_or(2));
  ct.amount.ccy = p.currency;
  ct.debtor_name = p.debtor_name;
  ct.debtor_iban = p.debtor_account;
  ct.debtor_agent_bic = p.debtor_agent_bic;
  ct.creditor_agent_bic = p.creditor_agent_bic;
  ct.creditor_name = p.creditor_name;
  ct.creditor_iban = p.creditor_account;
  if (!p.remittance_info.empty()) ct.remittance_info.push_back(p.remittance_info.substr(0, 140));
  const codecs::Message message = codecs::BuildPacs008(ct);
  const codecs::Issues issues = codecs::Validate(message);
  if (!issues.empty()) {
    // The message we built is not valid: keep the money posted and park it for an operator.
    return Park(txn, p, PaymentStatus::kPosted, issues.front().reason_code,
                "generated pacs.008 is invalid: " + issues.front().ToString());
  }
  const std::string xml = codecs::Encode(message);
  auto msg_row = pg::ExecPrepared(txn, "pipeline_insert_message",
      "INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
      "VALUES ($1::uuid, 'out', $2, $3, $4) RETURNING id",
      p.id, message.msg_def_id, ct.routing.msg_id, xml);
  pg::ExecPrepared(txn, "pipeline_insert_outbox",
                   "INSERT INTO outbox (link_name, payment_id, message_id, msg_id, uetr) VALUES ($1, $2::uuid, $3, $4, $5::uuid)",
                   link, p.id, msg_row.at(0)[0].as<int64_t>(), ct.routing.msg_id, p.uetr);
  GW_RETURN_IF_ERROR(Transition(txn, p.id, PaymentStatus::kPosted, PaymentStatus::kQueued, kActor,
                                "pacs.008 " + ct.routing.msg_id + " in the outbox of " + link));
  txn.exec("NOTIFY gateway_outbox, " + txn.quote(link));
  return Status::Ok();
}

Status Pipeline::Impl::ProcessOne(pqxx::dbtransaction& txn, const Payment& p, Outcome& outcome) {
  if (p.status == PaymentStatus::kInitiated) return Screen(txn, p, outcome);
  if (p.status == PaymentStatus::kApproved) return PostAndQueue(txn, p, outcome);
  return Status::Ok();
}

// A batch runs first without per-payment savepoints (two round trips fewer per
// payment). If any payment fails with an error (not a business outcome such as
// a rejection), the whole batch is rolled back and run again with a savepoint
// per payment, so the failing payment is parked as EXCEPTION and the others
// proceed.
StatusOr<int> Pipeline::Impl::ProcessBatch(pqxx::connection& conn) {
  auto fast = RunBatch(conn, /*isolate=*/false);
  if (fast.ok() || fast.status().code() == StatusCode::kUnavailable) return fast;
  return RunBatch(conn, /*isolate=*/true);
}

StatusOr<int> Pipeline::Impl::RunBatch(pqxx::connection& conn, bool isolate) {
  const auto started = std::chrono::steady_clock::now();
  std::vector<Outcome> outcomes;
  int moved = 0;
  try {
    pqxx::work txn(conn);
    GW_ASSIGN_OR_RETURN(auto payments,
                        ClaimPayments(txn, {PaymentStatus::kInitiated, PaymentStatus::kApproved}, options.batch_size));
    BatchLookups lookups;
    for (const Payment& payment : payments) {
      Outcome outcome;
      outcome.lookups = &lookups;
      Status s;
      if (!isolate) {
        try {
          s = ProcessOne(txn, payment, outcome);
        } catch (...) {
          s = pg::StatusFromCurrentException();
        }
        if (!s.ok()) {
          if (s.code() != StatusCode::kUnavailable)
            spdlog::debug("payment {}: {}; running its batch again payment by payment", payment.id, s.ToString());
          return s;  // the transaction rolls back when it goes out of scope
        }
      } else {
        {
          // One savepoint per payment: a database error for one payment (a
          // constraint the checks above missed) does not sink the batch.
          pqxx::subtransaction sub(txn, "payment");
          try {
            s = ProcessOne(sub, payment, outcome);
            if (s.ok()) sub.commit();
          } catch (...) {
            s = pg::StatusFromCurrentException();
          }
        }
        if (!s.ok()) {
          if (s.code() == StatusCode::kUnavailable || s.code() == StatusCode::kAborted) return s;
          spdlog::error("payment {}: {}; parked as EXCEPTION", payment.id, s.ToString());
          // A failed savepoint may have left cached look-ups that were rolled back.
          lookups = BatchLookups();
          pqxx::subtransaction sub(txn, "park");
          sub.exec_params("UPDATE payments SET attempts = attempts + 1 WHERE id = $1::uuid", payment.id);
          Status parked = Park(sub, payment, payment.status, "", "internal error: " + s.message());
          if (parked.ok()) sub.commit();
          continue;
        }
      }
      outcomes.push_back(outcome);
      ++moved;
    }
    txn.commit();
  } catch (...) {
    return pg::StatusFromCurrentException();
  }
  for (const auto& o : outcomes) {
    if (o.approved) approved->Increment();
    if (!o.rejected_code.empty()) rejected_family->Add({{"reason_code", o.rejected_code}}).Increment();
  }
  if (moved > 0)
    batch_seconds->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return moved;
}

void Pipeline::Impl::WorkerLoop(int index) {
  std::unique_ptr<pqxx::connection> conn;
  std::unique_ptr<WorkReceiver> receiver;
  int backoff_ms = 100;
  while (!stop) {
    if (!conn) {
      auto c = pg::Connect(options.database_url, 3, "gatewayd-pipeline");
      if (!c.ok()) {
        spdlog::warn("pipeline worker {}: {}", index, c.status().message());
        std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
        backoff_ms = std::min(backoff_ms * 2, 5000);
        continue;
      }
      conn = std::move(c).value();
      try {
        receiver = std::make_unique<WorkReceiver>(*conn);
      } catch (...) {
        conn.reset();
        continue;
      }
      backoff_ms = 100;
    }
    auto moved = ProcessBatch(*conn);
    if (!moved.ok()) {
      if (moved.status().code() == StatusCode::kUnavailable) {
        receiver.reset();
        conn.reset();
      } else {
        spdlog::error("pipeline worker {}: {}", index, moved.status().ToString());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(backoff_ms));
      continue;
    }
    if (*moved >= options.batch_size) continue;  // more work is likely waiting
    try {
      const auto wait_ms = std::min<long>(options.poll_interval.count(), 500);
      conn->await_notification(wait_ms / 1000, (wait_ms % 1000) * 1000);
    } catch (...) {
      receiver.reset();
      conn.reset();
    }
  }
}

void Pipeline::Impl::StatsLoop() {
  std::unique_ptr<pqxx::connection> conn;
  while (!stop) {
    try {
      if (!conn) {
        auto c = pg::Connect(options.database_url, 3, "gatewayd-stats");
        if (c.ok()) conn = std::move(c).value();
      }
      if (conn) {
        pqxx::read_transaction txn(*conn);
        auto counts = PaymentCounts(txn, options.stuck_after_seconds);
        if (counts.ok()) {
          for (auto s : AllPaymentStatuses()) by_status->Add({{"status", std::string(ToString(s))}}).Set(0);
          for (const auto& [status, n] : counts->first) by_status->Add({{"status", status}}).Set(static_cast<double>(n));
          stuck->Set(static_cast<double>(counts->second));
        }
      }
    } catch (...) {
      conn.reset();
    }
    for (int i = 0; i < 50 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

Pipeline::Pipeline(PipelineOptions options, const codecs::SchemaSet& schemas, prometheus::Registry& registry)
    : impl_(std::make_unique<Impl>(std::move(options), schemas, registry)) {}

Pipeline::~Pipeline() { Stop(); }

void Pipeline::Start() {
  impl_->stop = false;
  for (int i = 0; i < impl_->options.workers; ++i) impl_->threads.emplace_back([this, i] { impl_->WorkerLoop(i); });
  impl_->threads.emplace_back([this] { impl_->StatsLoop(); });
}

void Pipeline::Stop() {
  impl_->stop = true;
  for (auto& t : impl_->threads)
    if (t.joinable()) t.join();
  impl_->threads.clear();
}

StatusOr<int> Pipeline::Drain() {
  GW_ASSIGN_OR_RETURN(auto conn, pg::Connect(impl_->options.database_url, 3, "gateway-drain"));
  int total = 0;
  while (true) {
    GW_ASSIGN_OR_RETURN(int moved, impl_->ProcessBatch(*conn));
    total += moved;
    if (moved == 0) return total;
  }
}

Status Pipeline::Release(pqxx::dbtransaction& txn, const Payment& payment, const std::string& actor,
                         const std::string& reason) {
  if (payment.status != PaymentStatus::kComplianceHold)
    return FailedPrecondition("payment " + payment.id + " is " + std::string(ToString(payment.status)) +
                              ", not on COMPLIANCE_HOLD");
  if (payment.direction == "inbound") return ReleaseInbound(txn, payment, actor, reason);
  Outcome outcome;
  GW_RETURN_IF_ERROR(impl_->ApplyApprovalPolicy(txn, payment, PaymentStatus::kComplianceHold, actor,
                                                "released from compliance hold: " + reason, outcome));
  if (outcome.approved) impl_->approved->Increment();
  return Status::Ok();
}

void Pipeline::CountInitiated() { impl_->initiated->Increment(); }
void Pipeline::CountApproved() { impl_->approved->Increment(); }
void Pipeline::CountRejected(const std::string& reason_code) {
  impl_->rejected_family->Add({{"reason_code", reason_code}}).Increment();
}

}  // namespace gw::gateway
