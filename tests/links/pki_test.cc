// File: tests/links/pki_test.cc
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>

#include "gateway/links/pki.h"
#include "gateway/links/tls.h"
#include "tests/links/test_support.h"

namespace gw::links {
namespace {

std::filesystem::path TempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "links-pki-XXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  return tmpl;
}

unsigned Mode(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

struct X509Deleter { void operator()(X509* x) const { X509_free(x); } };
std::unique_ptr<X509, X509Deleter> Parse(const std::string& pem) {
  BIO* b = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* x = PEM_read_bio_X509(b, nullptr, nullptr, nullptr);
  BIO_free(b);
  return std::unique_ptr<X509, X509Deleter>(x);
}

TEST_CASE("pki: init creates a CA and per-name server and client certificates", "[links]") {
  const auto dir = TempDir() / "pki";
  PkiInitOptions o;
  o.dir = dir;
  o.days = 10;
  o.names = {"bank-x", "bank-y"};
  auto r = InitDevelopmentPki(o);
  REQUIRE(r.ok());
  CHECK(r->created.size() == 2 + 2 * 4);
  CHECK(r->kept.empty());
  const PkiLayout l{dir};
  CHECK(Mode(dir) == 0700);
  CHECK(Mode(l.CaKey()) == 0600);
  CHECK(Mode(l.ServerKey("bank-x")) == 0600);
  CHECK(Mode(l.ClientKey("bank-y")) == 0600);
  CHECK(Mode(l.CaCert()) == 0644);

  auto ca = ReadPemPair(l.CaCert(), l.CaKey());
  auto server = ReadPemPair(l.ServerCert("bank-x"), l.ServerKey("bank-x"));
  auto client = ReadPemPair(l.ClientCert("bank-x"), l.ClientKey("bank-x"));
  REQUIRE(ca.ok());
  REQUIRE(server.ok());
  REQUIRE(client.ok());
  auto ca_x = Parse(ca->certificate_pem);
  auto server_x = Parse(server->certificate_pem);
  auto client_x = Parse(client->certificate_pem);
  REQUIRE(ca_x);
  REQUIRE(server_x);
  REQUIRE(client_x);
  // Signed by the CA; RSA; SANs on the server certificate; usages.
  CHECK(X509_verify(server_x.get(), X509_get0_pubkey(ca_x.get())) == 1);
  CHECK(X509_verify(client_x.get(), X509_get0_pubkey(ca_x.get())) == 1);
  CHECK(EVP_PKEY_get_base_id(X509_get0_pubkey(server_x.get())) == EVP_PKEY_RSA);
  CHECK(EVP_PKEY_get_bits(X509_get0_pubkey(server_x.get())) == 2048);
  CHECK(X509_check_host(server_x.get(), "localhost", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(server_x.get(), "127.0.0.1", 0) == 1);
  CHECK(X509_check_host(client_x.get(), "localhost", 0, 0, nullptr) != 1);
  CHECK(X509_check_purpose(server_x.get(), X509_PURPOSE_SSL_SERVER, 0) == 1);
  CHECK(X509_check_purpose(client_x.get(), X509_PURPOSE_SSL_CLIENT, 0) == 1);
  CHECK(X509_check_purpose(client_x.get(), X509_PURPOSE_SSL_SERVER, 0) != 1);
  CHECK(X509_check_ca(ca_x.get()) >= 1);
  CHECK(CertificateCommonName(client->certificate_pem).value() == "bank-x");
  auto not_after = CertificateNotAfter(server->certificate_pem);
  REQUIRE(not_after.ok());
  const auto days_left = std::chrono::duration_cast<std::chrono::hours>(
                             *not_after - std::chrono::system_clock::now()).count() / 24.0;
  CHECK(days_left > 9.9);
  CHECK(days_left < 10.1);
  // No key text in certificate files.
  CHECK(server->certificate_pem.find("PRIVATE KEY") == std::string::npos);
  CHECK(server->private_key_pem.find("PRIVATE KEY") != std::string::npos);
}

TEST_CASE("pki: init is idempotent, --force re-creates, new names use the existing CA", "[links]") {
  const auto dir = TempDir();
  PkiInitOptions o;
  o.dir = dir;
  o.names = {"a1"};
  REQUIRE(InitDevelopmentPki(o).ok());
  const PkiLayout l{dir};
  const auto ca_before = ReadPemPair(l.CaCert(), l.CaKey())->certificate_pem;
  const auto cert_before = ReadPemPair(l.ClientCert("a1"), l.ClientKey("a1"))->certificate_pem;

  auto again = InitDevelopmentPki(o);
  REQUIRE(again.ok());
  CHECK(again->created.empty());
  CHECK(again->kept.size() == 6);
  CHECK(ReadPemPair(l.ClientCert("a1"), l.ClientKey("a1"))->certificate_pem == cert_before);

  o.names = {"a1", "a2"};
  auto more = InitDevelopmentPki(o);
  REQUIRE(more.ok());
  CHECK(more->created.size() == 4);
  CHECK(ReadPemPair(l.CaCert(), l.CaKey())->certificate_pem == ca_before);
  auto ca_x = Parse(ca_before);
  auto a2 = Parse(ReadPemPair(l.ServerCert("a2"), l.ServerKey("a2"))->certificate_pem);
  CHECK(X509_verify(a2.get(), X509_get0_pubkey(ca_x.get())) == 1);

  o.force = true;
  auto forced = InitDevelopmentPki(o);
  REQUIRE(forced.ok());
  CHECK(forced->created.size() == 10);
  CHECK(ReadPemPair(l.CaCert(), l.CaKey())->certificate_pem != ca_before);
  CHECK(Mode(l.ClientKey("a2")) == 0600);
}

TEST_CASE("pki: bad options are refused", "[links]") {
  PkiInitOptions o;
  CHECK(InitDevelopmentPki(o).status().code() == StatusCode::kInvalidArgument);  // no dir
  o.dir = TempDir();
  o.names = {"../escape"};
  CHECK(InitDevelopmentPki(o).status().code() == StatusCode::kInvalidArgument);
  o.names = {"ok"};
  o.days = 0;
  CHECK(InitDevelopmentPki(o).status().code() == StatusCode::kInvalidArgument);
  CertificateSpec spec;
  CHECK(IssueCertificate(spec, nullptr).status().code() == StatusCode::kInvalidArgument);
  spec.common_name = "x";
  spec.rsa_bits = 1024;
  CHECK(IssueCertificate(spec, nullptr).status().code() == StatusCode::kInvalidArgument);
  PemPair bogus{"not a cert", "not a key"};
  spec.rsa_bits = 2048;
  CHECK(IssueCertificate(spec, &bogus).status().code() == StatusCode::kInvalidArgument);
  CHECK(NormalizeFingerprint("AB:cd:0F") == "abcd0f");
}

TEST_CASE("tls: credentials reload swaps the context, a failed reload keeps the old one",
          "[links]") {
  const auto dir = TempDir();
  PkiInitOptions o;
  o.dir = dir;
  o.days = 5;
  o.names = {"srv"};
  REQUIRE(InitDevelopmentPki(o).ok());
  const PkiLayout l{dir};
  prometheus::Registry registry;
  LinkMetrics metrics(registry);
  auto creds = TlsCredentials::Load("server", TlsRole::kServer,
                                    {l.CaCert(), l.ServerCert("srv"), l.ServerKey("srv")}, &metrics);
  REQUIRE(creds.ok());
  const auto first = (*creds)->Context();
  const double expiry = testing::MetricValue(registry, "tls_certificate_expiry_seconds", {{"certificate", "server"}});
  CHECK(expiry > 4.9 * 86400);
  CHECK(expiry < 5.1 * 86400);

  o.days = 20;
  o.force = true;
  REQUIRE(InitDevelopmentPki(o).ok());
  REQUIRE((*creds)->Reload().ok());
  CHECK((*creds)->Context() != first);
  CHECK(testing::MetricValue(registry, "tls_certificate_expiry_seconds", {{"certificate", "server"}}) >
        19.9 * 86400);

  const auto second = (*creds)->Context();
  { std::ofstream(l.ServerKey("srv")) << "garbage"; }
  Status st = (*creds)->Reload();
  CHECK_FALSE(st.ok());
  CHECK(st.message().find("garbage") == std::string::npos);
  CHECK((*creds)->Context() == second);

  // A key that does not belong to the certificate is refused.
  auto other = ReadPemPair(l.CaCert(), l.CaKey());
  auto srv = ReadPemPair(l.ServerCert("srv"), l.ServerCert("srv"));
  CHECK(MakeTlsContext(TlsRole::kServer, other->certificate_pem, srv->certificate_pem,
                       other->private_key_pem).status().code() == StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace gw::links
