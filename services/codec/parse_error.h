// The one shape of an import error: where (a Chinese location such as "第72行"), what was expected
// in Chinese, then the same in English, so that a user and a log reader both understand it.
#ifndef NIANBAO_SERVICES_CODEC_PARSE_ERROR_H_
#define NIANBAO_SERVICES_CODEC_PARSE_ERROR_H_

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace nianbao::codec {

// INVALID_ARGUMENT "第72行：<chinese> / 第72行: <english>".
[[nodiscard]] inline absl::Status InputError(absl::string_view where, absl::string_view chinese,
                                             absl::string_view english) {
  return absl::InvalidArgumentError(
      absl::StrCat(where, "：", chinese, " / ", where, ": ", english));
}

}  // namespace nianbao::codec

#endif  // NIANBAO_SERVICES_CODEC_PARSE_ERROR_H_
