#include "services/cli/server_connection.h"

#include <grpcpp/create_channel.h>

#include <cstdlib>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/common/tls_credentials.h"

namespace nianbao::cli {
namespace {

struct FileOption {
  const char* flag;
  const char* environment;
  std::string* (nianbao::config::v1::ClientTlsConfig::*field)();
};

const FileOption kFileOptions[] = {
    {"--tls-ca", "NIANBAO_TLS_CA", &nianbao::config::v1::ClientTlsConfig::mutable_ca_file},
    {"--tls-cert", "NIANBAO_TLS_CERT", &nianbao::config::v1::ClientTlsConfig::mutable_cert_file},
    {"--tls-key", "NIANBAO_TLS_KEY", &nianbao::config::v1::ClientTlsConfig::mutable_key_file},
};

// The option `arg` (at args[*i]) sets when it is `flag` or `flag=VALUE`; advances *i past a
// separate value. False when `arg` is another option.
absl::StatusOr<bool> TakeFileOption(const FileOption& option, const std::vector<std::string>& args,
                                    size_t* i, std::string* value) {
  const std::string& arg = args[*i];
  if (absl::StartsWith(arg, absl::StrCat(option.flag, "="))) {
    *value = arg.substr(std::string(option.flag).size() + 1);
  } else if (arg == option.flag) {
    if (*i + 1 >= args.size()) {
      return absl::InvalidArgumentError(absl::StrCat(option.flag, " 缺少取值 needs a value"));
    }
    *value = args[++*i];
  } else {
    return false;
  }
  if (value->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(option.flag, " 缺少取值 needs a value"));
  }
  return true;
}

}  // namespace

absl::StatusOr<TransportOptions> TakeTransportOptions(std::vector<std::string>* args) {
  TransportOptions options;
  std::vector<std::string> rest;
  for (size_t i = 0; i < args->size(); ++i) {
    if ((*args)[i] == "--plaintext") {
      options.plaintext = true;
      continue;
    }
    bool taken = false;
    for (const FileOption& file : kFileOptions) {
      absl::StatusOr<bool> took = TakeFileOption(file, *args, &i, (options.tls.*file.field)());
      if (!took.ok()) return took.status();
      if (*took) {
        taken = true;
        break;
      }
    }
    if (!taken) rest.push_back((*args)[i]);
  }
  for (const FileOption& file : kFileOptions) {
    std::string* value = (options.tls.*file.field)();
    const char* from_environment = std::getenv(file.environment);
    if (value->empty() && from_environment != nullptr) *value = from_environment;
  }
  *args = std::move(rest);
  return options;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> OpenChannel(const std::string& server,
                                                           const TransportOptions& options,
                                                           bool sends_token) {
  if (sends_token && !service::UsesTls(options.tls) && !options.plaintext &&
      !service::IsLoopbackAddress(server)) {
    return absl::FailedPreconditionError(absl::StrCat(
        "拒绝以明文向 ", server,
        " 发送令牌：请用 --tls-ca 指定服务器证书的签发机构，或确知网络可信时加 --plaintext "
        "(refusing to send the token unencrypted to ",
        server, ": give --tls-ca, or --plaintext if the network is trusted)"));
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      service::MakeChannelCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();
  return grpc::CreateChannel(server, *credentials);
}

}  // namespace nianbao::cli
