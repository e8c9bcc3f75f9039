// How every `nianbao` command reports a failed call to a server: the code, the message in Chinese
// (from the google.rpc.LocalizedMessage detail when the server sent one) and English, and the
// details a person needs to act — fields at fault, failed preconditions (state, validation
// findings), the existing resource. Never prints the caller's token.
#ifndef NIANBAO_SERVICES_CLI_RPC_ERROR_H_
#define NIANBAO_SERVICES_CLI_RPC_ERROR_H_

#include <grpcpp/grpcpp.h>

#include <ostream>

#include "absl/strings/string_view.h"

namespace nianbao::cli {

// Prints `status` for `command` (e.g. "nianbao report") to `err`; returns kExitFailure.
int PrintRpcError(absl::string_view command, const grpc::Status& status, std::ostream& err);

}  // namespace nianbao::cli

#endif  // NIANBAO_SERVICES_CLI_RPC_ERROR_H_
