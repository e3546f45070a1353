#include <catch2/catch.hpp>

#include "admin/password.h"

TEST_CASE("HashPassword produces salted scrypt hashes that verify only the right password", "[admin][auth]") {
  auto a = gw::admin::HashPassword("correct horse battery");
  auto b = gw::admin::HashPassword("correct horse battery");
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(a->rfind("scrypt$32768$8$1$", 0) == 0);
  CHECK(*a != *b);  // a fresh salt each time
  CHECK(gw::admin::VerifyPassword("correct horse battery", *a));
  CHECK(gw::admin::VerifyPassword("correct horse battery", *b));
  CHECK_FALSE(gw::admin::VerifyPassword("correct horse batterY", *a));
  CHECK_FALSE(gw::admin::VerifyPassword("", *a));
}

TEST_CASE("VerifyPassword rejects malformed or hostile stored hashes", "[admin][auth]") {
  CHECK_FALSE(gw::admin::VerifyPassword("x", ""));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "plain"));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$1$8$1$AAAA$AAAA"));
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$4294967296$8$1$AAAA$AAAA"));  // absurd cost
  CHECK_FALSE(gw::admin::VerifyPassword("x", "scrypt$16384$8$1$!!!!$AAAA"));
}

TEST_CASE("CheckPasswordPolicy wants 12 to 256 characters", "[admin][auth]") {
  CHECK_FALSE(gw::admin::CheckPasswordPolicy("short").ok());
  CHECK(gw::admin::CheckPasswordPolicy("twelve chars").ok());
  CHECK_FALSE(gw::admin::CheckPasswordPolicy(std::string(257, 'a')).ok());
}
