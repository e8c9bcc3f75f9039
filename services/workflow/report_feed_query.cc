#include "services/workflow/report_feed_query.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/workflow/workflow_core_internal.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;

constexpr absl::string_view kCursorPrefix = "v1.";
// int64's largest value has 19 digits.
constexpr size_t kMaxSequenceDigits = 19;

absl::Status BadCursor(absl::string_view cursor) {
  return wf::InvalidField(
      "cursor",
      {absl::StrCat("游标无效（应为本订阅返回的 next_cursor）：", wf::QuoteForError(cursor)),
       absl::StrCat("cursor is not one this feed returned (a next_cursor): ",
                    wf::QuoteForError(cursor))});
}

}  // namespace

std::string EncodeFeedCursor(int64_t sequence) { return absl::StrCat(kCursorPrefix, sequence); }

absl::StatusOr<int64_t> DecodeFeedCursor(absl::string_view cursor) {
  if (cursor.empty()) return 0;
  absl::string_view digits = cursor;
  // Only the spelling EncodeFeedCursor writes: no sign, space or leading zero, so that one
  // position has one cursor.
  if (!absl::ConsumePrefix(&digits, kCursorPrefix) || digits.empty() ||
      digits.size() > kMaxSequenceDigits || (digits.size() > 1 && digits[0] == '0')) {
    return BadCursor(cursor);
  }
  for (char c : digits) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return BadCursor(cursor);
  }
  int64_t sequence = 0;
  if (!absl::SimpleAtoi(digits, &sequence) || sequence < 0) return BadCursor(cursor);
  return sequence;
}

bool IsReportChangeAction(v1::AuditAction action) {
  switch (action) {
    case v1::AUDIT_ACTION_CREATE:
    case v1::AUDIT_ACTION_UPDATE:
    case v1::AUDIT_ACTION_SUBMIT:
    case v1::AUDIT_ACTION_WITHDRAW:
    case v1::AUDIT_ACTION_REJECT:
    case v1::AUDIT_ACTION_APPROVE:
    case v1::AUDIT_ACTION_PUBLISH:
    case v1::AUDIT_ACTION_CORRECT:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<FeedQuery> CheckFeedRequest(const v1::WatchReportsRequest& request) {
  if (absl::Status s = wf::CheckTextLimit("parent", request.parent(), wf::kMaxResourceNameBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = wf::CheckTextLimit("cursor", request.cursor(), kMaxFeedCursorBytes);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = wf::CheckCountLimit("actions", request.actions_size(), kMaxFeedActions);
      !s.ok()) {
    return s;
  }
  absl::StatusOr<std::string> agency = internal::ParseAgencyParent(request.parent(), true);
  if (!agency.ok()) return agency.status();
  FeedQuery query;
  if (*agency != "-") query.agency_id = *std::move(agency);
  for (int action : request.actions()) {
    const auto typed = static_cast<v1::AuditAction>(action);
    if (!v1::AuditAction_IsValid(action) || !IsReportChangeAction(typed)) {
      const std::string name =
          v1::AuditAction_IsValid(action) ? v1::AuditAction_Name(typed) : absl::StrCat(action);
      return wf::InvalidField(
          "actions",
          {absl::StrCat("订阅只含报告的变更操作（CREATE、UPDATE、SUBMIT、WITHDRAW、REJECT、"
                        "APPROVE、PUBLISH、CORRECT）：",
                        name),
           absl::StrCat("actions may only be CREATE, UPDATE, SUBMIT, WITHDRAW, REJECT, APPROVE, "
                        "PUBLISH or CORRECT, got ",
                        name)});
    }
    query.actions.insert(typed);
  }
  const int32_t year = request.report_year();
  if (year != 0 && (year < wf::kFirstReportYear || year > wf::kLastReportYear)) {
    return wf::InvalidField("report_year",
                            {absl::StrCat("报告年度应为 0（不限）或 ", wf::kFirstReportYear, " 至 ",
                                          wf::kLastReportYear, "：", year),
                             absl::StrCat("report_year must be 0 (any) or ", wf::kFirstReportYear,
                                          " to ", wf::kLastReportYear, ", got ", year)});
  }
  query.report_year = year;
  if (request.include_subtree() && query.agency_id.empty()) {
    return wf::InvalidField(
        "include_subtree",
        {"include_subtree 须与具体机关（agencies/{机关标识}）同用，不能与 agencies/- 同用",
         "include_subtree needs one agency as parent (agencies/{agency_id}), not agencies/-"});
  }
  query.include_subtree = request.include_subtree();
  absl::StatusOr<int64_t> after = DecodeFeedCursor(request.cursor());
  if (!after.ok()) return after.status();
  query.after_sequence = *after;
  query.follow = request.follow();
  return query;
}

FeedReader::FeedReader(const wf::Principal* principal, const wf::AgencyRegistry* registry)
    : principal_(principal), registry_(registry) {
  if (registry_ == nullptr) return;
  for (const auto& [agency, roles] : principal_->roles_by_agency) {
    if (agency != wf::kEveryAgency && roles.count(v1::ROLE_SUPERVISOR) > 0) {
      supervised_roots_.push_back(agency);
    }
  }
}

bool FeedReader::MayRead(const std::string& agency_id) {
  auto it = answers_.find(agency_id);
  if (it != answers_.end()) return it->second;
  bool may = principal_->HasAnyRole(agency_id);
  for (size_t i = 0; !may && i < supervised_roots_.size(); ++i) {
    may = registry_->IsInSubtree(agency_id, supervised_roots_[i]);
  }
  answers_.emplace(agency_id, may);
  return may;
}

bool InFeedScope(const FeedQuery& query, const wf::AgencyRegistry* registry,
                 absl::string_view agency_id) {
  if (query.agency_id.empty() || agency_id == query.agency_id) return true;
  return query.include_subtree && registry != nullptr &&
         registry->IsInSubtree(agency_id, query.agency_id);
}

std::optional<v1::ReportChange> ChangeOfEvent(const v1::AuditEvent& event, const FeedQuery& query) {
  if (event.outcome() != v1::AUDIT_OUTCOME_SUCCEEDED || !IsReportChangeAction(event.action())) {
    return std::nullopt;
  }
  if (!query.actions.empty() && query.actions.count(event.action()) == 0) return std::nullopt;
  absl::StatusOr<wf::ParsedReportName> name = wf::ParseReportName(event.report(), "report");
  if (!name.ok() || name->agency_id != event.agency_id()) return std::nullopt;
  if (query.report_year != 0 && name->report_year != query.report_year) return std::nullopt;
  // Field by field, so that nothing the feed must not carry (reason, addresses, certificates)
  // can slip in with a later field of AuditEvent.
  v1::ReportChange change;
  change.set_report(event.report());
  change.set_agency_id(event.agency_id());
  change.set_report_year(name->report_year);
  change.set_action(event.action());
  change.set_state(event.state_after());
  change.set_revision(event.revision());
  change.set_published_revision(event.published_revision());
  *change.mutable_change_time() = event.time();
  change.set_actor(event.actor());
  change.set_cursor(EncodeFeedCursor(event.sequence()));
  return change;
}

}  // namespace nianbao::workflow_service
