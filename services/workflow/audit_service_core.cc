#include "services/workflow/audit_service_core.h"

#include <thread>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"
#include "workflow/digest.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"
#include "workflow/timestamps.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;
using nianbao::workflow::BilingualMessage;
using nianbao::workflow::InvalidField;
using nianbao::workflow::MakeStatus;

// What a page token is bound to: the same filters must come back with it, from the same principal.
// Only a query's first page is recorded as a read (see RecordRead), so a token that worked for
// another principal would let that one page through the trail unrecorded.
std::string FilterFingerprint(const v1::ListAuditEventsRequest& request,
                              const std::string& principal) {
  v1::ListAuditEventsRequest filters = request;
  filters.clear_page_size();
  filters.clear_page_token();
  return nianbao::workflow::HexEncode(nianbao::workflow::Sha256(absl::StrCat(
                                          principal.size(), ":", principal,
                                          nianbao::workflow::DeterministicSerialize(filters))))
      .substr(0, 16);
}

std::string FormatTime(const google::protobuf::Timestamp& time) {
  return absl::FormatTime(absl::RFC3339_full, nianbao::workflow::FromTimestamp(time),
                          absl::UTCTimeZone());
}

// The reason of a recorded read: which query, with the filters it set.
std::string DescribeQuery(const v1::ListAuditEventsRequest& request) {
  std::vector<std::string> filters;
  if (!request.agency_id().empty())
    filters.push_back(absl::StrCat("agency_id=", request.agency_id()));
  if (!request.report().empty()) filters.push_back(absl::StrCat("report=", request.report()));
  if (!request.actor().empty()) filters.push_back(absl::StrCat("actor=", request.actor()));
  if (request.action() != v1::AUDIT_ACTION_UNSPECIFIED) {
    filters.push_back(absl::StrCat("action=", v1::AuditAction_Name(request.action())));
  }
  if (request.has_start_time()) {
    filters.push_back(absl::StrCat("start_time=", FormatTime(request.start_time())));
  }
  if (request.has_end_time()) {
    filters.push_back(absl::StrCat("end_time=", FormatTime(request.end_time())));
  }
  return absl::StrCat("查询审计记录 (ListAuditEvents)", filters.empty() ? "" : ": ",
                      absl::StrJoin(filters, ", "));
}

std::string DescribeStream(const v1::StreamAuditEventsRequest& request) {
  std::vector<std::string> filters;
  if (!request.agency_id().empty())
    filters.push_back(absl::StrCat("agency_id=", request.agency_id()));
  filters.push_back(absl::StrCat("after_sequence=", request.after_sequence()));
  if (request.follow()) filters.push_back("follow=true");
  return absl::StrCat("订阅审计记录 (StreamAuditEvents): ", absl::StrJoin(filters, ", "));
}

// The token names the last position examined (global sequence, or report sequence when listing
// one report), so a page continues exactly after it however many events were written meanwhile.
std::string EncodePageToken(int64_t position, const std::string& fingerprint) {
  return absl::WebSafeBase64Escape(absl::StrCat("v1:", position, ":", fingerprint));
}

absl::StatusOr<int64_t> DecodePageToken(absl::string_view token, const std::string& fingerprint) {
  std::string raw;
  std::vector<std::string> parts;
  int64_t position = 0;
  if (absl::WebSafeBase64Unescape(token, &raw)) parts = absl::StrSplit(raw, ':');
  if (parts.size() != 3 || parts[0] != "v1" || !absl::SimpleAtoi(parts[1], &position) ||
      position < 0) {
    return InvalidField("page_token",
                        {"分页令牌无效", "page_token is not one this service issued"});
  }
  if (parts[2] != fingerprint) {
    return InvalidField("page_token",
                        {"分页令牌与查询条件不符，或属于另一用户",
                         "page_token was issued for other filters or another principal"});
  }
  return position;
}

storage::AuditEventFilter FilterOf(const v1::ListAuditEventsRequest& request) {
  storage::AuditEventFilter filter;
  filter.actor = request.actor();
  filter.agency_id = request.agency_id();
  filter.action = request.action();
  if (request.has_start_time()) {
    filter.start_time = nianbao::workflow::FromTimestamp(request.start_time());
  }
  if (request.has_end_time())
    filter.end_time = nianbao::workflow::FromTimestamp(request.end_time());
  return filter;
}

bool IsCentralAuditor(const nianbao::workflow::Principal& principal) {
  auto it = principal.roles_by_agency.find(std::string(nianbao::workflow::kEveryAgency));
  return it != principal.roles_by_agency.end() && it->second.count(v1::ROLE_CENTRAL_AUDITOR) > 0;
}

}  // namespace

AuditCore::AuditCore(storage::ReportStore* store,
                     const nianbao::workflow::AuditSigningKey* signing_key,
                     AuditCoreOptions options)
    : store_(store), signing_key_(signing_key), options_(std::move(options)) {}

absl::Status AuditCore::CommitReadEvent(const AuditCaller& caller, absl::string_view agency_id,
                                        absl::string_view report, v1::AuditOutcome outcome,
                                        std::string reason, absl::Status result) {
  v1::AuditEvent event;
  *event.mutable_time() = nianbao::workflow::ToTimestamp(options_.now());
  event.set_actor(caller.principal.name);
  event.set_agency_id(std::string(agency_id));
  event.set_report(std::string(report));
  event.set_action(v1::AUDIT_ACTION_READ);
  event.set_reason(std::move(reason));
  event.set_client_address(caller.client_address);
  event.set_client_certificate(caller.client_certificate);
  event.set_outcome(outcome);
  storage::ReportMutation mutation;
  mutation.report_id.agency_id = std::string(agency_id);
  if (!report.empty()) {
    absl::StatusOr<nianbao::workflow::ParsedReportName> parsed =
        nianbao::workflow::ParseReportName(report, "report");
    if (parsed.ok()) mutation.report_id.report_year = parsed->report_year;
  }
  mutation.plan = storage::RecordEventPlan(std::move(event), std::move(result));
  // The plan's own result (a refusal) comes back as the commit's status once the event is written.
  return store_->Commit(std::move(mutation)).status();
}

absl::Status AuditCore::RecordRefusal(const AuditCaller& caller, absl::string_view agency_id,
                                      absl::string_view report, absl::Status refusal) {
  absl::Status committed = CommitReadEvent(caller, agency_id, report, v1::AUDIT_OUTCOME_DENIED,
                                           std::string(refusal.message()), refusal);
  // Any status but the refusal itself means the refusal could not be recorded, which the caller
  // must learn about rather than a silent denial.
  if (committed.ok() || committed.code() == refusal.code()) return refusal;
  return committed;
}

absl::Status AuditCore::RecordRead(const AuditCaller& caller, absl::string_view agency_id,
                                   absl::string_view report, std::string query) {
  return CommitReadEvent(caller, agency_id, report, v1::AUDIT_OUTCOME_SUCCEEDED, std::move(query),
                         absl::OkStatus());
}

absl::Status AuditCore::AuthorizeRead(const AuditCaller& caller, absl::string_view agency_id,
                                      absl::string_view report) {
  const nianbao::workflow::Principal& principal = caller.principal;
  if (IsCentralAuditor(principal)) return absl::OkStatus();
  if (!agency_id.empty() && principal.HasRole(agency_id, v1::ROLE_AUDITOR)) {
    return absl::OkStatus();
  }
  const BilingualMessage message =
      agency_id.empty()
          ? BilingualMessage{"只有中央审计员可以查看所有机关的审计记录，请指定机关",
                             "only the central auditor reads every agency's events; set agency_id"}
          : BilingualMessage{
                absl::StrCat("用户 ", principal.name, " 不是机关 ", agency_id, " 的审计员"),
                absl::StrCat("principal ", principal.name, " is not an auditor of agency ",
                             agency_id)};
  return RecordRefusal(caller, agency_id, report,
                       MakeStatus(absl::StatusCode::kPermissionDenied, message, "NOT_AUDITOR",
                                  {{"agency_id", std::string(agency_id)}}));
}

absl::Status AuditCore::AuthorizeAnyAudit(const AuditCaller& caller) {
  for (const auto& [agency, roles] : caller.principal.roles_by_agency) {
    if (roles.count(v1::ROLE_AUDITOR) > 0 || roles.count(v1::ROLE_CENTRAL_AUDITOR) > 0) {
      return absl::OkStatus();
    }
  }
  return RecordRefusal(
      caller, "", "",
      MakeStatus(absl::StatusCode::kPermissionDenied,
                 {"只有审计员可以读取审计检查点", "only auditors read audit checkpoints"},
                 "NOT_AUDITOR"));
}

absl::Status AuditCore::ListAuditEvents(const AuditCaller& caller,
                                        const v1::ListAuditEventsRequest& request,
                                        v1::ListAuditEventsResponse* response) {
  // Before anything is recorded: the filters go into the read's (or refusal's) event.
  if (absl::Status s = nianbao::workflow::CheckRequestLimits(request); !s.ok()) return s;
  if (request.page_size() < 0 || request.page_size() > kMaxAuditPageSize) {
    return InvalidField("page_size",
                        {absl::StrCat("每页条数应在 0 至 ", kMaxAuditPageSize, " 之间"),
                         absl::StrCat("page_size must be 0 to ", kMaxAuditPageSize)});
  }
  if (request.has_start_time() && request.has_end_time() &&
      nianbao::workflow::FromTimestamp(request.end_time()) <=
          nianbao::workflow::FromTimestamp(request.start_time())) {
    return InvalidField("end_time",
                        {"结束时间应晚于开始时间", "end_time must be after start_time"});
  }
  std::string agency_id = request.agency_id();
  if (!request.report().empty()) {
    absl::StatusOr<nianbao::workflow::ParsedReportName> parsed =
        nianbao::workflow::ParseReportName(request.report(), "report");
    if (!parsed.ok()) return parsed.status();
    if (!agency_id.empty() && agency_id != parsed->agency_id) {
      return InvalidField("agency_id", {"机关与报告不符", "agency_id does not match the report"});
    }
    agency_id = parsed->agency_id;
  }
  if (absl::Status s = AuthorizeRead(caller, agency_id, request.report()); !s.ok()) return s;
  const std::string fingerprint = FilterFingerprint(request, caller.principal.name);
  int64_t after = 0;
  if (!request.page_token().empty()) {
    absl::StatusOr<int64_t> position = DecodePageToken(request.page_token(), fingerprint);
    if (!position.ok()) return position.status();
    after = *position;
  }
  const int limit = request.page_size() == 0 ? kDefaultAuditPageSize : request.page_size();
  absl::StatusOr<storage::AuditEventPage> page =
      request.report().empty()
          ? store_->ListAuditEvents(after, limit, FilterOf(request))
          : store_->ListReportAuditEvents(request.report(), after, limit, FilterOf(request));
  if (!page.ok()) return page.status();
  // A query is recorded once, on its first page, after the read: its page shows the trail as it
  // was when asked, and later pages may show the query itself. Unrecorded, nothing is returned.
  if (request.page_token().empty()) {
    if (absl::Status s = RecordRead(caller, agency_id, request.report(), DescribeQuery(request));
        !s.ok()) {
      return s;
    }
  }
  for (v1::AuditEvent& event : page->events) *response->add_events() = std::move(event);
  if (!page->end_of_trail) {
    response->set_next_page_token(EncodePageToken(page->last_scanned, fingerprint));
  }
  return absl::OkStatus();
}

absl::Status AuditCore::StreamAuditEvents(const AuditCaller& caller,
                                          const v1::StreamAuditEventsRequest& request,
                                          const std::function<bool(const v1::AuditEvent&)>& write,
                                          const std::function<bool()>& cancelled) {
  if (absl::Status s = nianbao::workflow::CheckRequestLimits(request); !s.ok()) return s;
  if (request.after_sequence() < 0) {
    return InvalidField("after_sequence", {"起始序号不能为负", "after_sequence must be >= 0"});
  }
  if (absl::Status s = AuthorizeRead(caller, request.agency_id(), ""); !s.ok()) return s;
  // Recorded before the first event is sent, as a stream may never end; a following stream then
  // carries its own read event.
  if (absl::Status s = RecordRead(caller, request.agency_id(), "", DescribeStream(request));
      !s.ok()) {
    return s;
  }
  storage::AuditEventFilter filter;
  filter.agency_id = request.agency_id();
  int64_t after = request.after_sequence();
  while (!cancelled()) {
    absl::StatusOr<storage::AuditEventPage> page =
        store_->ListAuditEvents(after, kMaxAuditPageSize, filter);
    if (!page.ok()) return page.status();
    for (const v1::AuditEvent& event : page->events) {
      if (!write(event)) return absl::OkStatus();
    }
    after = page->last_scanned;
    if (page->end_of_trail) {
      if (!request.follow()) return absl::OkStatus();
      std::this_thread::sleep_for(absl::ToChronoMilliseconds(options_.follow_poll_interval));
    }
  }
  return absl::CancelledError("stream cancelled");
}

absl::Status AuditCore::GetPublicKey(const AuditCaller& caller, const v1::GetPublicKeyRequest&,
                                     v1::GetPublicKeyResponse* response) {
  response->set_public_key_pem(signing_key_->public_key_pem());
  response->set_key_id(signing_key_->key_id());
  return absl::OkStatus();
}

}  // namespace nianbao::workflow_service
