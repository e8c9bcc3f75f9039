// nianbao-validatord: the validation gRPC server (nianbao.v1.ValidationService), with health and
// reflection. Stateless; stops gracefully on SIGTERM or SIGINT.
#include <iostream>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "nianbao/config/v1/validation_server.pb.h"
#include "nianbao/v1/validation.grpc.pb.h"
#include "services/common/server_bootstrap.h"
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
  nianbao::validation::ValidationGrpcService service(limits);
  if (absl::Status status = nianbao::service::RunServerUntilSignal(
          *options, {{&service, nianbao::v1::ValidationService::service_full_name()}}, nullptr);
      !status.ok()) {
    std::cerr << "nianbao-validatord: " << status.message() << std::endl;
    return 1;
  }
  return 0;
}
