// Tamper evidence for the audit trail. Every event is hashed over its canonical bytes (the
// deterministic serialization without the six hash fields: hash, report_hash, agency_hash and their
// previous hashes) once per chain it is in: hash = SHA-256(bytes || previous_hash) links it into
// the global chain, report_hash = SHA-256(bytes || report_previous_hash) into its report's chain,
// agency_hash = SHA-256(bytes || agency_previous_hash) into its agency's chain. The canonical bytes
// hold every sequence number, so each link also pins the event's place in the other chains.
// Changing, removing or reordering any stored event breaks a link that VerifyChain reports, naming
// the first broken event.
#ifndef NIANBAO_WORKFLOW_AUDIT_CHAIN_H_
#define NIANBAO_WORKFLOW_AUDIT_CHAIN_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nianbao/v1/resources.pb.h"
#include "workflow/status_details.h"

namespace nianbao::workflow {

// The previous hash of the first event of a chain: 32 zero bytes.
std::string GenesisHash();

// The canonical bytes every hash of `event` is taken over.
std::string CanonicalEventBytes(const nianbao::v1::AuditEvent& event);

// SHA-256(canonical bytes || event.previous_hash()).
std::string ComputeGlobalHash(const nianbao::v1::AuditEvent& event);
// SHA-256(canonical bytes || event.report_previous_hash()).
std::string ComputeReportHash(const nianbao::v1::AuditEvent& event);
// SHA-256(canonical bytes || event.agency_previous_hash()).
std::string ComputeAgencyHash(const nianbao::v1::AuditEvent& event);

// Links `event` into its chains: sets previous_hash and report_previous_hash to the given heads
// and computes hash, report_hash and agency_hash. The caller has already set sequence and
// report_sequence, and for an event in an agency chain agency_sequence (> 0) and
// agency_previous_hash. An event with no report (report empty) gets no report link:
// report_previous_hash and report_hash stay empty and `previous_report_hash` is ignored; an event
// with agency_sequence 0 gets no agency link. Pure; the store serializes calls per chain.
nianbao::v1::AuditEvent SealAuditEvent(nianbao::v1::AuditEvent event,
                                       absl::string_view previous_global_hash,
                                       absl::string_view previous_report_hash);

// Fills event->hash, event->report_hash and event->agency_hash from the event as it is, the
// previous hashes included (the store sets those and the sequence numbers first). Matches
// storage::AuditSealer: pass &FillAuditEventHashes. An event without a report gets no report_hash;
// one with agency_sequence 0 no agency_hash.
void FillAuditEventHashes(nianbao::v1::AuditEvent* event);

// Which chain to verify.
enum class ChainKind {
  kGlobal,  // sequence, previous_hash, hash.
  kReport,  // report_sequence, report_previous_hash, report_hash; all events of one report.
  kAgency,  // agency_sequence, agency_previous_hash, agency_hash; all events of one agency.
};

// What is wrong at the first broken event.
enum class ChainBreakKind {
  kAltered,    // The event's content or hash fields were changed.
  kMissing,    // One or more events are absent (a gap in the sequence, or a truncated tail).
  kReordered,  // An event appears out of its place.
  kForeign,    // An event of another report (agency) in a report (agency) chain, or past the
               // checkpoint an export ends at.
};

absl::string_view ChainBreakKindName(ChainBreakKind kind);  // "altered", "missing", ...

struct ChainBreak {
  ChainBreakKind kind = ChainBreakKind::kAltered;
  // The sequence number (global, per report or per agency, by chain) of the first broken event;
  // for kMissing, the first absent sequence number.
  int64_t sequence = 0;
  // The global sequence of the event found at the break (0 when none, e.g. a truncated tail).
  int64_t global_sequence = 0;
  BilingualMessage message;  // "事件 42 已被篡改…" / "event 42 altered: ...".
};

struct ChainVerification {
  int64_t events_verified = 0;  // Events checked before the first break (all when intact).
  int64_t head_sequence = 0;    // The last verified event's sequence in the chain.
  std::string head_hash;        // That event's hash (raw bytes); empty when none.
  std::optional<ChainBreak> first_break;
  bool intact() const { return !first_break.has_value(); }
};

// Verifies `events`, given in stored order. `start_previous_hash` is the hash the first event must
// link to (GenesisHash() for a chain from its beginning; empty to trust the first event's own
// previous hash, for a range whose predecessor is unknown). `first_sequence` is the sequence the
// first event must have (1 from the beginning; 0 to accept the first event's own).
ChainVerification VerifyChain(absl::Span<const nianbao::v1::AuditEvent> events, ChainKind kind,
                              absl::string_view start_previous_hash, int64_t first_sequence);

// Checks that the global chain in `events` contains the checkpoint's head: the event whose sequence
// is `checkpoint_sequence` is present and its hash is `checkpoint_head_hash`. Run after VerifyChain
// reported the events intact; a chain rewritten from some point on, or truncated before the
// checkpoint, is caught here. Does not check the checkpoint's signature (see CheckpointVerifier).
std::optional<ChainBreak> CheckCheckpointHead(absl::Span<const nianbao::v1::AuditEvent> events,
                                              int64_t checkpoint_sequence,
                                              absl::string_view checkpoint_head_hash);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AUDIT_CHAIN_H_
