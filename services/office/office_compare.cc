// OfficeCore::CompareYears and ListRepetition: the year-over-year views. Indicators come from the
// roll-up records of both years (no report read); repetition needs the published text, so it reads
// the two published revisions of each agency that published both years.
#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/office/office_indicators.h"
#include "services/office/office_paging.h"
#include "services/office/office_service_core.h"
#include "services/office/rollup_cells.h"
#include "workflow/report_years.h"
#include "workflow/resource_names.h"

namespace nianbao::office {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;
using nianbao::storage::v1::RollupRecord;
using nianbao::workflow_service::CallContext;

namespace {

std::map<std::string, const RollupRecord*> ByAgency(const std::vector<RollupRecord>& records) {
  std::map<std::string, const RollupRecord*> out;
  for (const RollupRecord& record : records) out[record.agency_id()] = &record;
  return out;
}

// The indicators of the records' sum; nullopt when there is none.
absl::StatusOr<std::optional<v1::OfficeIndicators>> SumIndicators(
    const std::vector<RollupRecord>& records) {
  if (records.empty()) return std::nullopt;
  CellTotal total;
  for (const RollupRecord& record : records) {
    if (absl::Status s = total.Add(record); !s.ok()) return s;
  }
  v1::AnnualReport tables;
  if (absl::Status s = total.ToReport(&tables); !s.ok()) return s;
  return IndicatorsOf(tables);
}

}  // namespace

absl::Status OfficeCore::CompareYears(const CallContext& call,
                                      const v1::CompareYearsRequest& request,
                                      v1::CompareYearsResponse* response) {
  absl::StatusOr<int> page_size = internal::EffectivePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = internal::QueryFingerprint("CompareYears", request);
  absl::StatusOr<std::string> after = internal::DecodePageToken(request.page_token(), fingerprint);
  if (!after.ok()) return after.status();
  const std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();  // one per call
  absl::StatusOr<std::vector<std::string>> ids =
      Scope(call, registry.get(), request.parent(), request.report_year(), wf::kFirstReportYear + 1,
            request.kind());
  if (!ids.ok()) return ids.status();
  absl::StatusOr<std::vector<RollupRecord>> current =
      store_->ListContributions(request.report_year(), &*ids);
  if (!current.ok()) return current.status();
  absl::StatusOr<std::vector<RollupRecord>> previous =
      store_->ListContributions(request.report_year() - 1, &*ids);
  if (!previous.ok()) return previous.status();
  response->Clear();
  absl::StatusOr<std::optional<v1::OfficeIndicators>> total_now = SumIndicators(*current);
  if (!total_now.ok()) return total_now.status();
  absl::StatusOr<std::optional<v1::OfficeIndicators>> total_before = SumIndicators(*previous);
  if (!total_before.ok()) return total_before.status();
  *response->mutable_rollup() = CompareIndicators(*total_now ? &**total_now : nullptr,
                                                  *total_before ? &**total_before : nullptr);
  const std::map<std::string, const RollupRecord*> now = ByAgency(*current);
  const std::map<std::string, const RollupRecord*> before = ByAgency(*previous);
  for (const std::string& id : *ids) {
    auto it_now = now.find(id);
    auto it_before = before.find(id);
    if (it_now == now.end() && it_before == before.end()) continue;
    if (!after->empty() && id <= *after) continue;
    if (response->agencies_size() == *page_size) {
      response->set_next_page_token(internal::EncodePageToken(
          response->agencies(response->agencies_size() - 1).agency().substr(9), fingerprint));
      break;
    }
    std::optional<v1::OfficeIndicators> a, b;
    if (it_now != now.end()) {
      absl::StatusOr<v1::AnnualReport> tables = RecordTables(*it_now->second);
      if (!tables.ok()) return tables.status();
      a = IndicatorsOf(*tables);
    }
    if (it_before != before.end()) {
      absl::StatusOr<v1::AnnualReport> tables = RecordTables(*it_before->second);
      if (!tables.ok()) return tables.status();
      b = IndicatorsOf(*tables);
    }
    v1::IndicatorComparison* row = response->add_agencies();
    *row = CompareIndicators(a ? &*a : nullptr, b ? &*b : nullptr);
    row->set_agency(absl::StrCat("agencies/", id));
    row->set_display_name(registry->Find(id)->name());
  }
  return absl::OkStatus();
}

absl::Status OfficeCore::ListRepetition(const CallContext& call,
                                        const v1::ListRepetitionRequest& request,
                                        v1::ListRepetitionResponse* response) {
  absl::StatusOr<int> page_size = internal::EffectivePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const std::string fingerprint = internal::QueryFingerprint("ListRepetition", request);
  absl::StatusOr<int64_t> offset = internal::DecodeOffsetToken(request.page_token(), fingerprint);
  if (!offset.ok()) return offset.status();
  const std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();  // one per call
  absl::StatusOr<std::vector<std::string>> ids =
      Scope(call, registry.get(), request.parent(), request.report_year(), wf::kFirstReportYear + 1,
            v1::AGENCY_KIND_UNSPECIFIED);
  if (!ids.ok()) return ids.status();
  const int32_t year = request.report_year();
  absl::StatusOr<std::vector<RollupRecord>> current = store_->ListContributions(year, &*ids);
  if (!current.ok()) return current.status();
  absl::StatusOr<std::vector<RollupRecord>> previous = store_->ListContributions(year - 1, &*ids);
  if (!previous.ok()) return previous.status();
  const std::map<std::string, const RollupRecord*> before = ByAgency(*previous);
  std::vector<v1::AgencyRepetition> rows;
  for (const RollupRecord& record : *current) {
    auto last = before.find(record.agency_id());
    if (last == before.end()) continue;
    absl::StatusOr<v1::ReportRevision> text = store_->GetRevision(
        {record.agency_id(), year}, record.revision(), v1::REVISION_KIND_PUBLISHED);
    if (!text.ok()) return text.status();
    absl::StatusOr<v1::ReportRevision> last_text = store_->GetRevision(
        {record.agency_id(), year - 1}, last->second->revision(), v1::REVISION_KIND_PUBLISHED);
    if (!last_text.ok()) return last_text.status();
    v1::AgencyRepetition row = RepetitionOf(text->content(), last_text->content());
    const config::v1::Agency* agency = registry->Find(record.agency_id());
    row.set_agency(absl::StrCat("agencies/", record.agency_id()));
    row.set_display_name(agency->name());
    row.set_kind(agency->kind());
    row.set_revision(wf::RevisionName(wf::ReportName(record.agency_id(), year), record.revision()));
    row.set_previous_revision(
        wf::RevisionName(wf::ReportName(record.agency_id(), year - 1), last->second->revision()));
    rows.push_back(std::move(row));
  }
  std::sort(rows.begin(), rows.end(), RepeatsMore);
  response->Clear();
  const size_t first = std::min(rows.size(), static_cast<size_t>(*offset));
  const size_t end = std::min(rows.size(), first + static_cast<size_t>(*page_size));
  for (size_t i = first; i < end; ++i) *response->add_agencies() = std::move(rows[i]);
  if (end < rows.size()) {
    response->set_next_page_token(
        internal::EncodeOffsetToken(static_cast<int64_t>(end), fingerprint));
  }
  return absl::OkStatus();
}

}  // namespace nianbao::office
