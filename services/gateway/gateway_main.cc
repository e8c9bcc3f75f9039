// nianbao-gatewayd: the HTTP/JSON face of the API (REST from google.api.http, the Connect
// protocol, the change feed as Server-Sent Events, /openapi.json, /healthz) in front of
// nianbao-workflowd and nianbao-validatord, which it calls over gRPC. It holds no data: it
// transcodes each request with the descriptors compiled into it and forwards the caller's bearer
// token. On SIGTERM or SIGINT it stops accepting, lets requests in flight finish within the grace
// period, then ends the streams still open.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "grpc/health/v1/health.pb.h"
#include "nianbao/v1/admin.pb.h"
#include "nianbao/v1/agency.pb.h"
#include "nianbao/v1/audit.pb.h"
#include "nianbao/v1/office.pb.h"
#include "nianbao/v1/validation.pb.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/common/server_bootstrap.h"
#include "services/common/tls_credentials.h"
#include "services/gateway/backend_client.h"
#include "services/gateway/gateway_config.h"
#include "services/gateway/gateway_router.h"
#include "services/gateway/http_server.h"
#include "services/gateway/local_errors.h"
#include "services/gateway/transcoder.h"

namespace {

int Fail(int code, absl::string_view message) {
  std::cerr << "nianbao-gatewayd: " << message << std::endl;
  return code;
}

// The services the gateway serves, each named by one of its messages' files so that the linker
// keeps the file (and its registration in the generated pool) in the binary.
std::vector<std::string> ServedServices() {
  const google::protobuf::FileDescriptor* files[] = {
      nianbao::v1::GetReportRequest::descriptor()->file(),
      nianbao::v1::GetAgencyRequest::descriptor()->file(),
      nianbao::v1::GetPublicKeyRequest::descriptor()->file(),
      nianbao::v1::ListBackupsRequest::descriptor()->file(),
      nianbao::v1::GetFilingStatusRequest::descriptor()->file(),
      nianbao::v1::ValidateRequest::descriptor()->file(),
      grpc::health::v1::HealthCheckRequest::descriptor()->file(),
  };
  std::vector<std::string> services;
  for (const google::protobuf::FileDescriptor* file : files) {
    for (int i = 0; i < file->service_count(); ++i) {
      services.push_back(file->service(i)->full_name());
    }
  }
  return services;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "nianbao-gatewayd: 年报 HTTP/JSON 网关 (HTTP/JSON gateway of the annual report API).\n"
      "  nianbao-gatewayd --workflow_address=HOST:PORT --validation_address=HOST:PORT\n"
      "                   [--listen=HOST:PORT] [--config=FILE] [--port_file=FILE] [--tls_*]");
  absl::ParseCommandLine(argc, argv);
  nianbao::service::PrepareProcessForServing();
  absl::StatusOr<nianbao::gateway::GatewayOptions> options = nianbao::gateway::LoadGatewayOptions();
  if (!options.ok()) return Fail(2, options.status().message());
  absl::StatusOr<std::unique_ptr<nianbao::gateway::RouteTable>> routes =
      nianbao::gateway::RouteTable::FromPool(google::protobuf::DescriptorPool::generated_pool(),
                                             ServedServices());
  if (!routes.ok()) return Fail(2, routes.status().message());
  absl::StatusOr<std::string> openapi = nianbao::gateway::OpenApiDocument(**routes);
  if (!openapi.ok()) return Fail(2, openapi.status().message());
  absl::StatusOr<std::unique_ptr<nianbao::gateway::BackendClient>> backend =
      nianbao::gateway::BackendClient::Create(options->config);
  if (!backend.ok()) return Fail(2, backend.status().message());

  nianbao::gateway::GatewayRouter router(&*options, routes->get(), backend->get(), *openapi);
  nianbao::gateway::SessionEnvironment environment;
  environment.max_body_bytes = options->max_body_bytes;
  environment.idle_timeout = options->idle_timeout;
  environment.trusted_proxies = options->trusted_proxies;
  environment.handler = [&router](std::shared_ptr<nianbao::gateway::HttpExchange> exchange,
                                  nianbao::gateway::HttpRequest request) {
    router.Handle(std::move(exchange), std::move(request));
  };
  environment.error_response = [](nianbao::gateway::http::status status, const std::string& message,
                                  const nianbao::gateway::HttpRequest* request) {
    const bool too_large = status == nianbao::gateway::http::status::payload_too_large;
    const absl::StatusCode code =
        too_large ? absl::StatusCode::kResourceExhausted : absl::StatusCode::kInvalidArgument;
    const char* reason = too_large ? "BODY_TOO_LARGE" : "MALFORMED_HTTP_REQUEST";
    if (request != nullptr && nianbao::gateway::IsConnectShaped(*request)) {
      return nianbao::gateway::LocalConnectError(status, code, reason, message,
                                                 nianbao::gateway::ConnectFormOf(*request));
    }
    return nianbao::gateway::LocalError(status, code, reason, message);
  };
  absl::StatusOr<std::unique_ptr<nianbao::gateway::HttpServer>> server =
      nianbao::gateway::HttpServer::Create(*options, &environment);
  if (!server.ok()) return Fail(1, server.status().message());
  nianbao::service::ServerOptions transport;  // For the warning the gRPC servers print too.
  transport.listen = options->listen;
  transport.tls = options->tls;
  if (const std::string warning = nianbao::service::TransportWarning(transport); !warning.empty()) {
    std::cerr << warning << std::endl;
  }
  absl::Status served = (*server)->ServeUntilSignal(
      [&backend] { (void)(*backend)->CancelAllAndWait(absl::Seconds(5)); });
  if (!served.ok()) return Fail(1, served.message());
  return 0;
}
