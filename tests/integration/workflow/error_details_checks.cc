#include "tests/integration/workflow/error_details_checks.h"

#include <grpcpp/generic/generic_stub.h>
#include <gtest/gtest.h>

#include <future>
#include <utility>

#include "absl/strings/ascii.h"
#include "google/rpc/error_details.pb.h"
#include "services/common/grpc_status.h"
#include "tests/integration/workflow/workflow_test_env.h"

namespace nianbao::testing {

using ::nianbao::service::FindDetail;

bool HasChinese(absl::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0xE4 && c <= 0xE9) return true;
  }
  return false;
}

bool HasEnglish(absl::string_view text) {
  int letters = 0;
  for (char c : text) letters += absl::ascii_isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
  return letters >= 3;
}

// The invariants every error holds; returns the decoded status for the class's own checks.
google::rpc::Status ExpectInvariants(const grpc::Status& status, grpc::StatusCode code,
                                     const std::string& what) {
  EXPECT_EQ(status.error_code(), code) << what << ": " << status.error_message();
  const google::rpc::Status rpc = RpcStatus(status);
  EXPECT_EQ(rpc.code(), static_cast<int>(code)) << what;
  const auto info = FindDetail<google::rpc::ErrorInfo>(rpc);
  EXPECT_TRUE(info.has_value()) << what << ": no ErrorInfo";
  if (info.has_value()) {
    EXPECT_EQ(info->domain(), "nianbao.gov.cn") << what;
    EXPECT_FALSE(info->reason().empty()) << what;
    for (char c : info->reason()) {
      EXPECT_TRUE(absl::ascii_isupper(static_cast<unsigned char>(c)) ||
                  absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_')
          << what << ": reason " << info->reason();
    }
  }
  if (const auto bad = FindDetail<google::rpc::BadRequest>(rpc)) {
    for (const auto& violation : bad->field_violations()) {
      EXPECT_TRUE(HasChinese(violation.description()) && HasEnglish(violation.description()))
          << what << ": " << violation.field() << ": " << violation.description();
    }
  }
  if (const auto failure = FindDetail<google::rpc::PreconditionFailure>(rpc)) {
    for (const auto& violation : failure->violations()) {
      EXPECT_TRUE(HasChinese(violation.description()) && HasEnglish(violation.description()))
          << what << ": " << violation.type() << " " << violation.subject() << ": "
          << violation.description();
    }
  }
  return rpc;
}

std::string Reason(const google::rpc::Status& rpc) {
  const auto info = FindDetail<google::rpc::ErrorInfo>(rpc);
  return info.has_value() ? info->reason() : "";
}

std::string Field(const google::rpc::Status& rpc) {
  const auto bad = FindDetail<google::rpc::BadRequest>(rpc);
  return bad.has_value() && bad->field_violations_size() > 0 ? bad->field_violations(0).field()
                                                             : "";
}

std::string ResourceName(const google::rpc::Status& rpc) {
  const auto resource = FindDetail<google::rpc::ResourceInfo>(rpc);
  return resource.has_value() ? resource->resource_name() : "";
}

// Everything a status says, message and details, to look for what it must not disclose.
std::string Everything(const google::rpc::Status& rpc) {
  std::string all = rpc.message();
  for (const auto& any : rpc.details()) all += "|" + any.value();
  return all;
}

// Sends `bytes` as the request of `method` ("/package.Service/Method") and returns the status.
grpc::Status SendBytes(const std::shared_ptr<grpc::Channel>& channel, const std::string& method,
                       const std::string& bytes, const std::string& user) {
  grpc::GenericStub generic(channel);
  auto context = ContextFor(user);
  grpc::Slice slice(bytes);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::promise<grpc::Status> done;
  generic.UnaryCall(context.get(), method, grpc::StubOptions(), &request, &response,
                    [&done](grpc::Status status) { done.set_value(std::move(status)); });
  return done.get_future().get();
}

}  // namespace nianbao::testing
