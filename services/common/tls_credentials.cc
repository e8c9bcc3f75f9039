#include "services/common/tls_credentials.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "workflow/text_config.h"

namespace nianbao::service {
namespace {

namespace config_v1 = ::nianbao::config::v1;

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct PkeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using BioPtr = std::unique_ptr<BIO, BioFree>;
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;

absl::StatusOr<std::string> ReadPemFile(const std::string& path) {
  return nianbao::workflow::ReadConfigFile(path, " TLS 文件", "TLS file");
}

BioPtr MemoryBio(const std::string& pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::Status NotPem(const std::string& path, absl::string_view what_zh, absl::string_view what) {
  return absl::InvalidArgumentError(
      absl::StrCat(path, " 中没有 PEM 格式的", what_zh, " (", path, " holds no PEM ", what, ")"));
}

// The certificates of a PEM file, in order; an error when there are none.
absl::StatusOr<std::vector<X509Ptr>> ParseCertificates(const std::string& path,
                                                       const std::string& pem) {
  BioPtr bio = MemoryBio(pem);
  std::vector<X509Ptr> certificates;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    certificates.emplace_back(cert);
  }
  if (certificates.empty()) return NotPem(path, "证书", "certificate");
  return certificates;
}

absl::StatusOr<std::string> ReadCertificates(const std::string& path) {
  absl::StatusOr<std::string> pem = ReadPemFile(path);
  if (!pem.ok()) return pem.status();
  if (absl::Status parsed = ParseCertificates(path, *pem).status(); !parsed.ok()) return parsed;
  return pem;
}

// A certificate chain and its key, PEM, checked to belong together.
struct KeyCertPair {
  std::string cert_chain;
  std::string private_key;
};

absl::StatusOr<KeyCertPair> ReadKeyCertPair(const std::string& cert_file,
                                            const std::string& key_file,
                                            absl::string_view cert_setting,
                                            absl::string_view key_setting) {
  if (cert_file.empty() != key_file.empty()) {
    const absl::string_view missing = cert_file.empty() ? cert_setting : key_setting;
    return absl::InvalidArgumentError(absl::StrCat("TLS 证书与私钥须同时配置：缺少 ", missing,
                                                   " (a TLS certificate needs its key and the "
                                                   "reverse: ",
                                                   missing, " is missing)"));
  }
  absl::StatusOr<std::string> chain = ReadPemFile(cert_file);
  if (!chain.ok()) return chain.status();
  absl::StatusOr<std::vector<X509Ptr>> certificates = ParseCertificates(cert_file, *chain);
  if (!certificates.ok()) return certificates.status();
  absl::StatusOr<std::string> key_pem = ReadPemFile(key_file);
  if (!key_pem.ok()) return key_pem.status();
  BioPtr bio = MemoryBio(*key_pem);
  PkeyPtr key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  if (key == nullptr)
    return NotPem(key_file, "私钥（或私钥已加密）", "private key (or it is encrypted)");
  if (X509_check_private_key(certificates->front().get(), key.get()) != 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("私钥 ", key_file, " 与证书 ", cert_file, " 不匹配 (the key ", key_file,
                     " does not belong to the certificate ", cert_file, ")"));
  }
  return KeyCertPair{*std::move(chain), *std::move(key_pem)};
}

// "host" of "host:port", "[v6]:port", "ipv4:host:port" or "dns:///host:port".
std::string HostOf(absl::string_view address) {
  absl::ConsumePrefix(&address, "dns:///");
  absl::ConsumePrefix(&address, "ipv4:");
  absl::ConsumePrefix(&address, "ipv6:");
  if (absl::ConsumePrefix(&address, "[")) {
    return std::string(address.substr(0, address.find(']')));
  }
  const size_t colon = address.rfind(':');
  return std::string(colon == absl::string_view::npos ? address : address.substr(0, colon));
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const config_v1::ServerTlsConfig& config) {
  if (config.cert_file().empty() && config.key_file().empty()) {
    if (!config.client_ca_file().empty()) {
      return absl::InvalidArgumentError(
          "要求客户端证书须先配置服务器证书：缺少 tls.cert_file (client_ca_file needs the "
          "server's own certificate: tls.cert_file is missing)");
    }
    return grpc::InsecureServerCredentials();
  }
  absl::StatusOr<KeyCertPair> pair =
      ReadKeyCertPair(config.cert_file(), config.key_file(), "tls.cert_file", "tls.key_file");
  if (!pair.ok()) return pair.status();
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({pair->private_key, pair->cert_chain});
  if (!config.client_ca_file().empty()) {
    absl::StatusOr<std::string> client_cas = ReadCertificates(config.client_ca_file());
    if (!client_cas.ok()) return client_cas.status();
    options.pem_root_certs = *std::move(client_cas);
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

bool UsesTls(const config_v1::ClientTlsConfig& config) {
  return !config.ca_file().empty() || !config.cert_file().empty() || !config.key_file().empty();
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const config_v1::ClientTlsConfig& config) {
  if (!UsesTls(config)) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  if (!config.ca_file().empty()) {
    absl::StatusOr<std::string> cas = ReadCertificates(config.ca_file());
    if (!cas.ok()) return cas.status();
    options.pem_root_certs = *std::move(cas);
  }
  if (!config.cert_file().empty() || !config.key_file().empty()) {
    absl::StatusOr<KeyCertPair> pair =
        ReadKeyCertPair(config.cert_file(), config.key_file(), "cert_file", "key_file");
    if (!pair.ok()) return pair.status();
    options.pem_cert_chain = std::move(pair->cert_chain);
    options.pem_private_key = std::move(pair->private_key);
  }
  return grpc::SslCredentials(options);
}

bool IsLoopbackAddress(absl::string_view address) {
  if (absl::StartsWith(address, "unix:") || absl::StartsWith(address, "unix-abstract:")) {
    return true;
  }
  const std::string host = HostOf(address);
  if (host == "localhost" || host == "::1") return true;
  std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  int first = 0;
  return octets.size() == 4 && absl::SimpleAtoi(octets[0], &first) && first == 127;
}

}  // namespace nianbao::service
