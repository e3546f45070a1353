#include "admin/password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <algorithm>
#include <semaphore>
#include <sstream>
#include <thread>
#include <vector>

namespace gw::admin {

namespace {

constexpr std::size_t kSaltBytes = 16;
constexpr std::size_t kHashBytes = 32;
// Stored hashes may ask for at most this much scrypt memory (128 * r * N bytes).
constexpr uint64_t kMaxScryptBytes = 256ull * 1024 * 1024;

struct ParsedHash {
  ScryptParams params;
  std::vector<unsigned char> salt;
  std::vector<unsigned char> hash;
};

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

bool ParseNumber(const std::string& s, uint64_t& out) {
  if (s.empty() || s.size() > 10 || !std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  out = std::stoull(s);
  return true;
}

StatusOr<ParsedHash> Parse(const std::string& stored) {
  std::vector<std::string> parts;
  std::stringstream ss(stored);
  std::string part;
  while (std::getline(ss, part, '$') && parts.size() < 7) parts.push_back(part);
  if (parts.size() != 6 || parts[0] != "scrypt")
    return InvalidArgument("not a scrypt$N$r$p$salt$hash password hash");
  ParsedHash h;
  if (!ParseNumber(parts[1], h.params.n) || !ParseNumber(parts[2], h.params.r) || !ParseNumber(parts[3], h.params.p))
    return InvalidArgument("the scrypt parameters N, r and p must be numbers");
  if (h.params.n < 2 || (h.params.n & (h.params.n - 1)) != 0) return InvalidArgument("scrypt N must be a power of two");
  if (h.params.r < 1 || h.params.r > 32 || h.params.p < 1 || h.params.p > 16)
    return InvalidArgument("scrypt r must be 1-32 and p 1-16");
  if (h.params.n > kMaxScryptBytes / (128 * h.params.r))
    return InvalidArgument("scrypt N and r ask for more than 256 MiB");
  if (!Unbase64(parts[4], h.salt) || !Unbase64(parts[5], h.hash) || h.hash.empty() || h.hash.size() > 64)
    return InvalidArgument("the salt and hash must be base64");
  return h;
}

// At most this many scrypt computations at once in the process (each takes
// 128 * r * N bytes); further callers wait for a slot.
std::counting_semaphore<64>& ScryptSlots() {
  static std::counting_semaphore<64> slots(
      static_cast<std::ptrdiff_t>(std::clamp(std::thread::hardware_concurrency(), 2u, 8u)));
  return slots;
}

bool Derive(const std::string& password, const std::vector<unsigned char>& salt, const ScryptParams& params,
            unsigned char* out, std::size_t out_len) {
  // Room for V (128 * r * N) and B (128 * r * p), plus slack.
  const uint64_t max_mem = 128 * params.r * (params.n + params.p + 2) + (1 << 20);
  ScryptSlots().acquire();
  const int ok = EVP_PBE_scrypt(password.data(), password.size(), salt.data(), salt.size(), params.n, params.r,
                                params.p, max_mem, out, out_len);
  ScryptSlots().release();
  return ok == 1;
}

}  // namespace

Status CheckPasswordPolicy(const std::string& password) {
  if (password.size() < 12) return InvalidArgument("password must have at least 12 characters");
  if (password.size() > 256) return InvalidArgument("password must have at most 256 characters");
  return Status::Ok();
}

StatusOr<std::string> HashPassword(const std::string& password) {
  std::vector<unsigned char> salt(kSaltBytes);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1) return Internal("random generator failed");
  unsigned char hash[kHashBytes];
  if (!Derive(password, salt, kScryptParams, hash, sizeof hash)) return Internal("scrypt failed");
  std::ostringstream out;
  out << "scrypt$" << kScryptParams.n << '$' << kScryptParams.r << '$' << kScryptParams.p << '$'
      << Base64(salt.data(), salt.size()) << '$' << Base64(hash, sizeof hash);
  return out.str();
}

bool VerifyPassword(const std::string& password, const std::string& stored_hash) {
  auto parsed = Parse(stored_hash);
  if (!parsed.ok()) return false;
  std::vector<unsigned char> actual(parsed->hash.size());
  if (!Derive(password, parsed->salt, parsed->params, actual.data(), actual.size())) return false;
  return CRYPTO_memcmp(actual.data(), parsed->hash.data(), actual.size()) == 0;
}

StatusOr<ScryptParams> ParsePasswordHash(const std::string& stored_hash) {
  GW_ASSIGN_OR_RETURN(auto parsed, Parse(stored_hash));
  return parsed.params;
}

Status CheckPasswordHashStrength(const std::string& stored_hash) {
  auto parsed = Parse(stored_hash);
  if (!parsed.ok()) return InvalidArgument("password_hash is malformed (" + parsed.status().message() + ")");
  const ScryptParams& p = parsed->params;
  if (p.n < kScryptParams.n || p.r < kScryptParams.r || p.p < kScryptParams.p || parsed->salt.size() < kSaltBytes ||
      parsed->hash.size() < kHashBytes) {
    std::ostringstream m;
    m << "password_hash uses scrypt N=" << p.n << ", r=" << p.r << ", p=" << p.p << " with a "
      << parsed->salt.size() << "-byte salt and a " << parsed->hash.size() << "-byte hash, weaker than the required N="
      << kScryptParams.n << ", r=" << kScryptParams.r << ", p=" << kScryptParams.p << " with a " << kSaltBytes
      << "-byte salt and a " << kHashBytes << "-byte hash";
    return InvalidArgument(m.str());
  }
  return Status::Ok();
}

bool PasswordHashNeedsUpgrade(const std::string& stored_hash) {
  return ParsePasswordHash(stored_hash).ok() && !CheckPasswordHashStrength(stored_hash).ok();
}

}  // namespace gw::admin
