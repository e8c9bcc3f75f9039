#include "workflow/audit_chain.h"

#include <openssl/crypto.h>

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
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
  if (kind == ChainKind::kGlobal) return {event.sequence(), event.previous_hash(), event.hash()};
  return {event.report_sequence(), event.report_previous_hash(), event.report_hash()};
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
  // Fields are serialized in field-number order and the four hash fields (17-20) are the last
  // known ones, so without unknown fields the canonical bytes are the serialization minus its
  // tail: no copy of the event on the verification path.
  if (event.GetReflection()->GetUnknownFields(event).empty()) {
    std::string bytes = DeterministicSerialize(event);
    size_t tail = 0;
    for (const std::string* field : {&event.previous_hash(), &event.report_previous_hash(),
                                     &event.hash(), &event.report_hash()}) {
      if (field->empty()) continue;
      // A tag of a field numbered 16 to 2047 takes two bytes.
      tail += 2 +
              google::protobuf::io::CodedOutputStream::VarintSize32(
                  static_cast<uint32_t>(field->size())) +
              field->size();
    }
    bytes.resize(bytes.size() - tail);
    return bytes;
  }
  AuditEvent canonical = event;
  canonical.clear_hash();
  canonical.clear_report_hash();
  canonical.clear_previous_hash();
  canonical.clear_report_previous_hash();
  return DeterministicSerialize(canonical);
}

std::string ComputeGlobalHash(const AuditEvent& event) {
  return HashWithLink(CanonicalEventBytes(event), event.previous_hash());
}

std::string ComputeReportHash(const AuditEvent& event) {
  return HashWithLink(CanonicalEventBytes(event), event.report_previous_hash());
}

AuditEvent SealAuditEvent(AuditEvent event, absl::string_view previous_global_hash,
                          absl::string_view previous_report_hash) {
  event.clear_hash();
  event.clear_report_hash();
  event.clear_report_previous_hash();
  event.set_previous_hash(std::string(previous_global_hash));
  const std::string canonical = CanonicalEventBytes(event);
  event.set_hash(HashWithLink(canonical, previous_global_hash));
  if (!event.report().empty()) {
    event.set_report_previous_hash(std::string(previous_report_hash));
    event.set_report_hash(HashWithLink(canonical, previous_report_hash));
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
  for (size_t i = 0; i < events.size(); ++i) {
    const AuditEvent& event = events[i];
    const ChainView view = ViewOf(event, kind);
    const std::string canonical = CanonicalEventBytes(event);
    // Content first: a changed byte anywhere (even in the sequence number) is an alteration.
    if (!SameHash(HashWithLink(canonical, view.previous), view.hash)) {
      result.first_break = MakeBreak(
          ChainBreakKind::kAltered, view.sequence, event.sequence(),
          absl::StrCat("事件 ", view.sequence, " 已被篡改：哈希与内容不符"),
          absl::StrCat("event ", view.sequence, " altered: its hash does not match its content"));
      return result;
    }
    if (kind == ChainKind::kReport && event.report() != report) {
      result.first_break = MakeBreak(
          ChainBreakKind::kForeign, view.sequence, event.sequence(),
          absl::StrCat("事件 ", event.sequence(), " 属于另一份报告 ", event.report()),
          absl::StrCat("event ", event.sequence(), " belongs to another report, ", event.report()));
      return result;
    }
    if (view.sequence != expected) {
      if (view.sequence > expected && !AppearsLater(events, i + 1, kind, expected)) {
        result.first_break =
            MakeBreak(ChainBreakKind::kMissing, expected, event.sequence(),
                      absl::StrCat("事件 ", expected, " 缺失（其后为事件 ", view.sequence, "）"),
                      absl::StrCat("event ", expected, " missing: found event ", view.sequence,
                                   " in its place"));
      } else {
        result.first_break = MakeBreak(
            ChainBreakKind::kReordered, expected, event.sequence(),
            absl::StrCat("事件顺序被打乱：事件 ", expected, " 的位置上是事件 ", view.sequence),
            absl::StrCat("events reordered: event ", view.sequence, " stored where event ",
                         expected, " belongs"));
      }
      return result;
    }
    if (!SameHash(view.previous, previous)) {
      // The event is self-consistent but links to something else: its predecessor was changed
      // and re-hashed (or, for the first event, the range does not follow what it should).
      const int64_t culprit = i == 0 ? view.sequence : view.sequence - 1;
      const int64_t culprit_global = i == 0 ? event.sequence() : events[i - 1].sequence();
      result.first_break = MakeBreak(
          ChainBreakKind::kAltered, culprit, culprit_global,
          absl::StrCat("事件 ", culprit, " 已被篡改：与下一事件的链接不符"),
          absl::StrCat("event ", culprit, " altered: the chain link to it does not match"));
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
