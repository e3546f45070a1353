// File: appliance/gatewayd/fix_setup.h
//
// gatewayd's FIX sessions from [fix] (gateway/fix/fix_engine.h): credentials,
// allow-lists and policies from the configuration, /health entries
// "fix:<session>", and the start of the engine; then the built-in demo
// counterparty (fix.demo_session, gateway/fix/demo_counterparty.h).
#pragma once

#include <memory>

#include "admin/fix_api.h"
#include "admin/health.h"
#include "appliance/config.h"
#include "core/status.h"
#include "gateway/fix/demo_counterparty.h"
#include "gateway/fix/fix_engine.h"

namespace gw::appliance {

// The engine as the REST API sees it (admin/fix_api.h).
class FixControlAdapter : public admin::FixControl {
 public:
  explicit FixControlAdapter(fix::FixEngine& engine) : engine_(engine) {}
  nlohmann::json Describe() const override { return engine_.Describe(); }
  bool HasSession(const std::string& s) const override { return engine_.HasSession(s); }
  void ApplyControl(const std::string& s, bool enabled, const std::string& reason) override {
    engine_.ApplyControl(s, enabled, reason);
  }
  Status ApplySequenceReset(const std::string& s, int sender, int target) override {
    return engine_.ApplySequenceReset(s, sender, target);
  }

 private:
  fix::FixEngine& engine_;
};

// Null when no FIX session is configured. kInvalidArgument for unusable
// certificates, keys or dictionaries (exit 2); kUnavailable when the port is taken.
StatusOr<std::unique_ptr<fix::FixEngine>> StartFix(const GatewayConfig& config, pg::PgPool& pool,
                                                    gateway::PaymentIntake& intake,
                                                    prometheus::Registry& registry, admin::HealthMonitor& health,
                                                    fix::EngineOptions hooks);

// The demo FIX counterparty, started once the engine listens: null when
// fix.demo_session is empty (or FIX is off). kInvalidArgument when its
// certificate, key or the dictionary is unusable (exit 2). Stop it before the
// engine, so that its Logout is answered.
StatusOr<std::unique_ptr<fix::DemoCounterparty>> StartFixDemo(const GatewayConfig& config,
                                                              const fix::FixEngine* engine);

}  // namespace gw::appliance
