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

// What a group of payments did, for metrics after commit.
struct Tally {
  int approved = 0;
  std::vector<std::string> rejected_codes;
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
  Status ProcessGroup(pqxx::dbtransaction& txn, const std::vector<Payment>& payments, BatchLookups& lookups,
                      Tally& tally);
  TransitionMove ApprovalPolicy(const Payment& p, PaymentStatus from, const std::string& actor, const std::string& note,
                                std::vector<pg::AuditEntry>& audits, Tally& tally);
  Status PostAndQueue(pqxx::dbtransaction& txn, const std::vector<const Payment*>& payments, BatchLookups& lookups,
                      std::vector<TransitionMove>& moves, std::vector<pg::AuditEntry>& audits, Tally& tally);
  codecs::Message BuildMessage(const Payment& p, const codecs::UsageGuideline* guideline) const;
};

namespace {

TransitionMove Reject(const Payment& p, PaymentStatus from, const std::string& code, const std::string& reason,
                      std::vector<pg::AuditEntry>& audits, Tally& tally) {
  audits.push_back(pg::AuditEntry{kActor, "payment.reject", "payment", p.id,
                                  nlohmann::json{{"status", std::string(ToString(from))}},
                                  nlohmann::json{{"status", "REJECTED"}, {"reason_code", code}, {"reason", reason}},
                                  "", std::nullopt});
  tally.rejected_codes.push_back(code);
  return TransitionMove{p.id, from, PaymentStatus::kRejected, kActor, code + ": " + reason,
                        TransitionFields{.reason_code = code, .reason = reason}};
}

TransitionMove Park(const Payment& p, PaymentStatus from, const std::string& code, const std::string& reason,
                    std::vector<pg::AuditEntry>& audits) {
  audits.push_back(pg::AuditEntry{kActor, "payment.exception", "payment", p.id,
                                  nlohmann::json{{"status", std::string(ToString(from))}},
                                  nlohmann::json{{"status", "EXCEPTION"}, {"reason", reason}}, "", std::nullopt});
  return TransitionMove{p.id, from, PaymentStatus::kException, kActor, reason,
                        TransitionFields{.reason_code = code, .reason = reason}};
}

}  // namespace

// Above the currency's threshold (and not from a straight-through source) a
// checker must approve; otherwise the payment is approved automatically.
TransitionMove Pipeline::Impl::ApprovalPolicy(const Payment& p, PaymentStatus from, const std::string& actor,
                                              const std::string& note, std::vector<pg::AuditEntry>& audits,
                                              Tally& tally) {
  auto threshold = options.approval_thresholds_minor.find(p.currency);
  const bool straight_through = options.straight_through_sources.count(p.source) > 0;
  const bool listed = threshold != options.approval_thresholds_minor.end();
  const bool needs_checker = !straight_through && (listed ? p.amount_minor >= threshold->second
                                                          : options.unlisted_currencies_need_checker);
  const std::string prefix = note.empty() ? "" : note + "; ";
  if (needs_checker) {
    return TransitionMove{p.id, from, PaymentStatus::kPendingApproval, actor,
                          prefix + (listed ? "amount at or above the four-eyes threshold of " +
                                                 FormatAmount(threshold->second, p.currency) + " " + p.currency
                                           : "no four-eyes threshold is configured for " + p.currency +
                                                 ": every payment in it needs a checker")};
  }
  audits.push_back(pg::AuditEntry{actor, "payment.approve", "payment", p.id,
                                  nlohmann::json{{"status", std::string(ToString(from))}},
                                  nlohmann::json{{"status", "APPROVED"}, {"approval_mode", "auto"}}, "", std::nullopt});
  ++tally.approved;
  return TransitionMove{p.id, from, PaymentStatus::kApproved, actor,
                        prefix + (straight_through ? "straight-through source" : "below the four-eyes threshold"),
                        TransitionFields{.approval_mode = "auto"}};
}

// The stages, for a group of payments at once. Every step's database work is
// one statement for the whole group (PostEntries, RecordMany, one insert of
// all the messages), and the moves are written at the end in one go
// (TransitionMany: a history row per hop, one update per payment), so a batch
// of 50 costs about as many round trips as a single payment.
Status Pipeline::Impl::ProcessGroup(pqxx::dbtransaction& txn, const std::vector<Payment>& payments,
                                    BatchLookups& lookups, Tally& tally) {
  std::vector<TransitionMove> moves;
  std::vector<pg::AuditEntry> audits;
  std::vector<const Payment*> arrived;
  std::vector<const Payment*> to_post;
  for (const Payment& p : payments) {
    if (p.status == PaymentStatus::kInitiated) arrived.push_back(&p);
    if (p.status == PaymentStatus::kApproved) to_post.push_back(&p);
  }

  // INITIATED -> SCREENING -> sanctions screening and limits.
  if (!arrived.empty()) {
    std::vector<ComplianceDecision> decisions(arrived.size());
    if (options.compliance != nullptr) {
      std::vector<std::pair<std::string, const ComplianceDecision*>> records;
      for (std::size_t i = 0; i < arrived.size(); ++i) {
        GW_ASSIGN_OR_RETURN(decisions[i], options.compliance->Screen(txn, *arrived[i]));
        records.emplace_back(arrived[i]->id, &decisions[i]);
      }
      GW_RETURN_IF_ERROR(options.compliance->RecordMany(txn, "pipeline", records));
    }
    // A hit or a breach holds the payment for a compliance officer; anything
    // else goes on to the approval policy.
    for (std::size_t i = 0; i < arrived.size(); ++i) {
      const Payment& p = *arrived[i];
      const ComplianceDecision& d = decisions[i];
      moves.push_back(TransitionMove{p.id, PaymentStatus::kInitiated, PaymentStatus::kScreening, kActor, ""});
      if (d.hold) {
        moves.push_back(TransitionMove{p.id, PaymentStatus::kScreening, PaymentStatus::kComplianceHold,
                                       "system:compliance", d.reason, TransitionFields{.reason = d.reason}});
        audits.push_back(pg::AuditEntry{"system:compliance", "compliance.hold", "payment", p.id,
                                        nlohmann::json{{"status", "SCREENING"}},
                                        nlohmann::json{{"status", "COMPLIANCE_HOLD"}, {"reason", d.reason}}, "",
                                        nlohmann::json{{"lists", d.list_versions}}});
        continue;
      }
      moves.push_back(ApprovalPolicy(p, PaymentStatus::kScreening, kActor, "", audits, tally));
      if (moves.back().to == PaymentStatus::kApproved) to_post.push_back(&p);
    }
  }

  GW_RETURN_IF_ERROR(PostAndQueue(txn, to_post, lookups, moves, audits, tally));
  GW_RETURN_IF_ERROR(TransitionMany(txn, moves));
  pg::WriteAudits(txn, audits);
  return Status::Ok();
}

// APPROVED -> route -> post -> POSTED -> pacs.008 in the link's outbox -> QUEUED.
// The messages are built before the accounts are locked, so the locks (the
// settlement account is every batch's) are held for database work only.
Status Pipeline::Impl::PostAndQueue(pqxx::dbtransaction& txn, const std::vector<const Payment*>& payments,
                                    BatchLookups& lookups, std::vector<TransitionMove>& moves,
                                    std::vector<pg::AuditEntry>& audits, Tally& tally) {
  if (payments.empty()) return Status::Ok();
  std::vector<std::string> ibans;
  for (const Payment* p : payments) ibans.push_back(p->debtor_account);
  GW_ASSIGN_OR_RETURN(auto debtors, ledger::FindAccountsByIban(txn, ibans));

  struct Candidate {
    const Payment* payment;
    std::string link;
    std::optional<codecs::Issue> invalid;  // the generated message's first problem
    std::string xml;
    std::string message_type;
  };
  std::vector<Candidate> candidates;
  std::vector<ledger::EntrySpec> entries;
  for (const Payment* pp : payments) {
    const Payment& p = *pp;
    // Route first: nothing is posted for a payment that cannot leave.
    auto route = lookups.link_by_bic.find(p.creditor_agent_bic);
    if (route == lookups.link_by_bic.end()) {
      auto r = pg::ExecPrepared(txn, "pipeline_route",
                                "SELECT link_name FROM routes WHERE $1 LIKE bic_prefix || '%' "
                                "ORDER BY length(bic_prefix) DESC LIMIT 1",
                                p.creditor_agent_bic);
      route = lookups.link_by_bic
                  .emplace(p.creditor_agent_bic,
                           r.empty() ? std::nullopt : std::optional<std::string>(r[0][0].as<std::string>()))
                  .first;
    }
    if (!route->second) {
      moves.push_back(
          Park(p, PaymentStatus::kApproved, "", "no route for creditor agent BIC " + p.creditor_agent_bic, audits));
      continue;
    }
    const std::string link = *route->second;
    auto debtor = debtors.find(p.debtor_account);
    if (debtor == debtors.end() || debtor->second.kind != "customer") {
      moves.push_back(Reject(p, PaymentStatus::kApproved, "AC01",
                             "debtor account " + p.debtor_account + " is not held here", audits, tally));
      continue;
    }
    if (debtor->second.currency != p.currency) {
      moves.push_back(Reject(p, PaymentStatus::kApproved, "AM03",
                             "debtor account is in " + debtor->second.currency + ", the payment in " + p.currency,
                             audits, tally));
      continue;
    }
    auto settlement = lookups.settlement.find({link, p.currency});
    if (settlement == lookups.settlement.end()) {
      GW_ASSIGN_OR_RETURN(auto found, ledger::FindSettlementAccount(txn, link, p.currency));
      settlement = lookups.settlement.emplace(std::make_pair(link, p.currency), std::move(found)).first;
    }
    if (!settlement->second) {
      moves.push_back(
          Park(p, PaymentStatus::kApproved, "", "no " + p.currency + " settlement account for link " + link, audits));
      continue;
    }
    Candidate c{&p, link, std::nullopt, "", ""};
    const auto g = options.link_guidelines.find(link);
    const codecs::UsageGuideline* guideline = g == options.link_guidelines.end() ? nullptr : g->second;
    const codecs::Message message = BuildMessage(p, guideline);
    codecs::Issues issues = codecs::Validate(message);
    if (issues.empty() && guideline != nullptr) codecs::CheckUsageGuideline(message, *guideline, issues);
    if (issues.empty()) {
      c.xml = codecs::Encode(message);
      c.message_type = message.msg_def_id;
    } else {
      c.invalid = issues.front();
    }
    candidates.push_back(std::move(c));
    entries.push_back(ledger::EntrySpec{"payment", "payment:" + p.id, p.id,
                                        "payment " + p.end_to_end_id + " to " + p.creditor_name,
                                        {{debtor->second.id, -p.amount_minor}, {settlement->second->id, p.amount_minor}}});
  }

  GW_ASSIGN_OR_RETURN(auto posted, ledger::PostEntries(txn, entries));
  nlohmann::json rows = nlohmann::json::array();
  std::set<std::string> links;
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const Candidate& c = candidates[i];
    const Payment& p = *c.payment;
    if (!posted[i].ok()) {
      if (posted[i].status().code() == StatusCode::kFailedPrecondition) {
        moves.push_back(Reject(p, PaymentStatus::kApproved, "AM04", posted[i].status().message(), audits, tally));
        continue;
      }
      return posted[i].status();  // the batch runs again payment by payment
    }
    moves.push_back(TransitionMove{p.id, PaymentStatus::kApproved, PaymentStatus::kPosted, kActor,
                                   "journal entry " + std::to_string(posted[i]->entry_id),
                                   TransitionFields{.link_name = c.link}});
    if (c.invalid) {
      // The message we built is not valid: keep the money posted and park it for an operator.
      moves.push_back(Park(p, PaymentStatus::kPosted, c.invalid->reason_code,
                           "generated pacs.008 is invalid for link " + c.link + ": " + c.invalid->ToString(), audits));
      continue;
    }
    const std::string msg_id = MessageIdFor(p.id);  // as in the message's AppHdr and GrpHdr
    nlohmann::json row = {{"ord", rows.size()},   {"payment_id", p.id},  {"message_type", c.message_type},
                          {"msg_id", msg_id},      {"link_name", c.link}, {"content", c.xml}};
    if (!p.uetr.empty()) row["uetr"] = p.uetr;
    rows.push_back(std::move(row));
    links.insert(c.link);
    moves.push_back(TransitionMove{p.id, PaymentStatus::kPosted, PaymentStatus::kQueued, kActor,
                                   "pacs.008 " + msg_id + " in the outbox of " + c.link});
  }
  if (rows.empty()) return Status::Ok();
  pg::ExecPrepared(txn, "pipeline_enqueue",
      "WITH x AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(ord int, payment_id uuid, message_type text, "
      "  msg_id text, link_name text, content text, uetr uuid)), "
      "m AS (INSERT INTO payment_messages (payment_id, direction, message_type, msg_id, content) "
      "  SELECT payment_id, 'out', message_type, msg_id, content FROM x ORDER BY ord RETURNING id, payment_id) "
      "INSERT INTO outbox (link_name, payment_id, message_id, msg_id, uetr) "
      "SELECT x.link_name, x.payment_id, m.id, x.msg_id, x.uetr FROM x JOIN m ON m.payment_id = x.payment_id "
      "ORDER BY x.ord",
      pg::JsonParam(rows));
  for (const auto& link : links) txn.exec("NOTIFY gateway_outbox, " + txn.quote(link));
  return Status::Ok();
}

codecs::Message Pipeline::Impl::BuildMessage(const Payment& p, const codecs::UsageGuideline* guideline) const {
  codecs::CreditTransfer ct;
  if (guideline != nullptr && !guideline->business_service.empty())
    ct.routing.business_service = std::string(guideline->business_service);
  ct.routing.from_bic = options.our_bic;
  ct.routing.to_bic = p.creditor_agent_bic;
  ct.routing.msg_id = MessageIdFor(p.id);
  ct.routing.creation_time = FormatIso8601UtcSeconds(std::chrono::system_clock::now());
  // Schemes such as CBPR+ want the offset written out, not "Z".
  if (guideline != nullptr && ct.routing.creation_time.ends_with('Z'))
    ct.routing.creation_time.replace(ct.routing.creation_time.size() - 1, 1, "+00:00");
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
  return codecs::BuildPacs008(ct);
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
  Tally tally;
  int moved = 0;
  try {
    pqxx::work txn(conn);
    // New payments wait (INITIATED) until the sanctions lists in force have been
    // loaded: screening fails closed, never open.
    const bool can_screen = options.compliance == nullptr || options.compliance->loaded();
    std::vector<PaymentStatus> claim = {PaymentStatus::kApproved};
    if (can_screen) claim.push_back(PaymentStatus::kInitiated);
    GW_ASSIGN_OR_RETURN(auto payments, ClaimPayments(txn, claim, options.batch_size));
    BatchLookups lookups;
    if (!isolate) {
      Status s;
      try {
        s = ProcessGroup(txn, payments, lookups, tally);
      } catch (...) {
        s = pg::StatusFromCurrentException();
      }
      if (!s.ok()) {
        if (s.code() != StatusCode::kUnavailable)
          spdlog::debug("batch of {}: {}; running it again payment by payment", payments.size(), s.ToString());
        return s;  // the transaction rolls back when it goes out of scope
      }
      moved = static_cast<int>(payments.size());
    } else {
      for (const Payment& payment : payments) {
        Tally one;
        Status s;
        {
          // One savepoint per payment: a database error for one payment (a
          // constraint the checks above missed) does not sink the batch.
          pqxx::subtransaction sub(txn, "payment");
          try {
            s = ProcessGroup(sub, {payment}, lookups, one);
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
          std::vector<pg::AuditEntry> audits;
          Status parked = TransitionMany(sub, {Park(payment, payment.status, "", "internal error: " + s.message(), audits)});
          if (parked.ok()) {
            pg::WriteAudits(sub, audits);
            sub.commit();
          }
          continue;
        }
        tally.approved += one.approved;
        tally.rejected_codes.insert(tally.rejected_codes.end(), one.rejected_codes.begin(), one.rejected_codes.end());
        ++moved;
      }
    }
    txn.commit();
  } catch (...) {
    return pg::StatusFromCurrentException();
  }
  if (tally.approved > 0) approved->Increment(tally.approved);
  for (const auto& code : tally.rejected_codes) rejected_family->Add({{"reason_code", code}}).Increment();
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
  std::vector<pg::AuditEntry> audits;
  Tally tally;
  const TransitionMove move = impl_->ApprovalPolicy(payment, PaymentStatus::kComplianceHold, actor,
                                                    "released from compliance hold: " + reason, audits, tally);
  GW_RETURN_IF_ERROR(TransitionMany(txn, {move}));
  try {
    pg::WriteAudits(txn, audits);
    if (move.to == PaymentStatus::kApproved) txn.exec("NOTIFY gateway_work");  // a worker posts it
  } catch (...) {
    return pg::StatusFromCurrentException();
  }
  if (tally.approved > 0) impl_->approved->Increment(tally.approved);
  return Status::Ok();
}

void Pipeline::CountInitiated() { impl_->initiated->Increment(); }
void Pipeline::CountApproved() { impl_->approved->Increment(); }
void Pipeline::CountRejected(const std::string& reason_code) {
  impl_->rejected_family->Add({{"reason_code", reason_code}}).Increment();
}

}  // namespace gw::gateway
