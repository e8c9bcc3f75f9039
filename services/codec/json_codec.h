// The report as proto3 JSON (the canonical JSON mapping: lowerCamelCase names, enums by name,
// int64 as strings), for APIs and tools. Rendering never fails for a valid message.
#ifndef NIANBAO_SERVICES_CODEC_JSON_CODEC_H_
#define NIANBAO_SERVICES_CODEC_JSON_CODEC_H_

#include <cstddef>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nianbao/v1/report.pb.h"

namespace nianbao::codec {

// JSON above this size is refused.
inline constexpr std::size_t kMaxJsonBytes = 16u << 20;

// Indented JSON; fields at their default value are left out.
[[nodiscard]] absl::StatusOr<std::string> RenderJson(const nianbao::v1::AnnualReport& report);

// Parses JSON written by RenderJson (or any proto3 JSON of AnnualReport; unknown fields are an
// error so that a typo is not silently dropped). INVALID_ARGUMENT with the parser's reason.
[[nodiscard]] absl::StatusOr<nianbao::v1::AnnualReport> ParseJson(absl::string_view json);

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_JSON_CODEC_H_
