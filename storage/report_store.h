// The repository of reports, their immutable revisions and the audit trail: the narrow interface
// the workflow core and the audit service use. RocksReportStore (rocks_report_store.h) implements
// it on RocksDB; nothing else writes the database.
//
// Every change goes through Commit(): one ReportMutation becomes one atomic, synced write of the
// new report, its new revisions, its audit events, the index changes and the request record.
// Mutations take effect one after another in a single order (each planned from the state the ones
// before it left); concurrent callers share fsyncs.
#ifndef NIANBAO_STORAGE_REPORT_STORE_H_
#define NIANBAO_STORAGE_REPORT_STORE_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "nianbao/storage/v1/rollup.pb.h"
#include "nianbao/v1/resources.pb.h"

namespace nianbao::storage {

// Identifies one report: one per agency and report year.
struct ReportId {
  std::string agency_id;
  int32_t report_year = 0;
};

// What a mutation writes, decided from the report's current state at commit time.
struct MutationPlan {
  // The report's new current value; nullopt leaves it as it is (e.g. an audited refusal).
  std::optional<nianbao::v1::Report> report;
  // Optional: `report` already serialized, which the store then writes as the report's row instead
  // of serializing it again (a report is mostly its content, and the planner has those bytes).
  // With these bytes, `report` may leave its content out: the store reads its other fields only.
  std::string report_bytes;
  // New immutable revisions. A revision that already exists is refused (the whole mutation fails
  // with ALREADY_EXISTS and nothing is written).
  std::vector<nianbao::v1::ReportRevision> revisions;
  // Audit events to append. The store fills sequence, previous_hash and, for an event with a
  // report, report_sequence and report_previous_hash, and for an event with an agency_id,
  // agency_sequence and agency_previous_hash (32 zero bytes start a chain), then calls the
  // AuditSealer to fill hash, report_hash and agency_hash.
  std::vector<nianbao::v1::AuditEvent> audit_events;
  // Stored under the mutation's request_id when `result` is OK, and returned to retries.
  std::string response;
  // What the caller gets once the plan is durable. A non-OK result still writes the plan (used
  // for refusals that must be audited) but records no request_id.
  absl::Status result;
  // With a new `report`: the report's contribution to the office's roll-up (a publication sets
  // it), written under (report_year, agency_id) in place of the one before, in the same batch.
  std::optional<nianbao::storage::v1::RollupRecord> contribution;
};

// Decides the plan from the current report (nullopt when none exists). Runs on the caller's
// thread, so that planning (copies, digests, serialization) happens in parallel; when another
// commit changed the report before this one's turn, it is called again, on the committing thread,
// with the report as the commits before leave it. It must therefore have no effect outside its
// result and must not call the store. An error writes nothing and is returned to the caller.
using PlanFunction =
    std::function<absl::StatusOr<MutationPlan>(const std::optional<nianbao::v1::Report>& current)>;
// A plan made from the current report without its content (nullopt when none exists) and the
// content's stored bytes (empty when it has none), for a mutation that edits the content as bytes
// (workflow/serialized_merge.h) or replaces it: the stored content is then never parsed. The same
// rules as PlanFunction's apply.
using ContentBytesPlanFunction = std::function<absl::StatusOr<MutationPlan>(
    const std::optional<nianbao::v1::Report>& current_without_content,
    absl::string_view content_bytes)>;

// A plan that appends `event` alone and returns `result` (OK, or a refusal that must still be
// recorded): what audited reads, refusals, backups and restores commit.
PlanFunction RecordEventPlan(nianbao::v1::AuditEvent event, absl::Status result = absl::OkStatus());

// One change to one report.
struct ReportMutation {
  ReportId report_id;
  // Idempotency key; empty for none. A retry with the same id and fingerprint returns the first
  // response without calling `plan`; the same id with another fingerprint is INVALID_ARGUMENT.
  std::string request_id;
  // Identifies what was asked (e.g. a digest of method, caller and request).
  std::string request_fingerprint;
  // Exactly one of the two.
  PlanFunction plan;
  ContentBytesPlanFunction plan_on_content_bytes;
};

// The outcome of a committed mutation.
struct CommitResult {
  // True when the request_id had been seen: `response` is the first one and nothing was written.
  bool replayed = false;
  std::string response;
  // The report as committed (nullopt when replayed or unchanged).
  std::optional<nianbao::v1::Report> report;
  // The audit events as committed, with sequences and hashes.
  std::vector<nianbao::v1::AuditEvent> audit_events;
};

// Fills event->hash, event->report_hash and event->agency_hash from the rest of the event, whose
// sequence numbers and previous hashes are already set. Injected from the workflow library so that
// storage does not know the hashing scheme.
using AuditSealer = std::function<void(nianbao::v1::AuditEvent* event)>;

// Filters applied while scanning the audit trail. Unset fields match everything.
struct AuditEventFilter {
  std::string actor;
  std::string agency_id;
  nianbao::v1::AuditAction action = nianbao::v1::AUDIT_ACTION_UNSPECIFIED;
  std::optional<absl::Time> start_time;  // inclusive
  std::optional<absl::Time> end_time;    // exclusive
};

// A page of audit events in sequence order.
struct AuditEventPage {
  std::vector<nianbao::v1::AuditEvent> events;
  // The last position examined (global sequence, or report sequence for a report scan): pass it
  // as `after` to continue. Equal to the `after` given when nothing was examined.
  int64_t last_scanned = 0;
  // True when the scan reached the end of the trail as it was when the scan started.
  bool end_of_trail = false;
};

// The head of the global chain: the last event's sequence and hash (0 and empty when none).
struct AuditHead {
  int64_t sequence = 0;
  std::string hash;
};

// The global head and one agency chain's head as one snapshot of the database saw them: the
// agency's last event is the last one with a global sequence up to global.sequence.
struct AgencyAuditHead {
  AuditHead global;
  int64_t agency_sequence = 0;  // 0 when the agency has no event (in its chain) yet
  std::string agency_hash;      // that event's agency_hash
};

struct ReportFilter {
  std::string agency_id;  // empty: all agencies
  std::optional<int32_t> report_year;
  nianbao::v1::ReportState state = nianbao::v1::REPORT_STATE_UNSPECIFIED;  // unspecified: all
  // Only reports with a published revision (published_revision > 0), whatever their state.
  bool published_only = false;
  // Reports come without their content (the BASIC view), and the page's byte bound counts them so.
  bool omit_content = false;
  // When set, only reports of agencies for which it returns true: the caller's readable agencies,
  // applied before the page is cut so that a reader of few agencies does not page through empty
  // pages.
  std::function<bool(const std::string& agency_id)> visible;
  // Oldest change first (the last-change-time index) instead of by agency and year.
  bool order_by_update_time = false;
  // Not a condition but a bound on the page: it ends before the report that would take its
  // reports past this many serialized bytes, so that it fits what a client receives (0: no bound).
  // A page holds at least one report, whatever its size.
  size_t max_page_bytes = 0;
};

struct ReportPage {
  std::vector<nianbao::v1::Report> reports;
  // Opaque bytes (not web-safe): empty when this is the last page.
  std::string next_page_token;
};

class ReportStore {
 public:
  virtual ~ReportStore() = default;

  // Called once with a mutation's outcome, when it is durable (or has failed).
  using CommitDone = std::function<void(absl::StatusOr<CommitResult>)>;

  // Applies one mutation durably (synced WAL) and atomically, and then calls `done`: on the
  // caller's thread when the mutation fails before it is queued (or is a retry answered from its
  // record), otherwise on a thread of the store's, which `done` must therefore not block (it may
  // not wait for another commit). Thread-safe. When `done` is called with success, the writes
  // survive a crash; when with anything but the plan's own result, nothing of the mutation was
  // written.
  virtual void CommitAsync(ReportMutation mutation, CommitDone done) = 0;
  // CommitAsync, waiting for its outcome.
  [[nodiscard]] absl::StatusOr<CommitResult> Commit(ReportMutation mutation);

  // The current report, or NOT_FOUND.
  [[nodiscard]] virtual absl::StatusOr<nianbao::v1::Report> GetReport(const ReportId& id) = 0;
  // One frozen revision, or NOT_FOUND.
  [[nodiscard]] virtual absl::StatusOr<nianbao::v1::ReportRevision> GetRevision(
      const ReportId& id, int64_t revision, nianbao::v1::RevisionKind kind) = 0;
  // Every revision of a report in (revision, kind) order.
  [[nodiscard]] virtual absl::StatusOr<std::vector<nianbao::v1::ReportRevision>> ListRevisions(
      const ReportId& id) = 0;
  // Reports matching the filter in a stable order (by agency and year, or by the index the filter
  // selects). `page_token` is a previous next_page_token for the same filter; page_size > 0.
  [[nodiscard]] virtual absl::StatusOr<ReportPage> ListReports(const ReportFilter& filter,
                                                               int page_size,
                                                               const std::string& page_token) = 0;
  // The first request record for `request_id`, if any (a fast path for retries; Commit checks
  // again).
  [[nodiscard]] virtual absl::StatusOr<std::optional<std::string>> GetRequestResponse(
      const std::string& request_id, const std::string& request_fingerprint) = 0;

  // Global trail: events with sequence > after_sequence, at most `limit` matches, in order.
  [[nodiscard]] virtual absl::StatusOr<AuditEventPage> ListAuditEvents(
      int64_t after_sequence, int limit, const AuditEventFilter& filter) = 0;
  // One report's trail (by resource name): report_sequence > after_report_sequence.
  [[nodiscard]] virtual absl::StatusOr<AuditEventPage> ListReportAuditEvents(
      const std::string& report_name, int64_t after_report_sequence, int limit,
      const AuditEventFilter& filter) = 0;
  [[nodiscard]] virtual absl::StatusOr<AuditHead> GetAuditHead() = 0;
  // The global head and `agency_id`'s chain head, read from one snapshot (for a checkpoint scoped
  // to the agency).
  [[nodiscard]] virtual absl::StatusOr<AgencyAuditHead> GetAgencyAuditHead(
      const std::string& agency_id) = 0;
  // Called before a checkpoint of `head` is signed: remembers `head` durably as the last head
  // signed, unless it is shorter than the one remembered (or does not contain it: the event at the
  // remembered sequence no longer has the remembered hash), which is DATA_LOSS and remembers
  // nothing. So the server never vouches for a chain that lost events it once vouched for. A store
  // whose chain is shorter than (or does not contain) the remembered head refuses to open.
  [[nodiscard]] virtual absl::Status RecordSignedHead(const AuditHead& head) = 0;

  // The office's roll-up contributions of `report_year` (one per agency with a published report),
  // by agency id, from one snapshot; when `agency_ids` is given (sorted), only theirs. A short
  // range scan: no report is read. The default is UNIMPLEMENTED (a store without the roll-up).
  [[nodiscard]] virtual absl::StatusOr<std::vector<nianbao::storage::v1::RollupRecord>>
  ListContributions(int32_t report_year, const std::vector<std::string>* agency_ids);
  // The same records as stored (serialized RollupRecords), each passed to `visit` and valid only
  // during the call: for readers that parse into one reused message or parse only what they need
  // (a roll-up over thousands of records). An error from `visit` stops the scan and is returned.
  // The default serializes ListContributions' records.
  [[nodiscard]] virtual absl::Status ScanContributions(
      int32_t report_year, const std::vector<std::string>* agency_ids,
      const std::function<absl::Status(absl::string_view record)>& visit);
  // The current state of every report of `report_year`, by agency id. The default reads the
  // reports (BASIC); RocksReportStore scans only the state index's keys.
  [[nodiscard]] virtual absl::StatusOr<std::map<std::string, nianbao::v1::ReportState>>
  ListReportStates(int32_t report_year);
  // The current report without its content (state, revisions, dates and people), or NOT_FOUND as
  // GetReport: what the office's filing status shows of a report. The default reads the whole
  // report; RocksReportStore skips the content's bytes without parsing them.
  [[nodiscard]] virtual absl::StatusOr<nianbao::v1::Report> GetReportWithoutContent(
      const ReportId& id);
  // One frozen revision without its content, or NOT_FOUND as GetRevision (the same way).
  [[nodiscard]] virtual absl::StatusOr<nianbao::v1::ReportRevision> GetRevisionWithoutContent(
      const ReportId& id, int64_t revision, nianbao::v1::RevisionKind kind);
  // One contribution, or nullopt when the agency has published nothing for the year.
  [[nodiscard]] virtual absl::StatusOr<std::optional<nianbao::storage::v1::RollupRecord>>
  GetContribution(const ReportId& id);
  // Whether the contributions were built for every published report (true for a database created
  // by a build that keeps them; false for an older one until RebuildContributions has run).
  [[nodiscard]] virtual absl::StatusOr<bool> ContributionsBuilt();
  // What the contributions were last built as: the `version` RebuildContributions recorded ("1"
  // from builds before versions were recorded), or "" when they never were. The office rebuilds
  // them when it differs from the version it writes (its cell layout).
  [[nodiscard]] virtual absl::StatusOr<std::string> ContributionsVersion();
  // Replaces every stored contribution with `contributions` and records that they are built, as
  // `version`, in one synced batch. Only for the rebuild at start, before the store takes commits.
  [[nodiscard]] virtual absl::Status RebuildContributions(
      const std::vector<nianbao::storage::v1::RollupRecord>& contributions,
      absl::string_view version);
};

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_REPORT_STORE_H_
