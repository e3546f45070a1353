#include "admin/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <sstream>
#include <vector>

namespace gw::admin {

namespace {

// N=2^15, r=8, p=1: about 32 MiB and tens of milliseconds per hash.
constexpr uint64_t kN = 1u << 15;
constexpr uint64_t kR = 8;
constexpr uint64_t kP = 1;
constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
constexpr uint64_t kMaxMem = 64ull * 1024 * 1024;

std::string Base64(const unsigned char* data, std::size_t n) {
  std::string out(4 * ((n + 2) / 3) + 1, '\0');
  const int len = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), data, static_cast<int>(n));
  out.resize(static_cast<std::size_t>(len));
  return out;
}

bool Unbase64(const std::string& in, std::vector<unsigned char>& out) {
  if (in.empty() || in.size() % 4 != 0 || in.size() > 1024) return false;
  out.assign(3 * in.size() / 4 + 1, 0);
  const int len = EVP_DecodeBlock(out.data(), reinterpret_cast<const unsigned char*>(in.data()), static_cast<int>(in.size()));
  if (len < 0) return false;
  std::size_t n = static_cast<std::size_t>(len);
  if (in.size() >= 1 && in[in.size() - 1] == '=') --n;
  if (in.size() >= 2 && in[in.size() - 2] == '=') --n;
  out.resize(n);
  return true;
}

bool Derive(const std::string& password, const unsigned char* salt, std::size_t salt_len, uint64_t n,
            uint64_t r, uint64_t p, unsigned char* out, std::size_t out_len) {
  return EVP_PBE_scrypt(password.data(), password.size(), salt, salt_len, n, r, p, kMaxMem, out, out_len) == 1;
}

}  // namespace

Status CheckPasswordPolicy(const std::string& password) {
  if (password.size() < 12) return InvalidArgument("password must have at least 12 characters");
  if (password.size() > 256) return InvalidArgument("password must have at most 256 characters");
  return Status::Ok();
}

StatusOr<std::string> HashPassword(const std::string& password) {
  unsigned char salt[kSaltBytes];
  if (RAND_bytes(salt, sizeof salt) != 1) return Internal("random generator failed");
  unsigned char hash[kHashBytes];
  if (!Derive(password, salt, sizeof salt, kN, kR, kP, hash, sizeof hash)) return Internal("scrypt failed");
  std::ostringstream out;
  out << "scrypt$" << kN << '$' << kR << '$' << kP << '$' << Base64(salt, sizeof salt) << '$'
      << Base64(hash, sizeof hash);
  return out.str();
}

bool VerifyPassword(const std::string& password, const std::string& stored_hash) {
  std::vector<std::string> parts;
  std::stringstream ss(stored_hash);
  std::string part;
  while (std::getline(ss, part, '$') && parts.size() < 7) parts.push_back(part);
  if (parts.size() != 6 || parts[0] != "scrypt") return false;
  uint64_t n = 0, r = 0, p = 0;
  try {
    n = std::stoull(parts[1]);
    r = std::stoull(parts[2]);
    p = std::stoull(parts[3]);
  } catch (...) {
    return false;
  }
  if (n < 2 || n > (1u << 20) || r < 1 || r > 32 || p < 1 || p > 16) return false;
  std::vector<unsigned char> salt, expected;
  if (!Unbase64(parts[4], salt) || !Unbase64(parts[5], expected) || expected.empty() || expected.size() > 64)
    return false;
  std::vector<unsigned char> actual(expected.size());
  if (!Derive(password, salt.data(), salt.size(), n, r, p, actual.data(), actual.size())) return false;
  return CRYPTO_memcmp(actual.data(), expected.data(), expected.size()) == 0;
}

}  // namespace gw::admin
