// Offline verification of an audit export (JSON lines of nianbao.v1.AuditExportRecord: a header,
// the events, the signed checkpoint). Needs only the export and the server's public key, so a
// reader trusts neither the server nor whoever passed the file on.
//
// A global export (header agency_id empty) is checked as one chain from its first event to the
// checkpoint's head. An agency export holds only that agency's events and ends with a checkpoint
// scoped to the agency, which signs the agency chain's head: it is checked along the agency chain
// (agency_sequence, agency_previous_hash, agency_hash) from its first event (agency_sequence 1,
// linked to the genesis hash) to that head, and per report chain. So an event of the agency
// deleted (even a report's only one, or the last), added, moved, or passed off as another
// agency's fails, naming the agency sequence and the global sequence of the place
// (docs/audit-export.md).
#ifndef NIANBAO_WORKFLOW_AUDIT_EXPORT_H_
#define NIANBAO_WORKFLOW_AUDIT_EXPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/audit.pb.h"
#include "workflow/audit_chain.h"
#include "workflow/checkpoint_signing.h"

namespace nianbao::workflow {

// One record as a single JSON line (proto3 JSON, no newline).
absl::StatusOr<std::string> ExportRecordToJsonLine(const nianbao::v1::AuditExportRecord& record);

// The records of an export; INVALID_ARGUMENT naming the line ("第 3 行 / line 3") that does not
// parse. Blank lines are skipped.
absl::StatusOr<std::vector<nianbao::v1::AuditExportRecord>> ParseAuditExport(
    absl::string_view text);

struct ExportVerification {
  int64_t events = 0;               // Events in the export.
  int64_t reports = 0;              // Report chains checked.
  int64_t checkpoint_sequence = 0;  // The checkpoint the export ends at.
  bool anchored = false;            // The checkpoint's head hash (an agency's: its agency head) was
                                    // matched.
  std::string agency_id;            // The agency of an agency export; empty for a global one.
  int64_t agency_sequence = 0;      // An agency export: the agency head its checkpoint signs.
  // An agency export of a database older than agency chains: the agency's events from before the
  // chain began (agency_sequence 0), each checked by its own hash and its report chain only, so
  // that their completeness is not proven.
  int64_t unchained_events = 0;
  std::optional<ChainBreak> first_break;
  bool intact() const { return !first_break.has_value(); }
};

// Verifies an export. FAILED_PRECONDITION when the export has no header or no checkpoint, or when
// the checkpoint is not scoped to the header's agency (an agency export needs its agency's head
// signed; a global export a global checkpoint); DATA_LOSS when the checkpoint's signature fails
// (the checkpoint itself was altered or forged), FAILED_PRECONDITION when it was signed by another
// key. A broken chain is not an error: it is reported in first_break, naming the first broken
// event (for an agency export by agency sequence, with its global sequence).
absl::StatusOr<ExportVerification> VerifyAuditExport(
    const std::vector<nianbao::v1::AuditExportRecord>& records, const AuditVerifyingKey& key);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AUDIT_EXPORT_H_
