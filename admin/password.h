// File: admin/password.h
// Operator passwords: salted scrypt (OpenSSL), stored as
//   scrypt$<N>$<r>$<p>$<salt base64>$<hash base64>
// Verification recomputes with the stored parameters and compares in constant time.
//
// New hashes use the OWASP recommendation, N=2^17, r=8, p=1 (128 MiB and a few
// hundred milliseconds per hash). Hashes made with weaker parameters (the
// earlier N=2^15) still verify; PasswordHashNeedsUpgrade tells the login path to
// store a new hash once it knows the password.
//
// Each hash takes 128 MiB, so at most a few are computed at once in the process
// (the others wait): a burst of logins costs time, not memory.
//
// Thread safety: all functions are thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace gw::admin {

struct ScryptParams {
  uint64_t n = 0;  // CPU/memory cost, a power of two
  uint64_t r = 0;  // block size
  uint64_t p = 0;  // parallelism
};

// What HashPassword uses, and the least `gatewayctl seed` accepts.
inline constexpr ScryptParams kScryptParams{uint64_t{1} << 17, 8, 1};

// Minimum password policy: 12 to 256 characters.
Status CheckPasswordPolicy(const std::string& password);

// kInternal if the random generator or scrypt fails (never a hash with an unset salt).
StatusOr<std::string> HashPassword(const std::string& password);

// False for a wrong password and for a malformed or unusable stored hash.
bool VerifyPassword(const std::string& password, const std::string& stored_hash);

// The parameters of a well-formed stored hash; kInvalidArgument otherwise.
StatusOr<ScryptParams> ParsePasswordHash(const std::string& stored_hash);

// Ok for a well-formed hash at least as strong as kScryptParams; kInvalidArgument
// naming the parameters otherwise (for seed files).
Status CheckPasswordHashStrength(const std::string& stored_hash);

// True when `stored_hash` is well-formed but weaker than kScryptParams.
bool PasswordHashNeedsUpgrade(const std::string& stored_hash);

}  // namespace gw::admin
