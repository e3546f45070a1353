// File: admin/password.h
// Operator passwords: salted scrypt (OpenSSL), stored as
//   scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>
// Verification recomputes with the stored parameters and compares in constant time.
#pragma once

#include <string>

#include "core/status.h"

namespace gw::admin {

// Minimum password policy: 12 to 256 characters.
Status CheckPasswordPolicy(const std::string& password);

StatusOr<std::string> HashPassword(const std::string& password);

bool VerifyPassword(const std::string& password, const std::string& stored_hash);

}  // namespace gw::admin
