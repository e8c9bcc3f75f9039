// StatusIs(code) and IsOk() matchers for absl::Status / absl::StatusOr (Abseil 20220623 has none).
#ifndef NIANBAO_TESTS_SUPPORT_STATUS_MATCHERS_H_
#define NIANBAO_TESTS_SUPPORT_STATUS_MATCHERS_H_

#include <gmock/gmock.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace nianbao::testing {

inline const absl::Status& GetStatus(const absl::Status& status) { return status; }
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

MATCHER_P(StatusIs, code, "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher, "") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.code() == code &&
         ::testing::ExplainMatchResult(message_matcher, std::string(status.message()),
                                       result_listener);
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "status is " << status;
  return status.ok();
}

}  // namespace nianbao::testing

#define NIANBAO_ASSERT_OK(expr) ASSERT_THAT(expr, ::nianbao::testing::IsOk())
#define NIANBAO_EXPECT_OK(expr) EXPECT_THAT(expr, ::nianbao::testing::IsOk())

#endif  // NIANBAO_TESTS_SUPPORT_STATUS_MATCHERS_H_
