// File: gateway/compliance_service.cc
#include "gateway/compliance_service.h"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <spdlog/spdlog.h>

#include <mutex>
#include <pqxx/pqxx>

#include "core/pg/audit.h"
#include "core/pg/pool.h"
#include "gateway/compliance_store.h"
#include "gateway/payment_store.h"

namespace gw::gateway {

using nlohmann::json;

namespace {

constexpr const char* kActor = "system:compliance";
constexpr int kRescreenBatch = 100;

// What screening runs against: the index and the rules, with what identifies them.
struct Snapshot {
  bool loaded = false;  // false until the lists in force have been read once
  std::shared_ptr<const compliance::ScreeningIndex> index;  // null: no list in force
  json list_versions = json::array();
  std::string key;
  std::vector<ReleaseRule> rules;
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

class ListsReceiver : public pqxx::notification_receiver {
 public:
  explicit ListsReceiver(pqxx::connection_base& c) : pqxx::notification_receiver(c, "compliance_lists") {}
  void operator()(const std::string&, int) override {}
};

std::string_view LimitKindName(compliance::LimitKind kind) {
  switch (kind) {
    case compliance::LimitKind::kPerTransaction: return "per_transaction";
    case compliance::LimitKind::kDailyDebtorAccount: return "daily_debtor_account";
    case compliance::LimitKind::kDailyCounterpartyBic: return "daily_counterparty_bic";
    case compliance::LimitKind::kNoLimitsForCurrency: return "no_limits_for_currency";
  }
  return "unknown";
}

}  // namespace

json HitToJson(const compliance::ScreeningHit& h) {
  json tokens = json::array();
  for (const auto& t : h.token_matches)
    tokens.push_back({{"payment_token", t.payment_token}, {"list_token", t.list_token}, {"similarity", t.similarity}});
  return json{{"kind", std::string(compliance::HitKindName(h.kind))},
              {"field", std::string(compliance::PaymentFieldName(h.field))},
              {"field_index", h.field_index},
              {"field_value", h.field_value},
              {"list", h.list_name},
              {"list_version", h.list_version},
              {"entry_id", h.entry_id},
              {"entry_name", h.entry_name},
              {"matched_name", h.matched_name},
              {"matched_alias", h.matched_alias},
              {"score", h.score},
              {"threshold", h.threshold},
              {"list_coverage", h.list_coverage},
              {"payment_coverage", h.payment_coverage},
              {"token_matches", std::move(tokens)}};
}

struct ComplianceService::Impl {
  ComplianceOptions options;
  std::atomic<std::shared_ptr<const Snapshot>> snapshot{std::make_shared<const Snapshot>()};
  std::mutex refresh_mu;
  std::unique_ptr<pqxx::connection> refresh_conn;  // guarded by refresh_mu; reused across refreshes
  ReleaseFn release;
  std::atomic<bool> stop{false};
  std::thread thread;

  prometheus::Histogram* screening_seconds;
  prometheus::Family<prometheus::Counter>* holds;
  prometheus::Counter* rescreened;
  prometheus::Family<prometheus::Gauge>* list_entries;

  Impl(ComplianceOptions o, prometheus::Registry& registry) : options(std::move(o)) {
    screening_seconds = &prometheus::BuildHistogram()
                             .Name("screening_duration_seconds")
                             .Help("Time to screen one payment (all its parties) and check its limits")
                             .Register(registry)
                             .Add({}, prometheus::Histogram::BucketBoundaries{0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                                              0.005, 0.01, 0.025, 0.1});
    holds = &prometheus::BuildCounter()
                 .Name("compliance_holds_total")
                 .Help("Payments put on COMPLIANCE_HOLD, by cause (sanctions, limits, unscreenable)")
                 .Register(registry);
    rescreened = &prometheus::BuildCounter()
                      .Name("compliance_rescreened_total")
                      .Help("Payments screened again after the lists or rules in force changed")
                      .Register(registry)
                      .Add({});
    list_entries = &prometheus::BuildGauge()
                        .Name("sanctions_list_entries")
                        .Help("Entries of each sanctions / watch list in force")
                        .Register(registry);
  }

  const ReleaseRule* RuleFor(const Snapshot& s, const compliance::ScreeningHit& hit) const {
    for (const auto& rule : s.rules) {
      if (rule.list_name == hit.list_name && rule.entry_id == hit.entry_id &&
          Lower(rule.party_name) == Lower(hit.field_value))
        return &rule;
    }
    return nullptr;
  }

  Status CheckLimits(pqxx::dbtransaction& txn, const Payment& p, ComplianceDecision& d) {
    compliance::LimitCheckInput in;
    in.currency = p.currency;
    in.amount_minor = p.amount_minor;
    in.debtor_account = p.debtor_account;
    in.counterparty_bic = p.creditor_agent_bic;
    auto limits = options.limits.by_currency.find(p.currency);
    if (limits != options.limits.by_currency.end()) {
      // The day (UTC) so far, this payment excluded, ignoring payments that will
      // never move money. Held and unapproved payments count: releasing them must
      // not breach the day's limit.
      constexpr const char* kLive =
          " AND currency = $2 AND created_at >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'"
          " AND id <> $3::uuid AND status NOT IN ('REJECTED', 'CANCELLED', 'FAILED') AND direction = 'outbound'";
      if (limits->second.daily_per_debtor_account) {
        in.debtor_account_total_today =
            txn.exec_params1(std::string("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE debtor_account = $1") + kLive,
                             p.debtor_account, p.currency, p.id)[0]
                .as<int64_t>();
      }
      if (limits->second.daily_per_counterparty_bic) {
        in.counterparty_bic_total_today =
            txn.exec_params1(std::string("SELECT coalesce(sum(amount_minor), 0) FROM payments WHERE creditor_agent_bic = $1") + kLive,
                             p.creditor_agent_bic, p.currency, p.id)[0]
                .as<int64_t>();
      }
    }
    auto breaches = compliance::CheckLimits(options.limits, in);
    if (!breaches.ok()) return breaches.status();
    for (const auto& b : *breaches) {
      d.limit_breaches.push_back({{"kind", std::string(LimitKindName(b.kind))},
                                  {"limit_minor", b.limit_minor},
                                  {"attempted_minor", b.attempted_minor},
                                  {"reason", b.reason}});
    }
    return Status::Ok();
  }
};

ComplianceService::ComplianceService(ComplianceOptions options, prometheus::Registry& registry)
    : impl_(std::make_unique<Impl>(std::move(options), registry)) {}

ComplianceService::~ComplianceService() { Stop(); }

void ComplianceService::SetRelease(ReleaseFn release) { impl_->release = std::move(release); }

std::shared_ptr<const compliance::ScreeningIndex> ComplianceService::index() const { return impl_->snapshot.load()->index; }
bool ComplianceService::loaded() const { return impl_->snapshot.load()->loaded; }
std::string ComplianceService::lists_key() const { return impl_->snapshot.load()->key; }

StatusOr<bool> ComplianceService::Refresh() {
  std::lock_guard lock(impl_->refresh_mu);
  if (!impl_->refresh_conn) {
    GW_ASSIGN_OR_RETURN(impl_->refresh_conn, pg::Connect(impl_->options.database_url, 3, "gatewayd-compliance"));
  }
  try {
    pqxx::read_transaction txn(*impl_->refresh_conn);
    GW_ASSIGN_OR_RETURN(std::string key, ComplianceStateKey(txn));
    auto current = impl_->snapshot.load();
    if (current->loaded && key == current->key) return false;
    const auto started = std::chrono::steady_clock::now();
    GW_ASSIGN_OR_RETURN(ActiveLists active, LoadActiveLists(txn));
    GW_ASSIGN_OR_RETURN(std::vector<ReleaseRule> rules, LoadActiveRules(txn));
    auto next = std::make_shared<Snapshot>();
    next->loaded = true;
    next->key = key;
    next->rules = std::move(rules);
    for (const auto& v : active.versions) {
      next->list_versions.push_back(
          {{"id", v.id}, {"list", v.list_name}, {"version", v.version}, {"entries", v.entries}});
    }
    if (!active.lists.empty()) {
      GW_ASSIGN_OR_RETURN(next->index, compliance::ScreeningIndex::Build(active.lists, impl_->options.screening));
    }
    for (const auto& v : active.versions)
      impl_->list_entries->Add({{"list", v.list_name}}).Set(static_cast<double>(v.entries));
    impl_->snapshot.store(std::move(next));
    spdlog::info("compliance: {} list(s) in force ({}), built in {} ms", active.versions.size(), key,
                 std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started).count());
    return true;
  } catch (...) {
    impl_->refresh_conn.reset();  // reconnect next time
    return pg::StatusFromCurrentException();
  }
}

StatusOr<ComplianceDecision> ComplianceService::Screen(pqxx::dbtransaction& txn, const Payment& p, bool check_limits) {
  const auto started = std::chrono::steady_clock::now();
  const auto snap = impl_->snapshot.load();
  ComplianceDecision d;
  d.list_versions = snap->list_versions;
  d.lists_key = snap->key;
  std::vector<std::string> reasons;
  if (!snap->loaded) {
    // Fail closed: screening against lists not yet read would clear anything.
    reasons.push_back("the sanctions lists in force are not loaded yet: held until they are");
  } else if (!snap->index) {
    if (impl_->options.require_lists) reasons.push_back("no sanctions list is in force: nothing to screen against");
  } else {
    compliance::ScreeningRequest req;
    req.debtor.name = p.debtor_name;
    req.debtor.country = p.debtor_country;
    req.creditor.name = p.creditor_name;
    req.creditor.country = p.creditor_country;
    req.ultimate_debtor.name = p.ultimate_debtor_name;
    req.ultimate_creditor.name = p.ultimate_creditor_name;
    req.debtor_agent.bic = p.debtor_agent_bic;
    req.creditor_agent.bic = p.creditor_agent_bic;
    if (impl_->options.screen_remittance)
      req.remittance_information = p.remittance_info.substr(0, compliance::kMaxRemittanceBytes);
    auto result = snap->index->Screen(req);
    if (!result.ok()) {
      reasons.push_back("the payment could not be screened: " + result.status().message());
    } else {
      for (const auto& hit : result->hits) {
        if (const ReleaseRule* rule = impl_->RuleFor(*snap, hit)) {
          json j = HitToJson(hit);
          j["rule_id"] = rule->id;
          d.suppressed.push_back(std::move(j));
        } else {
          d.hits.push_back(HitToJson(hit));
        }
      }
      if (!d.hits.empty()) {
        const auto& h = d.hits.front();
        std::string r = "sanctions hit: " + h["field"].get<std::string>() + " '" + h["field_value"].get<std::string>() +
                        "' matches " + h["list"].get<std::string>() + " entry " + h["entry_id"].get<std::string>() +
                        " '" + h["matched_name"].get<std::string>() + "'";
        char score[16];
        std::snprintf(score, sizeof score, "%.2f", h["score"].get<double>());
        r += " (score " + std::string(score) + ")";
        if (d.hits.size() > 1) r += " and " + std::to_string(d.hits.size() - 1) + " more";
        reasons.push_back(std::move(r));
      }
    }
  }
  if (impl_->options.limits_enabled && check_limits) {
    Status s = impl_->CheckLimits(txn, p, d);
    if (!s.ok()) {
      reasons.push_back("limits could not be checked: " + s.message());
    } else {
      for (const auto& b : d.limit_breaches) reasons.push_back("limit breach: " + b["reason"].get<std::string>());
    }
  }
  d.hold = !reasons.empty();
  for (size_t i = 0; i < reasons.size(); ++i) d.reason += (i ? "; " : "") + reasons[i];
  impl_->screening_seconds->Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  return d;
}

Status ComplianceService::Record(pqxx::dbtransaction& txn, const std::string& payment_id, const std::string& trigger,
                                 const ComplianceDecision& d) {
  return RecordMany(txn, trigger, {{payment_id, &d}});
}

Status ComplianceService::RecordMany(pqxx::dbtransaction& txn, const std::string& trigger,
                                     const std::vector<std::pair<std::string, const ComplianceDecision*>>& screenings) {
  if (screenings.empty()) return Status::Ok();
  json rows = json::array();
  for (const auto& [payment_id, d] : screenings) {
    rows.push_back({{"ord", rows.size()},
                    {"payment_id", payment_id},
                    {"outcome", d->hold ? "HOLD" : "CLEAR"},
                    {"list_versions", d->list_versions},
                    {"lists_key", d->lists_key},
                    {"hits", d->hits},
                    {"suppressed", d->suppressed},
                    {"limit_breaches", d->limit_breaches}});
  }
  pg::ExecPrepared(txn, "screening_insert",
      "INSERT INTO screening_results (payment_id, trigger, outcome, list_versions, lists_key, hits, suppressed, "
      "limit_breaches) SELECT payment_id, $2, outcome, list_versions, lists_key, hits, suppressed, limit_breaches "
      "FROM jsonb_to_recordset($1::jsonb) AS x(ord int, payment_id uuid, outcome text, list_versions jsonb, "
      "lists_key text, hits jsonb, suppressed jsonb, limit_breaches jsonb) ORDER BY ord",
      pg::JsonParam(rows), trigger);
  for (const auto& [payment_id, d] : screenings) {
    if (!d->hold) continue;
    const char* cause = !d->hits.empty() ? "sanctions" : !d->limit_breaches.empty() ? "limits" : "unscreenable";
    impl_->holds->Add({{"cause", cause}}).Increment();
  }
  return Status::Ok();
}

StatusOr<int> ComplianceService::Rescreen() {
  const auto snap = impl_->snapshot.load();
  if (!snap->loaded || (!snap->index && !impl_->options.require_lists)) return 0;
  GW_ASSIGN_OR_RETURN(auto conn, pg::Connect(impl_->options.database_url, 3, "gatewayd-rescreen"));
  int total = 0;
  while (!impl_->stop) {
    int in_batch = 0;
    try {
      pqxx::work txn(*conn);
      const std::string key = impl_->snapshot.load()->key;
      auto rows = txn.exec_params(
          "SELECT id::text FROM payments p WHERE status IN ('COMPLIANCE_HOLD', 'PENDING_APPROVAL', 'APPROVED') "
          "AND (direction = 'outbound' OR status = 'COMPLIANCE_HOLD') AND NOT EXISTS (SELECT 1 FROM screening_results r "
          "WHERE r.payment_id = p.id AND r.lists_key = $1) ORDER BY created_at LIMIT $2 FOR UPDATE SKIP LOCKED",
          key, kRescreenBatch);
      for (const auto& row : rows) {
        GW_ASSIGN_OR_RETURN(auto payment, GetPayment(txn, row[0].as<std::string>()));
        if (!payment) continue;
        GW_ASSIGN_OR_RETURN(ComplianceDecision d, Screen(txn, *payment));
        GW_RETURN_IF_ERROR(Record(txn, payment->id, "rescreen", d));
        ++in_batch;
        const PaymentStatus status = payment->status;
        if (d.hold && (status == PaymentStatus::kPendingApproval || status == PaymentStatus::kApproved)) {
          GW_RETURN_IF_ERROR(Transition(txn, payment->id, status, PaymentStatus::kComplianceHold, kActor,
                                        "re-screened after a list change: " + d.reason,
                                        TransitionFields{.reason = d.reason}));
          pg::WriteAudit(txn, pg::AuditEntry{kActor, "compliance.hold", "payment", payment->id,
                                             json{{"status", std::string(ToString(status))}},
                                             json{{"status", "COMPLIANCE_HOLD"}, {"reason", d.reason}}, "",
                                             json{{"trigger", "rescreen"}, {"lists", d.list_versions}}});
        } else if (!d.hold && status == PaymentStatus::kComplianceHold && !d.suppressed.empty() && impl_->release) {
          std::string rules;
          for (const auto& s : d.suppressed) rules += (rules.empty() ? "" : ", ") + std::to_string(s["rule_id"].get<int64_t>());
          GW_RETURN_IF_ERROR(impl_->release(txn, *payment, kActor, "every hit is covered by release rule(s) " + rules));
        }
      }
      txn.commit();
    } catch (...) {
      return pg::StatusFromCurrentException();
    }
    total += in_batch;
    impl_->rescreened->Increment(in_batch);
    if (in_batch < kRescreenBatch) break;
  }
  if (total > 0) spdlog::info("compliance: re-screened {} payment(s) against {}", total, lists_key());
  return total;
}

void ComplianceService::Start() {
  impl_->stop = false;
  impl_->thread = std::thread([this] {
    std::unique_ptr<pqxx::connection> conn;
    std::unique_ptr<ListsReceiver> receiver;
    bool pending_rescreen = true;  // lists may have changed while this node was down
    while (!impl_->stop) {
      auto changed = Refresh();
      if (!changed.ok()) spdlog::warn("compliance: cannot load the lists in force: {}", changed.status().message());
      if (changed.ok() && *changed) pending_rescreen = true;
      if (pending_rescreen && changed.ok()) {
        auto n = Rescreen();
        if (n.ok()) {
          pending_rescreen = false;
        } else {
          spdlog::warn("compliance: re-screening failed, will retry: {}", n.status().message());
        }
      }
      try {
        if (!conn) {
          auto c = pg::Connect(impl_->options.database_url, 3, "gatewayd-compliance-listen");
          if (c.ok()) {
            conn = std::move(c).value();
            receiver = std::make_unique<ListsReceiver>(*conn);
          }
        }
        const long wait_ms = impl_->options.refresh_interval.count();
        if (conn) {
          // Wake at least every 500 ms to notice Stop().
          for (long waited = 0; waited < wait_ms && !impl_->stop; waited += 500) {
            if (conn->await_notification(0, 500 * 1000) > 0) break;
          }
        } else {
          std::this_thread::sleep_for(std::chrono::milliseconds(std::min<long>(wait_ms, 500)));
        }
      } catch (...) {
        receiver.reset();
        conn.reset();
      }
    }
  });
}

void ComplianceService::Stop() {
  impl_->stop = true;
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace gw::gateway
