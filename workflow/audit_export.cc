#include "workflow/audit_export.h"

#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "google/protobuf/util/json_util.h"

namespace nianbao::workflow {
namespace {

namespace v1 = nianbao::v1;

ChainBreak Break(ChainBreakKind kind, const v1::AuditEvent& event, std::string zh, std::string en) {
  return ChainBreak{kind, event.sequence(), event.sequence(), {std::move(zh), std::move(en)}};
}

// A break of an agency chain, named by agency sequence and (when there is one) global sequence.
ChainBreak AgencyBreak(ChainBreakKind kind, int64_t agency_sequence, int64_t global_sequence,
                       std::string zh, std::string en) {
  return ChainBreak{kind, agency_sequence, global_sequence, {std::move(zh), std::move(en)}};
}

void PrefixAgency(const std::string& agency_id, ChainBreak& chain_break) {
  chain_break.message.zh = absl::StrCat("机关 ", agency_id, "：", chain_break.message.zh);
  chain_break.message.en = absl::StrCat("agency ", agency_id, ": ", chain_break.message.en);
}

// The agency chain's end against the head the scoped checkpoint signs. `chained` verified intact.
std::optional<ChainBreak> CheckAgencyHead(const std::vector<v1::AuditEvent>& chained,
                                          const ChainVerification& verification,
                                          const v1::AuditCheckpoint& checkpoint) {
  const int64_t signed_sequence = checkpoint.agency_sequence();
  const int64_t head = verification.head_sequence;
  if (head < signed_sequence) {
    return AgencyBreak(
        ChainBreakKind::kMissing, head + 1, 0,
        absl::StrCat("机关事件 ", head + 1, " 至 ", signed_sequence,
                     " 缺失（已签名检查点覆盖至机关事件 ", signed_sequence, "、全局事件 ",
                     checkpoint.sequence(), "）"),
        absl::StrCat("agency events ", head + 1, " to ", signed_sequence,
                     " missing: the signed checkpoint covers up to agency event ", signed_sequence,
                     " (global event ", checkpoint.sequence(), ")"));
  }
  if (head > signed_sequence) {
    // The chain verified intact, so its events are numbered one after another.
    const v1::AuditEvent& extra =
        chained[chained.size() - static_cast<size_t>(head - signed_sequence)];
    return AgencyBreak(
        ChainBreakKind::kForeign, extra.agency_sequence(), extra.sequence(),
        absl::StrCat("机关事件 ", extra.agency_sequence(), "（全局事件 ", extra.sequence(),
                     "）超出已签名检查点（机关事件 ", signed_sequence, "）"),
        absl::StrCat("agency event ", extra.agency_sequence(), " (global event ", extra.sequence(),
                     ") is past the signed checkpoint's agency event ", signed_sequence));
  }
  if (head > 0 && verification.head_hash != checkpoint.agency_head_hash()) {
    // Everything up to here links, so the chain was rewritten and re-hashed at or before it.
    return AgencyBreak(
        ChainBreakKind::kAltered, head, chained.back().sequence(),
        absl::StrCat("机关事件 ", head, "（全局事件 ", chained.back().sequence(),
                     "）与已签名检查点不符：此前的机关审计链已被改写"),
        absl::StrCat("agency event ", head, " (global event ", chained.back().sequence(),
                     ") differs from the signed checkpoint: the agency chain up to it was "
                     "rewritten"));
  }
  return std::nullopt;
}

// Agency export: every event the agency's; the agency chain from its genesis (or, for a partial
// export, from its first event) to the signed agency head; each report's chain.
std::optional<ChainBreak> VerifyAgencyExport(const std::vector<v1::AuditEvent>& events,
                                             const v1::AuditCheckpoint& checkpoint,
                                             int64_t after_sequence, ExportVerification& result) {
  const std::string& agency_id = checkpoint.agency_id();
  // Events from before agency chains existed lead the trail of a database that was upgraded; they
  // carry agency_sequence 0 and are checked by their own hash, their order and their report chain.
  for (const v1::AuditEvent& event : events) {
    if (event.agency_id() != agency_id) {
      ChainBreak chain_break = AgencyBreak(
          ChainBreakKind::kForeign, event.agency_sequence(), event.sequence(),
          absl::StrCat("全局事件 ", event.sequence(), "（机关事件 ", event.agency_sequence(),
                       "）属于机关 ", event.agency_id()),
          absl::StrCat("global event ", event.sequence(), " (agency event ",
                       event.agency_sequence(), ") is agency ", event.agency_id(), "'s"));
      PrefixAgency(agency_id, chain_break);
      return chain_break;
    }
  }
  size_t unchained = 0;
  int64_t previous_sequence = after_sequence;
  for (; unchained < events.size() && events[unchained].agency_sequence() == 0; ++unchained) {
    const v1::AuditEvent& event = events[unchained];
    if (ComputeGlobalHash(event) != event.hash()) {
      return Break(ChainBreakKind::kAltered, event,
                   absl::StrCat("事件 ", event.sequence(), " 已被篡改"),
                   absl::StrCat("event ", event.sequence(),
                                " altered: its hash does not match its content"));
    }
    if (event.sequence() <= previous_sequence) {
      return Break(ChainBreakKind::kReordered, event,
                   absl::StrCat("事件 ", event.sequence(), " 顺序错乱"),
                   absl::StrCat("event ", event.sequence(), " out of order"));
    }
    previous_sequence = event.sequence();
  }
  result.unchained_events = static_cast<int64_t>(unchained);
  const std::vector<v1::AuditEvent> chained(events.begin() + static_cast<ptrdiff_t>(unchained),
                                            events.end());
  // A partial export (after_sequence > 0) picks the agency chain up wherever its first event is.
  const ChainVerification verification =
      after_sequence == 0 ? VerifyChain(chained, ChainKind::kAgency, GenesisHash(), 1)
                          : VerifyChain(chained, ChainKind::kAgency, "", 0);
  std::optional<ChainBreak> chain_break = verification.first_break;
  if (!chain_break.has_value() && (after_sequence == 0 || !chained.empty())) {
    chain_break = CheckAgencyHead(chained, verification, checkpoint);
    result.anchored = !chain_break.has_value();
  }
  if (chain_break.has_value()) {
    PrefixAgency(agency_id, *chain_break);
    return chain_break;
  }
  std::map<std::string, std::vector<v1::AuditEvent>> by_report;
  for (const v1::AuditEvent& event : events) {
    if (!event.report().empty()) by_report[event.report()].push_back(event);
  }
  for (const auto& [report, chain] : by_report) {
    ++result.reports;
    // A partial export (after_sequence > 0) starts a report chain wherever it picks it up.
    const ChainVerification report_verification =
        after_sequence == 0 ? VerifyChain(chain, ChainKind::kReport, GenesisHash(), 1)
                            : VerifyChain(chain, ChainKind::kReport, "", 0);
    if (!report_verification.intact()) {
      ChainBreak report_break = *report_verification.first_break;
      report_break.message.zh = absl::StrCat(report, "：", report_break.message.zh);
      report_break.message.en = absl::StrCat(report, ": ", report_break.message.en);
      return report_break;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<std::string> ExportRecordToJsonLine(const v1::AuditExportRecord& record) {
  std::string line;
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = false;
  auto status = google::protobuf::util::MessageToJsonString(record, &line, options);
  if (!status.ok()) return absl::InternalError(std::string(status.message()));
  return line;
}

absl::StatusOr<std::vector<v1::AuditExportRecord>> ParseAuditExport(absl::string_view text) {
  std::vector<v1::AuditExportRecord> records;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    v1::AuditExportRecord record;
    auto status = google::protobuf::util::JsonStringToMessage(std::string(line), &record);
    if (!status.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("导出文件第 ", line_number, " 行无法解析 (line ", line_number,
                       " does not parse: ", std::string(status.message()), ")"));
    }
    records.push_back(std::move(record));
  }
  return records;
}

absl::StatusOr<ExportVerification> VerifyAuditExport(
    const std::vector<v1::AuditExportRecord>& records, const AuditVerifyingKey& key) {
  const v1::AuditExportHeader* header = nullptr;
  const v1::AuditCheckpoint* checkpoint = nullptr;
  std::vector<v1::AuditEvent> events;
  for (const v1::AuditExportRecord& record : records) {
    if (record.has_header() && header == nullptr) header = &record.header();
    if (record.has_checkpoint()) checkpoint = &record.checkpoint();
    if (record.has_event()) events.push_back(record.event());
  }
  if (header == nullptr || checkpoint == nullptr) {
    return absl::FailedPreconditionError(
        "导出文件缺少头部或检查点 (the export lacks its header or its checkpoint line)");
  }
  if (absl::Status s = key.Verify(*checkpoint); !s.ok()) return s;
  // The header is not signed, the checkpoint is: which agency's chain it signs decides.
  if (header->agency_id() != checkpoint->agency_id()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "导出文件头部所称机关（", header->agency_id(), "）与检查点所签机关（",
        checkpoint->agency_id(), "）不符 (the export's header names agency '", header->agency_id(),
        "' but its checkpoint is scoped to '", checkpoint->agency_id(),
        "': an agency's export must end with a checkpoint of that agency's chain)"));
  }
  ExportVerification result;
  result.events = static_cast<int64_t>(events.size());
  result.checkpoint_sequence = checkpoint->sequence();
  result.agency_id = checkpoint->agency_id();
  result.agency_sequence = checkpoint->agency_sequence();
  // Nothing past the checkpoint belongs to what it vouches for.
  for (const v1::AuditEvent& event : events) {
    if (event.sequence() > checkpoint->sequence()) {
      result.first_break =
          Break(ChainBreakKind::kForeign, event,
                absl::StrCat("事件 ", event.sequence(), " 超出检查点范围"),
                absl::StrCat("event ", event.sequence(), " is past the checkpoint"));
      return result;
    }
  }
  if (!header->agency_id().empty()) {
    result.first_break = VerifyAgencyExport(events, *checkpoint, header->after_sequence(), result);
    return result;
  }
  const bool from_start = header->after_sequence() == 0;
  const ChainVerification verification = VerifyChain(
      events, ChainKind::kGlobal, from_start ? GenesisHash() : "", header->after_sequence() + 1);
  if (!verification.intact()) {
    result.first_break = verification.first_break;
    return result;
  }
  if (checkpoint->sequence() > header->after_sequence()) {
    result.first_break =
        CheckCheckpointHead(events, checkpoint->sequence(), checkpoint->head_hash());
    result.anchored = !result.first_break.has_value();
  }
  return result;
}

}  // namespace nianbao::workflow
