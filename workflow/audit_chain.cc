#include "workflow/audit_chain.h"

#include <openssl/crypto.h>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "workflow/digest.h"

namespace nianbao::workflow {
namespace {

using nianbao::v1::AuditEvent;

std::string HashWithLink(const std::string& canonical, absl::string_view previous) {
  return Sha256(absl::StrCat(canonical, previous));
}

bool SameHash(absl::string_view a, absl::string_view b) {
  return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

// The fields one chain uses.
struct ChainView {
  int64_t sequence;
  absl::string_view previous;
  absl::string_view hash;
};

ChainView ViewOf(const AuditEvent& event, ChainKind kind) {
  switch (kind) {
    case ChainKind::kGlobal:
      return {event.sequence(), event.previous_hash(), event.hash()};
    case ChainKind::kReport:
      return {event.report_sequence(), event.report_previous_hash(), event.report_hash()};
    case ChainKind::kAgency:
      break;
  }
  return {event.agency_sequence(), event.agency_previous_hash(), event.agency_hash()};
}

// The fields left out of the canonical bytes: the three chain links and their previous hashes.
bool IsHashField(uint32_t field_number) {
  return (field_number >= AuditEvent::kPreviousHashFieldNumber &&
          field_number <= AuditEvent::kReportHashFieldNumber) ||
         field_number == AuditEvent::kAgencyPreviousHashFieldNumber ||
         field_number == AuditEvent::kAgencyHashFieldNumber;
}

// How an event is named in a chain's messages: by its place in that chain and, for a report or
// agency chain, by its global sequence too (0: none found there).
struct Label {
  std::string zh;
  std::string en;
};
Label LabelOf(ChainKind kind, int64_t sequence, int64_t global_sequence) {
  if (kind != ChainKind::kAgency) {
    return {absl::StrCat("事件 ", sequence), absl::StrCat("event ", sequence)};
  }
  if (global_sequence == 0) {
    return {absl::StrCat("机关事件 ", sequence), absl::StrCat("agency event ", sequence)};
  }
  return {absl::StrCat("机关事件 ", sequence, "（全局事件 ", global_sequence, "）"),
          absl::StrCat("agency event ", sequence, " (global event ", global_sequence, ")")};
}

ChainBreak MakeBreak(ChainBreakKind kind, int64_t sequence, int64_t global_sequence, std::string zh,
                     std::string en) {
  return ChainBreak{kind, sequence, global_sequence, {std::move(zh), std::move(en)}};
}

// Whether an event with `sequence` appears at or after `from`.
bool AppearsLater(absl::Span<const AuditEvent> events, size_t from, ChainKind kind,
                  int64_t sequence) {
  for (size_t j = from; j < events.size(); ++j) {
    if (ViewOf(events[j], kind).sequence == sequence) return true;
  }
  return false;
}

}  // namespace

std::string GenesisHash() { return std::string(kSha256Size, '\0'); }

std::string CanonicalEventBytes(const AuditEvent& event) {
  // The serialization with the hash fields' records cut out, wherever they are: no copy of the
  // event on the verification path. (Fields after the hash fields, such as client_certificate and
  // the agency chain's, are covered like any other; an earlier version cut a fixed-size tail and
  // so left them out or hashed them differently at sealing and at verification.)
  using google::protobuf::internal::WireFormatLite;
  const std::string bytes = DeterministicSerialize(event);
  std::string canonical;
  canonical.reserve(bytes.size());
  google::protobuf::io::CodedInputStream in(reinterpret_cast<const uint8_t*>(bytes.data()),
                                            static_cast<int>(bytes.size()));
  for (;;) {
    const int start = in.CurrentPosition();
    const uint32_t tag = in.ReadTag();
    if (tag == 0) break;
    if (!WireFormatLite::SkipField(&in, tag)) break;  // cannot happen for our own serialization
    if (IsHashField(WireFormatLite::GetTagFieldNumber(tag))) continue;
    canonical.append(bytes, static_cast<size_t>(start),
                     static_cast<size_t>(in.CurrentPosition() - start));
  }
  return canonical;
}

std::string ComputeGlobalHash(const AuditEvent& event) {
  return HashWithLink(CanonicalEventBytes(event), event.previous_hash());
}

std::string ComputeReportHash(const AuditEvent& event) {
  return HashWithLink(CanonicalEventBytes(event), event.report_previous_hash());
}

std::string ComputeAgencyHash(const AuditEvent& event) {
  return HashWithLink(CanonicalEventBytes(event), event.agency_previous_hash());
}

AuditEvent SealAuditEvent(AuditEvent event, absl::string_view previous_global_hash,
                          absl::string_view previous_report_hash) {
  event.clear_hash();
  event.clear_report_hash();
  event.clear_report_previous_hash();
  event.clear_agency_hash();
  event.set_previous_hash(std::string(previous_global_hash));
  if (event.agency_sequence() == 0) event.clear_agency_previous_hash();
  const std::string canonical = CanonicalEventBytes(event);
  event.set_hash(HashWithLink(canonical, previous_global_hash));
  if (!event.report().empty()) {
    event.set_report_previous_hash(std::string(previous_report_hash));
    event.set_report_hash(HashWithLink(canonical, previous_report_hash));
  }
  if (event.agency_sequence() != 0) {
    event.set_agency_hash(HashWithLink(canonical, event.agency_previous_hash()));
  }
  return event;
}

void FillAuditEventHashes(AuditEvent* event) {
  const std::string canonical = CanonicalEventBytes(*event);
  event->set_hash(HashWithLink(canonical, event->previous_hash()));
  if (event->report().empty()) {
    event->clear_report_hash();
  } else {
    event->set_report_hash(HashWithLink(canonical, event->report_previous_hash()));
  }
  if (event->agency_sequence() == 0) {
    event->clear_agency_hash();
  } else {
    event->set_agency_hash(HashWithLink(canonical, event->agency_previous_hash()));
  }
}

absl::string_view ChainBreakKindName(ChainBreakKind kind) {
  switch (kind) {
    case ChainBreakKind::kAltered:
      return "altered";
    case ChainBreakKind::kMissing:
      return "missing";
    case ChainBreakKind::kReordered:
      return "reordered";
    case ChainBreakKind::kForeign:
      return "foreign";
  }
  return "unknown";
}

ChainVerification VerifyChain(absl::Span<const AuditEvent> events, ChainKind kind,
                              absl::string_view start_previous_hash, int64_t first_sequence) {
  ChainVerification result;
  if (events.empty()) return result;
  int64_t expected = first_sequence != 0 ? first_sequence : ViewOf(events[0], kind).sequence;
  std::string previous = start_previous_hash.empty() ? std::string(ViewOf(events[0], kind).previous)
                                                     : std::string(start_previous_hash);
  const std::string& report = events[0].report();
  const std::string& agency = events[0].agency_id();
  for (size_t i = 0; i < events.size(); ++i) {
    const AuditEvent& event = events[i];
    const ChainView view = ViewOf(event, kind);
    const std::string canonical = CanonicalEventBytes(event);
    const Label label = LabelOf(kind, view.sequence, event.sequence());
    // Content first: a changed byte anywhere (even in the sequence number) is an alteration.
    if (!SameHash(HashWithLink(canonical, view.previous), view.hash)) {
      result.first_break =
          MakeBreak(ChainBreakKind::kAltered, view.sequence, event.sequence(),
                    absl::StrCat(label.zh, " 已被篡改：哈希与内容不符"),
                    absl::StrCat(label.en, " altered: its hash does not match its content"));
      return result;
    }
    if (kind == ChainKind::kReport && event.report() != report) {
      result.first_break = MakeBreak(
          ChainBreakKind::kForeign, view.sequence, event.sequence(),
          absl::StrCat("事件 ", event.sequence(), " 属于另一份报告 ", event.report()),
          absl::StrCat("event ", event.sequence(), " belongs to another report, ", event.report()));
      return result;
    }
    if (kind == ChainKind::kAgency && event.agency_id() != agency) {
      result.first_break =
          MakeBreak(ChainBreakKind::kForeign, view.sequence, event.sequence(),
                    absl::StrCat(label.zh, " 属于另一机关 ", event.agency_id()),
                    absl::StrCat(label.en, " belongs to another agency, ", event.agency_id()));
      return result;
    }
    if (view.sequence != expected) {
      const Label missing = LabelOf(kind, expected, 0);
      if (view.sequence > expected && !AppearsLater(events, i + 1, kind, expected)) {
        result.first_break =
            MakeBreak(ChainBreakKind::kMissing, expected, event.sequence(),
                      absl::StrCat(missing.zh, " 缺失（其后为", label.zh, "）"),
                      absl::StrCat(missing.en, " missing: found ", label.en, " in its place"));
      } else {
        result.first_break = MakeBreak(
            ChainBreakKind::kReordered, expected, event.sequence(),
            absl::StrCat("事件顺序被打乱：", missing.zh, " 的位置上是", label.zh),
            absl::StrCat("events reordered: ", label.en, " stored where ", missing.en, " belongs"));
      }
      return result;
    }
    if (!SameHash(view.previous, previous)) {
      // The event is self-consistent but links to something else: its predecessor was changed
      // and re-hashed (or, for the first event, the range does not follow what it should).
      const int64_t culprit = i == 0 ? view.sequence : view.sequence - 1;
      const int64_t culprit_global = i == 0 ? event.sequence() : events[i - 1].sequence();
      const Label culprit_label = LabelOf(kind, culprit, culprit_global);
      result.first_break = MakeBreak(
          ChainBreakKind::kAltered, culprit, culprit_global,
          absl::StrCat(culprit_label.zh, " 已被篡改：与下一事件的链接不符"),
          absl::StrCat(culprit_label.en, " altered: the chain link to it does not match"));
      return result;
    }
    previous = std::string(view.hash);
    ++expected;
    ++result.events_verified;
    result.head_sequence = view.sequence;
    result.head_hash = previous;
  }
  return result;
}

std::optional<ChainBreak> CheckCheckpointHead(absl::Span<const AuditEvent> events,
                                              int64_t checkpoint_sequence,
                                              absl::string_view checkpoint_head_hash) {
  for (const AuditEvent& event : events) {
    if (event.sequence() != checkpoint_sequence) continue;
    if (SameHash(event.hash(), checkpoint_head_hash)) return std::nullopt;
    // Everything up to here verified, so the chain was rewritten and re-hashed at or before it.
    return MakeBreak(
        ChainBreakKind::kAltered, checkpoint_sequence, checkpoint_sequence,
        absl::StrCat("事件 ", checkpoint_sequence, " 与已签名检查点不符：此前的审计链已被改写"),
        absl::StrCat("event ", checkpoint_sequence,
                     " differs from the signed checkpoint: the chain up to it was rewritten"));
  }
  if (!events.empty() && checkpoint_sequence < events.front().sequence()) {
    return MakeBreak(ChainBreakKind::kMissing, checkpoint_sequence, 0,
                     absl::StrCat("检查点所指事件 ", checkpoint_sequence, " 不在导出范围内"),
                     absl::StrCat("the checkpoint's event ", checkpoint_sequence,
                                  " is not in the range verified"));
  }
  const int64_t last = events.empty() ? 0 : events.back().sequence();
  return MakeBreak(
      ChainBreakKind::kMissing, last + 1, 0,
      absl::StrCat("事件 ", last + 1, " 至 ", checkpoint_sequence, " 缺失（已签名检查点覆盖至 ",
                   checkpoint_sequence, "）"),
      absl::StrCat("events ", last + 1, " to ", checkpoint_sequence,
                   " missing: the signed checkpoint covers up to ", checkpoint_sequence));
}

}  // namespace nianbao::workflow
