// The change feed (WatchReports) without gRPC: the changes of the reports a caller may read, in
// the order they were made, read from the store's ordered scan of the global audit chain, from a
// cursor; with `follow`, new changes as they are written. The gRPC handler (workflow_service.cc)
// only authenticates, calls WatchReports and maps its status.
//
// A cursor is a position in the global chain (report_feed_query.h), and every response's
// next_cursor is the last event examined, filtered out or not: a consumer that resumes from the
// last next_cursor (or a change's own cursor) it received misses nothing and sees nothing twice,
// across reconnects and server restarts, and does not examine again what its filters left out.
//
// Access: parent "agencies/{agency_id}" needs a right to read that agency (any role for it, or
// ROLE_SUPERVISOR above it); a refusal is PERMISSION_DENIED, recorded as a DENIED READ event as
// the other reads' refusals are. Each change is checked against the caller's rights too, so
// "agencies/-" (and a subtree) silently carry only what the caller may read.
//
// Registry reloads (SIGHUP): the parent is checked against the registry in force when the call
// starts; after that a feed re-resolves its subtree and the caller's supervised agencies against
// the registry in force before each scan of the store, so that a following feed carries the
// changes of an agency added under its parent from the next scan on, and stops carrying those of an
// agency moved out of the caller's reach (its rights follow the reviewed file, as every other
// call's do). One scan is filtered with one registry.
#ifndef NIANBAO_SERVICES_WORKFLOW_REPORT_FEED_H_
#define NIANBAO_SERVICES_WORKFLOW_REPORT_FEED_H_

#include <atomic>
#include <cstddef>
#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "nianbao/v1/workflow.pb.h"
#include "services/workflow/report_feed_query.h"
#include "storage/report_store.h"
#include "workflow/agency_registry.h"
#include "workflow/agency_registry_source.h"
#include "workflow/principals.h"

namespace nianbao::workflow_service {

// The caller of one WatchReports call.
struct FeedCaller {
  nianbao::workflow::Principal principal;
  std::string client_address;      // Recorded in the event of a refusal, never sent in the feed.
  std::string client_certificate;  // Likewise.
};

struct ReportFeedOptions {
  // How often a following stream looks for new events once it has reached the head (as the audit
  // stream does).
  absl::Duration follow_poll_interval = absl::Milliseconds(100);
  // While following, how often at most a response without changes is sent to move the cursor
  // past events the filters (or the caller's rights) left out.
  absl::Duration idle_cursor_interval = absl::Seconds(3);
  // A response carries at most this many changes, and stops growing once it holds this many
  // bytes, far below a client's default 4 MiB.
  int max_changes_per_response = 100;
  size_t max_response_bytes = 1024 * 1024;
  // How many matching events one scan of the store returns at most.
  int scan_limit = 1000;
  // How many feeds may follow at once. Each holds one of the server's call threads (at most 200,
  // shared with every synchronous call) while it is open, so followers beyond this are refused
  // (RESOURCE_EXHAUSTED) rather than let them starve the reads; a feed without follow is never
  // refused for this.
  int max_following = 64;
  // The clock (tests pin it).
  std::function<absl::Time()> now = [] { return absl::Now(); };
};

class ReportFeed {
 public:
  // Borrows the store and the registry (a reloadable source or a fixed registry; nullptr: no
  // registry, parents are not checked against it and a supervisor reads only the agencies it is
  // bound to); both must outlive the feed. Thread-safe.
  ReportFeed(storage::ReportStore* store, nianbao::workflow::AgencyRegistryHandle registry,
             ReportFeedOptions options = {});

  // Calls `write` with each response in order until it returns false (the client went away: OK),
  // the head is reached (without follow: OK), or `cancelled` returns true (the client cancelled or
  // the server is shutting down: CANCELLED).
  //
  // Refusals before anything is written: INVALID_ARGUMENT naming the field (CheckFeedRequest),
  // NOT_FOUND naming parent for an agency the registry does not hold, PERMISSION_DENIED (recorded)
  // for an agency the caller may not read, OUT_OF_RANGE naming cursor for a cursor past the
  // newest event (a cursor of another server, or of data since lost), RESOURCE_EXHAUSTED for a
  // following feed while max_following are open.
  [[nodiscard]] absl::Status WatchReports(
      const FeedCaller& caller, const nianbao::v1::WatchReportsRequest& request,
      const std::function<bool(const nianbao::v1::WatchReportsResponse&)>& write,
      const std::function<bool()>& cancelled);

  // Ends every feed at once (UNAVAILABLE, resume with the last next_cursor) and refuses new ones:
  // the server calls it when it starts shutting down, so that following consumers reconnect to
  // the next server instead of holding the shutdown until its grace runs out.
  void Stop() { stopped_ = true; }

 private:
  // OK when the caller may read `agency_id`; otherwise records a DENIED READ event naming the
  // request and returns PERMISSION_DENIED (or why the refusal could not be recorded).
  absl::Status AuthorizeParent(const FeedCaller& caller, FeedReader& reader,
                               const std::string& agency_id,
                               const nianbao::v1::WatchReportsRequest& request);

  storage::ReportStore* const store_;
  const nianbao::workflow::AgencyRegistryHandle registry_;
  const ReportFeedOptions options_;
  std::atomic<int> following_{0};
  std::atomic<bool> stopped_{false};
};

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_REPORT_FEED_H_
