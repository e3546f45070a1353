// File: gateway/links/pki.cc
#include "gateway/links/pki.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <arpa/inet.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

namespace gw::links {
namespace {

struct BioFree { void operator()(BIO* b) const { BIO_free_all(b); } };
struct PkeyFree { void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); } };
struct X509Free { void operator()(X509* x) const { X509_free(x); } };
struct ExtFree { void operator()(X509_EXTENSION* e) const { X509_EXTENSION_free(e); } };
struct CrlFree { void operator()(X509_CRL* c) const { X509_CRL_free(c); } };
struct AsnIntFree { void operator()(ASN1_INTEGER* i) const { ASN1_INTEGER_free(i); } };
struct AsnTimeFree { void operator()(ASN1_TIME* t) const { ASN1_TIME_free(t); } };
struct RevokedFree { void operator()(X509_REVOKED* r) const { X509_REVOKED_free(r); } };
using BioPtr = std::unique_ptr<BIO, BioFree>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, ExtFree>;
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;
using AsnIntPtr = std::unique_ptr<ASN1_INTEGER, AsnIntFree>;
using AsnTimePtr = std::unique_ptr<ASN1_TIME, AsnTimeFree>;
using RevokedPtr = std::unique_ptr<X509_REVOKED, RevokedFree>;

// The OpenSSL error queue as text (never contains key material), then cleared.
std::string OpenSslErrors() {
  std::string out;
  unsigned long e;
  while ((e = ERR_get_error()) != 0) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "unknown OpenSSL error" : out;
}

Status SslError(std::string what) { return Internal(what + ": " + OpenSslErrors()); }

X509Ptr ParseCert(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  return X509Ptr(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
}

CrlPtr ParseCrl(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  return CrlPtr(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
}

PkeyPtr ParseKey(const std::string& pem) {
  BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return nullptr;
  return PkeyPtr(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
}

std::string BioToString(BIO* bio) {
  char* data = nullptr;
  const long n = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<std::size_t>(n));
}

Status AddExtension(X509* cert, X509* issuer, int nid, const std::string& value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
  if (!ext) return SslError("building extension " + std::string(OBJ_nid2sn(nid)));
  if (X509_add_ext(cert, ext.get(), -1) != 1) return SslError("adding extension");
  return Status::Ok();
}

bool ValidName(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) {
      return false;
    }
  }
  return name != "." && name != "..";
}

bool IsIpAddress(const std::string& s) {
  unsigned char buf[16];
  return ::inet_pton(AF_INET, s.c_str(), buf) == 1 || ::inet_pton(AF_INET6, s.c_str(), buf) == 1;
}

bool ValidDnsName(const std::string& s) {
  if (s.empty() || s.size() > 253 || s.front() == '.' || s.back() == '.' || s.front() == '-') return false;
  for (char c : s) {
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-')) return false;
  }
  return s.find("..") == std::string::npos;
}

Status WriteFileAtomic(const std::filesystem::path& path, const std::string& data, mode_t mode) {
  const std::filesystem::path tmp = path.string() + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  if (fd < 0) return Unavailable("cannot create " + tmp.string() + ": " + std::strerror(errno));
  Status st;
  if (::fchmod(fd, mode) != 0) st = Unavailable("chmod " + tmp.string() + ": " + std::strerror(errno));
  std::size_t off = 0;
  while (st.ok() && off < data.size()) {
    const ssize_t n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      st = Unavailable("write " + tmp.string() + ": " + std::strerror(errno));
      break;
    }
    off += static_cast<std::size_t>(n);
  }
  if (st.ok() && ::fsync(fd) != 0) st = Unavailable("fsync " + tmp.string() + ": " + std::strerror(errno));
  ::close(fd);
  if (st.ok() && ::rename(tmp.c_str(), path.c_str()) != 0) {
    st = Unavailable("rename to " + path.string() + ": " + std::strerror(errno));
  }
  if (!st.ok()) ::unlink(tmp.c_str());
  return st;
}

StatusOr<std::string> ReadSmallFile(const std::filesystem::path& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) return NotFound("cannot read " + path.string() + ": " + ec.message());
  if (size > (1u << 20)) return InvalidArgument(path.string() + " is larger than 1 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound("cannot open " + path.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

StatusOr<PemPair> IssueCertificate(const CertificateSpec& spec, const PemPair* issuer) {
  if (spec.common_name.empty() || spec.common_name.size() > 64) {
    return InvalidArgument("common name must be 1..64 characters");
  }
  if (spec.rsa_bits != 2048 && spec.rsa_bits != 3072 && spec.rsa_bits != 4096) {
    return InvalidArgument("RSA key size must be 2048, 3072 or 4096");
  }
  if (spec.validity.count() <= 0) return InvalidArgument("validity must be positive");

  X509Ptr issuer_cert;
  PkeyPtr issuer_key;
  if (issuer != nullptr) {
    issuer_cert = ParseCert(issuer->certificate_pem);
    issuer_key = ParseKey(issuer->private_key_pem);
    ERR_clear_error();
    if (!issuer_cert || !issuer_key) return InvalidArgument("unreadable issuer certificate or key");
    if (X509_check_private_key(issuer_cert.get(), issuer_key.get()) != 1) {
      ERR_clear_error();
      return InvalidArgument("issuer key does not match the issuer certificate");
    }
  }

  PkeyPtr key(EVP_RSA_gen(static_cast<unsigned>(spec.rsa_bits)));
  if (!key) return SslError("RSA key generation");

  X509Ptr cert(X509_new());
  if (!cert) return SslError("X509_new");
  X509_set_version(cert.get(), 2);  // v3

  unsigned char serial_bytes[16];
  if (RAND_bytes(serial_bytes, sizeof serial_bytes) != 1) return SslError("RAND_bytes");
  serial_bytes[0] &= 0x7f;  // positive
  serial_bytes[0] |= 0x01;  // non-zero, full length
  BIGNUM* bn = BN_bin2bn(serial_bytes, sizeof serial_bytes, nullptr);
  if (bn == nullptr || BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get())) == nullptr) {
    BN_free(bn);
    return SslError("serial number");
  }
  BN_free(bn);

  time_t now = time(nullptr);
  if (X509_time_adj_ex(X509_getm_notBefore(cert.get()), 0, spec.not_before_offset.count(), &now) ==
          nullptr ||
      X509_time_adj_ex(X509_getm_notAfter(cert.get()), 0,
                       spec.not_before_offset.count() + spec.validity.count(), &now) == nullptr) {
    return SslError("validity period");
  }

  X509_NAME* subject = X509_get_subject_name(cert.get());
  const auto* cn = reinterpret_cast<const unsigned char*>(spec.common_name.c_str());
  const auto* org = reinterpret_cast<const unsigned char*>(spec.organization.c_str());
  if ((!spec.organization.empty() &&
       X509_NAME_add_entry_by_txt(subject, "O", MBSTRING_UTF8, org, -1, -1, 0) != 1) ||
      X509_NAME_add_entry_by_txt(subject, "CN", MBSTRING_UTF8, cn, -1, -1, 0) != 1) {
    return SslError("subject name");
  }
  if (X509_set_issuer_name(cert.get(), issuer_cert ? X509_get_subject_name(issuer_cert.get())
                                                   : subject) != 1) {
    return SslError("issuer name");
  }
  if (X509_set_pubkey(cert.get(), key.get()) != 1) return SslError("public key");

  X509* ext_issuer = issuer_cert ? issuer_cert.get() : cert.get();
  switch (spec.usage) {
    case CertificateUsage::kCa:
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_basic_constraints, "critical,CA:TRUE"));
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_key_usage, "critical,keyCertSign,cRLSign"));
      break;
    case CertificateUsage::kServer:
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_basic_constraints, "critical,CA:FALSE"));
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment"));
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_ext_key_usage, "serverAuth"));
      break;
    case CertificateUsage::kClient:
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_basic_constraints, "critical,CA:FALSE"));
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_key_usage, "critical,digitalSignature,keyEncipherment"));
      GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_ext_key_usage, "clientAuth"));
      break;
  }
  GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_subject_key_identifier, "hash"));
  if (issuer_cert) {
    GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_authority_key_identifier, "keyid:always"));
  }
  std::string san;
  for (const auto& d : spec.dns_names) san += (san.empty() ? "" : ",") + std::string("DNS:") + d;
  for (const auto& ip : spec.ip_addresses) san += (san.empty() ? "" : ",") + std::string("IP:") + ip;
  if (!san.empty()) {
    GW_RETURN_IF_ERROR(AddExtension(cert.get(), ext_issuer, NID_subject_alt_name, san));
  }

  EVP_PKEY* signer = issuer_key ? issuer_key.get() : key.get();
  if (X509_sign(cert.get(), signer, EVP_sha256()) == 0) return SslError("signing");

  PemPair out;
  BioPtr cbio(BIO_new(BIO_s_mem()));
  BioPtr kbio(BIO_new(BIO_s_mem()));
  if (!cbio || !kbio || PEM_write_bio_X509(cbio.get(), cert.get()) != 1 ||
      PEM_write_bio_PrivateKey(kbio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return SslError("PEM encoding");
  }
  out.certificate_pem = BioToString(cbio.get());
  out.private_key_pem = BioToString(kbio.get());
  return out;
}

Status WritePemPair(const PemPair& pair, const std::filesystem::path& cert_path,
                    const std::filesystem::path& key_path, bool overwrite) {
  std::error_code ec;
  if (!overwrite && (std::filesystem::exists(cert_path, ec) || std::filesystem::exists(key_path, ec))) {
    return AlreadyExists(cert_path.string() + " or " + key_path.string() + " exists");
  }
  // Key first: a certificate without its key is never left behind.
  GW_RETURN_IF_ERROR(WriteFileAtomic(key_path, pair.private_key_pem, 0600));
  return WriteFileAtomic(cert_path, pair.certificate_pem, 0644);
}

StatusOr<PemPair> ReadPemPair(const std::filesystem::path& cert_path,
                              const std::filesystem::path& key_path) {
  PemPair p;
  GW_ASSIGN_OR_RETURN(p.certificate_pem, ReadSmallFile(cert_path));
  GW_ASSIGN_OR_RETURN(p.private_key_pem, ReadSmallFile(key_path));
  return p;
}

StatusOr<PkiInitResult> InitDevelopmentPki(const PkiInitOptions& options) {
  if (options.dir.empty()) return InvalidArgument("--dir is required");
  if (options.days < 1 || options.days > 3650) return InvalidArgument("--days must be 1..3650");
  for (const auto& n : options.names) {
    if (!ValidName(n)) return InvalidArgument("invalid name '" + n + "' (use [A-Za-z0-9._-], 1..64)");
  }
  for (const auto& [name, alt] : options.server_alt_names) {
    if (std::find(options.names.begin(), options.names.end(), name) == options.names.end()) {
      return InvalidArgument("server names given for '" + name + "', which is not one of the names");
    }
    for (const auto& a : alt) {
      if (!IsIpAddress(a) && !ValidDnsName(a)) {
        return InvalidArgument("invalid server name '" + a + "' for '" + name +
                               "' (a DNS name or an IP address)");
      }
    }
  }
  std::error_code ec;
  if (!std::filesystem::exists(options.dir, ec)) {
    std::filesystem::create_directories(options.dir, ec);
    if (ec) return Unavailable("cannot create " + options.dir.string() + ": " + ec.message());
    std::filesystem::permissions(options.dir, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::replace, ec);
  } else if (!std::filesystem::is_directory(options.dir, ec)) {
    return InvalidArgument(options.dir.string() + " is not a directory");
  }

  const PkiLayout layout{options.dir};
  PkiInitResult result;
  const std::chrono::seconds validity = std::chrono::hours(24) * options.days;
  auto both_exist = [&](const std::filesystem::path& a, const std::filesystem::path& b) {
    return std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec);
  };

  PemPair ca;
  bool ca_new = false;
  if (!options.force && both_exist(layout.CaCert(), layout.CaKey())) {
    GW_ASSIGN_OR_RETURN(ca, ReadPemPair(layout.CaCert(), layout.CaKey()));
    result.kept.push_back(layout.CaCert());
    result.kept.push_back(layout.CaKey());
  } else {
    CertificateSpec spec;
    spec.common_name = "Payment Gateway Development CA";
    spec.usage = CertificateUsage::kCa;
    spec.validity = validity;
    spec.rsa_bits = options.rsa_bits;
    GW_ASSIGN_OR_RETURN(ca, IssueCertificate(spec, nullptr));
    GW_RETURN_IF_ERROR(WritePemPair(ca, layout.CaCert(), layout.CaKey(), true));
    result.created.push_back(layout.CaCert());
    result.created.push_back(layout.CaKey());
    ca_new = true;
  }

  for (const auto& name : options.names) {
    struct Item {
      std::filesystem::path cert, key;
      CertificateUsage usage;
    };
    const Item items[] = {{layout.ServerCert(name), layout.ServerKey(name), CertificateUsage::kServer},
                          {layout.ClientCert(name), layout.ClientKey(name), CertificateUsage::kClient}};
    for (const auto& item : items) {
      if (!options.force && !ca_new && both_exist(item.cert, item.key)) {
        result.kept.push_back(item.cert);
        result.kept.push_back(item.key);
        continue;
      }
      CertificateSpec spec;
      spec.common_name = name;
      spec.usage = item.usage;
      spec.validity = validity;
      spec.rsa_bits = options.rsa_bits;
      spec.dns_names = {name};
      if (item.usage == CertificateUsage::kServer) {
        auto alt = options.server_alt_names.find(name);
        if (alt != options.server_alt_names.end()) {
          for (const auto& a : alt->second) {
            auto& list = IsIpAddress(a) ? spec.ip_addresses : spec.dns_names;
            if (std::find(list.begin(), list.end(), a) == list.end()) list.push_back(a);
          }
        }
      }
      GW_ASSIGN_OR_RETURN(PemPair pair, IssueCertificate(spec, &ca));
      GW_RETURN_IF_ERROR(WritePemPair(pair, item.cert, item.key, true));
      result.created.push_back(item.cert);
      result.created.push_back(item.key);
    }
  }
  return result;
}

StatusOr<std::string> IssueCrl(const PemPair& issuer, const std::vector<std::string>& revoke,
                               std::chrono::seconds validity, const std::string& previous_crl_pem) {
  if (validity.count() <= 0) return InvalidArgument("CRL validity must be positive");
  X509Ptr ca = ParseCert(issuer.certificate_pem);
  PkeyPtr key = ParseKey(issuer.private_key_pem);
  ERR_clear_error();
  if (!ca || !key) return InvalidArgument("unreadable issuer certificate or key");
  if (X509_check_private_key(ca.get(), key.get()) != 1) {
    ERR_clear_error();
    return InvalidArgument("issuer key does not match the issuer certificate");
  }
  CrlPtr crl(X509_CRL_new());
  if (!crl) return SslError("X509_CRL_new");
  if (X509_CRL_set_version(crl.get(), 1) != 1 ||  // v2
      X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(ca.get())) != 1) {
    return SslError("CRL issuer");
  }
  const time_t now = time(nullptr);
  // Back-dated a minute, so that a peer whose clock is slightly behind accepts it.
  AsnTimePtr last_update(ASN1_TIME_adj(nullptr, now, 0, -60));
  AsnTimePtr next_update(ASN1_TIME_adj(nullptr, now, 0, static_cast<long>(validity.count())));
  if (!last_update || !next_update || X509_CRL_set1_lastUpdate(crl.get(), last_update.get()) != 1 ||
      X509_CRL_set1_nextUpdate(crl.get(), next_update.get()) != 1) {
    return SslError("CRL validity period");
  }

  long number = 1;
  auto listed = [&](const ASN1_INTEGER* serial) {
    STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(crl.get());
    for (int i = 0; i < sk_X509_REVOKED_num(entries); ++i) {
      if (ASN1_INTEGER_cmp(X509_REVOKED_get0_serialNumber(sk_X509_REVOKED_value(entries, i)), serial) == 0) {
        return true;
      }
    }
    return false;
  };
  if (!previous_crl_pem.empty()) {
    CrlPtr previous = ParseCrl(previous_crl_pem);
    ERR_clear_error();
    if (!previous) return InvalidArgument("unreadable previous CRL");
    if (X509_NAME_cmp(X509_CRL_get_issuer(previous.get()), X509_get_subject_name(ca.get())) != 0 ||
        X509_CRL_verify(previous.get(), X509_get0_pubkey(ca.get())) != 1) {
      ERR_clear_error();
      return InvalidArgument("the previous CRL was not issued by this CA");
    }
    STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(previous.get());
    for (int i = 0; i < sk_X509_REVOKED_num(entries); ++i) {
      X509_REVOKED* copy = X509_REVOKED_dup(sk_X509_REVOKED_value(entries, i));
      if (copy == nullptr || X509_CRL_add0_revoked(crl.get(), copy) != 1) {
        X509_REVOKED_free(copy);
        return SslError("copying CRL entries");
      }
    }
    AsnIntPtr previous_number(static_cast<ASN1_INTEGER*>(
        X509_CRL_get_ext_d2i(previous.get(), NID_crl_number, nullptr, nullptr)));
    if (previous_number) number = ASN1_INTEGER_get(previous_number.get()) + 1;
  }
  for (const auto& pem : revoke) {
    X509Ptr cert = ParseCert(pem);
    ERR_clear_error();
    if (!cert) return InvalidArgument("unreadable certificate to revoke");
    if (X509_NAME_cmp(X509_get_issuer_name(cert.get()), X509_get_subject_name(ca.get())) != 0 ||
        X509_verify(cert.get(), X509_get0_pubkey(ca.get())) != 1) {
      ERR_clear_error();
      return InvalidArgument("a certificate to revoke was not issued by this CA");
    }
    if (listed(X509_get0_serialNumber(cert.get()))) continue;
    RevokedPtr entry(X509_REVOKED_new());
    AsnTimePtr when(ASN1_TIME_set(nullptr, now));
    if (!entry || !when ||
        X509_REVOKED_set_serialNumber(entry.get(),
                                      const_cast<ASN1_INTEGER*>(X509_get0_serialNumber(cert.get()))) != 1 ||
        X509_REVOKED_set_revocationDate(entry.get(), when.get()) != 1 ||
        X509_CRL_add0_revoked(crl.get(), entry.get()) != 1) {
      return SslError("CRL entry");
    }
    entry.release();  // owned by the CRL
  }

  AsnIntPtr crl_number(ASN1_INTEGER_new());
  if (!crl_number || ASN1_INTEGER_set(crl_number.get(), number) != 1 ||
      X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crl_number.get(), 0, 0) != 1) {
    return SslError("CRL number");
  }
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, ca.get(), nullptr, nullptr, crl.get(), 0);
  ExtPtr aki(X509V3_EXT_conf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
  if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1) return SslError("CRL authority key identifier");
  X509_CRL_sort(crl.get());
  if (X509_CRL_sign(crl.get(), key.get(), EVP_sha256()) == 0) return SslError("signing the CRL");
  BioPtr out(BIO_new(BIO_s_mem()));
  if (!out || PEM_write_bio_X509_CRL(out.get(), crl.get()) != 1) return SslError("PEM encoding");
  return BioToString(out.get());
}

StatusOr<PkiCrlResult> UpdateDevelopmentCrl(const PkiCrlOptions& options) {
  if (options.dir.empty()) return InvalidArgument("--dir is required");
  if (options.days < 1 || options.days > 3650) return InvalidArgument("--days must be 1..3650");
  const PkiLayout layout{options.dir};
  GW_ASSIGN_OR_RETURN(PemPair ca, ReadPemPair(layout.CaCert(), layout.CaKey()));
  std::string previous;
  std::error_code ec;
  if (std::filesystem::exists(layout.Crl(), ec)) {
    GW_ASSIGN_OR_RETURN(previous, ReadSmallFile(layout.Crl()));
  }
  std::vector<std::string> revoke;
  for (const auto& path : options.revoke) {
    GW_ASSIGN_OR_RETURN(std::string pem, ReadSmallFile(path));
    revoke.push_back(std::move(pem));
  }
  auto crl = IssueCrl(ca, revoke, std::chrono::hours(24) * options.days, previous);
  OPENSSL_cleanse(ca.private_key_pem.data(), ca.private_key_pem.size());
  if (!crl.ok()) return crl.status();
  CrlPtr parsed = ParseCrl(*crl);
  if (!parsed) return SslError("reading the new CRL");
  GW_RETURN_IF_ERROR(WriteFileAtomic(layout.Crl(), *crl, 0644));
  PkiCrlResult result;
  result.crl = layout.Crl();
  // A CRL without entries has no list at all (sk_*_num of null: -1).
  STACK_OF(X509_REVOKED)* entries = X509_CRL_get_REVOKED(parsed.get());
  result.revoked = entries == nullptr ? 0 : static_cast<std::size_t>(sk_X509_REVOKED_num(entries));
  return result;
}

StatusOr<std::chrono::system_clock::time_point> CertificateNotAfter(const std::string& cert_pem) {
  X509Ptr cert = ParseCert(cert_pem);
  if (!cert) {
    ERR_clear_error();
    return InvalidArgument("unreadable certificate");
  }
  struct tm tm {};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert.get()), &tm) != 1) {
    return InvalidArgument("unreadable notAfter");
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

StatusOr<std::string> CertificateSha256Fingerprint(const std::string& cert_pem) {
  X509Ptr cert = ParseCert(cert_pem);
  if (!cert) {
    ERR_clear_error();
    return InvalidArgument("unreadable certificate");
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert.get(), EVP_sha256(), md, &n) != 1) return SslError("digest");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

StatusOr<std::string> CertificateCommonName(const std::string& cert_pem) {
  X509Ptr cert = ParseCert(cert_pem);
  if (!cert) {
    ERR_clear_error();
    return InvalidArgument("unreadable certificate");
  }
  char buf[256];
  const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert.get()), NID_commonName, buf,
                                          sizeof buf);
  if (n < 0) return NotFound("certificate has no common name");
  return std::string(buf, static_cast<std::size_t>(n));
}

std::string NormalizeFingerprint(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == ':' || c == ' ') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

}  // namespace gw::links
