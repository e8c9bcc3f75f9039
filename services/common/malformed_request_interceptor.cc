#include "services/common/malformed_request_interceptor.h"

#include <google/protobuf/descriptor.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "services/common/grpc_status.h"
#include "workflow/status_details.h"

namespace nianbao::service {
namespace {

using grpc::experimental::InterceptionHookPoints;

class MalformedRequestInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit MalformedRequestInterceptor(const char* method) : method_(method) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL && status.error_message().empty()) {
        methods->ModifySendStatus(MalformedRequestStatus(method_));
      } else if (!status.ok()) {
        // A status made without ToGrpcStatus (gRPC's own, or a handler's literal one) still
        // leaves with an ErrorInfo in our domain; one made with it is sent unchanged.
        const grpc::Status detailed = WithErrorDetails(status);
        if (detailed.error_details() != status.error_details()) methods->ModifySendStatus(detailed);
      }
    }
    methods->Proceed();
  }

 private:
  const char* const method_;
};

}  // namespace

grpc::Status MalformedRequestStatus(absl::string_view method) {
  // "/nianbao.v1.AuditService/ListAuditEvents" -> "nianbao.v1.AuditService.ListAuditEvents".
  absl::string_view name = method;
  if (!name.empty() && name.front() == '/') name.remove_prefix(1);
  const google::protobuf::MethodDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrReplaceAll(name, {{"/", "."}}));
  const std::string type =
      descriptor != nullptr ? descriptor->input_type()->full_name() : "the method's request";
  return ToGrpcStatus(nianbao::workflow::InvalidField(
      "(request)", {absl::StrCat("请求无法解析为 ", type),
                    absl::StrCat("the request does not parse as ", type)}));
}

grpc::experimental::Interceptor* MalformedRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new MalformedRequestInterceptor(info->method());
}

std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MalformedRequestInterceptors() {
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> creators;
  creators.push_back(std::make_unique<MalformedRequestInterceptorFactory>());
  return creators;
}

}  // namespace nianbao::service
