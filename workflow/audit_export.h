// Offline verification of an audit export (JSON lines of nianbao.v1.AuditExportRecord: a header,
// the events, the signed checkpoint). Needs only the export and the server's public key, so a
// reader trusts neither the server nor whoever passed the file on.
//
// A global export (header agency_id empty) is checked as one chain from its first event to the
// checkpoint's head. An agency export holds only that agency's events, so it is checked per report
// chain, each event's own hash, and that every event belongs to the agency; the global checkpoint
// then anchors it only when its head event is the agency's.
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
  bool anchored = false;            // The checkpoint's head hash was matched.
  std::optional<ChainBreak> first_break;
  bool intact() const { return !first_break.has_value(); }
};

// Verifies an export. FAILED_PRECONDITION when the export has no header or no checkpoint;
// DATA_LOSS when the checkpoint's signature fails (the checkpoint itself was altered or forged),
// FAILED_PRECONDITION when it was signed by another key. A broken chain is not an error: it is
// reported in first_break, naming the first broken event.
absl::StatusOr<ExportVerification> VerifyAuditExport(
    const std::vector<nianbao::v1::AuditExportRecord>& records, const AuditVerifyingKey& key);

}  // namespace nianbao::workflow

#endif  // NIANBAO_WORKFLOW_AUDIT_EXPORT_H_
