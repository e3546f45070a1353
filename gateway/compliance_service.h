// File: gateway/compliance_service.h
//
// The pipeline's compliance stage: sanctions screening and transaction limits
// for a payment, against the lists and release rules in force in the database.
//
//   ComplianceService compliance(options, registry);
//   compliance.Refresh();               // load lists + rules, build the index
//   compliance.Start();                 // follow list/rule changes, re-screen
//   auto d = compliance.Screen(txn, p); // in the pipeline's transaction
//   compliance.Record(txn, p.id, "pipeline", *d);
//
// The index is immutable and swapped atomically when a list version or a rule
// comes into force (LISTEN compliance_lists, and a poll as a safety net), so a
// screening in flight finishes on the lists it started with. Each screening is
// recorded with the list versions that made it.
//
// Re-screening: after the lists or rules in force change, every outbound payment
// not yet posted (PENDING_APPROVAL, APPROVED) and every payment on
// COMPLIANCE_HOLD (inbound ones too) is screened again
// and the outcome recorded. A payment that now hits goes on hold. A held payment
// whose hits are all covered by release rules is released (the approval policy
// then applies); one that is simply clear now (an entry was delisted) stays on
// hold for an officer, with the new outcome recorded. Payments already posted
// (QUEUED and later) are past screening and are not held again.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "gateway/compliance/limits.h"
#include "gateway/compliance/screening.h"
#include "gateway/payment.h"

namespace pqxx {
class dbtransaction;
}
namespace prometheus {
class Registry;
}

namespace gw::gateway {

struct ComplianceOptions {
  std::string database_url;  // for the service's own connection (refresh, re-screening)
  compliance::ScreeningConfig screening;
  compliance::LimitsConfig limits;
  bool limits_enabled = false;   // false: no limit is checked
  bool screen_remittance = true;  // look for listed names in the remittance text
  // true: with no list in force, every payment is held ("nothing to screen
  // against"); false: payments pass, and each screening records that no list was in force.
  // Whatever this says, nothing is screened before the lists in force have been
  // read once (loaded()): the pipeline leaves payments INITIATED until then, and
  // Screen() holds any payment it is asked about.
  bool require_lists = true;
  std::chrono::milliseconds refresh_interval{2000};
};

struct ComplianceDecision {
  bool hold = false;
  std::string reason;            // one line for the payment's history; empty when clear
  nlohmann::json hits = nlohmann::json::array();        // explanations (see HitToJson)
  nlohmann::json suppressed = nlohmann::json::array();  // hits covered by release rules, with the rule id
  nlohmann::json limit_breaches = nlohmann::json::array();
  nlohmann::json list_versions = nlohmann::json::array();
  std::string lists_key;         // identifies the lists and rules used
};

nlohmann::json HitToJson(const compliance::ScreeningHit& hit);

class ComplianceService {
 public:
  ComplianceService(ComplianceOptions options, prometheus::Registry& registry);
  ~ComplianceService();
  ComplianceService(const ComplianceService&) = delete;
  ComplianceService& operator=(const ComplianceService&) = delete;

  // Loads the lists and rules in force and builds the index, if they changed.
  // Returns true when a new index was published.
  StatusOr<bool> Refresh();

  // Called to release a held payment (COMPLIANCE_HOLD -> the approval policy);
  // set by the owner of the approval policy (the pipeline) before Start().
  using ReleaseFn = std::function<Status(pqxx::dbtransaction&, const Payment&, const std::string& actor,
                                         const std::string& reason)>;
  void SetRelease(ReleaseFn release);

  // Follows changes (LISTEN + poll) and re-screens after each; Stop() joins.
  void Start();
  void Stop();

  // Screens `payment` (all parties and agents, the remittance text) and checks
  // its limits, reading the day's totals in `txn`. Never throws for a bad
  // payment: one that cannot be screened is held with the reason.
  // `check_limits` false: screening only (inbound payments: the limits are on
  // what our customers send).
  StatusOr<ComplianceDecision> Screen(pqxx::dbtransaction& txn, const Payment& payment, bool check_limits = true);
  // Stores the decision as a screening_results row.
  Status Record(pqxx::dbtransaction& txn, const std::string& payment_id, const std::string& trigger,
                const ComplianceDecision& decision);
  // Several screenings (payment id, decision) in one statement.
  Status RecordMany(pqxx::dbtransaction& txn, const std::string& trigger,
                    const std::vector<std::pair<std::string, const ComplianceDecision*>>& screenings);

  // Re-screens the payments described above against the lists in force.
  // Returns how many were screened.
  StatusOr<int> Rescreen();

  // The index in force (null before the first load, and when no list is in force).
  std::shared_ptr<const compliance::ScreeningIndex> index() const;
  // True once the lists in force have been read from the database (possibly
  // none): "not loaded yet" is not "no list configured".
  bool loaded() const;
  std::string lists_key() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace gw::gateway
