// File: gateway/links/pki.h
//
// Development PKI for the mutual-TLS links, built with OpenSSL's C API: a CA and,
// per counterparty name, a server and a client certificate (RSA, because
// QuickFIX's SSL support only takes RSA keys), and the CA's certificate
// revocation list. Also functions to inspect PEM certificates (expiry,
// fingerprint) used by the TLS layer and its metrics.
//
// All functions are thread-safe (no shared state). Private keys never appear in
// logs or Status messages.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace gw::links {

// A certificate and its private key, both PEM. The key is unencrypted: keep it
// in files with 0600 permissions only.
struct PemPair {
  std::string certificate_pem;
  std::string private_key_pem;
};

enum class CertificateUsage { kCa, kServer, kClient };

struct CertificateSpec {
  std::string common_name;                 // required, 1..64 characters
  std::string organization = "Payment Gateway Development";
  std::vector<std::string> dns_names;      // subjectAltName DNS entries
  std::vector<std::string> ip_addresses;   // subjectAltName IP entries (IPv4/IPv6 text)
  CertificateUsage usage = CertificateUsage::kClient;
  // Validity: [now + not_before_offset, now + not_before_offset + validity].
  // Negative offsets back-date (tests use them to make expired certificates).
  std::chrono::seconds not_before_offset{-300};
  std::chrono::seconds validity{std::chrono::hours(24) * 365};
  int rsa_bits = 2048;  // 2048, 3072 or 4096
};

// Generates a fresh RSA key and a certificate for `spec`, signed (SHA-256) by
// `issuer` or self-signed when `issuer` is null. Errors: kInvalidArgument for a
// bad spec or issuer PEM, kInternal when OpenSSL fails.
StatusOr<PemPair> IssueCertificate(const CertificateSpec& spec, const PemPair* issuer);

// Writes the pair atomically (temporary file + rename): certificate 0644, key
// 0600. Without `overwrite`, fails with kAlreadyExists when either file exists.
Status WritePemPair(const PemPair& pair, const std::filesystem::path& cert_path,
                    const std::filesystem::path& key_path, bool overwrite);

// Reads a pair written by WritePemPair.
StatusOr<PemPair> ReadPemPair(const std::filesystem::path& cert_path,
                              const std::filesystem::path& key_path);

// The file layout of InitDevelopmentPki's directory.
struct PkiLayout {
  std::filesystem::path dir;
  std::filesystem::path CaCert() const { return dir / "ca.crt"; }
  std::filesystem::path CaKey() const { return dir / "ca.key"; }
  std::filesystem::path ServerCert(const std::string& name) const { return dir / (name + "-server.crt"); }
  std::filesystem::path ServerKey(const std::string& name) const { return dir / (name + "-server.key"); }
  std::filesystem::path ClientCert(const std::string& name) const { return dir / (name + "-client.crt"); }
  std::filesystem::path ClientKey(const std::string& name) const { return dir / (name + "-client.key"); }
  std::filesystem::path Crl() const { return dir / "ca.crl"; }
};

struct PkiInitOptions {
  std::filesystem::path dir;
  int days = 365;                   // 1..3650
  std::vector<std::string> names;   // counterparty names: [A-Za-z0-9._-]{1,64}
  // More subjectAltNames for the server certificate of a name (DNS names or
  // IP addresses), e.g. {"bank-b", {"gw.bank-b.example", "10.0.0.7"}}; each key
  // must be one of `names`.
  std::map<std::string, std::vector<std::string>> server_alt_names;
  bool force = false;               // re-create files that already exist
  int rsa_bits = 2048;
};

struct PkiInitResult {
  std::vector<std::filesystem::path> created;  // files written by this call
  std::vector<std::filesystem::path> kept;     // files that existed and were left alone
};

// Creates (idempotently) the development CA and, per name, "<name>-server" and
// "<name>-client" certificates and keys under options.dir (created 0700 when
// missing). Both carry CN = name and SAN DNS:name; a server certificate also
// its server_alt_names, and nothing else (no localhost, no 127.0.0.1: a link
// checks the name it is configured with, links.peer.server_name). Existing
// files are kept unless `force`; an existing CA is reused to issue missing
// certificates.
StatusOr<PkiInitResult> InitDevelopmentPki(const PkiInitOptions& options);

// A CRL (PEM, v2, SHA-256) signed by `issuer` (a CA certificate and its key)
// listing the certificates of `previous_crl_pem` (may be empty; must be a CRL
// of the same issuer) plus `revoke` (PEM certificates issued by `issuer`),
// with lastUpdate = now and nextUpdate = now + `validity`, and a CRL number one
// above the previous one. Errors: kInvalidArgument for unreadable input, a
// certificate or previous CRL of another issuer, a non-positive validity.
StatusOr<std::string> IssueCrl(const PemPair& issuer, const std::vector<std::string>& revoke,
                               std::chrono::seconds validity,
                               const std::string& previous_crl_pem = {});

struct PkiCrlOptions {
  std::filesystem::path dir;                    // an InitDevelopmentPki directory
  std::vector<std::filesystem::path> revoke;    // PEM certificates to add to the list
  int days = 30;                                // nextUpdate = now + days, 1..3650
};

struct PkiCrlResult {
  std::filesystem::path crl;   // dir/ca.crl
  std::size_t revoked = 0;     // entries in the new CRL
};

// (Re-)issues dir/ca.crl with the entries it already lists plus `revoke`, and a
// fresh nextUpdate; written atomically, 0644.
StatusOr<PkiCrlResult> UpdateDevelopmentCrl(const PkiCrlOptions& options);

// Inspection functions for a single PEM certificate.
StatusOr<std::chrono::system_clock::time_point> CertificateNotAfter(const std::string& cert_pem);
// Lower-case hex SHA-256 of the DER encoding, no separators (64 characters).
StatusOr<std::string> CertificateSha256Fingerprint(const std::string& cert_pem);
StatusOr<std::string> CertificateCommonName(const std::string& cert_pem);

// Canonical form of a fingerprint written as hex with or without ':' separators.
std::string NormalizeFingerprint(std::string_view text);

}  // namespace gw::links
