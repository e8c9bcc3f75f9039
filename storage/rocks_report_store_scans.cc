// Range scans of the store: report lists over the primary key or an index, and audit-trail pages.
// Each scan reads one snapshot, so an index entry and the report it names agree.
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "rocksdb/db.h"
#include "storage/key_encoding.h"
#include "storage/parse_stored.h"
#include "storage/rocks_report_store.h"
#include "storage/rocks_status.h"
#include "workflow/status_details.h"

namespace nianbao::storage {
namespace {

using nianbao::v1::AuditEvent;
using nianbao::v1::Report;

// The scan a ListReports call uses; the first byte of its page tokens.
enum class ReportScan : char { kByKey = 'K', kByState = 'S', kByYear = 'Y', kByTime = 'T' };

absl::Time EventTime(const AuditEvent& event) {
  return absl::FromUnixSeconds(event.time().seconds()) + absl::Nanoseconds(event.time().nanos());
}

bool Matches(const AuditEvent& event, const AuditEventFilter& filter) {
  if (!filter.actor.empty() && event.actor() != filter.actor) return false;
  if (!filter.agency_id.empty() && event.agency_id() != filter.agency_id) return false;
  if (filter.action != nianbao::v1::AUDIT_ACTION_UNSPECIFIED && event.action() != filter.action) {
    return false;
  }
  if (filter.start_time && EventTime(event) < *filter.start_time) return false;
  if (filter.end_time && EventTime(event) >= *filter.end_time) return false;
  return true;
}

bool Matches(const Report& report, const ReportFilter& filter) {
  if (!filter.agency_id.empty() && report.agency_id() != filter.agency_id) return false;
  if (filter.report_year && report.report_year() != *filter.report_year) return false;
  if (filter.state != nianbao::v1::REPORT_STATE_UNSPECIFIED && report.state() != filter.state) {
    return false;
  }
  if (filter.published_only && report.published_revision() <= 0) return false;
  if (filter.visible && !filter.visible(report.agency_id())) return false;
  return true;
}

// How many entries one audit scan examines at most, so that a selective filter over a long trail
// answers in bounded time; the caller continues from last_scanned.
constexpr int kMaxAuditScan = 20000;

// INVALID_ARGUMENT naming page_token (BadRequest), as the API promises for every bad token.
absl::Status BadPageToken() {
  return nianbao::workflow::InvalidField(
      "page_token",
      {"分页标记无效或与筛选条件不符", "page_token is invalid or belongs to another filter"});
}

}  // namespace

absl::StatusOr<ReportPage> RocksReportStore::ListReports(const ReportFilter& filter, int page_size,
                                                         const std::string& page_token) {
  if (page_size <= 0) return absl::InvalidArgumentError("page_size must be positive");
  // The most selective scan first; the remaining conditions are checked on each report.
  ReportScan scan = ReportScan::kByKey;
  ColumnFamily family = kReports;
  std::string prefix;
  if (filter.order_by_update_time) {
    scan = ReportScan::kByTime;
    family = kIndexes;
    prefix = std::string(1, kUpdateTimeIndexTag);
  } else if (filter.state != nianbao::v1::REPORT_STATE_UNSPECIFIED) {
    scan = ReportScan::kByState;
    family = kIndexes;
    prefix = std::string(1, kStateIndexTag) + static_cast<char>(filter.state);
    if (!filter.agency_id.empty()) AppendString(&prefix, filter.agency_id);
  } else if (!filter.agency_id.empty()) {
    AppendString(&prefix, filter.agency_id);
  } else if (filter.report_year) {
    scan = ReportScan::kByYear;
    family = kIndexes;
    prefix = std::string(1, kYearIndexTag);
    AppendInt32(&prefix, *filter.report_year);
  }
  std::string start = prefix;
  bool skip_start = false;
  if (!page_token.empty()) {
    if (page_token[0] != static_cast<char>(scan)) return BadPageToken();
    start = page_token.substr(1);
    if (start.compare(0, prefix.size(), prefix) != 0) return BadPageToken();
    skip_start = true;
  }

  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  if (!upper.empty()) read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(family)));
  ReportPage page;
  absl::Status status;
  std::string last_key;
  size_t page_bytes = 0;
  for (it->Seek(start); it->Valid(); it->Next()) {
    const std::string key = it->key().ToString();
    if (skip_start && key == start) continue;
    if (static_cast<int>(page.reports.size()) == page_size) {
      // There is at least one more entry: the page ends at the last one returned.
      page.next_page_token = std::string(1, static_cast<char>(scan)) + last_key;
      break;
    }
    // The entry before this one, where a page that cannot take this report ends.
    const std::string previous_key = std::move(last_key);
    last_key = key;
    std::string report_bytes;
    if (scan == ReportScan::kByKey) {
      report_bytes = it->value().ToString();
    } else {
      std::string row_key;
      if (scan == ReportScan::kByState) {
        row_key = key.substr(2);
      } else if (scan == ReportScan::kByTime) {
        row_key = key.substr(9);
      } else {
        absl::string_view rest(key);
        rest.remove_prefix(1);
        absl::StatusOr<int32_t> year = ConsumeInt32(&rest);
        absl::StatusOr<std::string> agency = year.ok() ? ConsumeString(&rest) : year.status();
        if (!agency.ok()) {
          status = agency.status();
          break;
        }
        row_key = ReportRowKey(*agency, *year);
      }
      absl::StatusOr<std::optional<std::string>> bytes = Get(kReports, row_key, snapshot);
      if (!bytes.ok() || !bytes->has_value()) {
        status =
            bytes.ok() ? absl::DataLossError("index entry names a missing report") : bytes.status();
        break;
      }
      report_bytes = **std::move(bytes);
    }
    absl::StatusOr<Report> report = ParseStored<Report>(report_bytes, "report");
    if (!report.ok()) {
      status = report.status();
      break;
    }
    // A report skipped by the filter still moves the cursor, so the token stays past it.
    if (Matches(*report, filter)) {
      size_t report_size = report_bytes.size();
      if (filter.omit_content) {
        report->clear_content();
        report_size = report->ByteSizeLong();
      }
      if (filter.max_page_bytes > 0 && !page.reports.empty() &&
          page_bytes + report_size > filter.max_page_bytes) {
        page.next_page_token = std::string(1, static_cast<char>(scan)) + previous_key;
        break;
      }
      page_bytes += report_size;
      page.reports.push_back(*std::move(report));
    }
  }
  if (status.ok()) status = FromRocksStatus(it->status(), "list reports");
  it.reset();
  db_->ReleaseSnapshot(snapshot);
  if (!status.ok()) return status;
  return page;
}

absl::StatusOr<AuditEventPage> RocksReportStore::ListAuditEvents(int64_t after_sequence, int limit,
                                                                 const AuditEventFilter& filter) {
  if (limit <= 0) return absl::InvalidArgumentError("limit must be positive");
  rocksdb::ReadOptions read_options;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kAudit)));
  AuditEventPage page;
  page.last_scanned = after_sequence;
  int examined = 0;
  for (it->Seek(AuditKey(after_sequence + 1)); it->Valid(); it->Next()) {
    if (static_cast<int>(page.events.size()) == limit || examined == kMaxAuditScan) return page;
    ++examined;
    absl::StatusOr<AuditEvent> event = ParseStored<AuditEvent>(it->value().ToString(), "event");
    if (!event.ok()) return event.status();
    page.last_scanned = event->sequence();
    if (Matches(*event, filter)) page.events.push_back(*std::move(event));
  }
  if (absl::Status s = FromRocksStatus(it->status(), "list audit events"); !s.ok()) return s;
  page.end_of_trail = true;
  return page;
}

absl::StatusOr<AuditEventPage> RocksReportStore::ListReportAuditEvents(
    const std::string& report_name, int64_t after_report_sequence, int limit,
    const AuditEventFilter& filter) {
  if (limit <= 0) return absl::InvalidArgumentError("limit must be positive");
  const rocksdb::Snapshot* snapshot = db_->GetSnapshot();
  const std::string prefix = ReportAuditPrefix(report_name);
  const std::string upper = PrefixSuccessor(prefix);
  rocksdb::Slice upper_slice(upper);
  rocksdb::ReadOptions read_options;
  read_options.snapshot = snapshot;
  read_options.iterate_upper_bound = &upper_slice;
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options, cf(kAuditByReport)));
  AuditEventPage page;
  page.last_scanned = after_report_sequence;
  absl::Status status;
  int examined = 0;
  bool stopped_early = false;
  for (it->Seek(ReportAuditKey(report_name, after_report_sequence + 1)); it->Valid(); it->Next()) {
    if (static_cast<int>(page.events.size()) == limit || examined == kMaxAuditScan) {
      stopped_early = true;
      break;
    }
    ++examined;
    absl::StatusOr<std::optional<std::string>> bytes =
        Get(kAudit, it->value().ToString(), snapshot);
    if (!bytes.ok() || !bytes->has_value()) {
      status = bytes.ok() ? absl::DataLossError(absl::StrCat("report audit index of ", report_name,
                                                             " names a missing event"))
                          : bytes.status();
      break;
    }
    absl::StatusOr<AuditEvent> event = ParseStored<AuditEvent>(**bytes, "event");
    if (!event.ok()) {
      status = event.status();
      break;
    }
    page.last_scanned = event->report_sequence();
    if (Matches(*event, filter)) page.events.push_back(*std::move(event));
  }
  if (status.ok()) status = FromRocksStatus(it->status(), "list report audit events");
  it.reset();
  db_->ReleaseSnapshot(snapshot);
  if (!status.ok()) return status;
  page.end_of_trail = !stopped_early;
  return page;
}

}  // namespace nianbao::storage
