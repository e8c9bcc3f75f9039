// gRPC transport credentials from the TLS settings of the config files and the CLI: a server's
// certificate and key (and the CAs of the clients it admits, for mutual TLS), a client's trusted
// CAs (and its own certificate). Files are read and checked here, before gRPC sees them, so that a
// wrong path, a file that is not PEM or a key that does not belong to its certificate stops the
// program with a message naming the file; gRPC itself would only fail to listen or to connect.
#ifndef NIANBAO_SERVICES_COMMON_TLS_CREDENTIALS_H_
#define NIANBAO_SERVICES_COMMON_TLS_CREDENTIALS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>

#include <memory>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/config/v1/server.pb.h"

namespace nianbao::service {

// TLS credentials when config.cert_file is set, else plaintext ones. INVALID_ARGUMENT (naming the
// setting) for a key without a certificate or the reverse; NOT_FOUND for an unreadable file;
// INVALID_ARGUMENT (naming the file) for one that holds no PEM certificate or key, or a key that
// does not match the certificate.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const nianbao::config::v1::ServerTlsConfig& config);

// TLS channel credentials when config.ca_file or config.cert_file is set, else plaintext ones.
// Errors as MakeServerCredentials.
[[nodiscard]] absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const nianbao::config::v1::ClientTlsConfig& config);

// Whether the client settings ask for TLS.
bool UsesTls(const nianbao::config::v1::ClientTlsConfig& config);

// Whether "host:port" names this machine's loopback interface (127.0.0.0/8, [::1], localhost):
// the only place plaintext, and with it a readable bearer token, does not cross a network.
bool IsLoopbackAddress(absl::string_view address);

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_TLS_CREDENTIALS_H_
