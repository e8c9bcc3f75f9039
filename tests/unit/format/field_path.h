// Resolves a layout's dotted field path ("applications.table.withheld.state_secret") by protobuf
// reflection, independently of the layout's generated accessors, so tests can compare the two.
#ifndef NIANBAO_TESTS_UNIT_FORMAT_FIELD_PATH_H_
#define NIANBAO_TESTS_UNIT_FORMAT_FIELD_PATH_H_

#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace nianbao::format::reflection {

// The message at `path` below `root`, created (with its parents) when absent; nullptr when a name
// along the path is not a singular message field (FindFieldByName finds none, or another kind).
google::protobuf::Message* MutableMessageAt(google::protobuf::Message& root,
                                            absl::string_view path);

// Whether every message along `path` is set in `root`; false also when the path does not resolve.
bool HasMessageAt(const google::protobuf::Message& root, absl::string_view path);

// The full name of the message type at the end of `path` from `root`'s type ("" if unresolved).
std::string MessageTypeAt(const google::protobuf::Descriptor& root, absl::string_view path);

}  // namespace nianbao::format::reflection

#endif  // NIANBAO_TESTS_UNIT_FORMAT_FIELD_PATH_H_
