// OfficeCore::GetFilingStatus: where each agency of a subtree stands for a year, and its deadline.
// States come from the store's state index, publications and their dates from the roll-up records
// (first publication, corrections, creation, submission, approval); only the page's reports that
// were never published are read, without their content, for their dates.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "google/protobuf/arena.h"
#include "services/office/office_paging.h"
#include "services/office/office_service_core.h"
#include "workflow/deadline.h"
#include "workflow/report_years.h"
#include "workflow/resource_names.h"
#include "workflow/timestamps.h"

namespace nianbao::office {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using nianbao::storage::v1::RollupRecord;
using nianbao::workflow_service::CallContext;

namespace {

v1::FilingState FilingStateOf(v1::ReportState state) {
  switch (state) {
    case v1::REPORT_STATE_DRAFT:
      return v1::FILING_STATE_DRAFT;
    case v1::REPORT_STATE_IN_REVIEW:
      return v1::FILING_STATE_IN_REVIEW;
    case v1::REPORT_STATE_APPROVED:
      return v1::FILING_STATE_APPROVED;
    case v1::REPORT_STATE_PUBLISHED:
      return v1::FILING_STATE_PUBLISHED;
    default:
      return v1::FILING_STATE_NO_REPORT;
  }
}

absl::CivilDay DayInChina(const google::protobuf::Timestamp& time) {
  return absl::ToCivilDay(wf::FromTimestamp(time), wf::ChinaStandardTime());
}

using RecordsByAgency = std::map<absl::string_view, const RollupRecord*>;

// Everything of one agency's row that the index and the roll-up record tell (no report read); with
// `full` false only what the totals count (state, corrected, overdue): the rows of other pages.
void FillStanding(const config::v1::Agency& agency, int32_t year,
                  const std::map<std::string, v1::ReportState>& states,
                  const RecordsByAgency& records, absl::CivilDay today, bool full,
                  v1::AgencyFilingStatus* row) {
  auto state = states.find(agency.agency_id());
  auto record = records.find(agency.agency_id());
  if (!full) {
    row->set_state(state == states.end() ? v1::FILING_STATE_NO_REPORT
                                         : FilingStateOf(state->second));
    if (record != records.end()) {
      row->set_state(v1::FILING_STATE_PUBLISHED);
      row->set_corrected(record->second->revision() != record->second->first_revision() ||
                         (state != states.end() && state->second != v1::REPORT_STATE_PUBLISHED));
    }
    const std::optional<absl::CivilDay> deadline = wf::PublicationDeadline(agency.kind(), year);
    const absl::CivilDay judged =
        record != records.end() ? DayInChina(record->second->first_publish_time()) : today;
    row->set_overdue(deadline && judged > *deadline);
    return;
  }
  row->set_agency(absl::StrCat("agencies/", agency.agency_id()));
  row->set_display_name(agency.name());
  row->set_kind(agency.kind());
  row->set_region_code(agency.region_code());
  if (!agency.parent_agency_id().empty()) {
    row->set_parent_agency(absl::StrCat("agencies/", agency.parent_agency_id()));
  }
  if (state != states.end()) {
    row->set_state(FilingStateOf(state->second));
    row->set_report(wf::ReportName(agency.agency_id(), year));
  } else {
    row->set_state(v1::FILING_STATE_NO_REPORT);
  }
  if (record != records.end()) {
    // Published once is filed, whatever a correction under way makes of the current state.
    row->set_state(v1::FILING_STATE_PUBLISHED);
    row->set_corrected(record->second->revision() != record->second->first_revision() ||
                       (state != states.end() && state->second != v1::REPORT_STATE_PUBLISHED));
    *row->mutable_publish_time() = record->second->first_publish_time();
    *row->mutable_last_publish_time() = record->second->publish_time();
    if (record->second->has_submit_time()) {
      *row->mutable_submit_time() = record->second->submit_time();
    }
    if (record->second->has_approve_time()) {
      *row->mutable_approve_time() = record->second->approve_time();
    }
    if (record->second->has_create_time()) {
      *row->mutable_create_time() = record->second->create_time();
    }
  }
  const std::optional<absl::CivilDay> deadline = wf::PublicationDeadline(agency.kind(), year);
  if (!deadline) return;
  v1::Date* date = row->mutable_deadline();
  date->set_year(static_cast<int32_t>(deadline->year()));
  date->set_month(deadline->month());
  date->set_day(deadline->day());
  const absl::CivilDay judged =
      record != records.end() ? DayInChina(record->second->first_publish_time()) : today;
  if (judged > *deadline) {
    row->set_overdue(true);
    row->set_days_overdue(static_cast<int32_t>(judged - *deadline));
  } else if (record == records.end()) {
    row->set_days_left(static_cast<int32_t>(*deadline - today));
  }
}

void Count(const v1::AgencyFilingStatus& row, v1::FilingTotals* totals) {
  totals->set_agencies(totals->agencies() + 1);
  switch (row.state()) {
    case v1::FILING_STATE_DRAFT:
      totals->set_draft(totals->draft() + 1);
      break;
    case v1::FILING_STATE_IN_REVIEW:
      totals->set_in_review(totals->in_review() + 1);
      break;
    case v1::FILING_STATE_APPROVED:
      totals->set_approved(totals->approved() + 1);
      break;
    case v1::FILING_STATE_PUBLISHED:
      totals->set_published(totals->published() + 1);
      break;
    default:
      totals->set_no_report(totals->no_report() + 1);
  }
  if (row.corrected()) totals->set_corrected(totals->corrected() + 1);
  if (row.overdue()) totals->set_overdue(totals->overdue() + 1);
}

}  // namespace

absl::Status OfficeCore::GetFilingStatus(const CallContext& call,
                                         const v1::GetFilingStatusRequest& request,
                                         v1::GetFilingStatusResponse* response) {
  absl::StatusOr<int> page_size = internal::EffectivePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = internal::QueryFingerprint("GetFilingStatus", request);
  absl::StatusOr<std::string> after = internal::DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  const std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();  // one per call
  absl::StatusOr<std::vector<std::string>> ids =
      Scope(call, registry.get(), request.parent(), request.report_year(), wf::kFirstReportYear,
            request.kind());
  if (!ids.ok()) return ids.status();
  const int32_t year = request.report_year();
  absl::StatusOr<std::map<std::string, v1::ReportState>> states = store_->ListReportStates(year);
  if (!states.ok()) return states.status();
  // Every record parsed into one arena (a few allocations for thousands of records, instead of a
  // message per timestamp and cell array); the map's keys are the records' own ids.
  google::protobuf::ArenaOptions arena_options;
  arena_options.start_block_size = 64 * 1024;
  arena_options.max_block_size = 1024 * 1024;
  google::protobuf::Arena arena(arena_options);
  RecordsByAgency by_agency;
  absl::Status scanned =
      store_->ScanContributions(year, &*ids, [&](absl::string_view bytes) -> absl::Status {
        auto* record = google::protobuf::Arena::CreateMessage<RollupRecord>(&arena);
        if (!record->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
          return absl::DataLossError("stored roll-up contribution does not parse");
        }
        by_agency[record->agency_id()] = record;
        return absl::OkStatus();
      });
  if (!scanned.ok()) return scanned;

  const absl::Time now = clock_();
  const absl::CivilDay today = absl::ToCivilDay(now, wf::ChinaStandardTime());
  response->Clear();
  *response->mutable_as_of_time() = wf::ToTimestamp(now);
  for (const std::string& id : *ids) {
    v1::AgencyFilingStatus row;
    const bool on_page = (after->empty() || id > *after) && response->agencies_size() < *page_size;
    FillStanding(*registry->Find(id), year, *states, by_agency, today, on_page, &row);
    Count(row, response->mutable_totals());
    if (!after->empty() && id <= *after) continue;
    if (response->agencies_size() == *page_size) {
      if (response->next_page_token().empty()) {
        response->set_next_page_token(internal::EncodePageToken(
            response->agencies(response->agencies_size() - 1).agency().substr(9), fingerprint));
      }
      continue;
    }
    *response->add_agencies() = std::move(row);
  }
  // The page's reports that the roll-up records do not date (never published, or published before
  // the records kept the creation time): creation, and submission and approval of a revision not
  // yet published. Read without their content, which is most of a report's bytes.
  for (v1::AgencyFilingStatus& row : *response->mutable_agencies()) {
    if (row.report().empty() || row.has_create_time()) continue;
    const std::string id = row.agency().substr(9);
    absl::StatusOr<v1::Report> report = store_->GetReportWithoutContent({id, year});
    if (!report.ok()) {
      if (absl::IsNotFound(report.status())) continue;  // created or gone since the index scan
      return report.status();
    }
    *row.mutable_create_time() = report->create_time();
    if (report->published_revision() > 0) continue;
    if (report->state() == v1::REPORT_STATE_IN_REVIEW) {
      *row.mutable_submit_time() = report->update_time();  // the submission was its last change
    } else if (report->state() == v1::REPORT_STATE_APPROVED) {
      *row.mutable_approve_time() = report->update_time();  // the approval was its last change
      absl::StatusOr<v1::ReportRevision> submitted = store_->GetRevisionWithoutContent(
          {id, year}, report->revision(), v1::REVISION_KIND_SUBMITTED);
      if (submitted.ok()) *row.mutable_submit_time() = submitted->create_time();
    }
  }
  return absl::OkStatus();
}

}  // namespace nianbao::office
