// nianbao-validatord: the validation gRPC server (nianbao.v1.ValidationService), with health and
// reflection. Stateless; stops gracefully on SIGTERM or SIGINT.
#include <algorithm>
#include <cstdint>
#include <iostream>
#include <limits>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "nianbao/config/v1/validation_server.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/common/server_bootstrap.h"
#include "services/validation/import_core.h"
#include "services/validation/validation_grpc_service.h"

namespace {
constexpr char kDefaultListen[] = "127.0.0.1:50061";
}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "nianbao-validatord: 年度报告校验服务 (annual report validation service).\n"
      "  nianbao-validatord [--listen=HOST:PORT] [--config=FILE] [--port_file=FILE]");
  absl::ParseCommandLine(argc, argv);
  nianbao::config::v1::ValidationServerConfig config;
  if (absl::Status status = nianbao::service::LoadConfigFromFlags(&config); !status.ok()) {
    std::cerr << "nianbao-validatord: " << status.message() << std::endl;
    return 2;
  }
  absl::StatusOr<nianbao::service::ServerOptions> options =
      nianbao::service::PrepareServerOptions(config.server(), kDefaultListen);
  if (!options.ok()) {
    std::cerr << "nianbao-validatord: " << options.status().message() << std::endl;
    return 2;
  }
  nianbao::validation::ValidationLimits limits;
  if (config.max_report_bytes() > 0) limits.max_report_bytes = config.max_report_bytes();
  if (config.max_import_bytes() > 0) limits.max_import_bytes = config.max_import_bytes();
  // ImportDocument's documents must reach the handler, which refuses an oversized one naming the
  // field (the transport's own refusal names nothing): without a transport limit of the operator's,
  // the server admits requests that large; with one, that limit wins and the documents follow it.
  const int64_t import_request_bytes =
      std::min<int64_t>(limits.max_import_bytes + nianbao::validation::kImportRequestOverheadBytes,
                        std::numeric_limits<int>::max());
  const bool transport_limit_set = config.server().max_receive_message_bytes() > 0 ||
                                   absl::GetFlag(FLAGS_max_receive_message_bytes) > 0;
  if (!transport_limit_set && options->max_receive_message_bytes < import_request_bytes) {
    options->max_receive_message_bytes = static_cast<int>(import_request_bytes);
  } else if (options->max_receive_message_bytes < import_request_bytes) {
    limits.max_import_bytes = std::max<int64_t>(
        0, options->max_receive_message_bytes - nianbao::validation::kImportRequestOverheadBytes);
    std::cerr << "nianbao-validatord: max_import_bytes lowered to " << limits.max_import_bytes
              << " to fit max_receive_message_bytes " << options->max_receive_message_bytes
              << std::endl;
  }
  nianbao::validation::ValidationGrpcService service(limits);
  if (absl::Status status = nianbao::service::RunServerUntilSignal(
          *options, {{&service, nianbao::v1::ValidationService::service_full_name()}}, nullptr);
      !status.ok()) {
    std::cerr << "nianbao-validatord: " << status.message() << std::endl;
    return 1;
  }
  return 0;
}
