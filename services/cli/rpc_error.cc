#include "services/cli/rpc_error.h"

#include "google/rpc/error_details.pb.h"
#include "services/cli/command_registry.h"
#include "services/common/grpc_status.h"

namespace nianbao::cli {

int PrintRpcError(absl::string_view command, const grpc::Status& status, std::ostream& err) {
  const google::rpc::Status rpc = nianbao::service::RpcStatusFromGrpc(status);
  err << command << ": 失败 failed (gRPC " << status.error_code() << "): ";
  const auto localized = nianbao::service::FindDetail<google::rpc::LocalizedMessage>(rpc);
  // Servers put the Chinese text in LocalizedMessage; some status messages already start with it.
  if (localized && status.error_message().find(localized->message()) == std::string::npos) {
    err << localized->message() << " (" << status.error_message() << ")\n";
  } else {
    err << status.error_message() << "\n";
  }
  if (auto bad = nianbao::service::FindDetail<google::rpc::BadRequest>(rpc)) {
    for (const auto& violation : bad->field_violations()) {
      err << "  字段 field " << violation.field() << ": " << violation.description() << "\n";
    }
  }
  if (auto failure = nianbao::service::FindDetail<google::rpc::PreconditionFailure>(rpc)) {
    for (const auto& violation : failure->violations()) {
      err << "  " << violation.type() << " " << violation.subject() << ": "
          << violation.description() << "\n";
    }
  }
  // NOT_FOUND carries a ResourceInfo too: say which the resource is, the one that exists or the
  // one that does not.
  if (auto resource = nianbao::service::FindDetail<google::rpc::ResourceInfo>(rpc)) {
    const char* label = status.error_code() == grpc::StatusCode::ALREADY_EXISTS ? "已存在 existing"
                        : status.error_code() == grpc::StatusCode::NOT_FOUND ? "不存在 not found"
                                                                             : "资源 resource";
    err << "  " << label << ": " << resource->resource_name() << "\n";
  }
  // UNAVAILABLE with nothing from the server: the connection itself failed, most often a wrong
  // address, a server that is down, or plaintext sent to a TLS server (gRPC says only "Socket
  // closed").
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE && rpc.details_size() == 0) {
    err << "  无法连接服务器：请核对 --server 地址与服务是否运行；服务器若启用 TLS，请加 --tls-ca "
           "(cannot reach the server: check --server and that it runs; if it serves TLS, give "
           "--tls-ca)\n";
  }
  return kExitFailure;
}

}  // namespace nianbao::cli
