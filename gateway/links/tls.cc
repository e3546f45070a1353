// File: gateway/links/tls.cc
#include "gateway/links/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <spdlog/spdlog.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/ssl/error.hpp>
#include <fstream>
#include <sstream>

#include "gateway/links/pki.h"

namespace gw::links {
namespace asio = boost::asio;
namespace ssl = boost::asio::ssl;

namespace {

constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

StatusOr<std::string> ReadFile(const std::filesystem::path& p) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(p, ec);
  if (ec) return NotFound("cannot read " + p.string() + ": " + ec.message());
  if (size > (1u << 20)) return InvalidArgument(p.string() + " is larger than 1 MiB");
  std::ifstream in(p, std::ios::binary);
  if (!in) return NotFound("cannot open " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string CertCommonName(X509* cert) {
  char buf[256];
  const int n = X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, buf, sizeof buf);
  return n < 0 ? std::string() : std::string(buf, static_cast<std::size_t>(n));
}

std::vector<std::string> CertDnsNames(X509* cert) {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (names == nullptr) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, i);
    if (gn->type == GEN_DNS) {
      const unsigned char* data = ASN1_STRING_get0_data(gn->d.dNSName);
      out.emplace_back(reinterpret_cast<const char*>(data),
                       static_cast<std::size_t>(ASN1_STRING_length(gn->d.dNSName)));
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string CertFingerprint(X509* cert) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert, EVP_sha256(), md, &n) != 1) return {};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned i = 0; i < n; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

struct BioFree { void operator()(BIO* b) const { BIO_free_all(b); } };
struct CrlFree { void operator()(X509_CRL* c) const { X509_CRL_free(c); } };
struct StoreCtxFree { void operator()(X509_STORE_CTX* c) const { X509_STORE_CTX_free(c); } };
using CrlPtr = std::unique_ptr<X509_CRL, CrlFree>;

// Every CRL in `pem`, in order; kInvalidArgument when there is none or one is unreadable.
StatusOr<std::vector<CrlPtr>> ParseCrls(const std::string& pem) {
  std::unique_ptr<BIO, BioFree> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) return Internal("BIO_new_mem_buf");
  std::vector<CrlPtr> out;
  while (true) {
    CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, nullptr, nullptr));
    if (!crl) break;
    out.push_back(std::move(crl));
  }
  const unsigned long err = ERR_peek_last_error();
  ERR_clear_error();
  // Reading stops with "no start line" at the end of the text; anything else is damage.
  if (err != 0 && ERR_GET_REASON(err) != PEM_R_NO_START_LINE) {
    return InvalidArgument("CRL file unreadable (not PEM X509 CRLs)");
  }
  if (out.empty()) return InvalidArgument("CRL file holds no X509 CRL");
  return out;
}

std::chrono::system_clock::time_point ToTimePoint(const ASN1_TIME* t) {
  struct tm tm {};
  if (t == nullptr || ASN1_TIME_to_tm(t, &tm) != 1) return {};
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::string NameText(const X509_NAME* name) {
  char buf[256];
  X509_NAME_oneline(name, buf, sizeof buf);
  return buf;
}

// Adds the CRLs to `store` after checking each is signed by a CA of the store
// and current.
Status AddCrls(X509_STORE* store, const std::string& crl_pem) {
  GW_ASSIGN_OR_RETURN(std::vector<CrlPtr> crls, ParseCrls(crl_pem));
  STACK_OF(X509_OBJECT)* objs = X509_STORE_get0_objects(store);
  for (auto& crl : crls) {
    const std::string issuer = NameText(X509_CRL_get_issuer(crl.get()));
    bool signed_by_ca = false;
    for (int i = 0; i < sk_X509_OBJECT_num(objs) && !signed_by_ca; ++i) {
      X509* ca = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
      if (ca == nullptr || X509_NAME_cmp(X509_get_subject_name(ca), X509_CRL_get_issuer(crl.get())) != 0) {
        continue;
      }
      signed_by_ca = X509_CRL_verify(crl.get(), X509_get0_pubkey(ca)) == 1;
    }
    ERR_clear_error();
    if (!signed_by_ca) return InvalidArgument("CRL of " + issuer + " is not signed by a CA of the CA file");
    if (X509_cmp_current_time(X509_CRL_get0_lastUpdate(crl.get())) > 0) {
      return InvalidArgument("CRL of " + issuer + " is not valid yet (lastUpdate in the future)");
    }
    const ASN1_TIME* next = X509_CRL_get0_nextUpdate(crl.get());
    if (next == nullptr) return InvalidArgument("CRL of " + issuer + " has no nextUpdate");
    if (X509_cmp_current_time(next) <= 0) {
      return InvalidArgument("CRL of " + issuer + " expired (nextUpdate passed): issue a fresh one");
    }
    if (X509_STORE_add_crl(store, crl.get()) != 1) {
      ERR_clear_error();
      return InvalidArgument("CRL of " + issuer + " could not be added");
    }
  }
  X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL);
  return Status::Ok();
}

}  // namespace

StatusOr<std::chrono::system_clock::time_point> CrlNextUpdate(const std::string& crl_pem) {
  GW_ASSIGN_OR_RETURN(std::vector<CrlPtr> crls, ParseCrls(crl_pem));
  std::optional<std::chrono::system_clock::time_point> earliest;
  for (const auto& crl : crls) {
    const auto t = ToTimePoint(X509_CRL_get0_nextUpdate(crl.get()));
    if (!earliest || t < *earliest) earliest = t;
  }
  return *earliest;
}

PeerChain PeerChain::Of(SSL* ssl) {
  PeerChain out;
  STACK_OF(X509)* verified = ssl == nullptr ? nullptr : SSL_get0_verified_chain(ssl);
  if (verified == nullptr || sk_X509_num(verified) == 0) return out;
  STACK_OF(X509)* copy = X509_chain_up_ref(verified);
  if (copy == nullptr) return out;
  out.chain_ = std::shared_ptr<STACK_OF(X509)>(copy, [](STACK_OF(X509)* s) { sk_X509_pop_free(s, X509_free); });
  return out;
}

X509* PeerChain::leaf() const { return chain_ ? sk_X509_value(chain_.get(), 0) : nullptr; }

int PeerChain::Verify(ssl::context& context, TlsRole peer_role) const {
  if (!chain_) return X509_V_ERR_UNSPECIFIED;
  SSL_CTX* native = context.native_handle();
  std::unique_ptr<X509_STORE_CTX, StoreCtxFree> ctx(X509_STORE_CTX_new());
  if (!ctx || X509_STORE_CTX_init(ctx.get(), SSL_CTX_get_cert_store(native), leaf(), chain_.get()) != 1) {
    ERR_clear_error();
    return X509_V_ERR_UNSPECIFIED;
  }
  // As in the handshake: the purpose of the peer's role, then the context's parameters.
  X509_STORE_CTX_set_default(ctx.get(), peer_role == TlsRole::kClient ? "ssl_client" : "ssl_server");
  X509_VERIFY_PARAM_set1(X509_STORE_CTX_get0_param(ctx.get()), SSL_CTX_get0_param(native));
  const int ok = X509_verify_cert(ctx.get());
  int err = X509_STORE_CTX_get_error(ctx.get());
  ERR_clear_error();
  if (ok == 1) return X509_V_OK;
  return err == X509_V_OK ? X509_V_ERR_UNSPECIFIED : err;
}

AllowList::AllowList(std::vector<AllowedPeer> peers) : peers_(std::move(peers)) {
  for (auto& p : peers_) {
    for (auto& f : p.sha256_fingerprints) f = NormalizeFingerprint(f);
  }
}

std::optional<std::string> AllowList::Match(X509* cert) const {
  if (cert == nullptr) return std::nullopt;
  const std::string cn = CertCommonName(cert);
  const std::vector<std::string> dns = CertDnsNames(cert);
  const std::string fp = CertFingerprint(cert);
  for (const auto& peer : peers_) {
    for (const auto& f : peer.sha256_fingerprints) {
      if (!fp.empty() && f == fp) return peer.name;
    }
    for (const auto& s : peer.subject_names) {
      if (!cn.empty() && s == cn) return peer.name;
      for (const auto& d : dns) {
        if (s == d) return peer.name;
      }
    }
  }
  return std::nullopt;
}

StatusOr<std::shared_ptr<ssl::context>> MakeTlsContext(TlsRole role, const std::string& ca_pem,
                                                       const std::string& cert_pem,
                                                       const std::string& key_pem,
                                                       const std::string& crl_pem) {
  auto ctx = std::make_shared<ssl::context>(role == TlsRole::kServer ? ssl::context::tls_server
                                                                     : ssl::context::tls_client);
  boost::system::error_code ec;
  ctx->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 |
                       ssl::context::no_tlsv1_1 | ssl::context::no_compression |
                       ssl::context::single_dh_use,
                   ec);
  if (ec) return Internal("TLS options: " + ec.message());
  SSL_CTX* native = ctx->native_handle();
  SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION);
  SSL_CTX_set_options(native, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  if (SSL_CTX_set_cipher_list(native, kTls12Ciphers) != 1) {
    ERR_clear_error();
    return Internal("TLS 1.2 cipher list rejected");
  }
  if (ca_pem.empty()) return InvalidArgument("a CA certificate is required");
  ctx->add_certificate_authority(asio::buffer(ca_pem), ec);
  if (ec) return InvalidArgument("CA certificate unusable: " + DescribeTlsError(ec));
  if (!crl_pem.empty()) GW_RETURN_IF_ERROR(AddCrls(SSL_CTX_get_cert_store(native), crl_pem));
  if (!cert_pem.empty()) {
    ctx->use_certificate_chain(asio::buffer(cert_pem), ec);
    if (ec) return InvalidArgument("certificate unusable: " + DescribeTlsError(ec));
    ctx->use_private_key(asio::buffer(key_pem), ssl::context::pem, ec);
    if (ec) {
      ERR_clear_error();
      return InvalidArgument("private key unusable (wrong format or passphrase-protected)");
    }
    if (SSL_CTX_check_private_key(native) != 1) {
      ERR_clear_error();
      return InvalidArgument("private key does not match the certificate");
    }
  }
  if (role == TlsRole::kServer) {
    ctx->set_verify_mode(ssl::verify_peer | ssl::verify_fail_if_no_peer_cert);
    // Tell clients which CA we accept, so they pick the right certificate.
    STACK_OF(X509_NAME)* names = sk_X509_NAME_new_null();
    X509_STORE* store = SSL_CTX_get_cert_store(native);
    STACK_OF(X509_OBJECT)* objs = X509_STORE_get0_objects(store);
    for (int i = 0; names != nullptr && i < sk_X509_OBJECT_num(objs); ++i) {
      X509* x = X509_OBJECT_get0_X509(sk_X509_OBJECT_value(objs, i));
      if (x != nullptr) sk_X509_NAME_push(names, X509_NAME_dup(X509_get_subject_name(x)));
    }
    if (names != nullptr) SSL_CTX_set_client_CA_list(native, names);
    SSL_CTX_set_session_cache_mode(native, SSL_SESS_CACHE_OFF);
    SSL_CTX_set_num_tickets(native, 0);
  } else {
    ctx->set_verify_mode(ssl::verify_peer);
  }
  return ctx;
}

std::string DescribeTlsError(const boost::system::error_code& ec) {
  if (ec.category() == asio::error::get_ssl_category()) {
    char buf[256];
    ERR_error_string_n(static_cast<unsigned long>(ec.value()), buf, sizeof buf);
    return buf;
  }
  return ec.message();
}

StatusOr<std::shared_ptr<TlsCredentials>> TlsCredentials::Load(std::string label, TlsRole role,
                                                                TlsFiles files,
                                                                LinkMetrics* metrics) {
  std::shared_ptr<TlsCredentials> creds(
      new TlsCredentials(std::move(label), role, std::move(files), metrics));
  GW_RETURN_IF_ERROR(creds->Reload());
  return creds;
}

Status TlsCredentials::Reload() { return Reload(files()); }

Status TlsCredentials::Reload(const TlsFiles& files) {
  GW_ASSIGN_OR_RETURN(std::string ca, ReadFile(files.ca_file));
  GW_ASSIGN_OR_RETURN(std::string cert, ReadFile(files.cert_file));
  GW_ASSIGN_OR_RETURN(std::string key, ReadFile(files.key_file));
  std::string crl;
  std::optional<std::chrono::system_clock::time_point> crl_next_update;
  if (!files.crl_file.empty()) {
    GW_ASSIGN_OR_RETURN(crl, ReadFile(files.crl_file));
    auto next = links::CrlNextUpdate(crl);
    if (!next.ok()) {
      OPENSSL_cleanse(key.data(), key.size());
      return next.status().WithContext("TLS credentials '" + label_ + "': " + files.crl_file.string());
    }
    crl_next_update = *next;
  }
  auto ctx = MakeTlsContext(role_, ca, cert, key, crl);
  OPENSSL_cleanse(key.data(), key.size());
  if (!ctx.ok()) return ctx.status().WithContext("TLS credentials '" + label_ + "'");
  GW_ASSIGN_OR_RETURN(auto not_after, CertificateNotAfter(cert));
  {
    std::lock_guard lock(mu_);
    files_ = files;
    context_ = std::move(ctx).value();
    not_after_ = not_after;
    crl_next_update_ = crl_next_update;
  }
  UpdateExpiryMetric();
  const auto days = std::chrono::duration_cast<std::chrono::hours>(
                        not_after - std::chrono::system_clock::now()).count() / 24;
  spdlog::info("links: loaded TLS credentials '{}' from {} (expires in {} days){}", label_,
               files.cert_file.string(), days,
               files.crl_file.empty() ? std::string(", no CRL")
                                      : ", CRL " + files.crl_file.string());
  return Status::Ok();
}

TlsFiles TlsCredentials::files() const {
  std::lock_guard lock(mu_);
  return files_;
}

std::optional<std::chrono::system_clock::time_point> TlsCredentials::CrlNextUpdate() const {
  std::lock_guard lock(mu_);
  return crl_next_update_;
}

std::shared_ptr<ssl::context> TlsCredentials::Context() const {
  std::lock_guard lock(mu_);
  return context_;
}

std::chrono::system_clock::time_point TlsCredentials::NotAfter() const {
  std::lock_guard lock(mu_);
  return not_after_;
}

void TlsCredentials::UpdateExpiryMetric() const {
  if (metrics_ == nullptr) return;
  const auto secs = std::chrono::duration_cast<std::chrono::seconds>(
      NotAfter() - std::chrono::system_clock::now());
  metrics_->CertificateExpiry(label_).Set(static_cast<double>(secs.count()));
  if (auto next = CrlNextUpdate()) {
    const auto crl_secs = std::chrono::duration_cast<std::chrono::seconds>(
        *next - std::chrono::system_clock::now());
    metrics_->CrlNextUpdate(label_).Set(static_cast<double>(crl_secs.count()));
  }
}

}  // namespace gw::links
