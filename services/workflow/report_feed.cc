#include "services/workflow/report_feed.h"

#include <memory>
#include <optional>
#include <thread>
#include <utility>

#include "absl/strings/str_cat.h"
#include "workflow/request_limits.h"
#include "workflow/status_details.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = ::nianbao::v1;
namespace wf = ::nianbao::workflow;

// OUT_OF_RANGE naming cursor: the position is past everything this server has written.
absl::Status CursorPastHead(const std::string& cursor, int64_t head) {
  absl::Status status = wf::MakeStatus(
      absl::StatusCode::kOutOfRange,
      {absl::StrCat("游标超出本服务器已写入的变更（最新位置 ", head, "）：",
                    wf::QuoteForError(cursor)),
       absl::StrCat("cursor is past the newest change this server has written (position ", head,
                    "): ", wf::QuoteForError(cursor))},
      "CURSOR_PAST_HEAD", {{"field", "cursor"}});
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field("cursor");
  violation->set_description(std::string(status.message()));
  wf::SetDetail(status, wf::kBadRequestTypeUrl, bad_request);
  return status;
}

// Gathers changes into responses and sends them; remembers the last cursor sent and when.
class ResponseWriter {
 public:
  ResponseWriter(const std::function<bool(const v1::WatchReportsResponse&)>& write,
                 const ReportFeedOptions& options, int64_t start)
      : write_(write), options_(options), sent_(start) {}

  // Adds a change; sends the response once it is full. False when the client went away.
  bool Add(v1::ReportChange change, int64_t sequence) {
    bytes_ += change.ByteSizeLong();
    *response_.add_changes() = std::move(change);
    if (response_.changes_size() < options_.max_changes_per_response &&
        bytes_ < options_.max_response_bytes) {
      return true;
    }
    return Send(sequence);
  }

  // After a scan that examined everything up to `position`: sends the changes gathered; when there
  // are none but the position moved, a response that only moves the cursor, at the end of a feed
  // that does not follow, else at most every idle_cursor_interval.
  bool EndOfScan(int64_t position, bool end_of_trail, bool follow) {
    if (response_.changes_size() > 0) return Send(position);
    if (position == sent_) return true;
    const bool due =
        (end_of_trail && !follow) || options_.now() - last_write_ >= options_.idle_cursor_interval;
    return due ? Send(position) : true;
  }

 private:
  bool Send(int64_t position) {
    response_.set_next_cursor(EncodeFeedCursor(position));
    const bool written = write_(response_);
    response_.Clear();
    bytes_ = 0;
    sent_ = position;
    last_write_ = options_.now();
    return written;
  }

  const std::function<bool(const v1::WatchReportsResponse&)>& write_;
  const ReportFeedOptions& options_;
  v1::WatchReportsResponse response_;
  size_t bytes_ = 0;
  int64_t sent_;
  // The first response that only moves the cursor may go at once.
  absl::Time last_write_ = absl::InfinitePast();
};

// The answer of a feed the server ended because it is stopping: the consumer resumes elsewhere.
absl::Status ServerStopping() {
  return wf::MakeStatus(absl::StatusCode::kUnavailable,
                        {"服务正在停止，请稍后用最后的 next_cursor 重新订阅",
                         "the server is stopping; resume later with the last next_cursor"},
                        "SERVER_STOPPING");
}

}  // namespace

ReportFeed::ReportFeed(storage::ReportStore* store, wf::AgencyRegistryHandle registry,
                       ReportFeedOptions options)
    : store_(store), registry_(registry), options_(std::move(options)) {}

absl::Status ReportFeed::AuthorizeParent(const FeedCaller& caller, FeedReader& reader,
                                         const std::string& agency_id,
                                         const v1::WatchReportsRequest& request) {
  if (reader.MayRead(agency_id)) return absl::OkStatus();
  const std::string& name = caller.principal.name;
  absl::Status denied = wf::MakeStatus(
      absl::StatusCode::kPermissionDenied,
      {absl::StrCat("用户 ", name, " 无权订阅机关 ", agency_id, " 的报告变更"),
       absl::StrCat("principal ", name, " may not follow the reports of agency ", agency_id)},
      "NO_ROLE_FOR_AGENCY", {{"agency_id", agency_id}});
  v1::AuditEvent event;
  *event.mutable_time() = wf::ToTimestamp(options_.now());
  event.set_actor(name);
  event.set_agency_id(agency_id);
  event.set_action(v1::AUDIT_ACTION_READ);
  event.set_reason(absl::StrCat(denied.message(), " | 订阅报告变更 (WatchReports): parent=",
                                request.parent(), request.include_subtree() ? ", subtree" : ""));
  event.set_client_address(caller.client_address);
  event.set_client_certificate(caller.client_certificate);
  event.set_outcome(v1::AUDIT_OUTCOME_DENIED);
  storage::ReportMutation mutation;
  mutation.report_id.agency_id = agency_id;
  mutation.plan = storage::RecordEventPlan(std::move(event), denied);
  // The plan's result (the refusal) comes back once the event is written; anything else means it
  // was not, which the caller must learn rather than a silent denial.
  absl::Status committed = store_->Commit(std::move(mutation)).status();
  if (committed.ok() || committed.code() == denied.code()) return denied;
  return committed;
}

absl::Status ReportFeed::WatchReports(
    const FeedCaller& caller, const v1::WatchReportsRequest& request,
    const std::function<bool(const v1::WatchReportsResponse&)>& write,
    const std::function<bool()>& cancelled) {
  if (stopped_) return ServerStopping();
  absl::StatusOr<FeedQuery> query = CheckFeedRequest(request);
  if (!query.ok()) return query.status();
  std::shared_ptr<const wf::AgencyRegistry> registry = registry_.Snapshot();
  std::optional<FeedReader> reader(std::in_place, &caller.principal, registry.get());
  if (!query->agency_id.empty()) {
    if (registry != nullptr) {
      if (absl::Status s = registry->CheckRegistered(query->agency_id, "parent"); !s.ok()) {
        return s;
      }
    }
    if (absl::Status s = AuthorizeParent(caller, *reader, query->agency_id, request); !s.ok()) {
      return s;
    }
  }
  absl::StatusOr<storage::AuditHead> head = store_->GetAuditHead();
  if (!head.ok()) return head.status();
  if (query->after_sequence > head->sequence) {
    return CursorPastHead(request.cursor(), head->sequence);
  }
  // Counted from here to the return, whichever it is.
  struct FollowingSlot {
    std::atomic<int>* count = nullptr;
    ~FollowingSlot() {
      if (count != nullptr) count->fetch_sub(1);
    }
  } slot;
  if (query->follow) {
    if (following_.fetch_add(1) >= options_.max_following) {
      following_.fetch_sub(1);
      return wf::MakeStatus(absl::StatusCode::kResourceExhausted,
                            {absl::StrCat("持续订阅的连接已达上限（", options_.max_following,
                                          "），请稍后重试，或不带 follow 定时读取"),
                             absl::StrCat("too many feeds are following (", options_.max_following,
                                          "); retry later, or read without follow from a timer")},
                            "TOO_MANY_FOLLOWERS");
    }
    slot.count = &following_;
  }
  // The store filters what it can; the rest (a subtree, every agency, several actions, the year,
  // the caller's rights) is filtered here, change by change.
  storage::AuditEventFilter filter;
  if (!query->include_subtree) filter.agency_id = query->agency_id;
  if (query->actions.size() == 1) filter.action = *query->actions.begin();
  ResponseWriter writer(write, options_, query->after_sequence);
  int64_t position = query->after_sequence;
  while (!cancelled()) {
    if (stopped_) return ServerStopping();
    // A reload since the last scan: the subtree and the caller's reach are resolved again (the
    // reader's remembered answers were of the old registry).
    if (std::shared_ptr<const wf::AgencyRegistry> now = registry_.Snapshot(); now != registry) {
      registry = std::move(now);
      reader.emplace(&caller.principal, registry.get());
    }
    absl::StatusOr<storage::AuditEventPage> page =
        store_->ListAuditEvents(position, options_.scan_limit, filter);
    if (!page.ok()) return page.status();
    for (const v1::AuditEvent& event : page->events) {
      std::optional<v1::ReportChange> change = ChangeOfEvent(event, *query);
      if (!change || !InFeedScope(*query, registry.get(), event.agency_id()) ||
          !reader->MayRead(event.agency_id())) {
        continue;
      }
      if (!writer.Add(*std::move(change), event.sequence())) return absl::OkStatus();
    }
    position = page->last_scanned;
    if (!writer.EndOfScan(position, page->end_of_trail, query->follow)) return absl::OkStatus();
    if (page->end_of_trail) {
      if (!query->follow) return absl::OkStatus();
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(options_.follow_poll_interval));
    }
  }
  return wf::MakeStatus(absl::StatusCode::kCancelled,
                        {"订阅已取消或服务正在停止，请用最后的 next_cursor 重新订阅",
                         "the feed was cancelled or the server is stopping; resume with the last "
                         "next_cursor"},
                        "FEED_CANCELLED");
}

}  // namespace nianbao::workflow_service
