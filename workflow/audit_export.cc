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

// Agency export: each event's own hash, its agency, and each report's chain from its first event.
std::optional<ChainBreak> VerifyAgencyExport(const std::vector<v1::AuditEvent>& events,
                                             const std::string& agency_id, int64_t after_sequence,
                                             ExportVerification& result) {
  std::map<std::string, std::vector<v1::AuditEvent>> by_report;
  int64_t previous_sequence = after_sequence;
  for (const v1::AuditEvent& event : events) {
    if (ComputeGlobalHash(event) != event.hash()) {
      return Break(ChainBreakKind::kAltered, event,
                   absl::StrCat("事件 ", event.sequence(), " 已被篡改"),
                   absl::StrCat("event ", event.sequence(),
                                " altered: its hash does not match its content"));
    }
    if (event.agency_id() != agency_id) {
      return Break(ChainBreakKind::kForeign, event,
                   absl::StrCat("事件 ", event.sequence(), " 不属于机关 ", agency_id),
                   absl::StrCat("event ", event.sequence(), " is not agency ", agency_id, "'s"));
    }
    if (event.sequence() <= previous_sequence) {
      return Break(ChainBreakKind::kReordered, event,
                   absl::StrCat("事件 ", event.sequence(), " 顺序错乱"),
                   absl::StrCat("event ", event.sequence(), " out of order"));
    }
    previous_sequence = event.sequence();
    if (!event.report().empty()) by_report[event.report()].push_back(event);
  }
  for (const auto& [report, chain] : by_report) {
    ++result.reports;
    // A partial export (after_sequence > 0) starts a report chain wherever it picks it up.
    const ChainVerification verification =
        after_sequence == 0 ? VerifyChain(chain, ChainKind::kReport, GenesisHash(), 1)
                            : VerifyChain(chain, ChainKind::kReport, "", 0);
    if (!verification.intact()) {
      ChainBreak chain_break = *verification.first_break;
      chain_break.message.zh = absl::StrCat(report, "：", chain_break.message.zh);
      chain_break.message.en = absl::StrCat(report, ": ", chain_break.message.en);
      return chain_break;
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
  ExportVerification result;
  result.events = static_cast<int64_t>(events.size());
  result.checkpoint_sequence = checkpoint->sequence();
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
    result.first_break =
        VerifyAgencyExport(events, header->agency_id(), header->after_sequence(), result);
    if (result.intact() && !events.empty() && events.back().sequence() == checkpoint->sequence()) {
      result.anchored = events.back().hash() == checkpoint->head_hash();
      if (!result.anchored) {
        result.first_break =
            CheckCheckpointHead(events, checkpoint->sequence(), checkpoint->head_hash());
      }
    }
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
