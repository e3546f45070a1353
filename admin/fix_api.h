// File: admin/fix_api.h
//
// FIX sessions in the REST API:
//   GET  /api/v1/fix/sessions                          every role: each session's CompIDs,
//        state, next sequence numbers in and out, last logon, messages, last error
//   POST /api/v1/fix/sessions/{name}/logout            admin, {"reason"}: logs the session out
//        and holds it out on every node until a logon; audited (fix.session_logout)
//   POST /api/v1/fix/sessions/{name}/logon             admin, {"reason"}: lets it log on again;
//        audited (fix.session_logon)
//   POST /api/v1/fix/sessions/{name}/sequence-resets   admin, {"next_sender_seq",
//        "next_target_seq", "reason"}: proposes a reset (202); audited
//   GET  /api/v1/fix/sequence-resets[?status=PROPOSED] admin, auditor
//   POST /api/v1/fix/sequence-resets/{id}/approve      admin other than the proposer: carries
//        the reset out (200) or says why not (409); audited
//   POST /api/v1/fix/sequence-resets/{id}/reject       admin, {"reason"}; audited
// The sessions live in gatewayd (gateway/fix/fix_engine.h), reached through
// FixControl.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"
#include "core/status.h"

namespace gw::admin {

class FixControl {
 public:
  virtual ~FixControl() = default;
  virtual nlohmann::json Describe() const = 0;  // a JSON array
  virtual bool HasSession(const std::string& session) const = 0;
  virtual void ApplyControl(const std::string& session, bool enabled, const std::string& reason) = 0;
  virtual Status ApplySequenceReset(const std::string& session, int next_sender_seq, int next_target_seq) = 0;
};

// `fix` may be null (no FIX session configured).
void AddFixRoutes(Router& router, Authenticator& auth, pg::PgPool& pool, FixControl* fix);

}  // namespace gw::admin
