// AuditCore::VerifyChain: reads a chain from the store page by page and checks it with
// workflow/audit_chain.h, carrying the link across pages so memory stays bounded.
#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/workflow/audit_service_core.h"
#include "services/workflow/revision_check.h"
#include "workflow/audit_chain.h"
#include "workflow/request_limits.h"
#include "workflow/resource_names.h"
#include "workflow/status_details.h"

namespace nianbao::workflow_service {
namespace {

namespace v1 = nianbao::v1;
namespace wf = nianbao::workflow;

constexpr int kVerifyPageSize = 1000;

v1::ChainBreakKind ToProto(wf::ChainBreakKind kind) {
  switch (kind) {
    case wf::ChainBreakKind::kAltered:
      return v1::CHAIN_BREAK_KIND_ALTERED;
    case wf::ChainBreakKind::kMissing:
      return v1::CHAIN_BREAK_KIND_MISSING;
    case wf::ChainBreakKind::kReordered:
      return v1::CHAIN_BREAK_KIND_REORDERED;
    case wf::ChainBreakKind::kForeign:
      return v1::CHAIN_BREAK_KIND_FOREIGN;
  }
  return v1::CHAIN_BREAK_KIND_UNSPECIFIED;
}

void SetBreak(const wf::ChainBreak& chain_break, v1::VerifyChainResponse* response) {
  response->set_intact(false);
  v1::ChainBreak* out = response->mutable_first_break();
  out->set_kind(ToProto(chain_break.kind));
  out->set_sequence(chain_break.sequence);
  out->set_global_sequence(chain_break.global_sequence);
  out->set_message_zh(chain_break.message.zh);
  out->set_message(chain_break.message.en);
}

// Whether `checkpoint` was signed by this server's key. When not, the response says so: not
// intact, a BAD_SIGNATURE break at `sequence` (and `global_sequence`), the checkpoint given.
absl::StatusOr<bool> SignatureHolds(const wf::AuditSigningKey& key,
                                    const v1::AuditCheckpoint& checkpoint, int64_t sequence,
                                    int64_t global_sequence, v1::VerifyChainResponse* response) {
  absl::StatusOr<std::unique_ptr<wf::AuditVerifyingKey>> verifier =
      wf::AuditVerifyingKey::FromPem(key.public_key_pem());
  if (!verifier.ok()) return verifier.status();
  const absl::Status verified = (*verifier)->Verify(checkpoint);
  if (verified.ok()) return true;
  *response->mutable_checkpoint() = checkpoint;
  response->set_intact(false);
  v1::ChainBreak* out = response->mutable_first_break();
  out->set_kind(v1::CHAIN_BREAK_KIND_BAD_SIGNATURE);
  out->set_sequence(sequence);
  out->set_global_sequence(global_sequence);
  out->set_message_zh("检查点签名无效");
  out->set_message(std::string(verified.message()));
  return false;
}

wf::ChainBreak Unreadable(int64_t sequence) {
  return wf::ChainBreak{
      wf::ChainBreakKind::kAltered,
      sequence,
      0,
      {absl::StrCat("事件 ", sequence, " 已损坏：存储内容无法解析"),
       absl::StrCat("event ", sequence, " altered: its stored bytes do not parse")}};
}

// A page, or as many events as can be read before one that does not parse (DATA_LOSS): the store
// fails a whole page for one bad value, so the rest is read one event at a time to find it.
struct ReadResult {
  storage::AuditEventPage page;
  bool unreadable = false;  // The event after the last one returned does not parse.
};

template <typename ReadFn>
absl::StatusOr<ReadResult> ReadTolerant(int64_t after, int limit, const ReadFn& read) {
  absl::StatusOr<storage::AuditEventPage> page = read(after, limit);
  if (page.ok()) return ReadResult{*std::move(page), false};
  if (page.status().code() != absl::StatusCode::kDataLoss) return page.status();
  ReadResult result;
  result.page.last_scanned = after;
  for (int i = 0; i < limit; ++i) {
    absl::StatusOr<storage::AuditEventPage> one = read(result.page.last_scanned, 1);
    if (!one.ok()) {
      if (one.status().code() != absl::StatusCode::kDataLoss) return one.status();
      result.unreadable = true;
      return result;
    }
    for (auto& event : one->events) result.page.events.push_back(std::move(event));
    result.page.last_scanned = one->last_scanned;
    if (one->end_of_trail) {
      result.page.end_of_trail = true;
      break;
    }
  }
  return result;
}

void SetHead(const wf::ChainVerification& verification, v1::VerifyChainResponse* response) {
  response->set_events_verified(response->events_verified() + verification.events_verified);
  if (verification.events_verified > 0) {
    response->set_head_sequence(verification.head_sequence);
    response->set_head_hash(verification.head_hash);
  }
}

}  // namespace

absl::Status AuditCore::VerifyChain(const AuditCaller& caller,
                                    const v1::VerifyChainRequest& request,
                                    v1::VerifyChainResponse* response) {
  // Before a refusal could record the agency_id given.
  if (absl::Status s = wf::CheckRequestLimits(request); !s.ok()) return s;
  if (!request.agency_id().empty()) {
    if (!request.report().empty()) {
      return wf::InvalidField("agency_id", {"报告链与机关链只能验证其一",
                                            "verify a report's chain or an agency's, not both"});
    }
    if (absl::Status s = AuthorizeRead(caller, request.agency_id(), ""); !s.ok()) return s;
    return VerifyAgencyChain(request, response);
  }
  if (!request.report().empty()) {
    absl::StatusOr<wf::ParsedReportName> parsed = wf::ParseReportName(request.report(), "report");
    if (!parsed.ok()) return parsed.status();
    if (absl::Status s = AuthorizeRead(caller, parsed->agency_id, request.report()); !s.ok()) {
      return s;
    }
    return VerifyReportChain(request.report(), response);
  }
  // The global chain spans every agency.
  if (absl::Status s = AuthorizeRead(caller, "", ""); !s.ok()) return s;
  if (request.start_sequence() < 0) {
    return wf::InvalidField("start_sequence", {"起始序号不能为负", "start_sequence must be >= 0"});
  }
  v1::AuditCheckpoint checkpoint;
  if (request.has_checkpoint()) {
    checkpoint = request.checkpoint();
    absl::StatusOr<bool> signed_here =
        SignatureHolds(*signing_key_, checkpoint, checkpoint.sequence(), 0, response);
    if (!signed_here.ok()) return signed_here.status();
    if (!*signed_here) {
      return absl::OkStatus();
    }
  } else {
    absl::StatusOr<v1::AuditCheckpoint> signed_head = SignHead();
    if (!signed_head.ok()) return signed_head.status();
    checkpoint = *std::move(signed_head);
  }
  *response->mutable_checkpoint() = checkpoint;
  const int64_t start = std::max<int64_t>(1, request.start_sequence());
  if (checkpoint.sequence() > 0 && start > checkpoint.sequence()) {
    return wf::InvalidField("start_sequence",
                            {"起始序号超出检查点范围", "start_sequence is past the checkpoint"});
  }
  return VerifyGlobalChain(start, checkpoint, response);
}

absl::Status AuditCore::VerifyGlobalChain(int64_t start, const v1::AuditCheckpoint& checkpoint,
                                          v1::VerifyChainResponse* response) {
  response->set_intact(true);
  const int64_t target = checkpoint.sequence();
  if (target == 0) return absl::OkStatus();
  auto read = [this](int64_t after, int limit) {
    return store_->ListAuditEvents(after, limit, storage::AuditEventFilter{});
  };
  // A range not starting at 1 trusts the stored predecessor's hash as its start.
  std::string previous = wf::GenesisHash();
  if (start > 1) {
    absl::StatusOr<storage::AuditEventPage> before = read(start - 2, 1);
    if (!before.ok()) return before.status();
    previous = (!before->events.empty() && before->events[0].sequence() == start - 1)
                   ? before->events[0].hash()
                   : "";
  }
  int64_t after = start - 1;
  int64_t expected = start;
  for (;;) {
    const int limit = static_cast<int>(std::min<int64_t>(kVerifyPageSize, target - after));
    absl::StatusOr<ReadResult> read_result = ReadTolerant(after, std::max(limit, 1), read);
    if (!read_result.ok()) return read_result.status();
    std::vector<v1::AuditEvent>& events = read_result->page.events;
    events.erase(
        std::remove_if(events.begin(), events.end(),
                       [target](const v1::AuditEvent& e) { return e.sequence() > target; }),
        events.end());
    const wf::ChainVerification verification =
        wf::VerifyChain(events, wf::ChainKind::kGlobal, previous, expected);
    SetHead(verification, response);
    if (!verification.intact()) {
      SetBreak(*verification.first_break, response);
      return absl::OkStatus();
    }
    if (read_result->unreadable) {
      SetBreak(
          Unreadable(verification.events_verified > 0 ? verification.head_sequence + 1 : expected),
          response);
      return absl::OkStatus();
    }
    if (!events.empty()) {
      previous = verification.head_hash;
      expected = verification.head_sequence + 1;
      if (events.back().sequence() == target) {
        std::optional<wf::ChainBreak> head_break =
            wf::CheckCheckpointHead(events, target, checkpoint.head_hash());
        if (head_break.has_value()) SetBreak(*head_break, response);
        return absl::OkStatus();
      }
    }
    if (read_result->page.end_of_trail || events.empty()) {
      SetBreak(wf::ChainBreak{wf::ChainBreakKind::kMissing,
                              expected,
                              0,
                              {absl::StrCat("事件 ", expected, " 至 ", target, " 缺失"),
                               absl::StrCat("events ", expected, " to ", target,
                                            " missing: the checkpoint covers up to ", target)}},
               response);
      return absl::OkStatus();
    }
    after = read_result->page.last_scanned;
  }
}

absl::Status AuditCore::VerifyAgencyChain(const v1::VerifyChainRequest& request,
                                          v1::VerifyChainResponse* response) {
  const std::string& agency_id = request.agency_id();
  v1::AuditCheckpoint checkpoint;
  if (request.has_checkpoint()) {
    checkpoint = request.checkpoint();
    if (checkpoint.agency_id() != agency_id) {
      return wf::InvalidField("checkpoint", {"检查点不是该机关的（须以 agency_id 签署）",
                                             "the checkpoint is not scoped to agency_id"});
    }
    absl::StatusOr<bool> signed_here = SignatureHolds(
        *signing_key_, checkpoint, checkpoint.agency_sequence(), checkpoint.sequence(), response);
    if (!signed_here.ok()) return signed_here.status();
    if (!*signed_here) {
      return absl::OkStatus();
    }
  } else {
    absl::StatusOr<v1::AuditCheckpoint> signed_head = SignAgencyHead(agency_id);
    if (!signed_head.ok()) return signed_head.status();
    checkpoint = *std::move(signed_head);
  }
  *response->mutable_checkpoint() = checkpoint;
  response->set_intact(true);
  const int64_t target = checkpoint.agency_sequence();
  storage::AuditEventFilter filter;
  filter.agency_id = agency_id;
  auto read = [this, &filter](int64_t after, int limit) {
    return store_->ListAuditEvents(after, limit, filter);
  };
  std::string previous = wf::GenesisHash();
  int64_t expected = 1;
  int64_t after = 0;
  int64_t last_global = 0;
  while (after < checkpoint.sequence()) {
    absl::StatusOr<ReadResult> read_result = ReadTolerant(after, kVerifyPageSize, read);
    if (!read_result.ok()) return read_result.status();
    std::vector<v1::AuditEvent> events;
    for (v1::AuditEvent& event : read_result->page.events) {
      if (event.sequence() > checkpoint.sequence()) break;
      // Events from before agency chains lead an upgraded database's trail: not in the chain.
      if (expected == 1 && events.empty() && event.agency_sequence() == 0) continue;
      events.push_back(std::move(event));
    }
    const wf::ChainVerification verification =
        wf::VerifyChain(events, wf::ChainKind::kAgency, previous, expected);
    SetHead(verification, response);
    if (!verification.intact()) {
      SetBreak(*verification.first_break, response);
      return absl::OkStatus();
    }
    for (const v1::AuditEvent& event : events) {
      if (event.agency_sequence() <= target) continue;
      SetBreak(wf::ChainBreak{wf::ChainBreakKind::kForeign,
                              event.agency_sequence(),
                              event.sequence(),
                              {absl::StrCat("机关事件 ", event.agency_sequence(), "（全局事件 ",
                                            event.sequence(), "）超出已签名检查点"),
                               absl::StrCat("agency event ", event.agency_sequence(),
                                            " (global event ", event.sequence(),
                                            ") is past the signed checkpoint's agency head")}},
               response);
      return absl::OkStatus();
    }
    if (!events.empty()) {
      previous = verification.head_hash;
      expected = verification.head_sequence + 1;
      last_global = events.back().sequence();
    }
    if (read_result->unreadable) {
      const int64_t global = read_result->page.last_scanned + 1;
      SetBreak(wf::ChainBreak{wf::ChainBreakKind::kAltered,
                              expected,
                              global,
                              {absl::StrCat("事件 ", global, " 已损坏：存储内容无法解析"),
                               absl::StrCat("event ", global,
                                            " altered: its stored bytes do not parse")}},
               response);
      return absl::OkStatus();
    }
    if (read_result->page.end_of_trail) break;
    after = read_result->page.last_scanned;
  }
  if (expected - 1 < target) {
    SetBreak(wf::ChainBreak{wf::ChainBreakKind::kMissing,
                            expected,
                            0,
                            {absl::StrCat("机关事件 ", expected, " 至 ", target, " 缺失"),
                             absl::StrCat("agency events ", expected, " to ", target,
                                          " missing: the checkpoint covers up to agency event ",
                                          target)}},
             response);
  } else if (target > 0 && previous != checkpoint.agency_head_hash()) {
    SetBreak(wf::ChainBreak{wf::ChainBreakKind::kAltered,
                            target,
                            last_global,
                            {absl::StrCat("机关事件 ", target, " 与已签名检查点不符"),
                             absl::StrCat("agency event ", target,
                                          " differs from the signed checkpoint: the agency "
                                          "chain up to it was rewritten")}},
             response);
  }
  return absl::OkStatus();
}

absl::Status AuditCore::VerifyReportChain(const std::string& report,
                                          v1::VerifyChainResponse* response) {
  response->set_intact(true);
  auto read = [this, &report](int64_t after, int limit) {
    return store_->ListReportAuditEvents(report, after, limit, storage::AuditEventFilter{});
  };
  std::string previous = wf::GenesisHash();
  int64_t after = 0;
  int64_t expected = 1;
  for (;;) {
    absl::StatusOr<ReadResult> read_result = ReadTolerant(after, kVerifyPageSize, read);
    if (!read_result.ok()) return read_result.status();
    const std::vector<v1::AuditEvent>& events = read_result->page.events;
    const wf::ChainVerification verification =
        wf::VerifyChain(events, wf::ChainKind::kReport, previous, expected);
    SetHead(verification, response);
    if (!verification.intact()) {
      SetBreak(*verification.first_break, response);
      return absl::OkStatus();
    }
    if (read_result->unreadable) {
      SetBreak(Unreadable(events.empty() ? expected : verification.head_sequence + 1), response);
      return absl::OkStatus();
    }
    if (!events.empty()) {
      previous = verification.head_hash;
      expected = verification.head_sequence + 1;
    }
    if (read_result->page.end_of_trail || events.empty()) break;
    after = read_result->page.last_scanned;
  }
  if (response->events_verified() == 0) {
    absl::Status status = wf::MakeStatus(absl::StatusCode::kNotFound,
                                         {absl::StrCat("该报告没有审计记录：", report),
                                          absl::StrCat("no audit events for ", report)},
                                         "REPORT_NOT_FOUND", {{"report", report}});
    wf::SetResourceInfo(status, wf::kReportResourceType, report);
    return status;
  }
  if (response->intact()) return VerifyReportRevisions(report, response);
  return absl::OkStatus();
}

absl::Status AuditCore::VerifyReportRevisions(const std::string& report,
                                              v1::VerifyChainResponse* response) {
  absl::StatusOr<wf::ParsedReportName> name = wf::ParseReportName(report, "report");
  if (!name.ok()) return name.status();
  absl::StatusOr<std::vector<v1::ReportRevision>> revisions =
      store_->ListRevisions({name->agency_id, name->report_year});
  if (!revisions.ok()) return revisions.status();
  absl::StatusOr<std::optional<wf::BilingualMessage>> damage =
      FindDamagedRevision(*store_, report, *revisions);
  if (!damage.ok()) return damage.status();
  if (damage->has_value()) {
    SetBreak(wf::ChainBreak{wf::ChainBreakKind::kAltered, 0, 0, **damage}, response);
  }
  return absl::OkStatus();
}

}  // namespace nianbao::workflow_service
