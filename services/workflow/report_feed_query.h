// The change feed's pure parts (WatchReports), without the store or gRPC: the cursor, the request
// checked into a query, who may read which agency, and the audit event a change is made from.
//
// A change is a SUCCEEDED audit event of a report whose action is one of the eight that change a
// report (CREATE ... CORRECT). Reads, backups, restores and denied attempts are never changes, and
// a change carries nothing of the event's reason, client address or certificate.
#ifndef NIANBAO_SERVICES_WORKFLOW_REPORT_FEED_QUERY_H_
#define NIANBAO_SERVICES_WORKFLOW_REPORT_FEED_QUERY_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/resources.pb.h"
#include "nianbao/v1/workflow.pb.h"
#include "workflow/agency_registry.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

// WatchReportsRequest.cursor: at most this many bytes; at most this many action filters.
inline constexpr size_t kMaxFeedCursorBytes = 128;
inline constexpr int kMaxFeedActions = 16;

// The cursor of the position after global audit sequence `sequence`: "v1." and the sequence in
// decimal. Opaque to clients; the version prefix lets its form change without breaking old ones.
std::string EncodeFeedCursor(int64_t sequence);

// The sequence a cursor names (0 for the empty cursor: from the first change). INVALID_ARGUMENT
// naming "cursor" unless it is exactly what EncodeFeedCursor writes.
absl::StatusOr<int64_t> DecodeFeedCursor(absl::string_view cursor);

// True for the eight actions that change a report.
bool IsReportChangeAction(nianbao::v1::AuditAction action);

// A WatchReportsRequest, checked.
struct FeedQuery {
  // The agency of parent "agencies/{agency_id}"; empty for "agencies/-".
  std::string agency_id;
  bool include_subtree = false;
  std::set<nianbao::v1::AuditAction> actions;  // empty: all eight
  int32_t report_year = 0;                     // 0: every year
  int64_t after_sequence = 0;                  // from the cursor
  bool follow = false;
};

// Checks what can be checked without the store, the registry or the caller, in this order: the
// lengths (parent, cursor) and the number of actions, then parent's form (canonical
// "agencies/{agency_id}" or "agencies/-"), actions, report_year (0 or report_years.h's range),
// include_subtree (only with one agency) and the cursor. INVALID_ARGUMENT with a BadRequest naming
// the field otherwise.
absl::StatusOr<FeedQuery> CheckFeedRequest(const nianbao::v1::WatchReportsRequest& request);

// Which agencies' reports one caller may follow: any role bound to the agency (or to "*"), or
// ROLE_SUPERVISOR bound to an agency whose subtree in the registry contains it. Answers are
// remembered per agency, so one instance serves one stream (not thread-safe).
class FeedReader {
 public:
  // Borrows both; `registry` may be null (then a supervisor reads only its own agencies).
  FeedReader(const nianbao::workflow::Principal* principal,
             const nianbao::workflow::AgencyRegistry* registry);
  bool MayRead(const std::string& agency_id);

 private:
  const nianbao::workflow::Principal* const principal_;
  const nianbao::workflow::AgencyRegistry* const registry_;
  std::vector<std::string> supervised_roots_;
  std::map<std::string, bool, std::less<>> answers_;
};

// True when `agency_id` is within the query's agencies: all, the one, or (include_subtree) that
// one and those below it in the registry (only itself without a registry).
bool InFeedScope(const FeedQuery& query, const nianbao::workflow::AgencyRegistry* registry,
                 absl::string_view agency_id);

// The change `event` is, when it is one and passes the query's action and year filters (not the
// agency scope nor the caller's rights); nullopt otherwise.
std::optional<nianbao::v1::ReportChange> ChangeOfEvent(const nianbao::v1::AuditEvent& event,
                                                       const FeedQuery& query);

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_REPORT_FEED_QUERY_H_
