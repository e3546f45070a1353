// File: gateway/links/tls.h
//
// TLS material for the links: reloadable credentials (CA + own certificate and
// key) that produce Asio SSL contexts, and the per-counterparty allow-list the
// inbound listener checks client certificates against.
//
// Policy: TLS 1.3 preferred, TLS 1.2 allowed (ECDHE + AEAD ciphers only), no
// compression, no renegotiation; peers always verified against the configured CA
// and, when a CRL file is configured, against its certificate revocation lists
// (every certificate of the peer's chain: one CRL per CA is needed).
#pragma once

#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "gateway/links/link_metrics.h"

namespace gw::links {

struct TlsFiles {
  std::filesystem::path ca_file;    // PEM; the CA(s) peers must chain to
  std::filesystem::path cert_file;  // PEM; own certificate (chain)
  std::filesystem::path key_file;   // PEM; own private key (never logged)
  // PEM; optional (empty: no revocation check). One or more CRLs, each signed by
  // a CA of ca_file and not past its nextUpdate; with it, a peer certificate is
  // accepted only when the CRL of every CA in its chain is present and does not
  // list it.
  std::filesystem::path crl_file;
  bool operator==(const TlsFiles&) const = default;
};

enum class TlsRole { kServer, kClient };

// One allowed counterparty: a client certificate is accepted for `name` when its
// subject CN or a DNS SAN equals one of `subject_names`, or its SHA-256
// fingerprint equals one of `sha256_fingerprints` (hex, ':' separators allowed).
struct AllowedPeer {
  std::string name;
  std::vector<std::string> subject_names;
  std::vector<std::string> sha256_fingerprints;
};

// Immutable after construction; share through std::shared_ptr<const AllowList>.
class AllowList {
 public:
  AllowList() = default;
  explicit AllowList(std::vector<AllowedPeer> peers);

  // The counterparty `cert` authenticates as, or nullopt. Entries are checked in
  // order; the first match wins.
  std::optional<std::string> Match(X509* cert) const;
  std::size_t size() const { return peers_.size(); }

 private:
  std::vector<AllowedPeer> peers_;
};

// The certificate chain a peer presented and that passed verification in the
// TLS handshake (leaf first), kept so that an established session can be
// checked again after the trust material or the allow-list changed.
// Immutable; cheap to copy.
class PeerChain {
 public:
  PeerChain() = default;
  // The verified chain of `ssl`, whose handshake has completed (empty if none).
  static PeerChain Of(SSL* ssl);

  bool empty() const { return chain_ == nullptr; }
  // The peer's own certificate; null when empty().
  X509* leaf() const;
  // Verifies the chain again with the trust store, CRLs and verification flags
  // of `context`, as the certificate of a peer in `peer_role` (kClient: a client
  // certificate, checked for clientAuth; kServer: a server certificate). Host
  // names are not checked again. Returns X509_V_OK, or the first verification
  // error (an X509_V_ERR_* code; X509_V_ERR_UNSPECIFIED when empty()).
  int Verify(boost::asio::ssl::context& context, TlsRole peer_role) const;

 private:
  std::shared_ptr<STACK_OF(X509)> chain_;
};

// Loaded credentials for one role. Thread-safe: Context() hands out the current
// context; Reload() builds a new one from the files and swaps it in, so new
// connections use it while established ones keep theirs (the listener and the
// outbound links check those again, see InboundListener::Revalidate). A failed
// reload keeps the previous context and files.
class TlsCredentials {
 public:
  // `label` names the certificate in logs and metrics (e.g. "server", "client").
  // `metrics` may be null.
  static StatusOr<std::shared_ptr<TlsCredentials>> Load(std::string label, TlsRole role,
                                                        TlsFiles files, LinkMetrics* metrics);

  std::shared_ptr<boost::asio::ssl::context> Context() const;
  // Re-reads the current files.
  Status Reload();
  // Loads `files` instead (e.g. a configuration reload that names other files
  // or adds a CRL); on success they become the current files.
  Status Reload(const TlsFiles& files);
  TlsFiles files() const;
  // The earliest nextUpdate of the loaded CRLs; nullopt without a CRL file.
  std::optional<std::chrono::system_clock::time_point> CrlNextUpdate() const;
  // The own certificate's notAfter, and seconds until then (negative: expired).
  std::chrono::system_clock::time_point NotAfter() const;
  // Sets tls_certificate_expiry_seconds{certificate=label} to the current value,
  // and tls_crl_next_update_seconds{certificate=label} when a CRL is loaded.
  void UpdateExpiryMetric() const;
  const std::string& label() const { return label_; }
  TlsRole role() const { return role_; }

 private:
  TlsCredentials(std::string label, TlsRole role, TlsFiles files, LinkMetrics* metrics)
      : label_(std::move(label)), role_(role), metrics_(metrics), files_(std::move(files)) {}

  const std::string label_;
  const TlsRole role_;
  LinkMetrics* const metrics_;
  mutable std::mutex mu_;
  TlsFiles files_;                                      // guarded by mu_
  std::shared_ptr<boost::asio::ssl::context> context_;  // guarded by mu_
  std::chrono::system_clock::time_point not_after_;     // guarded by mu_
  std::optional<std::chrono::system_clock::time_point> crl_next_update_;  // guarded by mu_
};

// Builds a context from PEM text (used by TlsCredentials and by tests that need a
// deliberately odd peer). `cert_pem`/`key_pem` may be empty for a client that
// presents no certificate. `crl_pem` (may be empty: no revocation check) holds
// one or more CRLs; each must be signed by a CA of `ca_pem` and be current
// (lastUpdate <= now < nextUpdate), else kInvalidArgument. With CRLs, peers are
// verified with X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL. Errors never
// include key material.
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeTlsContext(TlsRole role,
                                                                    const std::string& ca_pem,
                                                                    const std::string& cert_pem,
                                                                    const std::string& key_pem,
                                                                    const std::string& crl_pem = {});

// The earliest nextUpdate of the CRLs in `crl_pem` (kInvalidArgument when it
// holds none or one is unreadable).
StatusOr<std::chrono::system_clock::time_point> CrlNextUpdate(const std::string& crl_pem);

// Human-readable OpenSSL / system error text for an error_code from a TLS stream.
std::string DescribeTlsError(const boost::system::error_code& ec);

}  // namespace gw::links
