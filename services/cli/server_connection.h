// How the commands that call a server (report, audit, validate --server) open their channel:
// plaintext or TLS, from the options every one of them takes.
//   --tls-ca FILE     the CAs (PEM) that issue the server's certificate: connect over TLS
//   --tls-cert FILE   a client certificate chain (PEM), for a server that requires one
//   --tls-key FILE    its private key (PEM)
//   --plaintext       allow a bearer token to cross the network unencrypted
// Each file may also come from $NIANBAO_TLS_CA, $NIANBAO_TLS_CERT and $NIANBAO_TLS_KEY.
// A token is never sent in plaintext beyond this machine's loopback unless --plaintext says so:
// anyone on the path could read it and act as its holder.
#ifndef NIANBAO_SERVICES_CLI_SERVER_CONNECTION_H_
#define NIANBAO_SERVICES_CLI_SERVER_CONNECTION_H_

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "nianbao/config/v1/server.pb.h"

namespace nianbao::cli {

// The options' help lines, a string literal to append to a command's usage text.
#define NIANBAO_CLI_TRANSPORT_USAGE                                                                             \
  "  --tls-ca FILE    服务器证书的签发机构 (PEM)，以 TLS 连接 (CAs of the server's certificate: " \
  "connect over TLS)\n"                                                                                         \
  "  --tls-cert FILE --tls-key FILE  客户端证书与私钥 (client certificate and key, PEM)\n"              \
  "                   亦可用环境变量 (or) NIANBAO_TLS_CA / NIANBAO_TLS_CERT / NIANBAO_TLS_KEY\n"         \
  "  --plaintext      允许令牌以明文发往非本机地址 (allow a token in plaintext beyond "           \
  "loopback)\n"

struct TransportOptions {
  nianbao::config::v1::ClientTlsConfig tls;
  bool plaintext = false;
};

// Removes the transport options from `args` ("--tls-ca FILE" and "--tls-ca=FILE" alike) and
// returns them, completed from the environment. INVALID_ARGUMENT for an option without its value.
absl::StatusOr<TransportOptions> TakeTransportOptions(std::vector<std::string>* args);

// A channel to `server`. FAILED_PRECONDITION, before anything is sent, when `sends_token` and the
// channel would be plaintext to an address beyond loopback without --plaintext; the TLS files'
// errors as service::MakeChannelCredentials gives them.
absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const std::string& server,
                                                           const TransportOptions& options,
                                                           bool sends_token);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_SERVER_CONNECTION_H_
