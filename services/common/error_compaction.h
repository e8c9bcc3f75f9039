// Keeps error details small enough for gRPC trailers: clients refuse trailing metadata over 8 KiB
// by default, and a report can produce hundreds of validation findings.
#ifndef NIANBAO_SERVICES_COMMON_ERROR_COMPACTION_H_
#define NIANBAO_SERVICES_COMMON_ERROR_COMPACTION_H_

#include "absl/status/status.h"

namespace nianbao::service {

// Returns `status` fitted to gRPC's trailers: its message and LocalizedMessage cut at a character
// boundary to at most 600 bytes, and its google.rpc.PreconditionFailure reduced to one violation
// per (type, subject) — one per rule code, which is what acknowledging warnings needs — each
// description at most 160 bytes, as many as fit in 3.5 KiB of details, then one TRUNCATED entry
// counting the rest. A google.rpc.BadRequest keeps its field violations, each field and
// description cut to 160 bytes, while they fit; an ErrorInfo's values are cut to 160 bytes; other
// payloads are kept while they fit. OK stays OK.
absl::Status CompactErrorDetails(const absl::Status& status);

}  // namespace nianbao::service

#endif  // NIANBAO_SERVICES_COMMON_ERROR_COMPACTION_H_
