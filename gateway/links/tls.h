// File: gateway/links/tls.h
//
// TLS material for the links: reloadable credentials (CA + own certificate and
// key) that produce Asio SSL contexts, and the per-counterparty allow-list the
// inbound listener checks client certificates against.
//
// Policy: TLS 1.3 preferred, TLS 1.2 allowed (ECDHE + AEAD ciphers only), no
// compression, no renegotiation; peers always verified against the configured CA.
#pragma once

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

// Loaded credentials for one role. Thread-safe: Context() hands out the current
// context; Reload() builds a new one from the files and swaps it in, so new
// connections use it while established ones keep theirs. A failed reload keeps
// the previous context.
class TlsCredentials {
 public:
  // `label` names the certificate in logs and metrics (e.g. "server", "client").
  // `metrics` may be null.
  static StatusOr<std::shared_ptr<TlsCredentials>> Load(std::string label, TlsRole role,
                                                        TlsFiles files, LinkMetrics* metrics);

  std::shared_ptr<boost::asio::ssl::context> Context() const;
  Status Reload();
  // The own certificate's notAfter, and seconds until then (negative: expired).
  std::chrono::system_clock::time_point NotAfter() const;
  // Sets tls_certificate_expiry_seconds{certificate=label} to the current value.
  void UpdateExpiryMetric() const;
  const std::string& label() const { return label_; }
  TlsRole role() const { return role_; }

 private:
  TlsCredentials(std::string label, TlsRole role, TlsFiles files, LinkMetrics* metrics)
      : label_(std::move(label)), role_(role), files_(std::move(files)), metrics_(metrics) {}

  const std::string label_;
  const TlsRole role_;
  const TlsFiles files_;
  LinkMetrics* const metrics_;
  mutable std::mutex mu_;
  std::shared_ptr<boost::asio::ssl::context> context_;  // guarded by mu_
  std::chrono::system_clock::time_point not_after_;     // guarded by mu_
};

// Builds a context from PEM text (used by TlsCredentials and by tests that need a
// deliberately odd peer). `cert_pem`/`key_pem` may be empty for a client that
// presents no certificate. Errors never include key material.
StatusOr<std::shared_ptr<boost::asio::ssl::context>> MakeTlsContext(TlsRole role,
                                                                    const std::string& ca_pem,
                                                                    const std::string& cert_pem,
                                                                    const std::string& key_pem);

// Human-readable OpenSSL / system error text for an error_code from a TLS stream.
std::string DescribeTlsError(const boost::system::error_code& ec);

}  // namespace gw::links
