// Paging of the office's views (not part of the core's interface): page sizes and tokens that name
// the last agency returned and a fingerprint of the query they belong to.
#ifndef NIANBAO_SERVICES_OFFICE_OFFICE_PAGING_H_
#define NIANBAO_SERVICES_OFFICE_OFFICE_PAGING_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace nianbao::office::internal {

inline constexpr int kDefaultPageSize = 100;
inline constexpr int kMaxPageSize = 1000;

// 0: the default; above the maximum: the maximum; negative: INVALID_ARGUMENT naming page_size.
absl::StatusOr<int> EffectivePageSize(int32_t page_size);

// A fingerprint of `request` without its page_size and page_token fields (and `method`), so that
// a token is accepted only with the query it was issued for.
std::string QueryFingerprint(absl::string_view method, const google::protobuf::Message& request);

std::string EncodePageToken(absl::string_view last_agency_id, absl::string_view fingerprint);
// The last agency id of the previous page ("" for an empty token); INVALID_ARGUMENT naming
// page_token for a token the service did not issue or issued for another query.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, absl::string_view fingerprint);

// For views ordered by something other than the agency id (ListRepetition): the token carries how
// many rows the previous pages held.
std::string EncodeOffsetToken(int64_t offset, absl::string_view fingerprint);
absl::StatusOr<int64_t> DecodeOffsetToken(absl::string_view token, absl::string_view fingerprint);

}  // namespace nianbao::office::internal

#endif  // NIANBAO_SERVICES_OFFICE_OFFICE_PAGING_H_
