// What error_details_test checks on every status a server sends: the invariants of issue 18
// (ErrorInfo with an UPPER_SNAKE reason in domain "nianbao.gov.cn"; BadRequest and
// PreconditionFailure descriptions in Chinese, then English) and readers of single details.
#ifndef NIANBAO_TESTS_INTEGRATION_WORKFLOW_ERROR_DETAILS_CHECKS_H_
#define NIANBAO_TESTS_INTEGRATION_WORKFLOW_ERROR_DETAILS_CHECKS_H_

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"

namespace nianbao::testing {

// Chinese characters anywhere in `text`; at least three ASCII letters in `text`.
bool HasChinese(absl::string_view text);
bool HasEnglish(absl::string_view text);

// Checks the code and the invariants every error holds (gtest failures naming `what`); returns
// the decoded status for the class's own checks.
google::rpc::Status ExpectInvariants(const grpc::Status& status, grpc::StatusCode code,
                                     const std::string& what);

// The ErrorInfo's reason, the first BadRequest field, the ResourceInfo's name ("" when absent).
std::string Reason(const google::rpc::Status& rpc);
std::string Field(const google::rpc::Status& rpc);
std::string ResourceName(const google::rpc::Status& rpc);

// Everything a status says, message and details, to look for what it must not disclose.
std::string Everything(const google::rpc::Status& rpc);

// Sends `bytes` as the request of `method` ("/package.Service/Method") as `user`.
grpc::Status SendBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::string& bytes, const std::string& user);

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_INTEGRATION_WORKFLOW_ERROR_DETAILS_CHECKS_H_
