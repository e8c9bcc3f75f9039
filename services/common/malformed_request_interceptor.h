// Makes a request that does not parse an INVALID_ARGUMENT naming the request type, on every
// method of a server. gRPC's synchronous handlers parse the request before the method runs and,
// when the bytes are not a valid message, answer INTERNAL with an empty message: a server fault
// with nothing to act on, for what is the caller's error. This interceptor rewrites exactly that
// status (a handler of ours never sends INTERNAL without a message) into the answer validatord's
// own handlers give: INVALID_ARGUMENT with a BadRequest naming "(request)" and the message type,
// looked up from the method's descriptor. Methods that parse their own bytes are unaffected.
// Any other error status that leaves without an ErrorInfo in our domain gets one (grpc_status.h's
// WithErrorDetails), so the invariant holds for statuses no handler of ours made.
#ifndef NIANBAO_SERVICES_COMMON_MALFORMED_REQUEST_INTERCEPTOR_H_
#define NIANBAO_SERVICES_COMMON_MALFORMED_REQUEST_INTERCEPTOR_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace nianbao::service {

class MalformedRequestInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;
};

// The status sent for unparseable bytes of `method` ("/package.Service/Method"): INVALID_ARGUMENT
// naming the request type when the method is known to the generated descriptor pool.
grpc::Status MalformedRequestStatus(absl::string_view method);

// The interceptor creators a server installs (ServerBuilder::experimental()).
std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
MalformedRequestInterceptors();

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_MALFORMED_REQUEST_INTERCEPTOR_H_
