// Every (state, action, role): allowed with its effects, or refused with the right code. The
// expectations are written out here independently of workflow/transition_table.cc.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/support/status_matchers.h"
#include "workflow/lifecycle.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;
using ::nianbao::testing::StatusIs;

constexpr char kAgency[] = "shuyang-fagaiju";
const absl::Time kNow = absl::FromUnixSeconds(1706000000);  // 2024-01-23

struct Allowed {
  v1::ReportState from;
  WorkflowAction action;
  v1::Role role;
  v1::ReportState to;
  v1::RevisionKind freezes;
};

// The lifecycle as the issue states it.
const Allowed kAllowed[] = {
    {v1::REPORT_STATE_UNSPECIFIED, WorkflowAction::kCreate, v1::ROLE_DRAFTER,
     v1::REPORT_STATE_DRAFT, v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_DRAFT, WorkflowAction::kUpdate, v1::ROLE_DRAFTER, v1::REPORT_STATE_DRAFT,
     v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_DRAFT, WorkflowAction::kSubmit, v1::ROLE_DRAFTER, v1::REPORT_STATE_IN_REVIEW,
     v1::REVISION_KIND_SUBMITTED},
    {v1::REPORT_STATE_IN_REVIEW, WorkflowAction::kWithdraw, v1::ROLE_DRAFTER,
     v1::REPORT_STATE_DRAFT, v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_IN_REVIEW, WorkflowAction::kReject, v1::ROLE_REVIEWER, v1::REPORT_STATE_DRAFT,
     v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_IN_REVIEW, WorkflowAction::kReject, v1::ROLE_APPROVER, v1::REPORT_STATE_DRAFT,
     v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_APPROVED, WorkflowAction::kReject, v1::ROLE_APPROVER, v1::REPORT_STATE_DRAFT,
     v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_APPROVED, WorkflowAction::kReject, v1::ROLE_PUBLISHER, v1::REPORT_STATE_DRAFT,
     v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_IN_REVIEW, WorkflowAction::kApprove, v1::ROLE_APPROVER,
     v1::REPORT_STATE_APPROVED, v1::REVISION_KIND_UNSPECIFIED},
    {v1::REPORT_STATE_APPROVED, WorkflowAction::kPublish, v1::ROLE_PUBLISHER,
     v1::REPORT_STATE_PUBLISHED, v1::REVISION_KIND_PUBLISHED},
    {v1::REPORT_STATE_PUBLISHED, WorkflowAction::kCorrect, v1::ROLE_PUBLISHER,
     v1::REPORT_STATE_DRAFT, v1::REVISION_KIND_UNSPECIFIED},
};

const Allowed* FindAllowed(v1::ReportState state, WorkflowAction action, v1::Role role) {
  for (const Allowed& allowed : kAllowed) {
    if (allowed.from == state && allowed.action == action && allowed.role == role) return &allowed;
  }
  return nullptr;
}

bool AnyRoleMay(v1::ReportState state, WorkflowAction action) {
  for (const Allowed& allowed : kAllowed) {
    if (allowed.from == state && allowed.action == action) return true;
  }
  return false;
}

// Whether `role` may take `action` in some state.
bool RoleMayEver(WorkflowAction action, v1::Role role) {
  for (const Allowed& allowed : kAllowed) {
    if (allowed.action == action && allowed.role == role) return true;
  }
  return false;
}

// Whether `status` (message or any detail) says what state a report is in, or that it exists.
std::string DisclosedState(const absl::Status& status) {
  std::vector<std::string> words = {"REPORT_STATE_", "草稿",     "审核中",   "已批准",
                                    "已发布",        "尚未创建", "agencies/"};
  std::string found;
  auto look = [&](absl::string_view text) {
    for (const std::string& word : words) {
      if (absl::StrContains(text, word)) found = word;
    }
  };
  look(status.message());
  status.ForEachPayload(
      [&](absl::string_view, const absl::Cord& payload) { look(std::string(payload)); });
  return found;
}

// A stored report in `state`, submitted and last edited by someone else than the actor.
v1::Report ReportIn(v1::ReportState state, const std::string& submitter) {
  v1::Report report;
  if (state == v1::REPORT_STATE_UNSPECIFIED) return report;
  report.set_name(ReportName(kAgency, 2023));
  report.set_agency_id(kAgency);
  report.set_report_year(2023);
  report.set_state(state);
  report.set_revision(1);
  report.mutable_content()->mutable_metadata()->set_report_year(2023);
  report.set_creator("other.drafter");
  report.set_last_editor("other.drafter");
  if (state != v1::REPORT_STATE_DRAFT) report.set_submitter(submitter);
  if (state == v1::REPORT_STATE_PUBLISHED) report.set_published_revision(1);
  report.set_etag(ComputeEtag(report));
  return report;
}

TransitionRequest RequestFor(WorkflowAction action) {
  TransitionRequest request;
  request.action = action;
  request.agency_id = kAgency;
  request.report_year = 2023;
  request.content.mutable_metadata()->set_report_year(2023);
  request.reason = "理由";
  request.request_id = "req-1";
  request.client_address = "ipv4:127.0.0.1:5000";
  return request;
}

const v1::ReportState kStates[] = {v1::REPORT_STATE_UNSPECIFIED, v1::REPORT_STATE_DRAFT,
                                   v1::REPORT_STATE_IN_REVIEW, v1::REPORT_STATE_APPROVED,
                                   v1::REPORT_STATE_PUBLISHED};
const v1::Role kRoles[] = {v1::ROLE_DRAFTER,        v1::ROLE_REVIEWER, v1::ROLE_APPROVER,
                           v1::ROLE_PUBLISHER,      v1::ROLE_AUDITOR,  v1::ROLE_READER,
                           v1::ROLE_CENTRAL_AUDITOR};

using Case = std::tuple<v1::ReportState, WorkflowAction, v1::Role>;

class EveryTransitionTest : public ::testing::TestWithParam<Case> {};

TEST_P(EveryTransitionTest, TableDecidesAsSpecified) {
  const auto [state, action, role] = GetParam();
  const TransitionDecision decision = DecideTransition(state, action, {role}, "r");
  const Allowed* allowed = FindAllowed(state, action, role);
  if (allowed != nullptr) {
    ASSERT_TRUE(decision.allowed()) << decision.refusal;
    EXPECT_EQ(decision.rule->to, allowed->to);
    EXPECT_EQ(decision.rule->freezes, allowed->freezes);
  } else if (!RoleMayEver(action, role)) {
    // Role before state: whatever the state, the refusal is for the role and does not name it.
    EXPECT_THAT(decision.refusal, StatusIs(absl::StatusCode::kPermissionDenied));
    EXPECT_EQ(DisclosedState(decision.refusal), "") << decision.refusal;
  } else if (AnyRoleMay(state, action)) {
    EXPECT_THAT(decision.refusal, StatusIs(absl::StatusCode::kPermissionDenied));
  } else {
    EXPECT_THAT(decision.refusal, StatusIs(absl::StatusCode::kFailedPrecondition));
    google::rpc::PreconditionFailure failure;
    ASSERT_TRUE(GetDetail(decision.refusal, kPreconditionFailureTypeUrl, failure));
    // Chinese, then English.
    EXPECT_EQ(failure.violations(0).description(),
              absl::StrCat(StateDisplayName(state), " (", v1::ReportState_Name(state), ")"));
  }
}

TEST_P(EveryTransitionTest, ApplyTransitionAllowsOrRefuses) {
  const auto [state, action, role] = GetParam();
  Principal actor{"actor", "Actor", {{kAgency, {role}}}};
  // The actor submitted (so withdraw is theirs) unless approving, where that would be refused.
  const std::string submitter = action == WorkflowAction::kApprove ? "other.drafter" : "actor";
  const v1::Report current = ReportIn(state, submitter);
  absl::StatusOr<TransitionOutcome> outcome =
      ApplyTransition(current, RequestFor(action), actor, kNow);
  const Allowed* allowed = FindAllowed(state, action, role);
  if (allowed != nullptr) {
    ASSERT_TRUE(outcome.ok()) << outcome.status();
    EXPECT_EQ(outcome->report.state(), allowed->to);
    EXPECT_EQ(outcome->frozen_revision.has_value(),
              allowed->freezes != v1::REVISION_KIND_UNSPECIFIED);
    if (outcome->frozen_revision) {
      EXPECT_EQ(outcome->frozen_revision->kind(), allowed->freezes);
    }
    EXPECT_EQ(outcome->event.action(), ToAuditAction(action));
    EXPECT_EQ(outcome->event.outcome(), v1::AUDIT_OUTCOME_SUCCEEDED);
    EXPECT_EQ(outcome->event.state_before(), state);
    EXPECT_EQ(outcome->event.state_after(), allowed->to);
    EXPECT_EQ(outcome->event.actor(), "actor");
    EXPECT_EQ(outcome->event.agency_id(), kAgency);
    EXPECT_EQ(outcome->event.report(), ReportName(kAgency, 2023));
    EXPECT_EQ(outcome->event.request_id(), "req-1");
    EXPECT_EQ(outcome->event.client_address(), "ipv4:127.0.0.1:5000");
    EXPECT_EQ(outcome->event.content_sha256_after().size(), 32u);
    // The hash after is the resulting content's, whether computed or carried over unchanged.
    EXPECT_EQ(outcome->event.content_sha256_after(), ContentSha256(outcome->report.content()));
    if (outcome->frozen_revision) {
      EXPECT_EQ(outcome->frozen_revision->content_sha256(),
                ContentSha256(outcome->frozen_revision->content()));
    }
    EXPECT_EQ(outcome->event.sequence(), 0);  // The store assigns it.
    EXPECT_TRUE(outcome->event.hash().empty());
    EXPECT_NE(outcome->report.etag(), current.etag());
    EXPECT_EQ(outcome->report.etag(), ComputeEtag(outcome->report));
  } else if (!RoleMayEver(action, role)) {
    // Role before existence and state: neither is disclosed to a caller who may not act.
    EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied));
    EXPECT_EQ(DisclosedState(outcome.status()), "") << outcome.status();
    google::rpc::ErrorInfo info;
    ASSERT_TRUE(GetDetail(outcome.status(), kErrorInfoTypeUrl, info));
    EXPECT_EQ(info.reason(), "MISSING_ROLE");
  } else if (state == v1::REPORT_STATE_UNSPECIFIED && action != WorkflowAction::kCreate) {
    EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kNotFound));
    google::rpc::ResourceInfo resource;
    ASSERT_TRUE(GetDetail(outcome.status(), kResourceInfoTypeUrl, resource));
    EXPECT_EQ(resource.resource_name(), ReportName(kAgency, 2023));
    EXPECT_EQ(resource.resource_type(), "nianbao.gov.cn/Report");
  } else if (action == WorkflowAction::kCreate && state != v1::REPORT_STATE_UNSPECIFIED) {
    EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kAlreadyExists));
  } else if (AnyRoleMay(state, action)) {
    EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied));
  } else {
    EXPECT_THAT(outcome, StatusIs(absl::StatusCode::kFailedPrecondition));
  }
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  const auto [state, action, role] = info.param;
  std::string name = absl::StrCat(v1::ReportState_Name(state).substr(13), "_", ActionName(action),
                                  "_", v1::Role_Name(role).substr(5));
  return name;
}

INSTANTIATE_TEST_SUITE_P(AllStatesActionsRoles, EveryTransitionTest,
                         ::testing::Combine(::testing::ValuesIn(kStates),
                                            ::testing::ValuesIn(AllWorkflowActions()),
                                            ::testing::ValuesIn(kRoles)),
                         CaseName);

TEST(TransitionTableTest, EveryRowIsExpectedAndEveryExpectationIsARow) {
  size_t pairs = 0;
  for (const TransitionRule& rule : TransitionTable()) {
    for (v1::Role role : rule.roles) {
      EXPECT_NE(FindAllowed(rule.from, rule.action, role), nullptr)
          << v1::ReportState_Name(rule.from) << " " << ActionName(rule.action) << " "
          << v1::Role_Name(role);
      ++pairs;
    }
  }
  EXPECT_EQ(pairs, sizeof(kAllowed) / sizeof(kAllowed[0]));
}

TEST(TransitionTableTest, RefusalsAreBilingual) {
  const TransitionDecision decision =
      DecideTransition(v1::REPORT_STATE_DRAFT, WorkflowAction::kPublish, {v1::ROLE_PUBLISHER}, "r");
  EXPECT_THAT(std::string(decision.refusal.message()), ::testing::HasSubstr("草稿"));
  EXPECT_THAT(std::string(decision.refusal.message()),
              ::testing::HasSubstr("cannot publish a report in state REPORT_STATE_DRAFT"));
  google::rpc::LocalizedMessage chinese;
  ASSERT_TRUE(GetDetail(decision.refusal, kLocalizedMessageTypeUrl, chinese));
  EXPECT_EQ(chinese.locale(), "zh-CN");
  EXPECT_THAT(chinese.message(), ::testing::HasSubstr("草稿"));
  const TransitionDecision denied =
      DecideTransition(v1::REPORT_STATE_APPROVED, WorkflowAction::kPublish, {v1::ROLE_READER}, "r");
  EXPECT_THAT(std::string(denied.refusal.message()), ::testing::HasSubstr("发布人"));
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(GetDetail(denied.refusal, kErrorInfoTypeUrl, info));
  EXPECT_EQ(info.reason(), "MISSING_ROLE");
  EXPECT_EQ(info.metadata().at("required_roles"), "ROLE_PUBLISHER");
}

// For each action, a role that may never take it is refused with one and the same status in every
// state, the report missing included: nothing in it varies with what the report is.
TEST(RoleBeforeStateTest, TheRefusalForTheRoleIsTheSameInEveryState) {
  for (WorkflowAction action : AllWorkflowActions()) {
    for (v1::Role role : kRoles) {
      if (RoleMayEver(action, role)) continue;
      Principal actor{"actor", "Actor", {{kAgency, {role}}}};
      std::string first;
      for (v1::ReportState state : kStates) {
        TransitionRequest request = RequestFor(action);
        request.expected_etag = "stale";  // a wrong etag is not disclosed either
        absl::StatusOr<TransitionOutcome> outcome =
            ApplyTransition(ReportIn(state, "actor"), request, actor, kNow);
        ASSERT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied))
            << ActionName(action) << " " << v1::Role_Name(role);
        std::map<std::string, std::string> payloads;  // ForEachPayload's order is unspecified
        outcome.status().ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
          payloads[std::string(url)] = std::string(payload);
        });
        std::string whole(outcome.status().message());
        for (const auto& [url, payload] : payloads) absl::StrAppend(&whole, "|", url, "=", payload);
        if (first.empty()) first = whole;
        EXPECT_EQ(whole, first) << ActionName(action) << " " << v1::Role_Name(role) << " in "
                                << v1::ReportState_Name(state);
      }
    }
  }
}

// A caller with no role for the agency learns nothing of the agency's reports: not whether one
// exists (no NOT_FOUND, no ALREADY_EXISTS), nor its state.
TEST(RoleBeforeStateTest, AnOutsiderIsRefusedWhetherOrNotTheReportExists) {
  Principal outsider{"outsider",
                     "Outsider",
                     {{"other-agency", {v1::ROLE_DRAFTER, v1::ROLE_APPROVER, v1::ROLE_PUBLISHER}}}};
  for (WorkflowAction action : AllWorkflowActions()) {
    for (v1::ReportState state : kStates) {
      absl::StatusOr<TransitionOutcome> outcome =
          ApplyTransition(ReportIn(state, "outsider"), RequestFor(action), outsider, kNow);
      ASSERT_THAT(outcome, StatusIs(absl::StatusCode::kPermissionDenied))
          << ActionName(action) << " in " << v1::ReportState_Name(state);
      google::rpc::ErrorInfo info;
      ASSERT_TRUE(GetDetail(outcome.status(), kErrorInfoTypeUrl, info));
      EXPECT_EQ(info.reason(), "NO_ROLE_FOR_AGENCY");
      EXPECT_FALSE(absl::StrContains(outcome.status().message(), "REPORT_STATE_"));
    }
  }
}

// A caller who holds a role for the action learns the state (and existence) when that is why the
// action is refused: a publisher asked to publish a draft, a drafter to update a missing report.
TEST(RoleBeforeStateTest, ACallerWhoMayActIsToldTheState) {
  Principal publisher{"pub", "Pub", {{kAgency, {v1::ROLE_PUBLISHER}}}};
  absl::StatusOr<TransitionOutcome> draft = ApplyTransition(
      ReportIn(v1::REPORT_STATE_DRAFT, "x"), RequestFor(WorkflowAction::kPublish), publisher, kNow);
  ASSERT_THAT(draft, StatusIs(absl::StatusCode::kFailedPrecondition));
  google::rpc::PreconditionFailure failure;
  ASSERT_TRUE(GetDetail(draft.status(), kPreconditionFailureTypeUrl, failure));
  EXPECT_EQ(failure.violations(0).subject(), ReportName(kAgency, 2023));
  EXPECT_EQ(failure.violations(0).description(), "草稿 (REPORT_STATE_DRAFT)");
  Principal drafter{"d", "D", {{kAgency, {v1::ROLE_DRAFTER}}}};
  absl::StatusOr<TransitionOutcome> missing =
      ApplyTransition(v1::Report(), RequestFor(WorkflowAction::kUpdate), drafter, kNow);
  ASSERT_THAT(missing, StatusIs(absl::StatusCode::kNotFound));
  google::rpc::ResourceInfo resource;
  ASSERT_TRUE(GetDetail(missing.status(), kResourceInfoTypeUrl, resource));
  EXPECT_EQ(resource.resource_name(), "agencies/shuyang-fagaiju/reports/2023");
}

}  // namespace
}  // namespace nianbao::workflow
