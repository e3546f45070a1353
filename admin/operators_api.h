// File: admin/operators_api.h
//
// Operators in the REST API (admin only; every change is one transaction with
// its audit record, and ends the operator's sessions where it should):
//   GET  /api/v1/operators                       the operators, without password hashes
//   POST /api/v1/operators                       {"username", "role", "password"}      operator.create
//   POST /api/v1/operators/{username}/disable    {"reason"}  revokes its tokens        operator.disable
//   POST /api/v1/operators/{username}/enable     {"reason"}                            operator.enable
//   POST /api/v1/operators/{username}/password   {"reason"}  a one-time password,      operator.password_reset
//                                                shown once; revokes its tokens
//
// Rules: an admin may not disable or reset themselves (their own password is
// changed with POST /api/v1/auth/password, which asks for the current one), and
// the last enabled admin cannot be disabled. Passwords follow
// CheckPasswordPolicy and are stored with HashPassword (admin/password.h).
#pragma once

#include "admin/auth.h"
#include "admin/http.h"
#include "core/pg/pool.h"

namespace gw::admin {

// `pool` and `auth` must outlive the router.
void AddOperatorRoutes(Router& router, pg::PgPool& pool, Authenticator& auth);

}  // namespace gw::admin
