// File: gateway/pipeline.h
//
// The payment pipeline: worker threads that move payments from INITIATED to
// QUEUED (and APPROVED ones on from approval), each batch in one transaction.
//
// Work moves through the payments table itself: a worker claims up to
// `batch_size` payments in INITIATED or APPROVED with FOR UPDATE SKIP LOCKED,
// so several workers, and several gatewayd processes on one database, share
// the work without ever processing a payment twice. Workers sleep on LISTEN
// gateway_work (sent when a payment is created or approved) and poll every
// `poll_interval` as a safety net. A crash at any instant rolls back the batch
// in flight; the payments are still claimable and are resumed on restart.
//
// A batch goes through the stages as a group: each step below is one statement
// for all its payments (TransitionMany, PostEntries, one insert of all the
// messages), so its round trips do not grow with its size. If a step fails with
// a database error, the batch is rolled back and run again with a savepoint
// per payment, so the payment at fault is parked as EXCEPTION and the others go on.
//
// For each payment:
//   INITIATED -> SCREENING -> sanctions screening and limits (ComplianceService):
//            a hit or a breach -> COMPLIANCE_HOLD (until a compliance officer
//            releases or rejects it); else PENDING_APPROVAL, or APPROVED (auto)
//   APPROVED -> route by creditor agent BIC (none: EXCEPTION, nothing posted)
//            -> debit the debtor's account, credit the link's settlement account
//               (insufficient funds: REJECTED AM04, nothing posted)
//            -> POSTED -> pacs.008 + AppHdr built, validated, stored, put in the
//               link's outbox -> QUEUED
#pragma once

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "codecs/iso20022/guidelines/usage_guideline.h"
#include "core/pg/pool.h"
#include "core/status.h"

namespace prometheus {
class Registry;
}
namespace gw::codecs {
class SchemaSet;
}

namespace gw::gateway {

class ComplianceService;
struct Payment;

struct PipelineOptions {
  std::string database_url;          // the workers' own connections
  std::string our_bic = "GWAYDEFFXXX";  // AppHdr From, InstgAgt
  int workers = 2;
  int batch_size = 50;
  std::chrono::milliseconds poll_interval{1000};
  // Amounts at or above the threshold of their currency (minor units) need a
  // checker's approval; in currencies not listed, every amount does unless
  // `unlisted_currencies_need_checker` is false.
  std::map<std::string, int64_t> approval_thresholds_minor;
  bool unlisted_currencies_need_checker = true;
  // Sources whose payments are always approved automatically (e.g. "link:bank-b").
  std::set<std::string> straight_through_sources;
  int stuck_after_seconds = 300;
  // Screening and limits; null passes every payment (tools and tests of later stages).
  ComplianceService* compliance = nullptr;
  // Link -> the usage guideline its messages follow ([[links.peer]]
  // usage_guideline): the pacs.008 written for it carries the guideline's
  // business service and must pass its rules, or the payment is parked in
  // EXCEPTION with the rule it breaks.
  std::map<std::string, const codecs::UsageGuideline*> link_guidelines;
};

class Pipeline {
 public:
  // `schemas` and `registry` must outlive the pipeline. Metrics registered:
  // payments_initiated_total (counted by the API), payments_approved_total,
  // payments_rejected_total{reason_code}, payments_by_status{status},
  // payments_stuck, pipeline_batch_duration_seconds.
  Pipeline(PipelineOptions options, const codecs::SchemaSet& schemas, prometheus::Registry& registry);
  ~Pipeline();

  void Start();
  // Finishes the batch in flight, then stops.
  void Stop();

  // Processes batches until none is left (for tests and tools). Returns the number of payments moved.
  StatusOr<int> Drain();

  // Releases a payment from COMPLIANCE_HOLD (in the caller's transaction): the
  // approval policy then decides between PENDING_APPROVAL and APPROVED (which a
  // worker posts). kFailedPrecondition if the payment is not on hold.
  Status Release(pqxx::dbtransaction& txn, const Payment& payment, const std::string& actor,
                 const std::string& reason);

  // Counters the API increments.
  void CountInitiated();
  void CountApproved();
  void CountRejected(const std::string& reason_code);

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw::gateway
