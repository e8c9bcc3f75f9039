// Keeps error details small enough for gRPC trailers: clients refuse trailing metadata over 8 KiB
// by default, and a report can produce hundreds of validation findings.
#ifndef NIANBAO_SERVICES_WORKFLOW_ERROR_COMPACTION_H_
#define NIANBAO_SERVICES_WORKFLOW_ERROR_COMPACTION_H_

#include "absl/status/status.h"

namespace nianbao::workflow_service {

// Returns `status` with its message cut at a character boundary to at most 1 KiB and its
// google.rpc.PreconditionFailure reduced to one violation per (type, subject) — one per rule
// code, which is what acknowledging warnings needs — at most 40 of them, each description at most
// 160 bytes. Other payloads are kept. OK stays OK.
absl::Status CompactErrorDetails(const absl::Status& status);

}  // namespace nianbao::workflow_service

#endif  // NIANBAO_SERVICES_WORKFLOW_ERROR_COMPACTION_H_
