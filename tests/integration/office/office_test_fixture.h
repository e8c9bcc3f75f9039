// The office's views against the real nianbao-workflowd: a three-level registry (宿迁市 > 沭阳县,
// 泗阳县 > their departments and a township), users who do the whole chain for every agency, one
// supervisor per level, and helpers that take a report to a given state with random balanced
// tables (so that the test can sum them itself).
#ifndef NIANBAO_TESTS_INTEGRATION_OFFICE_OFFICE_TEST_FIXTURE_H_
#define NIANBAO_TESTS_INTEGRATION_OFFICE_OFFICE_TEST_FIXTURE_H_

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>

#include "nianbao/v1/audit.grpc.pb.h"
#include "nianbao/v1/office.grpc.pb.h"
#include "nianbao/v1/workflow.grpc.pb.h"
#include "tests/integration/workflow/workflow_test_env.h"

namespace nianbao::testing {

inline constexpr char kCity[] = "suqian-shi";              // government
inline constexpr char kShuyang[] = "shuyang-xian";         // government, under kCity
inline constexpr char kSiyang[] = "siyang-xian";           // government, under kCity
inline constexpr char kShuyangDept[] = "shuyang-fagaiju";  // department, under kShuyang
inline constexpr char kShuyangEdu[] = "shuyang-jiaoyuju";  // department, under kShuyang
inline constexpr char kSiyangEdu[] = "siyang-jiaoyuju";    // department, under kSiyang
inline constexpr char kSiyangTown[] = "siyang-xiang-01";   // township, under kSiyang

// Users (token "<name>-token"): "clerk" drafts, reviews and publishes for every agency, "signer"
// approves for every agency, "city-office", "shuyang-office" and "siyang-office" supervise their
// level, "central" audits everything, "stranger" drafts for kAgency only.
class OfficeTest : public ::testing::Test {
 protected:
  enum class Stage { kDraft, kInReview, kApproved, kPublished };

  void SetUp() override;

  // Creates the agency's report for `year` with random balanced tables and takes it to `stage`;
  // remembers its content (contents_).
  void FileReport(const std::string& agency, int year, Stage stage);
  // Opens a correction of a published report, changes `change` in its content and publishes it.
  void CorrectAndPublish(const std::string& agency, int year,
                         const std::function<void(nianbao::v1::AnnualReport*)>& change);
  // Submits as "clerk", acknowledging every warning.
  void Submit(const std::string& name);

  nianbao::v1::AnnualReport ContentFor(const std::string& agency, int year);

  WorkflowTestEnv env_;
  std::unique_ptr<nianbao::v1::WorkflowService::Stub> workflow_;
  std::unique_ptr<nianbao::v1::OfficeService::Stub> office_;
  std::unique_ptr<nianbao::v1::AuditService::Stub> audit_;
  std::mt19937 rng_{21};
  // The content each report was last published (or filed) with, by report name.
  std::map<std::string, nianbao::v1::AnnualReport> contents_;
};

}  // namespace nianbao::testing

#endif  // NIANBAO_TESTS_INTEGRATION_OFFICE_OFFICE_TEST_FIXTURE_H_
