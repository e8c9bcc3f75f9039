// Parsing of stored values, shared by the store's source files (not part of the interface).
#ifndef NIANBAO_STORAGE_PARSE_STORED_H_
#define NIANBAO_STORAGE_PARSE_STORED_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace nianbao::storage {

// A stored value that does not parse is corruption: DATA_LOSS naming what it was.
template <typename Message>
absl::StatusOr<Message> ParseStored(const std::string& bytes, absl::string_view what) {
  Message message;
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("stored ", what, " does not parse"));
  }
  return message;
}

}  // namespace nianbao::storage

#endif  // NIANBAO_STORAGE_PARSE_STORED_H_
