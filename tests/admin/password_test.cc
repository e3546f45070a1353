#include <catch2/catch.hpp>

#include <openssl/evp.h>

#include "admin/password.h"

namespace {

// A stored hash made with other scrypt parameters, as earlier versions wrote them.
std::string HashWith(const std::string& password, uint64_t n, uint64_t r, uint64_t p) {
  const unsigned char salt[16] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  unsigned char out[32];
  REQUIRE(EVP_PBE_scrypt(password.data(), password.size(), salt, sizeof salt, n, r, p, 64ull << 20, out, sizeof out) ==
          1);
  unsigned char salt64[64], out64[64];
  EVP_EncodeBlock(salt64, salt, sizeof salt);
  EVP_EncodeBlock(out64, out, sizeof out);
  return "scrypt$" + std::to_string(n) + "$" + std::to_string(r) + "$" + std::to_string(p) + "$" +
         reinterpret_cast<char*>(salt64) + "$" + reinterpret_cast<char*>(out64);
}

}  // namespace

TEST_CASE("HashPassword produces salted scrypt hashes at the OWASP cost that verify only the right password",
          "[admin][auth]") {
  auto a = gw::admin::HashPassword("correct horse battery");
  auto b = gw::admin::HashPassword("correct horse battery");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->rfind("scrypt$131072$8$1$", 0) == 0);
  CHECK(*a != *b);  // a fresh salt each time
  CHECK(gw::admin::VerifyPassword("correct horse battery", *a));
  CHECK_FALSE(gw::admin::VerifyPassword("correct horse batterY", *a));
  CHECK_FALSE(gw::admin::VerifyPassword("", *a));
  CHECK(gw::admin::CheckPasswordHashStrength(*a).ok());
  CHECK_FALSE(gw::admin::PasswordHashNeedsUpgrade(*a));
}

TEST_CASE("hashes made with weaker scrypt parameters still verify, need an upgrade and are refused for seeding",
          "[admin][auth]") {
  const std::string old = HashWith("correct horse battery", 1 << 15, 8, 1);
  CHECK(gw::admin::VerifyPassword("correct horse battery", old));
  CHECK_FALSE(gw::admin::VerifyPassword("correct horse batterY", old));
  CHECK(gw::admin::PasswordHashNeedsUpgrade(old));
  const gw::Status s = gw::admin::CheckPasswordHashStrength(old);
  CHECK(s.code() == gw::StatusCode::kInvalidArgument);
  CHECK(s.message().find("N=32768, r=8, p=1") != std::string::npos);
  CHECK(s.message().find("N=131072") != std::string::npos);
  CHECK(gw::admin::PasswordHashNeedsUpgrade(HashWith("x", 1 << 14, 4, 1)));
  // Malformed hashes are not "weaker": they never verify and cannot be seeded.
  CHECK_FALSE(gw::admin::PasswordHashNeedsUpgrade("plain"));
  CHECK_FALSE(gw::admin::CheckPasswordHashStrength("plain").ok());
  CHECK_FALSE(gw::admin::CheckPasswordHashStrength("scrypt$131072$8$1$AAAA$AAAA").ok());  // 3-byte salt and hash
}

TEST_CASE("VerifyPassword rejects malformed or hostile stored hashes", "[admin][auth]") {
  CHECK_FALSE(gw::admin::VerifyPassword("x", ""));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "plain"));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$1$8$1$AAAA$AAAA"));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$4294967296$8$1$AAAA$AAAA"));  // absurd cost
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$1048576$8$1$AAAA$AAAA"));     // 1 GiB
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$100000$8$1$AAAA$AAAA"));      // N not a power of two
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$-16384$8$1$AAAA$AAAA"));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$16384$8$1$!!!!$AAAA"));
}

TEST_CASE("CheckPasswordPolicy wants 12 to 256 characters", "[admin][auth]") {
  CHECK_FALSE(gw::admin::CheckPasswordPolicy("short").ok());
  CHECK(gw::admin::CheckPasswordPolicy("twelve chars").ok());
  CHECK_FALSE(gw::admin::CheckPasswordPolicy(std::string(257, 'a')).ok());
}
