// File: tests/links/pki_test.cc
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>
#include <fstream>
#include <thread>

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
  // Each certificate names its own counterparty only: no blanket localhost or
  // loopback address that any link would accept.
  CHECK(X509_check_host(server_x.get(), "bank-x", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(server_x.get(), "localhost", 0, 0, nullptr) != 1);
  CHECK(X509_check_ip_asc(server_x.get(), "127.0.0.1", 0) != 1);
  CHECK(X509_check_host(server_x.get(), "bank-y", 0, 0, nullptr) != 1);
  auto server_y = Parse(ReadPemPair(l.ServerCert("bank-y"), l.ServerKey("bank-y"))->certificate_pem);
  CHECK(X509_check_host(server_y.get(), "bank-y", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(server_y.get(), "bank-x", 0, 0, nullptr) != 1);
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

TEST_CASE("pki: init adds the server names given for a name to its server certificate only", "[links]") {
  const auto dir = TempDir();
  PkiInitOptions o;
  o.dir = dir;
  o.names = {"bank-x", "bank-y"};
  o.server_alt_names = {{"bank-x", {"gw.bank-x.example", "10.1.2.3"}}};
  REQUIRE(InitDevelopmentPki(o).ok());
  const PkiLayout l{dir};
  auto x = Parse(ReadPemPair(l.ServerCert("bank-x"), l.ServerKey("bank-x"))->certificate_pem);
  auto y = Parse(ReadPemPair(l.ServerCert("bank-y"), l.ServerKey("bank-y"))->certificate_pem);
  auto xc = Parse(ReadPemPair(l.ClientCert("bank-x"), l.ClientKey("bank-x"))->certificate_pem);
  CHECK(X509_check_host(x.get(), "bank-x", 0, 0, nullptr) == 1);
  CHECK(X509_check_host(x.get(), "gw.bank-x.example", 0, 0, nullptr) == 1);
  CHECK(X509_check_ip_asc(x.get(), "10.1.2.3", 0) == 1);
  CHECK(X509_check_host(y.get(), "gw.bank-x.example", 0, 0, nullptr) != 1);
  CHECK(X509_check_host(xc.get(), "gw.bank-x.example", 0, 0, nullptr) != 1);

  o.server_alt_names = {{"bank-z", {"z.example"}}};  // not one of the names
  CHECK(InitDevelopmentPki(o).status().code() == StatusCode::kInvalidArgument);
  o.server_alt_names = {{"bank-x", {"bad name!"}}};
  CHECK(InitDevelopmentPki(o).status().code() == StatusCode::kInvalidArgument);
}

TEST_CASE("pki: CRLs list revoked certificates, keep earlier entries, and are checked when loaded", "[links]") {
  const auto dir = TempDir();
  PkiInitOptions o;
  o.dir = dir;
  o.names = {"c1", "c2"};
  REQUIRE(InitDevelopmentPki(o).ok());
  const PkiLayout l{dir};

  // First issue: nothing revoked. Then c1's client certificate, then c2's: the CRL grows.
  PkiCrlOptions c;
  c.dir = dir;
  c.days = 7;
  auto first = UpdateDevelopmentCrl(c);
  REQUIRE(first.ok());
  CHECK(first->crl == l.Crl());
  CHECK(first->revoked == 0);
  c.revoke = {l.ClientCert("c1")};
  REQUIRE(UpdateDevelopmentCrl(c).ok());
  c.revoke = {l.ClientCert("c2"), l.ClientCert("c1")};
  auto third = UpdateDevelopmentCrl(c);
  REQUIRE(third.ok());
  CHECK(third->revoked == 2);
  CHECK(Mode(l.Crl()) == 0644);

  std::ifstream in(l.Crl());
  const std::string crl_pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto next = CrlNextUpdate(crl_pem);
  REQUIRE(next.ok());
  const double days = std::chrono::duration<double>(*next - std::chrono::system_clock::now()).count() / 86400;
  CHECK(days > 6.9);
  CHECK(days < 7.1);
  BIO* b = BIO_new_mem_buf(crl_pem.data(), static_cast<int>(crl_pem.size()));
  X509_CRL* crl = PEM_read_bio_X509_CRL(b, nullptr, nullptr, nullptr);
  BIO_free(b);
  REQUIRE(crl != nullptr);
  auto* number = static_cast<ASN1_INTEGER*>(X509_CRL_get_ext_d2i(crl, NID_crl_number, nullptr, nullptr));
  REQUIRE(number != nullptr);
  CHECK(ASN1_INTEGER_get(number) == 3);
  ASN1_INTEGER_free(number);
  auto ca_x = Parse(ReadPemPair(l.CaCert(), l.CaKey())->certificate_pem);
  CHECK(X509_CRL_verify(crl, X509_get0_pubkey(ca_x.get())) == 1);
  X509_REVOKED* entry = nullptr;
  auto c1 = Parse(ReadPemPair(l.ClientCert("c1"), l.ClientKey("c1"))->certificate_pem);
  auto c1s = Parse(ReadPemPair(l.ServerCert("c1"), l.ServerKey("c1"))->certificate_pem);
  CHECK(X509_CRL_get0_by_cert(crl, &entry, c1.get()) == 1);
  CHECK(X509_CRL_get0_by_cert(crl, &entry, c1s.get()) == 0);
  X509_CRL_free(crl);

  // A certificate of another CA cannot be revoked here.
  const auto other = TempDir();
  o.dir = other;
  REQUIRE(InitDevelopmentPki(o).ok());
  c.revoke = {PkiLayout{other}.ClientCert("c1")};
  CHECK(UpdateDevelopmentCrl(c).status().code() == StatusCode::kInvalidArgument);

  // Contexts accept the CRL of their CA only, and only while it is current.
  const std::string ca = ReadPemPair(l.CaCert(), l.CaKey())->certificate_pem;
  const auto ca_pair = ReadPemPair(l.CaCert(), l.CaKey()).value();
  const auto other_pair = ReadPemPair(PkiLayout{other}.CaCert(), PkiLayout{other}.CaKey()).value();
  CHECK(MakeTlsContext(TlsRole::kClient, ca, "", "", crl_pem).ok());
  auto foreign = MakeTlsContext(TlsRole::kClient, ca, "", "", IssueCrl(other_pair, {}, std::chrono::hours(1)).value());
  CHECK(foreign.status().code() == StatusCode::kInvalidArgument);
  CHECK(foreign.status().message().find("not signed by a CA") != std::string::npos);
  CHECK(MakeTlsContext(TlsRole::kClient, ca, "", "", "not a CRL").status().code() == StatusCode::kInvalidArgument);
  CHECK(IssueCrl(ca_pair, {}, std::chrono::seconds(0)).status().code() == StatusCode::kInvalidArgument);
  // Expired: valid for one second, then past its nextUpdate.
  auto short_lived = IssueCrl(ca_pair, {}, std::chrono::seconds(1));
  REQUIRE(short_lived.ok());
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  auto expired = MakeTlsContext(TlsRole::kClient, ca, "", "", *short_lived);
  CHECK(expired.status().code() == StatusCode::kInvalidArgument);
  CHECK(expired.status().message().find("expired") != std::string::npos);
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
